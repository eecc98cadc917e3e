"""fmnist_lib.build on tiny notebooks: skip when unchanged, re-run on change, failures."""
import gzip
import json
import subprocess
import sys

import nbformat
import pytest
from conftest import copy_project

from fmnist_lib import profiles
from fmnist_lib.build import Builder, NotebookFailed
from fmnist_lib.data import DEBIAN_DIR

TINY = '''# %% [markdown]
# # Tiny

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %%
from fmnist_lib.profiles import get_profile
from fmnist_lib.results import record_results
settings = get_profile(profile, seed)
record_results("01_tiny", {"profile": settings.name, "n_train": settings.n_train})

# %%
import sys
print("progress bar", file=sys.stderr)
print("kept")
'''


@pytest.fixture
def tiny(tmp_path):
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "01_tiny.py").write_text(TINY)
    library = tmp_path / "lib"
    library.mkdir()
    (library / "helper.py").write_text("X = 1\n")
    log = []
    return Builder(root, library_dir=library, log=log.append), log


def test_executes_then_skips_when_unchanged(tiny):
    builder, log = tiny
    manifest = builder.execute({"profile": "quick"})
    entry = manifest["01_tiny"]
    assert entry["cache_hit"] is False and entry["profile"] == "quick"
    assert entry["parameters"] == {"profile": "quick"} and entry["seconds"] > 0
    results = json.loads((builder.build / "results" / "01_tiny.json").read_text())
    assert results == {"profile": "quick", "n_train": profiles.PROFILES["quick"].n_train}
    executed = nbformat.read(builder.book / "01_tiny.ipynb", as_version=4)
    hidden = [c for c in executed.cells if "remove-cell" in c.metadata.get("tags", [])]
    assert {t for c in hidden for t in c.metadata.tags} >= {"parameters", "injected-parameters"}
    streams = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs
               if o.output_type == "stream"]
    assert [o.name for o in streams] == ["stdout"] and "kept" in streams[0].text

    manifest = builder.execute({"profile": "quick"})
    assert manifest["01_tiny"]["cache_hit"] is True
    assert "cache hit" in log[-1]
    assert json.loads(builder.manifest_path.read_text())["01_tiny"]["cache_hit"] is True
    assert builder.execute({"profile": "quick"}, force=True)["01_tiny"]["cache_hit"] is False


def test_reruns_when_parameter_source_or_library_changes(tiny):
    builder, _ = tiny
    builder.execute({"profile": "quick"})
    assert builder.execute({"profile": "paper"})["01_tiny"]["cache_hit"] is False
    assert builder.execute({"profile": "paper"})["01_tiny"]["cache_hit"] is True
    (builder.library_dir / "helper.py").write_text("X = 2\n")
    assert builder.execute({"profile": "paper"})["01_tiny"]["cache_hit"] is False
    source = builder.notebooks / "01_tiny.py"
    source.write_text(source.read_text() + "\n# %%\n1 + 1\n")
    assert builder.execute({"profile": "paper"})["01_tiny"]["cache_hit"] is False


def test_failure_names_notebook_and_cell_and_keeps_previous_output(tiny):
    builder, _ = tiny
    builder.execute({"profile": "quick"})
    good = (builder.book / "01_tiny.ipynb").read_bytes()
    source = builder.notebooks / "01_tiny.py"
    source.write_text(source.read_text() + "\n# %%\nraise ValueError('boom in cell')\n")
    with pytest.raises(NotebookFailed, match=r"01_tiny.py failed in cell \d+ .*ValueError: boom"):
        builder.execute({"profile": "quick"})
    assert (builder.book / "01_tiny.ipynb").read_bytes() == good


def test_unknown_profile_parameter_or_chapter_is_a_clear_error(tiny):
    builder, _ = tiny
    with pytest.raises(ValueError, match="unknown profile 'fast'; choose one of quick, paper, full"):
        builder.execute({"profile": "fast"})
    with pytest.raises(ValueError, match="unknown parameter.* n_trees"):
        builder.execute({"profile": "quick", "n_trees": 3})
    with pytest.raises(ValueError, match="no notebook '02_x'"):
        builder.execute({"profile": "quick"}, only=["02_x"])


def test_cli_rejects_unknown_profile():
    run = subprocess.run([sys.executable, "-m", "fmnist_lib.build", "--profile", "fast",
                          "--no-html"], capture_output=True, text=True)
    assert run.returncode == 1 and "unknown profile 'fast'" in run.stderr


@pytest.mark.skipif(not DEBIAN_DIR.exists(), reason="needs the Debian data package")
def test_cli_fails_on_truncated_data_naming_the_file(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for source in DEBIAN_DIR.glob("*.gz"):
        (data_dir / source.name).symlink_to(source)
    labels = data_dir / "train-labels-idx1-ubyte.gz"
    payload = gzip.decompress(labels.read_bytes())
    labels.unlink()
    (data_dir / "train-labels-idx1-ubyte").write_bytes(payload[:30_000])
    (data_dir / "train-labels-idx1-ubyte.gz").unlink(missing_ok=True)
    root = copy_project(tmp_path / "proj")
    run = subprocess.run([sys.executable, "-m", "fmnist_lib.build", "--profile", "quick",
                          "--only", "01_data", "--no-html", "--root", str(root)],
                         capture_output=True, text=True,
                         env={**__import__("os").environ, "FMNIST_DATA_DIR": str(data_dir)})
    assert run.returncode == 1
    assert "01_data.py failed" in run.stderr
    assert "train-labels-idx1-ubyte" in run.stderr and "truncated" in run.stderr
    assert not (root / "book" / "01_data.ipynb").exists()
