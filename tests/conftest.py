"""Shared helpers and fixtures of the test suite."""
import gzip
import os
import shutil
from pathlib import Path

import matplotlib

# Figures drawn by the tests need no display. Set for this process only: an MPLBACKEND
# variable would reach the book's kernels and replace their inline (PNG) backend.
matplotlib.use("Agg")

import numpy as np
import pytest
import yaml

from fmnist_lib.build.driver import Builder
from fmnist_lib.compute import data
from fmnist_lib.runtime.memo import PROJECT_ROOT


def idx_bytes(array: np.ndarray, dtype_code: int = 0x08, magic: bytes = b"\x00\x00") -> bytes:
    """An IDX file's bytes for ``array`` (uint8)."""
    header = magic + bytes([dtype_code, array.ndim])
    header += b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def tiny_split(n: int = 20, seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 28, 28), dtype=np.uint8), np.arange(n, dtype=np.uint8) % 10


def write_dataset(directory: Path, compress: bool = False) -> dict:
    """Synthetic four-file data set; returns {stem: sha256 of payload}."""
    import hashlib
    directory.mkdir(parents=True, exist_ok=True)
    xtr, ytr = tiny_split(30, 1)
    xte, yte = tiny_split(10, 2)
    payloads = {
        "train-images-idx3-ubyte": idx_bytes(xtr), "train-labels-idx1-ubyte": idx_bytes(ytr),
        "t10k-images-idx3-ubyte": idx_bytes(xte), "t10k-labels-idx1-ubyte": idx_bytes(yte),
    }
    for stem, payload in payloads.items():
        if compress:
            (directory / (stem + ".gz")).write_bytes(gzip.compress(payload))
        else:
            (directory / stem).write_bytes(payload)
    return {stem: hashlib.sha256(p).hexdigest() for stem, p in payloads.items()}


@pytest.fixture
def isolated_sources(tmp_path, monkeypatch):
    """No real data visible: empty Debian dir, empty cache, no FMNIST_DATA_DIR."""
    monkeypatch.delenv("FMNIST_DATA_DIR", raising=False)
    monkeypatch.setattr(data, "DEBIAN_DIR", tmp_path / "debian")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def copy_project(target: Path) -> Path:
    """A copy of the book's sources (not its build outputs) to build in isolation."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(PROJECT_ROOT / name, target / name)
    shutil.copytree(PROJECT_ROOT / "notebooks", target / "notebooks",
                    ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    shutil.copytree(PROJECT_ROOT / "book", target / "book",
                    ignore=shutil.ignore_patterns("*.ipynb"))
    return target


# --- the real book, built once per test session at the quick profile ------------------

def chapter_files():
    toc = yaml.safe_load((PROJECT_ROOT / "_toc.yml").read_text())
    return [entry["file"] for entry in toc["chapters"]]


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, pytestconfig):
    root = copy_project(tmp_path_factory.mktemp("book"))
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")

    def log(message):
        # the build's progress lines go to the real terminal (and CI's log), not the capture
        with capture.global_and_fixture_disabled():
            print(message, flush=True)

    builder = Builder(root, log=log)
    builder.execute({"profile": "quick"})
    builder.html()
    return root


# --- small projects and hand-made state for the build's tests ---------------------------

def small_notebook(code: str) -> str:
    return f'# %% tags=["parameters"]\nprofile = "paper"\n\n# %%\n{code}\n'


def make_project(tmp_path: Path, notebooks: dict, reads: dict | None = None, **options):
    """A project of small chapters, each given as its code; returns (builder, log)."""
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    for name, code in notebooks.items():
        (root / "notebooks" / f"{name}.py").write_text(small_notebook(code))
    library = tmp_path / "lib"
    library.mkdir()
    (library / "helper.py").write_text("X = 1\n")
    log = []
    return Builder(root, library_dir=library, log=log.append, reads=reads or {}, **options), log


@pytest.fixture
def tmpfs():
    """``mount(path, size)``: a tmpfs of ``size`` mounted on ``path`` (unmounted after the
    test); skips the test where this machine does not allow mounting."""
    import subprocess
    mounted = []

    def mount(path: Path, size: str = "64m") -> Path:
        path.mkdir(parents=True, exist_ok=True)
        run = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
        if run.returncode:
            why = run.stderr.strip() or f"exit status {run.returncode}"
            pytest.skip(f"cannot mount a tmpfs here (mount: {why}); needs root in a machine "
                        f"that allows mounting")
        mounted.append(path)
        return path

    yield mount
    for path in reversed(mounted):
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path) -> None:
    """Fill the filesystem holding ``folder`` (a small tmpfs) to the last byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


def tiny_book_config(root: Path, page: str) -> None:
    """The book's _config.yml for a project of tiny chapters (no bibliography, no book
    check, no static files of the real book) and a _toc.yml of the one ``page``."""
    config = yaml.safe_load((PROJECT_ROOT / "_config.yml").read_text())
    config.pop("bibtex_bibfiles")
    config["sphinx"]["extra_extensions"] = [e for e in config["sphinx"]["extra_extensions"]
                                            if e != "fmnist_lib.build.bookcheck"]
    for key in ("bibtex_reference_style", "html_static_path", "html_css_files",
                "html_js_files"):
        config["sphinx"]["config"].pop(key, None)
    (root / "_config.yml").write_text(yaml.safe_dump(config))
    (root / "_toc.yml").write_text(f"format: jb-book\nroot: {page}\n")
