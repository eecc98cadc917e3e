"""fmnist_lib.build.bookcheck: `jupyter-book build .` on unexecuted chapters stops and says why."""
import pytest
from sphinx.errors import ExtensionError

from fmnist_lib.build import bookcheck


def test_missing_chapters_are_named_and_stop_the_build(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book").mkdir()
    for name in ("01_a", "02_b"):
        (tmp_path / "notebooks" / f"{name}.py").write_text("# %%\n")
    (tmp_path / "book" / "01_a.ipynb").write_text('{"cells": []}')
    assert bookcheck.missing_chapters(tmp_path) == ["02_b"]

    class App:
        srcdir = tmp_path

    with pytest.raises(ExtensionError, match=r"not executed yet: 02_b\. Run `make book`"):
        bookcheck._check(App)
    (tmp_path / "book" / "02_b.ipynb").write_text('{"cells": []}')
    bookcheck._check(App)   # everything executed: no complaint


def test_pdf_is_offered_only_when_built_and_up_to_date(tmp_path):
    import os

    from fmnist_lib.build.bookcheck import PDF, pdf_download
    (tmp_path / "book").mkdir()
    chapter = tmp_path / "book" / "01_data.ipynb"
    chapter.write_text("{}")
    assert "make pdf" in pdf_download(tmp_path, "html")          # not built
    pdf = tmp_path / PDF
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF")
    os.utime(chapter, (pdf.stat().st_mtime + 10,) * 2)
    assert "make pdf" in pdf_download(tmp_path, "html")          # older than a chapter
    os.utime(pdf, (chapter.stat().st_mtime + 10,) * 2)
    assert pdf_download(tmp_path, "html") == \
        "The whole book is also a {download}`PDF <../_build/latex/fmnist-book.pdf>`."
    assert "PDF edition" in pdf_download(tmp_path, "latex")


def test_a_damaged_executed_notebook_stops_sphinx_with_the_fix(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book").mkdir()
    for name in ("01_a", "02_b"):
        (tmp_path / "notebooks" / f"{name}.py").write_text("# %%\n")
    (tmp_path / "book" / "01_a.ipynb").write_text('{"cells": [], "metadata": {}}')
    (tmp_path / "book" / "02_b.ipynb").write_text('{"cells": [{"cell_type": "mark')  # half-written
    assert list(bookcheck.damaged_chapters(tmp_path)) == ["02_b"]

    class App:
        srcdir = tmp_path

    with pytest.raises(ExtensionError) as err:
        bookcheck._check(App)
    assert str(err.value) == (
        "executed chapters damaged: book/02_b.ipynb (JSONDecodeError: Unterminated string "
        "starting at: line 1 column 26 (char 25)). Run `make book` (or `python -m "
        "fmnist_lib.build`): it executes them again and then builds the book.")
