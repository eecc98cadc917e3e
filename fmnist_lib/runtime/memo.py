"""The memo cache of fits, keyed by the computing code: ``_build/cache/<fingerprint>``.

joblib.Memory keys a call on its arguments and the cached function's own source only, so
the cache lives in a folder named after the sources of ``fmnist_lib/compute/`` (every file
of it) and the numerical libraries' versions: change anything there and every fit is
recomputed; change a figure, a verdict rule, a glue call or a notebook's prose and nothing is.
The folders of earlier fingerprints are never read again: ``prune`` removes them
(``python -m fmnist_lib.build --prune``).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from importlib import metadata
from pathlib import Path

import joblib

PROJECT_ROOT = Path(__file__).resolve().parents[2]
COMPUTE_DIR = Path(__file__).resolve().parents[1] / "compute"
# (a|b: the first of these distributions that is installed; the book installs xgboost-cpu,
# a GPU machine may have xgboost: both are `import xgboost`)
FINGERPRINT_FOLDER = re.compile(r"[0-9a-f]{16}")   # _build/cache/<code_fingerprint()[:16]>
COMPUTING_PACKAGES = ("numpy", "scipy", "scikit-learn", "xgboost-cpu|xgboost", "torch",
                      "statsmodels")


def build_dir() -> Path:
    """``$FMNIST_BUILD_DIR`` if set (the build sets it for its kernels), else ``_build/``."""
    return Path(os.environ.get("FMNIST_BUILD_DIR") or PROJECT_ROOT / "_build")


def package_version(package: str) -> str:
    """The installed version of ``package`` (or of the first installed of ``a|b``)."""
    for name in package.split("|"):
        try:
            return f"{name}=={metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return f"{package}==absent"


def computing_files(folder: Path | None = None) -> list[Path]:
    """Every Python source under ``folder`` (``fmnist_lib/compute/`` by default)."""
    return sorted(Path(folder or COMPUTE_DIR).rglob("*.py"))


def code_fingerprint(files=None, packages=COMPUTING_PACKAGES) -> str:
    """SHA-256 over the computing sources (``files``, default: all of ``compute/``, by their
    path inside it) and the computing packages' versions."""
    files = computing_files() if files is None else [Path(p) for p in files]
    h = hashlib.sha256()
    for path in sorted(files):
        # by the path inside compute/, so that moving a file between sub-folders counts
        name = (path.relative_to(COMPUTE_DIR).as_posix() if path.is_relative_to(COMPUTE_DIR)
                else path.name)
        h.update(name.encode() + b"\0" + path.read_bytes())
    for package in packages:
        h.update(package_version(package).encode())
    return h.hexdigest()


def memory(files=None) -> joblib.Memory:
    """A joblib.Memory under ``_build/cache/<code fingerprint>``: fits survive re-runs and
    are recomputed whenever the code that made them changes."""
    return joblib.Memory(build_dir() / "cache" / code_fingerprint(files)[:16], verbose=0)


def current_folder_name(files=None) -> str:
    """The memo folder's name for the code as it is now."""
    return code_fingerprint(files)[:16]


def folder_size(folder: Path) -> int:
    """Bytes of the files under ``folder`` (links counted as links, not followed)."""
    return sum(p.lstat().st_size for p in Path(folder).rglob("*")
               if not stat.S_ISDIR(p.lstat().st_mode))


def superseded_folders(cache: Path, current: str | None = None) -> list[Path]:
    """The fingerprint folders under ``cache`` (``_build/cache``) other than the current
    code's; anything else there is left alone."""
    current = current or current_folder_name()
    if not Path(cache).is_dir():
        return []
    return sorted(p for p in Path(cache).iterdir()
                  if p.is_dir() and not p.is_symlink() and FINGERPRINT_FOLDER.fullmatch(p.name)
                  and p.name != current)


def prune(cache: Path, current: str | None = None) -> list[tuple[Path, int]]:
    """Remove the superseded fingerprint folders under ``cache``; returns each removed
    folder with the bytes it held."""
    removed = []
    for folder in superseded_folders(cache, current):
        size = folder_size(folder)
        shutil.rmtree(folder)
        removed.append((folder, size))
    return removed
