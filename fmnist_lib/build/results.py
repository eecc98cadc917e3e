"""The results store: chapters' results files and artifacts under ``_build/``, written
atomically, read only as a chapter declares (``chapters.READS``)."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

from ..runtime.memo import build_dir
from .chapters import inputs_of

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
    """The values ``chapter`` declares it reads (``fmnist_lib.build.chapters.READS``), by upstream
    chapter: ``{"02_engineered_features": {"svm_C": 4.0, ...}, ...}``. Only declared values
    are returned, so a chapter cannot depend on a value the build does not key it on."""
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
    if artifact not in inputs_of(reader).artifacts:
        raise KeyError(f"{reader} does not declare {artifact!r} in fmnist_lib.build.chapters.READS")
    path = build_dir() / "artifacts" / artifact
    if not path.exists():
        source = artifact.split("/")[0]
        raise FileNotFoundError(f"{path} does not exist: build chapter {source} first "
                                f"(python -m fmnist_lib.build --only {source})")
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}
