"""The book's Sphinx extension (`sphinx.extra_extensions` in _config.yml).

- `jupyter-book build .` stops at once when chapters have not been executed, or when an
  executed notebook is damaged (half-written, not JSON), instead of writing a book whose
  chapters are missing or dying on each rerun. The chapters are executed by `make book`
  (papermill, with the profile's parameters), which then runs `jupyter-book build` itself;
  Jupyter Book alone never executes them.
- Repository, issue and edit buttons on the published book only: the publishing workflow
  names the repository (``FMNIST_REPOSITORY_URL``, ``FMNIST_REPOSITORY_BRANCH``); a build
  told none, such as a local one, shows none.
- The substitution ``{{ pdf_download }}`` offers the PDF edition (`make pdf`) from the HTML
  pages when it is built and up to date, and says how to build it otherwise.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.errors import ExtensionError

PDF = Path("_build") / "latex" / "fmnist-book.pdf"


def missing_chapters(root: Path) -> list[str]:
    """Chapters with a source in notebooks/ but no executed notebook in book/."""
    root = Path(root)
    return sorted(p.stem for p in (root / "notebooks").glob("[0-9][0-9]_*.py")
                  if not (root / "book" / f"{p.stem}.ipynb").exists())


def damaged_chapters(root: Path) -> dict[str, str]:
    """Executed notebooks in book/ (of chapters in notebooks/) that are not notebooks: name →
    what is wrong. The build re-executes these; Sphinx would stop with a bare NotJSONError."""
    root = Path(root)
    damaged = {}
    for source in sorted((root / "notebooks").glob("[0-9][0-9]_*.py")):
        path = root / "book" / f"{source.stem}.ipynb"
        if not path.exists():
            continue
        try:
            notebook = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(notebook, dict) or "cells" not in notebook:
                raise ValueError("not a notebook")
        except (OSError, ValueError) as err:
            damaged[source.stem] = f"{type(err).__name__}: {err}"
    return damaged


def pdf_download(root: Path, builder: str) -> str:
    """MyST for the landing page: a download link to the PDF when it exists and is newer
    than every executed chapter; otherwise the command that builds it."""
    root = Path(root)
    if builder in ("latex", "pdflatex"):
        return "This is the PDF edition; the HTML edition is built by `make book`."
    pdf = root / PDF
    chapters = list((root / "book").glob("*.ipynb"))
    if pdf.exists() and all(pdf.stat().st_mtime >= c.stat().st_mtime for c in chapters):
        return f"The whole book is also a {{download}}`PDF <../{PDF.as_posix()}>`."
    return "`make pdf` builds the whole book as a PDF as well."


def _configure(app) -> None:
    # before MyST reads its configuration (priority < 500), once the builder is known
    app.config.myst_substitutions = {**app.config.myst_substitutions,
                                     "pdf_download": pdf_download(app.srcdir, app.builder.name)}


def _always_reread_landing_page(app, env, added, changed, removed) -> list[str]:
    # its substitution depends on files Sphinx does not track
    return ["book/intro"]


def _check(app) -> None:
    missing = missing_chapters(app.srcdir)
    if missing:
        raise ExtensionError(
            f"chapters not executed yet: {', '.join(missing)}. Run `make book` (or "
            f"`python -m fmnist_lib.build`): it executes the chapters and then builds the book.")
    damaged = damaged_chapters(app.srcdir)
    if damaged:
        raise ExtensionError(
            "executed chapters damaged: " + "; ".join(
                f"book/{name}.ipynb ({problem})" for name, problem in damaged.items())
            + ". Run `make book` (or `python -m fmnist_lib.build`): it executes them again "
              "and then builds the book.")


def repository_links(app, config) -> None:
    """The theme's repository, issue and edit buttons when the workflow names the repository
    (the edit address is _config.yml's ``edit_page_url_template``: a chapter opens its
    ``notebooks/NN_name.py``)."""
    url = os.environ.get("FMNIST_REPOSITORY_URL")
    if not url:
        return
    config.html_theme_options = {
        **config.html_theme_options, "repository_url": url,
        "repository_branch": os.environ.get("FMNIST_REPOSITORY_BRANCH") or "main",
        "path_to_docs": "", "use_repository_button": True, "use_issues_button": True,
        "use_edit_page_button": True}


def setup(app):
    app.connect("config-inited", repository_links)
    app.connect("builder-inited", _configure, priority=100)
    app.connect("builder-inited", _check)
    app.connect("env-get-outdated", _always_reread_landing_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
