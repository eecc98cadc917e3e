"""A Sphinx extension: `jupyter-book build .` stops at once when chapters have not been
executed, instead of writing a book whose chapters are missing.

The chapters are executed by `make book` (papermill, with the profile's parameters), which
then runs `jupyter-book build` itself; Jupyter Book alone never executes them."""
from __future__ import annotations

from pathlib import Path

from sphinx.errors import ExtensionError


def missing_chapters(root: Path) -> list[str]:
    """Chapters with a source in notebooks/ but no executed notebook in book/."""
    root = Path(root)
    return sorted(p.stem for p in (root / "notebooks").glob("[0-9][0-9]_*.py")
                  if not (root / "book" / f"{p.stem}.ipynb").exists())


def _check(app) -> None:
    missing = missing_chapters(app.srcdir)
    if missing:
        raise ExtensionError(
            f"chapters not executed yet: {', '.join(missing)}. Run `make book` (or "
            f"`python -m fmnist_lib.build`): it executes the chapters and then builds the book.")


def setup(app):
    app.connect("builder-inited", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
