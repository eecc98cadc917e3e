"""Build the book: jupytext → papermill (profile parameters) → book/ → jupyter-book.

    python -m fmnist_lib.build [--profile quick|paper|full] [--only NAME] [--force] [--no-html]

A chapter whose source, parameters, fmnist_lib code and data are unchanged is not
executed again. Each run is recorded in ``_build/manifest.json``. A failing notebook
stops the build with exit status 1, naming the notebook and the failing cell; chapters
executed before stay intact (outputs are written to a temporary file and moved into
``book/`` only on success).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .data import data_fingerprint
from .profiles import check_parameters
from .results import PROJECT_ROOT

HIDDEN_TAGS = {"parameters", "injected-parameters"}


class NotebookFailed(RuntimeError):
    pass


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


class Builder:
    def __init__(self, root: Path = PROJECT_ROOT, library_dir: Path | None = None,
                 log=print):
        self.root = Path(root)
        self.notebooks = self.root / "notebooks"
        self.book = self.root / "book"
        self.build = self.root / "_build"
        self.library_dir = Path(library_dir or Path(__file__).parent)
        self.manifest_path = self.build / "manifest.json"
        self.log = log

    def chapters(self) -> list[str]:
        return sorted(p.stem for p in self.notebooks.glob("[0-9][0-9]_*.py"))

    def manifest(self) -> dict:
        if self.manifest_path.exists():
            return json.loads(self.manifest_path.read_text())
        return {}

    def _save_manifest(self, manifest: dict) -> None:
        self.build.mkdir(parents=True, exist_ok=True)
        self.manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))

    def execute(self, parameters: dict, only: list[str] | None = None,
                force: bool = False) -> dict:
        """Execute the chosen chapters (all by default); returns the manifest."""
        check_parameters(parameters)
        names = self.chapters()
        for name in only or []:
            if name not in names:
                raise ValueError(f"no notebook {name!r} in {self.notebooks}; "
                                 f"chapters are {', '.join(names)}")
        todo = only or names
        library_hash, data_id = tree_hash(self.library_dir), data_fingerprint()
        manifest = self.manifest()
        os.environ["FMNIST_BUILD_DIR"] = str(self.build)
        # Progress bars belong on a reader's screen, not in the executed book.
        os.environ["TQDM_DISABLE"] = "1"
        for i, name in enumerate(todo, 1):
            source = self.notebooks / f"{name}.py"
            output = self.book / f"{name}.ipynb"
            key = notebook_key(source, parameters, library_hash, data_id,
                               self._upstream_results(name))
            previous = manifest.get(name, {})
            if not force and previous.get("key") == key and output.exists():
                self.log(f"[{i}/{len(todo)}] {name}: unchanged, cache hit "
                         f"(executed before in {previous['seconds']:.1f} s)")
                manifest[name] = {**previous, "cache_hit": True}
                self._save_manifest(manifest)
                continue
            self.log(f"[{i}/{len(todo)}] {name}: executing with {parameters} ...")
            start = time.perf_counter()
            self._run_notebook(source, output, parameters)
            seconds = time.perf_counter() - start
            self.log(f"[{i}/{len(todo)}] {name}: done in {seconds:.1f} s")
            manifest[name] = {"profile": parameters.get("profile", "paper"),
                              "parameters": parameters, "seconds": round(seconds, 2),
                              "cache_hit": False, "key": key,
                              "finished": time.strftime("%Y-%m-%dT%H:%M:%S")}
            self._save_manifest(manifest)
        return manifest

    def _upstream_results(self, name: str) -> str:
        """Earlier chapters' results files: later chapters read them, so they are inputs."""
        h = hashlib.sha256()
        for path in sorted((self.build / "results").glob("*.json")):
            if path.stem < name:
                h.update(path.name.encode() + path.read_bytes())
        return h.hexdigest()

    def _run_notebook(self, source: Path, output: Path, parameters: dict) -> None:
        import jupytext
        import nbformat
        import papermill
        from papermill.exceptions import PapermillExecutionError

        notebook = jupytext.read(source)
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = self.build / "failed" / output.name
        partial.parent.mkdir(parents=True, exist_ok=True)
        try:
            executed = papermill.execute_notebook(
                notebook, str(partial), parameters=parameters, kernel_name="python3",
                progress_bar=sys.stderr.isatty(), cwd=str(self.book))
        except PapermillExecutionError as err:
            raise NotebookFailed(
                f"notebook {source.name} failed in cell {err.cell_index} "
                f"(In [{err.exec_count}]): {err.ename}: {err.evalue}\n"
                f"The partly executed notebook is {partial}.") from None
        for cell in executed.cells:
            # stderr (progress bars, library warnings) is for the person running the
            # notebook, not for the book's reader
            if cell.cell_type == "code":
                cell.outputs = [o for o in cell.outputs
                                if not (o.output_type == "stream" and o.name == "stderr")]
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
        if subprocess.run(command, cwd=self.root, env=env).returncode:
            raise NotebookFailed("jupyter-book build failed (see the warnings above)")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fmnist_lib.build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profile", default="paper", help="quick, paper (default) or full")
    parser.add_argument("--seed", type=int, help="override the profile's seed")
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="execute only this chapter (e.g. 01_data); repeatable")
    parser.add_argument("--force", action="store_true", help="execute even if unchanged")
    parser.add_argument("--no-html", action="store_true", help="skip jupyter-book build")
    parser.add_argument("--pdf", action="store_true", help="also build the PDF (LaTeX)")
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT,
                        help="project folder holding notebooks/, book/ and _config.yml")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    parameters = {"profile": args.profile}
    if args.seed is not None:
        parameters["seed"] = args.seed
    builder = Builder(args.root)
    start = time.perf_counter()
    try:
        check_parameters(parameters)
        builder.execute(parameters, only=args.only, force=args.force)
        if not args.no_html:
            builder.html()
        if args.pdf:
            builder.html(["--builder", "pdflatex"])
    except (ValueError, NotebookFailed) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # e.g. DataError raised while fingerprinting
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    print(f"build finished in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
