"""Repository links on the published book only: a build told the repository
(FMNIST_REPOSITORY_URL, which .github/workflows/publish.yml sets from its own run) has
repository, issue and edit buttons, the edit button of a chapter opening its source
notebooks/NN_name.py; a build told nothing (a reader's, CI's here) has none. A one-chapter
book with the real _config.yml, built as the driver builds it."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fmnist_lib.runtime.memo import PROJECT_ROOT

REPOSITORY = "https://github.com/someone/fmnist-book"
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"


def tiny_book(root: Path) -> Path:
    shutil.copy(PROJECT_ROOT / "_config.yml", root)
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/intro\n"
                                   "chapters:\n  - file: book/01_probe\n")
    (root / "book").mkdir()
    shutil.copy(PROJECT_ROOT / "book" / "references.bib", root / "book")
    if (PROJECT_ROOT / "book" / "_static").is_dir():
        shutil.copytree(PROJECT_ROOT / "book" / "_static", root / "book" / "_static")
    (root / "book" / "intro.md").write_text("# A probe\n\nThe landing page.\n")
    (root / "notebooks").mkdir()
    (root / "notebooks" / "01_probe.py").write_text("# %% [markdown]\n# # A chapter\n")
    notebook = {"nbformat": 4, "nbformat_minor": 5, "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# A chapter"}],
        "metadata": {"language_info": {"name": "python"}}}
    (root / "book" / "01_probe.ipynb").write_text(json.dumps(notebook))
    return root


def build(root: Path, **env) -> Path:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FMNIST_REPOSITORY")}
    environment["PATH"] = f"{Path(sys.executable).parent}:{environment['PATH']}"
    result = subprocess.run([str(JUPYTER_BOOK), "build", "-W", "-n", "--keep-going", str(root)],
                            cwd=root, env={**environment, **env}, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root / "_build" / "html"


def links(html: Path, page: str) -> set[str]:
    return set(re.findall(r'href="(https://github\.com/[^"]*)"', (html / page).read_text()))


@pytest.fixture(scope="module")
def local_build(tmp_path_factory):
    return build(tiny_book(tmp_path_factory.mktemp("local")))


@pytest.fixture(scope="module")
def published_build(tmp_path_factory):
    return build(tiny_book(tmp_path_factory.mktemp("published")),
                 FMNIST_REPOSITORY_URL=REPOSITORY, FMNIST_REPOSITORY_BRANCH="main")


def test_a_local_build_shows_no_repository_links(local_build):
    for page in ("book/intro.html", "book/01_probe.html"):
        assert links(local_build, page) == set(), page


def test_the_published_book_links_its_repository_and_edits_the_sources(published_build):
    chapter = links(published_build, "book/01_probe.html")
    assert REPOSITORY in chapter
    assert f"{REPOSITORY}/edit/main/notebooks/01_probe.py" in chapter
    assert any(link.startswith(f"{REPOSITORY}/issues/new") for link in chapter)
    assert f"{REPOSITORY}/edit/main/book/intro.md" in links(published_build, "book/intro.html")
