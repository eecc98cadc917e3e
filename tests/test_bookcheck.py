"""fmnist_lib.bookcheck: `jupyter-book build .` on unexecuted chapters stops and says why."""
import pytest
from sphinx.errors import ExtensionError

from fmnist_lib import bookcheck


def test_missing_chapters_are_named_and_stop_the_build(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book").mkdir()
    for name in ("01_a", "02_b"):
        (tmp_path / "notebooks" / f"{name}.py").write_text("# %%\n")
    (tmp_path / "book" / "01_a.ipynb").write_text("{}")
    assert bookcheck.missing_chapters(tmp_path) == ["02_b"]

    class App:
        srcdir = tmp_path

    with pytest.raises(ExtensionError, match=r"not executed yet: 02_b\. Run `make book`"):
        bookcheck._check(App)
    (tmp_path / "book" / "02_b.ipynb").write_text("{}")
    bookcheck._check(App)   # everything executed: no complaint
