"""Where the build writes: chapters' results files, their artifacts, the memo cache."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LIBRARY_DIR = Path(__file__).resolve().parent

# The modules whose code decides what a memoised fit computes. joblib.Memory keys a call
# on its arguments and the cached function's own source only, so the memo cache lives in
# a folder named after these modules' sources (and the numerical libraries' versions):
# change any of them and every fit is recomputed; change a figure, a glue call or a
# notebook's prose and nothing is.
COMPUTING_MODULES = ("data", "features", "reduce", "models", "evaluate", "boosting",
                     "networks", "profiles")
# Everything else only presents, records or orchestrates: editing it refits nothing.
# (resources decides where the work runs, never what it computes: tests/test_resources.py)
PRESENTATION_MODULES = ("benchmark", "bookcheck", "build", "chapters", "figures",
                        "full_estimate", "gpu_check", "paper", "progress", "publish", "references",
                        "resources", "results", "scorecard", "verdicts")
# (a|b: the first of these distributions that is installed; the book installs xgboost-cpu,
# a GPU machine may have xgboost: both are `import xgboost`)
COMPUTING_PACKAGES = ("numpy", "scipy", "scikit-learn", "xgboost-cpu|xgboost", "torch",
                      "statsmodels")


def package_version(package: str) -> str:
    """The installed version of ``package`` (or of the first installed of ``a|b``)."""
    for name in package.split("|"):
        try:
            return f"{name}=={metadata.version(name)}"
        except metadata.PackageNotFoundError:
            continue
    return f"{package}==absent"


def build_dir() -> Path:
    """``$FMNIST_BUILD_DIR`` if set (the build sets it for its kernels), else ``_build/``."""
    return Path(os.environ.get("FMNIST_BUILD_DIR") or PROJECT_ROOT / "_build")


def code_fingerprint(files=None, packages=COMPUTING_PACKAGES) -> str:
    """SHA-256 over the computing modules' sources and the computing packages' versions."""
    files = files if files is not None else [LIBRARY_DIR / f"{m}.py" for m in COMPUTING_MODULES]
    h = hashlib.sha256()
    for path in sorted(Path(p) for p in files):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in packages:
        h.update(package_version(package).encode())
    return h.hexdigest()


def memory(files=None):
    """A joblib.Memory under ``_build/cache/<code fingerprint>``: fits survive re-runs and
    are recomputed whenever the code that made them changes."""
    import joblib
    return joblib.Memory(build_dir() / "cache" / code_fingerprint(files)[:16], verbose=0)


def _plain(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    raise TypeError(f"result values must be numbers, strings or booleans, not {type(value).__name__}")


def _write_atomically(path: Path, write) -> Path:
    """Write through a temporary file in the same folder, then rename: a reader (or a
    build interrupted half-way) never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def record_results(notebook: str, values: dict) -> Path:
    """Write a chapter's headline numbers as a flat JSON object: ``_build/results/<nb>.json``."""
    text = json.dumps({k: _plain(v) for k, v in values.items()}, indent=1)
    return _write_atomically(build_dir() / "results" / f"{notebook}.json",
                             lambda s: s.write(text.encode()))


def write_result_file(name: str, text: str) -> Path:
    """A text file beside the results files (``_build/results/<name>``): the scorecard's
    CSV, the landing page's headline."""
    return _write_atomically(build_dir() / "results" / name, lambda s: s.write(text.encode()))


def read_results(notebook: str) -> dict:
    path = build_dir() / "results" / f"{notebook}.json"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: build chapter {notebook} first "
                                f"(python -m fmnist_lib.build --only {notebook})")
    return json.loads(path.read_text())


def upstream(chapter: str) -> dict:
    """The values ``chapter`` declares it reads (``fmnist_lib.chapters.READS``), by upstream
    chapter: ``{"02_engineered_features": {"svm_C": 4.0, ...}, ...}``. Only declared values
    are returned, so a chapter cannot depend on a value the build does not key it on."""
    from .chapters import inputs_of
    found = {}
    for source, names in inputs_of(chapter).results.items():
        values = read_results(source)
        missing = [n for n in names if n not in values]
        if missing:
            raise KeyError(f"{source}'s results lack {', '.join(missing)}, which {chapter} "
                           f"reads: re-run {source} (python -m fmnist_lib.build --only {source})")
        found[source] = {n: values[n] for n in names}
    return found


def save_artifact(chapter: str, name: str, arrays: dict) -> Path:
    """Save arrays for later chapters: ``_build/artifacts/<chapter>/<name>`` (.npz)."""
    return _write_atomically(build_dir() / "artifacts" / chapter / name,
                             lambda s: np.savez_compressed(s, **arrays))


def load_artifact(reader: str, artifact: str) -> dict:
    """Arrays of a declared artifact ``"chapter/name"`` that chapter ``reader`` reads."""
    from .chapters import inputs_of
    if artifact not in inputs_of(reader).artifacts:
        raise KeyError(f"{reader} does not declare {artifact!r} in fmnist_lib.chapters.READS")
    path = build_dir() / "artifacts" / artifact
    if not path.exists():
        source = artifact.split("/")[0]
        raise FileNotFoundError(f"{path} does not exist: build chapter {source} first "
                                f"(python -m fmnist_lib.build --only {source})")
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}
