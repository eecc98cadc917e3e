"""Build the book: jupytext → papermill (profile parameters) → book/ → jupyter-book.

    python -m fmnist_lib.build [--profile quick|paper|full] [--only NAME] [--force]
                               [--refit] [--no-html] [--pdf] [--jobs N] [--seed N]
                               [--scheduler tcp://host:8786] [--device auto|cpu|cuda]
                               [--cell-timeout SECONDS] [--root FOLDER]
    python -m fmnist_lib.build --prune

A chapter whose source, parameters, fmnist_lib code, data and declared inputs from
earlier chapters (``fmnist_lib.build.chapters.READS``: named result values and artifact files)
are unchanged is not executed again, provided what it left is intact: its executed notebook
parses and every results file and artifact it wrote exists and loads. Otherwise it is
executed again and the build says why. Each run is recorded in ``_build/manifest.json`` and
in the executed notebook's metadata, so an unreadable manifest is set aside (with a
warning) and rebuilt from the notebooks in ``book/``.

``--only 03`` (a chapter number or name, repeatable) executes just that chapter, then
names the chapters that read it and are now stale. ``--force`` executes even unchanged
chapters; ``--refit`` also deletes the memo cache ``_build/cache`` first, so every
memoised fit runs again (the whole cache: other chapters refit on their next run too).
``--prune`` only removes the memo folders of superseded code (``_build/cache/<fingerprint>``
other than the current code's) and says how much space that freed.

While a chapter runs, its ``fmnist_lib.runtime.progress.report`` lines are shown here (never in
the book) with the chapter's name and elapsed time, and a "still running" line after a
minute of silence. A cell running longer than ``--cell-timeout`` seconds
(``$FMNIST_CELL_TIMEOUT``; default 3 hours, 0 for none) fails its chapter. One build at a
time per project folder (``_build/build.lock``).

Where the work runs (``fmnist_lib.runtime.resources``): ``--jobs`` worker processes (default:
every core), a Dask cluster with ``--scheduler``, the GPU with ``--device`` (default: when
there is one). They are passed to the chapters' kernels as ``FMNIST_JOBS``,
``FMNIST_DASK_SCHEDULER`` and ``FMNIST_DEVICE``. Workers and clusters do not change a
number, so they are not part of a chapter's key; the device can, so it is. Arguments, the
scheduler's address and the data are checked before any chapter runs.

A failing notebook stops the build with exit status 1, naming the notebook and the line
of its ``.py`` where the error occurred; chapters executed before stay intact (outputs are
written to ``_build/failed/`` and copied into ``book/`` through a temporary file beside the
target only on success, so a build that is interrupted or killed leaves no half-written
notebook in ``book/``, and ``_build`` may be on another filesystem). Ctrl-C or SIGTERM stops
the chapter's kernel and its worker processes and says where the next build resumes; after
a ``kill -9`` the next build stops what the killed one left running.
"""
from __future__ import annotations

import argparse
import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import nbformat
import psutil
from jupyter_core.paths import jupyter_runtime_dir

from ..compute import data as data_source
from ..compute.profiles import check_parameters
from ..runtime import memo, resources
from ..runtime.memo import PROJECT_ROOT
from . import chapters as chapter_inputs
from . import results as results_store

HIDDEN_TAGS = {"parameters", "injected-parameters"}
KERNEL_NAME = "fmnist-book"
KERNEL_DISPLAY_NAME = "Python 3 (fmnist-book)"
CELL_MARKER = re.compile(r"# %%(\s|$)")   # a percent-format cell start (not a `# %%time` magic)
LIBRARY_DIR = Path(__file__).resolve().parents[1]   # all of fmnist_lib: chapters call every layer
BUILD_ID = "FMNIST_BUILD_ID"   # in the environment of every process a build's kernels start
CELL_TIMEOUT = "FMNIST_CELL_TIMEOUT"
DEFAULT_CELL_TIMEOUT = 3 * 3600.0   # seconds; the longest cell at `full` takes well under one hour
RECORD = "fmnist_build"   # the executed notebook's metadata key for its build record
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL_FRAME = re.compile(r"Cell In\[(\d+)\], line (\d+)")   # IPython's frame of a cell


def runtime_dir() -> Path:
    return Path(jupyter_runtime_dir())


def _ipc_kernel_manager(prefix: Path, output: Path):
    from jupyter_client.manager import AsyncKernelManager  # late: heavy, only to execute

    class IPCKernelManager(AsyncKernelManager):
        """The kernel talks to the build over local (IPC) sockets, not over unencrypted TCP;
        the socket files and the connection file live in Jupyter's runtime folder, named
        after the build, so that the next build can remove what a killed one left. The
        kernel's own output and its workers' (not its cells': those are in the notebook)
        goes to ``output``, which the build shows while the chapter runs, so that nothing a
        stopped kernel prints reaches the terminal after the build's last line."""

        def __init__(self, **kwargs):
            prefix.parent.mkdir(parents=True, exist_ok=True)
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(prefix))
            kwargs.setdefault("connection_file", f"{prefix}.json")
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            with open(output, "ab") as stream:   # the kernel holds its own copy
                kw.setdefault("stdout", stream)
                kw.setdefault("stderr", stream)
                return await super()._async_launch_kernel(kernel_cmd, **kw)

    return IPCKernelManager


class NotebookFailed(RuntimeError):
    pass


class BuildBusy(RuntimeError):
    """Another build holds the project's lock."""


class BuildStateError(RuntimeError):
    """A file of the build is missing or damaged where it cannot be repaired by executing
    the chapter at hand; the message names the file and the command that repairs it."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM; the message says what was stopped and where the next build resumes."""

    def __init__(self, cause: str = "Ctrl-C", message: str | None = None):
        super().__init__(message or f"interrupted by {cause}; the next build resumes where "
                                    f"this one stopped")
        self.cause = cause


def say(message: str) -> None:
    # Flushed at once: stdout to a pipe (CI) is block-buffered, and a long chapter would
    # otherwise show nothing for many minutes.
    print(message, flush=True)


def tree_hash(directory: Path) -> str:
    """Hash of every .py file under ``directory`` (the library's code)."""
    h = hashlib.sha256()
    for path in sorted(Path(directory).rglob("*.py")):
        h.update(path.relative_to(directory).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def notebook_key(source: Path, parameters: dict, library_hash: str, data_id: str,
                 upstream: str = "") -> str:
    h = hashlib.sha256()
    h.update(upstream.encode())
    h.update(Path(source).read_bytes())
    h.update(json.dumps(parameters, sort_keys=True).encode())
    h.update(library_hash.encode())
    h.update(data_id.encode())
    return h.hexdigest()


def ensure_kernel() -> str:
    """The book's own kernel, installed in this environment and running this Python.

    A plain "python3" could resolve to another environment's kernel (a user-wide one),
    which would execute the book with other library versions."""
    spec = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    try:
        current = json.loads(spec.read_text())["argv"][0] == sys.executable
    except (OSError, ValueError, KeyError, IndexError):
        current = False
    if not current:
        from ipykernel.kernelspec import install  # late: only when (re)installing
        install(kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix)
    return KERNEL_NAME


def resolve_chapter(name: str, names: list[str]) -> str:
    """A chapter's full name from its name or a prefix of it (``03`` → ``03_pca``)."""
    if name in names:
        return name
    matches = [n for n in names if n.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    problem = (f"{name!r} matches several chapters ({', '.join(matches)})" if matches
               else f"no notebook {name!r}")
    raise ValueError(f"{problem}; chapters are {', '.join(names)}")


def minutes(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def size_text(size: int) -> str:
    for unit in ("bytes", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return ""


def cell_timeout_setting() -> float:
    """``$FMNIST_CELL_TIMEOUT`` in seconds (0: no limit), else the generous default."""
    value = os.environ.get(CELL_TIMEOUT, "").strip()
    if not value:
        return DEFAULT_CELL_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise ValueError(f"{CELL_TIMEOUT}={value!r}: give the seconds a cell may run, or 0 "
                         f"for no limit (or unset it: {DEFAULT_CELL_TIMEOUT:g} s)")
    return seconds


@contextlib.contextmanager
def writing(path: Path):
    """Name the file in a write error (a full disk's ``[Errno 28]`` names none) and say
    what to do."""
    try:
        yield
    except results_store.WriteError:
        raise
    except OSError as err:
        raise results_store.write_error(Path(path), err) from err


def write_atomically(path: Path, text: str) -> None:
    """A temporary file beside ``path``, then a rename: never half-written, and never a
    rename across filesystems."""
    with writing(path):
        fd, temporary = results_store.new_file(path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)


# --- processes and files a build's kernels leave --------------------------------------

def build_processes(build_id: str) -> list[psutil.Process]:
    """Processes started for build ``build_id``: its kernels and their workers (loky, Dask
    local workers), which inherit ``FMNIST_BUILD_ID`` from the kernel's environment."""
    own = {os.getpid(), *(p.pid for p in psutil.Process().parents())}
    found = []
    for process in psutil.process_iter():
        if process.pid in own:
            continue
        try:
            if process.environ().get(BUILD_ID) == build_id:
                found.append(process)
        except (psutil.Error, OSError):
            continue   # gone, a zombie, or another user's
    return found


def stop_processes(processes: list[psutil.Process], grace: float = 5.0) -> int:
    """SIGTERM, then SIGKILL for those still running after ``grace`` seconds."""
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _, alive = psutil.wait_procs(processes, timeout=grace)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=grace)
    return len(processes)


def connection_files(build_id: str) -> list[Path]:
    return sorted(runtime_dir().glob(f"fmnist-{build_id}-*"))


def clean_up_build(build_id: str) -> tuple[int, int]:
    """Stop what build ``build_id`` left running and remove its kernels' connection files;
    returns (processes stopped, files removed)."""
    stopped = stop_processes(build_processes(build_id))
    files = connection_files(build_id)
    for path in files:
        path.unlink(missing_ok=True)
    return stopped, len(files)


@contextlib.contextmanager
def signals_held():
    """Ctrl-C and SIGTERM wait while the build cleans up after one (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def environment(values: dict):
    """Set environment variables for the duration of a block (the kernels inherit them),
    then restore the whole environment as it was: ``values`` and what the block itself set
    (``FMNIST_PROGRESS``, ``FMNIST_VERIFIED_COPY``), unset ones unset."""
    before = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        for name in set(os.environ) - set(before):
            del os.environ[name]
        for name, value in before.items():
            if os.environ.get(name) != value:
                os.environ[name] = value


class Builder:
    heartbeat_seconds = 60.0   # a "still running" line after this long without progress
    poll_seconds = 0.5         # how often the progress file is read

    def __init__(self, root: Path = PROJECT_ROOT, library_dir: Path | None = None,
                 log=say, reads: dict | None = None, cell_timeout: float | None = None,
                 options: tuple = ()):
        self.root = Path(root)
        self.notebooks = self.root / "notebooks"
        self.book = self.root / "book"
        self.build = self.root / "_build"
        self.library_dir = Path(library_dir or LIBRARY_DIR)
        self.manifest_path = self.build / "manifest.json"
        self.log = log
        self.reads = reads          # None: fmnist_lib.build.chapters.READS
        self.cell_timeout = cell_timeout_setting() if cell_timeout is None else cell_timeout
        self.options = tuple(options)   # of this build's command line, repeated in fix commands
        self.build_id = uuid.uuid4().hex[:12]
        self.command = self._command_prefix({})   # the fix command's start, set by execute
        self.current = None         # the chapter executing now
        self._lock_file = None
        self._kernels = 0
        self._verified_copy_checked = False

    def chapters(self) -> list[str]:
        return sorted(p.stem for p in self.notebooks.glob("[0-9][0-9]_*.py"))

    def where(self, path: Path) -> str:
        """``path`` relative to the project folder where it is inside it."""
        path = Path(path)
        if path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return str(path)

    def _command_prefix(self, parameters: dict) -> str:
        """This build's command line as a user can type it again (the same python, profile,
        seed and project folder), for the fix commands in messages."""
        python = Path(sys.executable)
        if python.is_relative_to(Path.cwd()):
            python = python.relative_to(Path.cwd())
        words = [str(python), "-m", "fmnist_lib.build",
                 "--profile", parameters.get("profile", "paper")]
        if parameters.get("seed") is not None:
            words += ["--seed", str(parameters["seed"])]
        if self.root.resolve() != Path.cwd().resolve():
            words += ["--root", str(self.root)]
        return shlex.join([*words, *self.options])

    # --- the manifest, and what a chapter left on disk ---------------------------------

    def manifest(self) -> dict:
        """The manifest; when it is missing or unreadable, rebuilt from the build records
        in the executed notebooks (an unreadable one is set aside first, with a warning)."""
        if not self.manifest_path.exists():
            return self._manifest_from_book()
        try:
            manifest = json.loads(self.manifest_path.read_text())
            if not isinstance(manifest, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as err:
            aside = self.build / f"manifest.broken-{time.strftime('%Y%m%d-%H%M%S')}.json"
            with writing(aside):
                os.replace(self.manifest_path, aside)
            manifest = self._manifest_from_book()
            self.log(f"warning: {self.where(self.manifest_path)} is unreadable ({err}); set "
                     f"aside as {self.where(aside)} and rebuilt from the executed chapters in "
                     f"book/ ({', '.join(manifest) or 'none'})")
            self._save_manifest(manifest)
        return manifest

    def _manifest_from_book(self) -> dict:
        manifest = {}
        for name in self.chapters():
            record = self._notebook_record(self.book / f"{name}.ipynb")
            if isinstance(record, dict) and "key" in record:
                manifest[name] = {**record, "cache_hit": False}
        return manifest

    @staticmethod
    def _notebook_record(path: Path):
        """The build record in an executed notebook, or the reason it cannot be read."""
        if not path.exists():
            return "missing"
        try:
            notebook = nbformat.read(path, as_version=4)
            nbformat.validate(notebook)
        except Exception as err:   # NotJSONError, ValidationError, UnicodeDecodeError, ...
            return f"unreadable ({type(err).__name__})"
        return notebook.metadata.get(RECORD, {})

    def _save_manifest(self, manifest: dict) -> None:
        # Temporary file, then rename: a build killed while writing leaves the old manifest.
        write_atomically(self.manifest_path, json.dumps(manifest, indent=1, sort_keys=True))

    def _reuse_problem(self, name: str, key: str) -> str | None:
        """Why chapter ``name``'s last execution (with this key) cannot be reused: its
        executed notebook or an output it wrote is missing or does not load."""
        output = self.book / f"{name}.ipynb"
        record = self._notebook_record(output)
        if isinstance(record, str):
            return f"executed notebook {self.where(output)} {record}"
        if record.get("key") != key:
            return f"executed notebook {self.where(output)} is from another execution"
        for relative in record.get("outputs", []):
            path = self.build / relative
            problem = results_store.file_problem(path)
            if problem:
                kind = {"results": "results file", "artifacts": "artifact"}.get(
                    Path(relative).parts[0], "output")
                return f"{kind} {self.where(path)} {problem}"
        return None

    def _snapshot(self) -> dict:
        """The results files and artifacts now, to see which ones a chapter writes."""
        found = {}
        for folder in ("results", "artifacts"):
            for path in (self.build / folder).rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    stat = path.stat()
                    found[path.relative_to(self.build).as_posix()] = (
                        stat.st_mtime_ns, stat.st_size, stat.st_ino)
        return found

    def _check_inputs(self, name: str) -> None:
        """The results files and artifacts chapter ``name`` declares it reads must load
        when they exist (a missing one is the chapter's own clear error)."""
        inputs = chapter_inputs.inputs_of(name, self.reads)
        files = [(source, self.build / "results" / f"{source}.json") for source in inputs.results]
        files += [(artifact.split("/")[0], self.build / "artifacts" / artifact)
                  for artifact in inputs.artifacts]
        for source, path in files:
            problem = results_store.file_problem(path)
            if problem:
                raise BuildStateError(
                    f"{self.where(path)} is {problem}, and {name} reads it: execute "
                    f"{source} {'first' if problem == 'missing' else 'again'} "
                    f"({self.command} --only {source})")

    # --- the lock, and what a killed build left ---------------------------------------

    @contextlib.contextmanager
    def lock(self):
        """Hold ``_build/build.lock``: two builds in one folder would overwrite each other's
        notebooks, results and manifest. Re-entrant, so that ``main`` can hold it across
        execute and html. The kernel drops the lock when the process ends, even if killed;
        the file then still names that build, and the next one cleans up after it."""
        if self._lock_file is not None:
            yield
            return
        lock_path = self.build / "build.lock"
        with writing(lock_path):
            self.build.mkdir(parents=True, exist_ok=True)
            stream = open(lock_path, "a+")
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stream.seek(0)
            holder = stream.readline().strip() or "pid unknown"
            stream.close()
            raise BuildBusy(f"another build is running in {self.root} ({holder}); "
                            f"wait for it or stop it") from None
        stream.seek(0)
        previous = stream.read()
        with writing(lock_path):
            stream.truncate(0)
            stream.write(f"pid {os.getpid()}, started {time.strftime('%H:%M:%S')}\n"
                         f"build {self.build_id}\n")
            stream.flush()
        self._lock_file = stream
        try:
            self._clean_up_after(previous)
            yield
        finally:
            self._lock_file = None
            with contextlib.suppress(OSError):
                stream.truncate(0)   # empty: this build ended and left nothing running
            stream.close()

    def _clean_up_after(self, previous: str) -> None:
        """The lock file still names a build: it was killed (``kill -9``, a power cut)."""
        found = re.search(r"^build (\w+)$", previous, re.MULTILINE)
        if not found:
            return
        stopped, removed = clean_up_build(found.group(1))
        if stopped or removed:
            holder = previous.splitlines()[0]
            self.log(f"the last build here ({holder}) was killed: stopped {stopped} "
                     f"{'process' if stopped == 1 else 'processes'} it left running and "
                     f"removed {removed} kernel connection "
                     f"{'file' if removed == 1 else 'files'}")

    # --- executing ---------------------------------------------------------------------

    def _key(self, name: str, parameters: dict, library_hash: str, data_id: str) -> str:
        # a GPU's numbers may differ from the CPU's in the last digits
        self._check_inputs(name)
        inputs = chapter_inputs.input_fingerprint(name, self.build, self.reads)
        return notebook_key(self.notebooks / f"{name}.py", parameters, library_hash, data_id,
                            f"{inputs} device={resources.device()}")

    def execute(self, parameters: dict, only: list[str] | None = None,
                force: bool = False, refit: bool = False) -> dict:
        """Execute the chosen chapters (all by default); returns the manifest."""
        check_parameters(parameters)
        names = self.chapters()
        wanted = {resolve_chapter(name, names) for name in only or []}
        todo = [name for name in names if name in wanted] if only else names
        for name in todo:   # before any work: a bad marker would publish hidden code
            check_cell_markers(self.notebooks / f"{name}.py", self.root)
        self.command = self._command_prefix(parameters)
        with self.lock():
            if refit:
                shutil.rmtree(self.build / "cache", ignore_errors=True)
                self.log(f"removed the memo cache {self.build / 'cache'}: every fit runs again")
                force = True
            library_hash, data_id = tree_hash(self.library_dir), data_source.data_fingerprint()
            manifest = self.manifest()
            # Restored afterwards, so that nothing leaks into the rest of the process.
            # Progress bars belong on a reader's screen, not in the executed book.
            env = {"FMNIST_BUILD_DIR": str(self.build), "TQDM_DISABLE": "1",
                   BUILD_ID: self.build_id, results_store.BUILD_COMMAND: self.command}
            if data_source.user_data_dir() is not None:   # absolute: the kernels run in book/
                env["FMNIST_DATA_DIR"] = str(data_source.user_data_dir())
            with environment(env):
                try:
                    for i, name in enumerate(todo, 1):
                        self.current = name
                        self._execute_chapter(f"[{i}/{len(todo)}] {name}", name, parameters,
                                              self._key(name, parameters, library_hash, data_id),
                                              manifest, force)
                except KeyboardInterrupt as err:
                    raise self._interrupted(err) from None
                finally:
                    self.current = None
            if only:
                stale = self.stale(todo, parameters, library_hash, data_id, manifest)
                if stale:
                    self.log(f"now stale: {', '.join(stale)} "
                             f"(run `make book` to bring them up to date)")
        return manifest

    def _interrupted(self, err: KeyboardInterrupt) -> Interrupted:
        """Stop the chapter's kernel and workers, remove its connection files, and say so."""
        name, cause = self.current, getattr(err, "cause", "Ctrl-C")
        with signals_held():
            clean_up_build(self.build_id)   # whatever nbclient's own clean-up left running
        if name is None:
            return Interrupted(cause)
        return Interrupted(cause, f"interrupted by {cause} while executing {name}: its kernel "
                                  f"and workers are stopped; chapters finished before it are "
                                  f"kept, and the next build resumes with {name}")

    def _execute_chapter(self, label: str, name: str, parameters: dict, key: str,
                         manifest: dict, force: bool) -> None:
        source = self.notebooks / f"{name}.py"
        output = self.book / f"{name}.ipynb"
        previous = manifest.get(name, {})
        if not force and previous.get("key") == key:
            problem = self._reuse_problem(name, key)
            if problem is None:
                self.log(f"{label}: unchanged, cache hit "
                         f"(executed before in {previous['seconds']:.1f} s)")
                manifest[name] = {**previous, "cache_hit": True}
                self._save_manifest(manifest)
                return
            self.log(f"{label}: {problem}: re-executing {name}")
        self._check_verified_copy()
        self.log(f"{label}: executing with {parameters} ...")
        progress = self.build / "progress" / f"{name}.log"
        kernel_output = self.build / "progress" / f"{name}.kernel.log"
        for path in (progress, kernel_output):
            with writing(path):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("")
        os.environ["FMNIST_PROGRESS"] = str(progress)   # runtime.progress.report appends here
        before = self._snapshot()
        start = time.perf_counter()

        def record() -> dict:   # what the executed notebook and the manifest keep of this run
            return {"profile": parameters.get("profile", "paper"), "parameters": parameters,
                    "key": key, "seconds": round(time.perf_counter() - start, 2),
                    "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
                    "outputs": self._changed_since(before)}

        interrupted = False
        try:
            with self._following(name, progress, kernel_output):
                entry = self._run_notebook(source, output, parameters, record, kernel_output)
        except KeyboardInterrupt:
            interrupted = True   # execute() cleans up, with further signals held
            raise
        finally:
            if not interrupted:
                clean_up_build(self.build_id)   # workers a failed kernel left behind
        self.log(f"{label}: done in {entry['seconds']:.1f} s")
        manifest[name] = {**entry, "cache_hit": False}
        self._save_manifest(manifest)

    def _changed_since(self, before: dict) -> list[str]:
        return sorted(path for path, stat in self._snapshot().items() if before.get(path) != stat)

    def _check_verified_copy(self) -> None:
        """Once per build, before the first chapter executes: when the verified copy of the
        data cannot be saved, say so here and let the kernels go on without it."""
        if self._verified_copy_checked:
            return
        self._verified_copy_checked = True
        problem = data_source.verified_copy_problem()
        if problem:
            self.log(f"note: the verified copy of the data cannot be saved ({problem}): the "
                     f"chapters read the original files, verified on every load")
            os.environ[data_source.VERIFIED_COPY] = "off"

    def stale(self, executed: list[str], parameters: dict, library_hash: str, data_id: str,
              manifest: dict) -> list[str]:
        """Chapters not in ``executed`` that read from them (directly or through others) and
        whose key no longer matches their last execution."""
        readers = {reader for name in executed
                   for reader in chapter_inputs.dependents(name, self.reads)}
        candidates = sorted(readers & set(self.chapters()) - set(executed))
        stale = set()
        for name in candidates:
            try:
                key = self._key(name, parameters, library_hash, data_id)
            except BuildStateError:
                key = None   # an input it reads is damaged: stale too
            if key != manifest.get(name, {}).get("key"):
                # its readers are stale too, even if what they read has not changed yet
                stale |= {name, *chapter_inputs.dependents(name, self.reads)}
        return sorted(stale & set(candidates))

    @contextlib.contextmanager
    def _following(self, name: str, progress: Path, kernel_output: Path | None = None):
        """Show the chapter's progress lines, and its kernel's own output, while it runs (a
        background thread)."""
        stop = threading.Event()
        thread = threading.Thread(target=self._follow, args=(name, progress, stop, kernel_output),
                                  daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def _follow(self, name: str, progress: Path, stop: threading.Event,
                kernel_output: Path | None = None) -> None:
        start = last = time.monotonic()
        step = ""
        with contextlib.ExitStack() as files:
            # [stream, pending text, whether its lines are steps]
            followed = [[files.enter_context(open(path, encoding="utf-8", errors="replace")),
                         "", is_progress]
                        for path, is_progress in ((progress, True), (kernel_output, False))
                        if path is not None]
            while True:
                stopping = stop.wait(self.poll_seconds)
                now = time.monotonic()
                for entry in followed:
                    stream, pending, is_progress = entry
                    pending += stream.read()
                    *lines, entry[1] = pending.split("\n")   # keep a half-written last line
                    if stopping and entry[1]:
                        lines.append(entry[1])
                    for line in lines:
                        self.log(f"[{name} {minutes(now - start)}] {line}")
                        last = now
                        step = line if is_progress else step
                if stopping:
                    return
                if now - last >= self.heartbeat_seconds:
                    self.log(f"[{name} {minutes(now - start)}] still running"
                             + (f" (last step: {step})" if step else ""))
                    last = now

    def _run_notebook(self, source: Path, output: Path, parameters: dict, record,
                      kernel_output: Path) -> dict:
        """Execute ``source`` into ``output`` (the kernel's own output to ``kernel_output``);
        returns the build record (``record()``) kept in the executed notebook's metadata."""
        import jupytext  # late: jupytext, papermill and nbclient are heavy, only to execute
        import papermill
        from nbclient.exceptions import CellTimeoutError, DeadKernelError
        from papermill.exceptions import PapermillExecutionError

        notebook = jupytext.read(source)
        kernel = ensure_kernel()
        notebook.metadata["kernelspec"] = {"name": kernel, "display_name": KERNEL_DISPLAY_NAME,
                                           "language": "python"}
        tag_source_lines(notebook, source)
        where = self.where(source)   # notebooks/NN_name.py
        partial = self.build / "failed" / output.name
        for folder in (output.parent, partial.parent):
            with writing(folder):
                folder.mkdir(parents=True, exist_ok=True)
        self._kernels += 1
        prefix = runtime_dir() / f"fmnist-{self.build_id}-{self._kernels}"
        try:
            executed = papermill.execute_notebook(
                notebook, str(partial), parameters=parameters, kernel_name=kernel,
                progress_bar=sys.stderr.isatty(), cwd=str(self.book),
                execution_timeout=self.cell_timeout or None,
                kernel_manager_class=_ipc_kernel_manager(prefix, kernel_output))
        except PapermillExecutionError as err:
            if err.ename == "KeyboardInterrupt":   # nbclient interrupted the kernel on a signal
                raise Interrupted() from None
            raise NotebookFailed(
                f"notebook {where} failed {failure_location(partial, err)}: "
                f"{err.ename}: {clean_evalue(err.ename, err.evalue)}\n"
                f"The partly executed notebook is {partial}.") from None
        except CellTimeoutError:
            raise NotebookFailed(
                f"notebook {where}: {running_cell(partial)} was still running after "
                f"{self.cell_timeout:g} s, the limit for one cell (--cell-timeout, or "
                f"{CELL_TIMEOUT}): if it is only slow, give it more (--cell-timeout SECONDS, "
                f"0 for no limit); otherwise find what it waits for (an unreachable Dask "
                f"scheduler?)\nThe partly executed notebook is {partial}.") from None
        except DeadKernelError:
            raise NotebookFailed(
                f"notebook {where}: the kernel died (most often: out of memory; its own last "
                f"lines are in {self.where(kernel_output)})\n"
                f"The partly executed notebook is {partial}.") from None
        except OSError as err:
            if err.errno in (errno.ENOSPC, errno.EDQUOT) and not err.filename:
                raise results_store.write_error(partial, err) from err
            raise
        for cell in executed.cells:
            tags = cell.metadata.get("tags", [])
            if HIDDEN_TAGS & set(tags) and "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
        add_source_map(executed)
        executed.metadata[RECORD] = entry = record()
        # beside book/NN.ipynb, then renamed: book/ and _build/ may be different filesystems
        write_atomically(output, nbformat.writes(executed))
        partial.unlink(missing_ok=True)
        return entry

    def html(self, extra_args: list[str] = ()) -> None:
        """jupyter-book build, warnings as errors (broken references and glue keys fail);
        its lines naming an executed notebook name the chapter's .py instead."""
        command = ["jupyter-book", "build", "-W", "-n", "--keep-going", *extra_args,
                   str(self.root)]
        self.log("$ " + " ".join(command))
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        with self.lock():
            process = subprocess.Popen(command, cwd=self.root, env=env, text=True,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                       errors="replace")
            try:
                for line in process.stdout:
                    self.log(self.source_locations(line.rstrip("\n")))
            except BaseException:   # Ctrl-C, SIGTERM: jupyter-book stops too
                process.kill()
                process.wait()
                raise
            finally:
                process.stdout.close()
            if process.wait():
                raise NotebookFailed("jupyter-book build failed (see the warnings above)")

    def source_locations(self, line: str) -> str:
        """``…/book/NN_name.ipynb:LINE`` → ``notebooks/NN_name.py:LINE`` for an executed
        notebook whose lines are the .py's (``add_source_map``)."""
        def replace(found):
            source = self.notebooks / f"{found['name']}.py"
            if not source.exists() or not _has_source_map(self.book / f"{found['name']}.ipynb"):
                return found[0]
            return f"notebooks/{found['name']}.py:{found['line']}"
        return re.sub(r"\S*?book/(?P<name>\d\d_\w+)\.ipynb:(?P<line>\d+)", replace, line)


def _has_source_map(notebook: Path) -> bool:
    try:
        return "source_map" in json.loads(notebook.read_text()).get("metadata", {})
    except (OSError, ValueError):
        return False


def tag_source_lines(notebook, source: Path) -> None:
    """Record in each cell's metadata the line of its ``# %%`` marker in the .py, so that a
    failure can name it (the cell's lines follow it one to one); the cell's 1-based position
    when the markers don't match the cells (e.g. code before the first marker)."""
    lines = Path(source).read_text().splitlines()
    markers = [i for i, line in enumerate(lines, 1) if CELL_MARKER.match(line)]
    for position, cell in enumerate(notebook.cells, 1):
        if len(markers) == len(notebook.cells):
            cell.metadata["source_line"] = markers[position - 1]
        else:
            cell.metadata["source_cell"] = position


def add_source_map(notebook) -> None:
    """myst-nb's ``source_map`` (each cell's line offset): Sphinx's warnings about a chapter
    (a missing glue key) then give lines of its .py. Papermill's injected-parameters cell
    takes the parameters cell's line."""
    lines, last = [], None
    for cell in notebook.cells:
        last = cell.metadata.get("source_line", last)
        if last is None:
            return   # markers and cells did not match: myst-nb's own numbering
        lines.append(last - 1)   # myst-nb: the marker's 0-based line; its text follows it
    notebook.metadata["source_map"] = lines


def check_cell_markers(source: Path, root: Path | None = None) -> None:
    """A ``# %%`` marker whose metadata does not parse (``tags=["remove-cell"`` without its
    bracket) loses its tags, so a cell meant to be removed would be on the page."""
    import jupytext  # late, as in _run_notebook
    notebook = jupytext.read(source)
    lines = Path(source).read_text().splitlines()
    shown = Path(source).relative_to(root) if root and Path(source).is_relative_to(root) else source
    for cell in notebook.cells:
        bad = cell.metadata.get("incorrectly_encoded_metadata")
        if bad is None:
            continue
        number = next((i for i, text in enumerate(lines, 1)
                       if CELL_MARKER.match(text) and bad in text), None)
        marker = lines[number - 1] if number else f"# %% {bad}"
        raise NotebookFailed(
            f"{shown}, line {number}: the cell marker `{marker}` has metadata that does "
            f"not parse, so the cell would lose its tags (a cell meant to be removed would be "
            f"published): write it as `# %% key=value` with JSON values, e.g. "
            f"`# %% tags=[\"remove-cell\"]`")


def _cells(partial: Path) -> list:
    """The executed notebook's cells without papermill's error banners."""
    return [c for c in nbformat.read(partial, as_version=4).cells
            if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]


def _cell_place(cell) -> tuple[str, int | None]:
    """("the cell at line M", M) or ("cell N", None) for a cell of the executed notebook."""
    metadata = cell.metadata
    if "source_line" in metadata:
        return f"the cell at line {metadata['source_line']}", metadata["source_line"]
    if "source_cell" in metadata:
        return f"cell {metadata['source_cell']}", None
    return "the injected parameters", None


def failure_location(partial: Path, err) -> str:
    """Where in the .py the error occurred: "at line L (the cell at line M)", from the
    innermost frame of the traceback that is in a cell (a function defined in another cell
    is named with the line that called it). ``err.cell_index`` counts the executed
    notebook's cells (with papermill's injected-parameters cell) before papermill added its
    error banner cells to the file."""
    cells = _cells(partial)
    if err.cell_index >= len(cells):
        return f"in cell {err.cell_index} of the executed notebook"
    failing = cells[err.cell_index]
    place, marker = _cell_place(failing)
    frames = CELL_FRAME.findall(ANSI.sub("", "\n".join(err.traceback)))
    by_count = {c.get("execution_count"): c for c in cells if c.cell_type == "code"}
    by_count[err.exec_count] = failing
    lines = []
    for count, line in frames:
        cell = by_count.get(int(count))
        start = cell.metadata.get("source_line") if cell is not None else None
        if start is not None:
            lines.append(start + int(line))
    if not lines or marker is None:
        in_cell = f", its line {frames[-1][1]}" if frames and marker is None else ""
        return f"in {place}{in_cell}"
    if len(set(lines)) > 1 and lines[-1] != lines[0]:
        return f"at line {lines[-1]}, called from line {lines[0]} ({place})"
    return f"at line {lines[-1]} ({place})"


def clean_evalue(ename: str, evalue: str) -> str:
    """A SyntaxError's message without IPython's temporary file and line ("(3956073305.py,
    line 2)"): the line is given as the .py's."""
    if ename in ("SyntaxError", "IndentationError", "TabError"):
        return re.sub(r" \(\d+\.py, line \d+\)$", "", evalue)
    return evalue


def running_cell(partial: Path) -> str:
    """The cell that was running when the timeout struck: the last one papermill started."""
    try:
        started = [c for c in _cells(partial)
                   if c.metadata.get("papermill", {}).get("start_time")]
    except Exception:   # the partial notebook itself unreadable
        started = []
    return _cell_place(started[-1])[0] if started else "a cell"


# --- the command line -------------------------------------------------------------------

SEED_MAX = 2**31 - 1   # numpy and scikit-learn take seeds below 2**32; the profiles add to it


def _seed(text: str) -> int:
    if not re.fullmatch(r"\d+", text.strip()) or int(text) > SEED_MAX:
        raise argparse.ArgumentTypeError(f"give a whole number from 0 to {SEED_MAX}, "
                                         f"not {text!r}")
    return int(text)


def _jobs(text: str) -> int:
    if not re.fullmatch(r"\d+", text.strip()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of worker processes, at "
                                         f"least 1, not {text!r} (leave it out to use every core)")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise argparse.ArgumentTypeError(f"give the seconds one cell may run (0: no limit), "
                                         f"not {text!r}")
    return seconds


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fmnist_lib.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="paper", help="quick, paper (default) or full")
    parser.add_argument("--seed", type=_seed, help="override the profile's seed")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="execute only this chapter: a number or name (03, 03_pca); "
                             "repeatable")
    parser.add_argument("--force", action="store_true", help="execute even if unchanged")
    parser.add_argument("--refit", action="store_true",
                        help="delete the memo cache _build/cache (every memoised fit, of all "
                             "chapters, runs again) and execute as with --force")
    parser.add_argument("--prune", action="store_true",
                        help="only remove the memo folders of superseded code "
                             "(_build/cache/<fingerprint> other than the current one)")
    parser.add_argument("--no-html", action="store_true", help="skip jupyter-book build")
    parser.add_argument("--pdf", action="store_true", help="also build the PDF (LaTeX)")
    parser.add_argument("--jobs", type=_jobs, metavar="N",
                        help="worker processes (default: every core; $FMNIST_JOBS)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the parallel work on this Dask scheduler, e.g. "
                             "tcp://host:8786 ($FMNIST_DASK_SCHEDULER); checked to answer "
                             f"within {resources.SCHEDULER_TIMEOUT:g} s")
    parser.add_argument("--device", choices=resources.DEVICES,
                        help="the CNN's device, and the boosting's with a CUDA build of "
                             "xgboost (default auto: CUDA when torch sees a GPU; $FMNIST_DEVICE)")
    parser.add_argument("--cell-timeout", type=_seconds, metavar="SECONDS",
                        help=f"fail a chapter whose cell runs longer than this (0: no limit; "
                             f"default ${CELL_TIMEOUT}, else {DEFAULT_CELL_TIMEOUT:g})")
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT,
                        help="project folder holding notebooks/, book/ and _config.yml")
    return parser.parse_args(argv)


def check_root(root: Path, html: bool) -> None:
    """``--root`` must be the book's folder; nothing is created in a mistyped one."""
    if not root.is_dir():
        problem = "is not a folder" if root.exists() else "does not exist"
        raise ValueError(f"--root {root} {problem}: give the book's folder (the one holding "
                         f"notebooks/ and _config.yml)")
    if not list((root / "notebooks").glob("[0-9][0-9]_*.py")):
        raise ValueError(f"--root {root} holds no book: no notebooks/NN_name.py in it; give "
                         f"the book's folder (the one holding notebooks/ and _config.yml)")
    if html and not (root / "_config.yml").is_file():
        raise ValueError(f"--root {root} has no _config.yml, so jupyter-book cannot build it: "
                         f"give the book's folder, or add --no-html to execute the chapters only")


def prune(builder: Builder) -> None:
    """Remove the memo folders of superseded code and say what that freed."""
    cache = builder.build / "cache"
    current = memo.current_folder_name()
    with builder.lock():
        removed = memo.prune(cache, current)
    for folder, size in removed:
        builder.log(f"removed {builder.where(folder)} ({size_text(size)}, superseded code)")
    kept = cache / current
    kept_text = (f"kept {builder.where(kept)} ({size_text(memo.folder_size(kept))}, the "
                 f"current code)" if kept.is_dir() else "no memo folder of the current code yet")
    if removed:
        freed = sum(size for _, size in removed)
        builder.log(f"pruned {len(removed)} memo "
                    f"{'folder' if len(removed) == 1 else 'folders'}: {size_text(freed)} "
                    f"freed; {kept_text}")
    else:
        builder.log(f"nothing to prune in {builder.where(cache)}: {kept_text}")


def _raise_interrupted(number, frame):
    raise Interrupted({signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}.get(
        number, signal.Signals(number).name))


def main(argv=None) -> int:
    args = parse_args(argv)
    parameters = {"profile": args.profile}
    if args.seed is not None:
        parameters["seed"] = args.seed
    for variable, value in (("FMNIST_JOBS", args.jobs), ("FMNIST_DASK_SCHEDULER", args.scheduler),
                            ("FMNIST_DEVICE", args.device), (CELL_TIMEOUT, args.cell_timeout)):
        if value is not None:
            os.environ[variable] = str(value)   # the chapters' kernels inherit it
    start = time.perf_counter()
    # (a SIGINT this process was started to ignore, as `command &` in a script, stays ignored)
    handlers = {s: signal.signal(s, _raise_interrupted) for s in (signal.SIGINT, signal.SIGTERM)
                if signal.getsignal(s) is not signal.SIG_IGN}
    try:
        check_root(args.root, html=not (args.no_html or args.prune))
        options = (["--no-html"] if args.no_html else []) + (
            ["--device", args.device] if args.device else [])
        builder = Builder(args.root, options=options)
        if args.prune:
            prune(builder)
            return 0
        check_parameters(parameters)
        # a bad setting stops here, not in every chapter (the scheduler first: the device
        # may take seconds to import torch)
        resources.n_jobs(), resources.check_scheduler()
        # "auto" resolved once, here: each chapter's kernel would import torch to ask again
        os.environ["FMNIST_DEVICE"] = resources.device()
        with builder.lock():
            builder.execute(parameters, only=args.only, force=args.force, refit=args.refit)
            if args.pdf:   # first, so that the HTML pages can offer it
                builder.html(["--builder", "pdflatex"])
            if not args.no_html:
                builder.html()
    except KeyboardInterrupt as err:
        err = err if isinstance(err, Interrupted) else Interrupted()
        # nbclient's tasks for the stopped kernel are left pending: no report of them at exit
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        print(err, file=sys.stderr, flush=True)   # one line, no traceback
        return 143 if err.cause == "SIGTERM" else 130
    except results_store.WriteError as err:
        print(f"error: {err.strerror}", file=sys.stderr, flush=True)
        return 1
    except (ValueError, RuntimeError) as err:   # NotebookFailed, BuildBusy, DataError, ...
        print(f"error: {err}", file=sys.stderr, flush=True)
        return 1
    except OSError as err:
        print(f"error: {err.filename or ''}{': ' if err.filename else ''}"
              f"{err.strerror or err}", file=sys.stderr, flush=True)
        return 1
    except Exception as err:
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr, flush=True)
        return 1
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    say(f"build finished in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
