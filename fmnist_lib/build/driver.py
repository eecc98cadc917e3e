"""Build the book: jupytext → papermill (profile parameters) → book/ → jupyter-book.

    python -m fmnist_lib.build [--profile quick|paper|full] [--only NAME] [--force]
                               [--refit] [--no-html] [--pdf] [--jobs N]
                               [--scheduler tcp://host:8786] [--device auto|cpu|cuda]

A chapter whose source, parameters, fmnist_lib code, data and declared inputs from
earlier chapters (``fmnist_lib.build.chapters.READS``: named result values and artifact files)
are unchanged is not executed again. Each run is recorded in ``_build/manifest.json``.

``--only 03`` (a chapter number or name, repeatable) executes just that chapter, then
names the chapters that read it and are now stale. ``--force`` executes even unchanged
chapters; ``--refit`` also deletes the memo cache ``_build/cache`` first, so every
memoised fit runs again (the whole cache: other chapters refit on their next run too).

While a chapter runs, its ``fmnist_lib.runtime.progress.report`` lines are shown here (never in
the book) with the chapter's name and elapsed time, and a "still running" line after a
minute of silence. One build at a time per project folder (``_build/build.lock``).

Where the work runs (``fmnist_lib.runtime.resources``): ``--jobs`` worker processes (default:
every core), a Dask cluster with ``--scheduler``, the GPU with ``--device`` (default: when
there is one). They are passed to the chapters' kernels as ``FMNIST_JOBS``,
``FMNIST_DASK_SCHEDULER`` and ``FMNIST_DEVICE``. Workers and clusters do not change a
number, so they are not part of a chapter's key; the device can, so it is.

A failing notebook stops the build with exit status 1, naming the notebook and the line
of the failing cell in its ``.py``; chapters executed before stay intact (outputs are
written to ``_build/failed/`` and moved into ``book/`` only on success, so a build that
is interrupted or killed leaves no half-written notebook in ``book/``).
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock

from . import chapters as chapter_inputs
from ..runtime import resources
from ..compute.data import data_fingerprint
from ..compute.profiles import check_parameters
from ..runtime.memo import PROJECT_ROOT

HIDDEN_TAGS = {"parameters", "injected-parameters"}
KERNEL_NAME = "fmnist-book"
KERNEL_DISPLAY_NAME = "Python 3 (fmnist-book)"
CELL_MARKER = re.compile(r"# %%(\s|$)")   # a percent-format cell start (not a `# %%time` magic)


def _ipc_kernel_manager():
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir

    class IPCKernelManager(AsyncKernelManager):
        """The kernel talks to the build over local (IPC) sockets, not over unencrypted TCP;
        the socket files live in Jupyter's runtime folder, not in the book."""

        def __init__(self, **kwargs):
            Path(jupyter_runtime_dir()).mkdir(parents=True, exist_ok=True)
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(Path(jupyter_runtime_dir()) / f"fmnist-{uuid.uuid4().hex[:8]}"))
            super().__init__(**kwargs)

    return IPCKernelManager


class NotebookFailed(RuntimeError):
    pass


class BuildBusy(RuntimeError):
    """Another build holds the project's lock."""


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
        from ipykernel.kernelspec import install
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


class Builder:
    heartbeat_seconds = 60.0   # a "still running" line after this long without progress
    poll_seconds = 0.5         # how often the progress file is read

    def __init__(self, root: Path = PROJECT_ROOT, library_dir: Path | None = None,
                 log=say, reads: dict | None = None):
        self.root = Path(root)
        self.notebooks = self.root / "notebooks"
        self.book = self.root / "book"
        self.build = self.root / "_build"
        self.library_dir = Path(library_dir or Path(__file__).parent)
        self.manifest_path = self.build / "manifest.json"
        self.log = log
        self.reads = reads          # None: fmnist_lib.build.chapters.READS
        self._lock_file = None

    def chapters(self) -> list[str]:
        return sorted(p.stem for p in self.notebooks.glob("[0-9][0-9]_*.py"))

    def manifest(self) -> dict:
        if self.manifest_path.exists():
            return json.loads(self.manifest_path.read_text())
        return {}

    def _save_manifest(self, manifest: dict) -> None:
        # Temporary file, then rename: a build killed while writing leaves the old manifest.
        self.build.mkdir(parents=True, exist_ok=True)
        temporary = self.manifest_path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        os.replace(temporary, self.manifest_path)

    @contextlib.contextmanager
    def lock(self):
        """Hold ``_build/build.lock``: two builds in one folder would overwrite each other's
        notebooks, results and manifest. Re-entrant, so that ``main`` can hold it across
        execute and html. The kernel drops the lock when the process ends, even if killed."""
        if self._lock_file is not None:
            yield
            return
        self.build.mkdir(parents=True, exist_ok=True)
        stream = open(self.build / "build.lock", "a+")
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            stream.seek(0)
            holder = stream.read().strip() or "pid unknown"
            stream.close()
            raise BuildBusy(f"another build is running in {self.root} ({holder}); "
                            f"wait for it or stop it") from None
        stream.truncate(0)
        stream.write(f"pid {os.getpid()}, started {time.strftime('%H:%M:%S')}\n")
        stream.flush()
        self._lock_file = stream
        try:
            yield
        finally:
            self._lock_file = None
            stream.close()

    def _key(self, name: str, parameters: dict, library_hash: str, data_id: str) -> str:
        # a GPU's numbers may differ from the CPU's in the last digits
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
        with self.lock():
            if refit:
                shutil.rmtree(self.build / "cache", ignore_errors=True)
                self.log(f"removed the memo cache {self.build / 'cache'}: every fit runs again")
                force = True
            library_hash, data_id = tree_hash(self.library_dir), data_fingerprint()
            manifest = self.manifest()
            # Restored afterwards, so that nothing leaks into the rest of the process.
            # Progress bars belong on a reader's screen, not in the executed book.
            with mock.patch.dict(os.environ, {"FMNIST_BUILD_DIR": str(self.build),
                                              "TQDM_DISABLE": "1"}):
                for i, name in enumerate(todo, 1):
                    self._execute_chapter(f"[{i}/{len(todo)}] {name}", name, parameters,
                                          self._key(name, parameters, library_hash, data_id),
                                          manifest, force)
            if only:
                stale = self.stale(todo, parameters, library_hash, data_id, manifest)
                if stale:
                    self.log(f"now stale: {', '.join(stale)} "
                             f"(run `make book` to bring them up to date)")
        return manifest

    def _execute_chapter(self, label: str, name: str, parameters: dict, key: str,
                         manifest: dict, force: bool) -> None:
        source = self.notebooks / f"{name}.py"
        output = self.book / f"{name}.ipynb"
        previous = manifest.get(name, {})
        if not force and previous.get("key") == key and output.exists():
            self.log(f"{label}: unchanged, cache hit "
                     f"(executed before in {previous['seconds']:.1f} s)")
            manifest[name] = {**previous, "cache_hit": True}
            self._save_manifest(manifest)
            return
        self.log(f"{label}: executing with {parameters} ...")
        progress = self.build / "progress" / f"{name}.log"
        progress.parent.mkdir(parents=True, exist_ok=True)
        progress.write_text("")
        os.environ["FMNIST_PROGRESS"] = str(progress)   # fmnist_lib.runtime.progress.report appends here
        start = time.perf_counter()
        with self._following(name, progress):
            self._run_notebook(source, output, parameters)
        seconds = time.perf_counter() - start
        self.log(f"{label}: done in {seconds:.1f} s")
        manifest[name] = {"profile": parameters.get("profile", "paper"),
                          "parameters": parameters, "seconds": round(seconds, 2),
                          "cache_hit": False, "key": key,
                          "finished": time.strftime("%Y-%m-%dT%H:%M:%S")}
        self._save_manifest(manifest)

    def stale(self, executed: list[str], parameters: dict, library_hash: str, data_id: str,
              manifest: dict) -> list[str]:
        """Chapters not in ``executed`` that read from them (directly or through others) and
        whose key no longer matches their last execution."""
        readers = {reader for name in executed
                   for reader in chapter_inputs.dependents(name, self.reads)}
        candidates = sorted(readers & set(self.chapters()) - set(executed))
        stale = set()
        for name in candidates:
            if self._key(name, parameters, library_hash, data_id) != manifest.get(name, {}).get("key"):
                # its readers are stale too, even if what they read has not changed yet
                stale |= {name, *chapter_inputs.dependents(name, self.reads)}
        return sorted(stale & set(candidates))

    @contextlib.contextmanager
    def _following(self, name: str, progress: Path):
        """Show the chapter's progress lines while it runs (a background thread)."""
        stop = threading.Event()
        thread = threading.Thread(target=self._follow, args=(name, progress, stop),
                                  daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()

    def _follow(self, name: str, progress: Path, stop: threading.Event) -> None:
        start = last = time.monotonic()
        pending, step = "", ""
        with open(progress, encoding="utf-8", errors="replace") as stream:
            while True:
                stopping = stop.wait(self.poll_seconds)
                now = time.monotonic()
                pending += stream.read()
                *lines, pending = pending.split("\n")   # keep a half-written last line
                if stopping and pending:
                    lines.append(pending)
                for line in lines:
                    self.log(f"[{name} {minutes(now - start)}] {line}")
                    last, step = now, line
                if stopping:
                    return
                if now - last >= self.heartbeat_seconds:
                    self.log(f"[{name} {minutes(now - start)}] still running"
                             + (f" (last step: {step})" if step else ""))
                    last = now

    def _run_notebook(self, source: Path, output: Path, parameters: dict) -> None:
        import jupytext
        import nbformat
        import papermill
        from nbclient.exceptions import DeadKernelError
        from papermill.exceptions import PapermillExecutionError

        notebook = jupytext.read(source)
        kernel = ensure_kernel()
        notebook.metadata["kernelspec"] = {"name": kernel, "display_name": KERNEL_DISPLAY_NAME,
                                           "language": "python"}
        tag_source_lines(notebook, source)
        where = source.relative_to(self.root)   # notebooks/NN_name.py
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = self.build / "failed" / output.name
        partial.parent.mkdir(parents=True, exist_ok=True)
        try:
            executed = papermill.execute_notebook(
                notebook, str(partial), parameters=parameters, kernel_name=kernel,
                progress_bar=sys.stderr.isatty(), cwd=str(self.book),
                kernel_manager_class=_ipc_kernel_manager())
        except PapermillExecutionError as err:
            raise NotebookFailed(
                f"notebook {where} failed in {failed_cell(partial, err.cell_index)}: "
                f"{err.ename}: {err.evalue}\n"
                f"The partly executed notebook is {partial}.") from None
        except DeadKernelError:
            raise NotebookFailed(
                f"notebook {where}: the kernel died (most often: out of memory)\n"
                f"The partly executed notebook is {partial}.") from None
        for cell in executed.cells:
            tags = cell.metadata.get("tags", [])
            if HIDDEN_TAGS & set(tags) and "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
        nbformat.write(executed, str(partial))
        os.replace(partial, output)

    def html(self, extra_args: list[str] = ()) -> None:
        """jupyter-book build, warnings as errors (broken references and glue keys fail)."""
        command = ["jupyter-book", "build", "-W", "-n", "--keep-going", *extra_args,
                   str(self.root)]
        self.log("$ " + " ".join(command))
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        with self.lock():
            if subprocess.run(command, cwd=self.root, env=env).returncode:
                raise NotebookFailed("jupyter-book build failed (see the warnings above)")


def tag_source_lines(notebook, source: Path) -> None:
    """Record in each cell's metadata the line of its ``# %%`` marker in the .py, so that a
    failure can name it; the cell's 1-based position when the markers don't match the cells
    (e.g. code before the first marker)."""
    lines = Path(source).read_text().splitlines()
    markers = [i for i, line in enumerate(lines, 1) if CELL_MARKER.match(line)]
    for position, cell in enumerate(notebook.cells, 1):
        if len(markers) == len(notebook.cells):
            cell.metadata["source_line"] = markers[position - 1]
        else:
            cell.metadata["source_cell"] = position


def failed_cell(partial: Path, cell_index: int) -> str:
    """Where the failing cell is in the .py. ``cell_index`` counts the executed notebook's
    cells (with papermill's injected-parameters cell) before papermill added its error
    banner cells to the file."""
    import nbformat
    cells = [c for c in nbformat.read(partial, as_version=4).cells
             if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    metadata = cells[cell_index].metadata if cell_index < len(cells) else {}
    if "source_line" in metadata:
        return f"the cell at line {metadata['source_line']}"
    if "source_cell" in metadata:
        return f"cell {metadata['source_cell']}"
    return f"cell {cell_index} of the executed notebook"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fmnist_lib.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="paper", help="quick, paper (default) or full")
    parser.add_argument("--seed", type=int, help="override the profile's seed")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="execute only this chapter: a number or name (03, 03_pca); "
                             "repeatable")
    parser.add_argument("--force", action="store_true", help="execute even if unchanged")
    parser.add_argument("--refit", action="store_true",
                        help="delete the memo cache _build/cache (every memoised fit, of all "
                             "chapters, runs again) and execute as with --force")
    parser.add_argument("--no-html", action="store_true", help="skip jupyter-book build")
    parser.add_argument("--pdf", action="store_true", help="also build the PDF (LaTeX)")
    parser.add_argument("--jobs", type=int, metavar="N",
                        help="worker processes (default: every core; $FMNIST_JOBS)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the parallel work on this Dask scheduler, e.g. "
                             "tcp://host:8786 ($FMNIST_DASK_SCHEDULER)")
    parser.add_argument("--device", choices=resources.DEVICES,
                        help="the CNN's device, and the boosting's with a CUDA build of xgboost (default auto: CUDA when "
                             "torch sees a GPU; $FMNIST_DEVICE)")
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT,
                        help="project folder holding notebooks/, book/ and _config.yml")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    parameters = {"profile": args.profile}
    if args.seed is not None:
        parameters["seed"] = args.seed
    for variable, value in (("FMNIST_JOBS", args.jobs), ("FMNIST_DASK_SCHEDULER", args.scheduler),
                            ("FMNIST_DEVICE", args.device)):
        if value is not None:
            os.environ[variable] = str(value)   # the chapters' kernels inherit it
    builder = Builder(args.root)
    start = time.perf_counter()
    try:
        check_parameters(parameters)
        # a bad setting stops here, not in every chapter
        resources.n_jobs(), resources.device(), resources.check_scheduler()
        with builder.lock():
            builder.execute(parameters, only=args.only, force=args.force, refit=args.refit)
            if args.pdf:   # first, so that the HTML pages can offer it
                builder.html(["--builder", "pdflatex"])
            if not args.no_html:
                builder.html()
    except (ValueError, NotebookFailed, BuildBusy) as err:
        print(f"error: {err}", file=sys.stderr, flush=True)
        return 1
    except Exception as err:  # e.g. DataError raised while fingerprinting
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr, flush=True)
        return 1
    say(f"build finished in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
