"""The results store: chapters' results files and artifacts under ``_build/``, written
atomically, read only as a chapter declares (``chapters.READS``). A missing or damaged file
is an error naming it and the command that rebuilds it."""
from __future__ import annotations

import errno
import json
import os
import tempfile
import zipfile
import zlib
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
    raise TypeError(f"result values must be numbers, strings or booleans, "
                    f"not {type(value).__name__}")


# The build passes its own command line (python, profile, seed, root) to the chapters'
# kernels, so that an error's fix command is one that works as given.
BUILD_COMMAND = "FMNIST_BUILD_COMMAND"


def rebuild_command(chapter: str) -> str:
    """The command that executes ``chapter`` again."""
    return f"{os.environ.get(BUILD_COMMAND) or 'python -m fmnist_lib.build'} --only {chapter}"


class WriteError(OSError):
    """A file of the build could not be written; the message names it and what to do."""


def write_error(path: Path, err: OSError) -> WriteError:
    """``err`` (a full disk's ``[Errno 28]`` names no file) as an error naming ``path``."""
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = f"free space on the disk holding {path.parent} (df -h {path.parent})"
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = f"make {path.parent} writable for this user"
    else:
        fix = f"check {path.parent}"
    return WriteError(err.errno, f"cannot write {path}: {err.strerror or err}; {fix}, then "
                                 f"run the build again (finished chapters are kept)")


def new_file(path: Path) -> tuple[int, str]:
    """A temporary file beside ``path`` (open descriptor, name), with the permissions a
    plain new file gets (mkstemp's are the owner's only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    umask = os.umask(0o022)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, temporary


def _write_atomically(path: Path, write) -> Path:
    """Write through a temporary file in the same folder, then rename: a reader (or a
    build interrupted half-way) never sees a half-written file, and the rename never
    crosses a filesystem."""
    try:
        fd, temporary = new_file(path)
    except OSError as err:
        raise write_error(path, err) from err
    try:
        with os.fdopen(fd, "wb") as stream:
            write(stream)
        os.replace(temporary, path)
    except BaseException as err:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(err, OSError) and not isinstance(err, WriteError):
            raise write_error(path, err) from err
        raise
    return path


def file_problem(path: Path) -> str | None:
    """Why a results file (JSON) or an artifact (.npz: every array read, so that the zip's
    checksums are checked) cannot be used, or None when it loads."""
    path = Path(path)
    if not path.exists():
        return "missing"
    try:
        if path.suffix == ".json":
            json.loads(path.read_text())
        elif path.suffix == ".npz":
            with np.load(path, allow_pickle=False) as data:
                for name in data.files:
                    data[name]
        else:
            path.read_bytes()
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile, zlib.error) as err:
        return f"unreadable ({type(err).__name__}: {err})"
    return None


class DamagedFile(ValueError):
    """A results file or artifact that exists but does not load."""


def _damaged(path: Path, chapter: str, problem: str) -> DamagedFile:
    return DamagedFile(f"{path} is {problem}: execute chapter {chapter} again "
                       f"({rebuild_command(chapter)})")


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
                                f"({rebuild_command(notebook)})")
    try:
        values = json.loads(path.read_text())
    except ValueError as err:
        raise _damaged(path, notebook, f"unreadable (not JSON: {err})") from None
    if not isinstance(values, dict):
        raise _damaged(path, notebook, "not a results file (not a JSON object)")
    return values


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
                           f"reads: re-run {source} ({rebuild_command(source)})")
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
    source = artifact.split("/")[0]
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: build chapter {source} first "
                                f"({rebuild_command(source)})")
    try:
        with np.load(path, allow_pickle=False) as data:
            return {k: data[k] for k in data.files}
    except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile, zlib.error) as err:
        raise _damaged(path, source, f"unreadable ({type(err).__name__}: {err})") from None
