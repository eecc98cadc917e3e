"""A quick-profile build of the whole real book, in a copy of the project."""
import re

import pytest
from conftest import chapter_files

from fmnist_lib.runtime.memo import PROJECT_ROOT

pytestmark = pytest.mark.book


def test_every_notebook_is_in_the_toc():
    notebooks = {p.stem for p in (PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.py")}
    assert notebooks and notebooks <= {f.split("/")[-1] for f in chapter_files()}


@pytest.mark.parametrize("chapter", chapter_files())
def test_chapter_page_exists_and_shows_its_figures(built_book, chapter):
    page = built_book / "_build" / "html" / f"{chapter}.html"
    assert page.exists(), f"{page} was not built"
    html = page.read_text()
    if (PROJECT_ROOT / "notebooks" / f"{chapter.split('/')[-1]}.py").exists():
        images = re.findall(r'<img[^>]+src="([^"]+)"', html)
        assert images, f"{chapter} shows no figure"
        for src in images:
            assert (page.parent / src).resolve().exists(), f"{chapter}: missing image {src}"
        assert "quick" in html  # the profile banner
    assert "Traceback" not in html, f"{chapter} shows an error traceback"


def test_results_files_written(built_book):
    for chapter in chapter_files():
        name = chapter.split("/")[-1]
        if (PROJECT_ROOT / "notebooks" / f"{name}.py").exists():
            assert (built_book / "_build" / "results" / f"{name}.json").exists()
