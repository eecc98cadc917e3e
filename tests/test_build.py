"""fmnist_lib.build on tiny notebooks: skip when unchanged, re-run on change, failures."""
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time

import nbformat
import numpy as np
import pytest
import yaml
from conftest import copy_project, make_project, small_notebook, tiny_book_config

from fmnist_lib.build.chapters import Inputs
from fmnist_lib.build.driver import (
    KERNEL_DISPLAY_NAME,
    KERNEL_NAME,
    BuildBusy,
    Builder,
    NotebookFailed,
    ensure_kernel,
)
from fmnist_lib.compute import profiles
from fmnist_lib.compute.data import DEBIAN_DIR
from fmnist_lib.runtime.memo import PROJECT_ROOT

TINY = '''# %% [markdown]
# # Tiny

# %% tags=["parameters"]
profile = "paper"
seed = 0

# %%
from fmnist_lib.compute.profiles import get_profile
from fmnist_lib.build.results import record_results
settings = get_profile(profile, seed)
record_results("01_tiny", {"profile": settings.name, "n_train": settings.n_train})

# %%
import sys
print("for the", "terminal", file=sys.stderr)
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
    assert sorted(o.name for o in streams) == ["stderr", "stdout"]  # the page drops stderr
    assert any("kept" in o.text for o in streams)
    assert executed.metadata.kernelspec.name == "fmnist-book"

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


def test_failure_names_notebook_and_line_and_keeps_previous_output(tiny):
    builder, _ = tiny
    builder.execute({"profile": "quick"})
    good = (builder.book / "01_tiny.ipynb").read_bytes()
    source = builder.notebooks / "01_tiny.py"
    source.write_text(source.read_text() + "\n# %%\nraise ValueError('boom in cell')\n\n"
                      "# %%\nprint('never reached')\n")
    line = source.read_text().splitlines().index("raise ValueError('boom in cell')") + 1
    with pytest.raises(NotebookFailed, match=rf"^notebook notebooks/01_tiny.py failed at line "
                                             rf"{line} \(the cell at line {line - 1}\): "
                                             rf"ValueError: boom in cell\n"):
        builder.execute({"profile": "quick"})
    assert (builder.book / "01_tiny.ipynb").read_bytes() == good


def test_failure_without_matching_markers_names_the_cell(tiny):
    # code before the first marker makes a cell without a marker: no line to name
    builder, _ = tiny
    (builder.notebooks / "01_tiny.py").write_text("x = 1\n\n# %%\n1 / 0\n")
    with pytest.raises(NotebookFailed, match=r"01_tiny.py failed in cell 2, its line 1: "
                                             r"ZeroDivisionError"):
        builder.execute({"profile": "quick"})


def test_dead_kernel_is_a_clear_failure(tiny):
    builder, _ = tiny
    (builder.notebooks / "01_tiny.py").write_text("# %%\nimport os\nos.kill(os.getpid(), 9)\n")
    with pytest.raises(NotebookFailed, match=r"01_tiny.py: the kernel died"):
        builder.execute({"profile": "quick"})
    assert not (builder.book / "01_tiny.ipynb").exists()


def test_kernel_is_installed_in_the_environment_running_this_python(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    spec = tmp_path / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"
    assert ensure_kernel() == KERNEL_NAME
    installed = json.loads(spec.read_text())
    assert installed["argv"][0] == sys.executable
    assert installed["display_name"] == KERNEL_DISPLAY_NAME
    # a spec left by another environment's Python is replaced
    other_python = ["/elsewhere/python", *installed["argv"][1:]]
    spec.write_text(json.dumps({**installed, "argv": other_python}))
    ensure_kernel()
    assert json.loads(spec.read_text())["argv"][0] == sys.executable


def test_unknown_profile_parameter_or_chapter_is_a_clear_error(tiny):
    builder, _ = tiny
    with pytest.raises(ValueError,
                       match="unknown profile 'fast'; choose one of quick, paper, full"):
        builder.execute({"profile": "fast"})
    with pytest.raises(ValueError, match="unknown parameter.* n_trees"):
        builder.execute({"profile": "quick", "n_trees": 3})
    with pytest.raises(ValueError, match="no notebook '02_x'.*chapters are 01_tiny"):
        builder.execute({"profile": "quick"}, only=["02_x"])
    (builder.notebooks / "02_other.py").write_text("# %%\n1\n")
    with pytest.raises(ValueError, match=r"'0' matches several chapters \(01_tiny, 02_other\); "
                                         r"chapters are 01_tiny, 02_other"):
        builder.execute({"profile": "quick"}, only=["0"])


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
                         env={**os.environ, "FMNIST_DATA_DIR": str(data_dir)})
    assert run.returncode == 1
    assert "01_data.py failed" in run.stderr
    assert "train-labels-idx1-ubyte" in run.stderr and "truncated" in run.stderr
    assert not (root / "book" / "01_data.ipynb").exists()


project = make_project


def test_downstream_reruns_only_when_declared_inputs_change(tmp_path):
    builder, _ = project(tmp_path, {"02_b": "print('b')"},
                         {"02_b": Inputs(results={"01_a": ("x",)},
                                         artifacts=("01_a/file.npz",))})
    results = builder.build / "results" / "01_a.json"
    artifact = builder.build / "artifacts" / "01_a" / "file.npz"
    results.parent.mkdir(parents=True)
    artifact.parent.mkdir(parents=True)

    def upstream_writes(x, seconds, predictions):   # as a re-run of 01_a would
        results.write_text(json.dumps({"x": x, "seconds": seconds}))
        np.savez(artifact, model=np.array(predictions))

    def executed():
        return not builder.execute({"profile": "quick"})["02_b"]["cache_hit"]

    upstream_writes(1, 10.0, [0, 1])
    assert executed()
    upstream_writes(1, 12.5, [0, 1])     # an undeclared value (a timing) changed
    assert not executed()
    upstream_writes(2, 12.5, [0, 1])     # a declared value changed
    assert executed()
    upstream_writes(2, 12.5, [1, 1])     # a declared artifact changed
    assert executed()
    assert not executed()


def test_only_takes_a_number_and_names_the_chapters_now_stale(tmp_path):
    record = "from fmnist_lib.build.results import record_results\nrecord_results({!r}, {!r})"
    builder, log = project(
        tmp_path,
        {"01_a": record.format("01_a", {"x": 1}), "02_b": record.format("02_b", {"y": 1}),
         "03_c": "print('c')", "04_d": "print('d')"},
        {"02_b": Inputs(results={"01_a": ("x",)}), "03_c": Inputs(results={"02_b": ("y",)}),
         "04_d": Inputs()})
    builder.execute({"profile": "quick"})
    log.clear()
    builder.execute({"profile": "quick"}, only=["01"], force=True)   # same values: nothing stale
    assert not any("stale" in line for line in log)
    source = builder.notebooks / "01_a.py"
    source.write_text(source.read_text().replace("'x': 1", "'x': 2"))
    manifest = builder.execute({"profile": "quick"}, only=["01"])
    assert manifest["01_a"]["cache_hit"] is False
    # 03_c reads only 02_b, which has not re-run yet: stale through 02_b
    assert log[-1] == "now stale: 02_b, 03_c (run `make book` to bring them up to date)"


def test_refit_deletes_the_memo_cache_and_executes(tmp_path):
    builder, log = project(tmp_path, {"01_m": (
        "from fmnist_lib.runtime.memo import memory\n"
        "def square(x):\n    return x * x\n"
        "print(memory().cache(square)(3))")})
    builder.execute({"profile": "quick"})
    marker = builder.build / "cache" / "old-fit"
    marker.write_text("stale")
    assert builder.execute({"profile": "quick"})["01_m"]["cache_hit"] is True
    manifest = builder.execute({"profile": "quick"}, refit=True)
    assert manifest["01_m"]["cache_hit"] is False
    assert not marker.exists() and (builder.build / "cache").is_dir()   # recreated by the fit
    assert any("removed the memo cache" in line for line in log)


def test_progress_lines_and_heartbeat_reach_the_log_not_the_book(tmp_path):
    builder, log = project(tmp_path, {"01_p": (
        "import time\nfrom fmnist_lib.runtime.progress import report\n"
        "report('step one')\ntime.sleep(3)\nreport('step two')")})
    builder.heartbeat_seconds = 1
    builder.execute({"profile": "quick"})
    assert [line for line in log if re.fullmatch(r"\[01_p \d+:\d\d\] step one", line)]
    heartbeat = r"\[01_p \d+:\d\d\] still running \(last step: step one\)"
    assert [line for line in log if re.fullmatch(heartbeat, line)]
    assert any(line.endswith("] step two") for line in log)
    executed = nbformat.read(builder.book / "01_p.ipynb", as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs]
    assert "step one" not in json.dumps(outputs)
    assert (builder.build / "progress" / "01_p.log").read_text() == "step one\nstep two\n"
    assert "FMNIST_PROGRESS" not in os.environ   # only set while the build runs


def test_a_second_build_in_the_same_folder_stops_at_once(tiny):
    builder, _ = tiny
    other = Builder(builder.root, library_dir=builder.library_dir)
    with other.lock():
        root = re.escape(str(builder.root))
        with pytest.raises(BuildBusy, match=rf"another build is running in {root} "
                                            rf"\(pid {os.getpid()}, started \d\d:\d\d:\d\d\); "
                                            rf"wait for it or stop it"):
            builder.execute({"profile": "quick"})
        run = subprocess.run([sys.executable, "-m", "fmnist_lib.build", "--profile", "quick",
                              "--no-html", "--root", str(builder.root)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 1 and "another build is running" in run.stderr
    assert not builder.book.exists()
    builder.execute({"profile": "quick"})   # the lock is free again


def test_killed_build_resumes_and_leaves_no_half_written_notebook(tmp_path):
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "01_a.py").write_text(small_notebook("print('a')"))
    (root / "notebooks" / "02_slow.py").write_text(small_notebook(
        "import os, time\nfrom fmnist_lib.runtime.progress import report\nreport('sleeping')\n"
        "time.sleep(float(os.environ.get('TINY_SLEEP', '0')))"))
    command = [sys.executable, "-m", "fmnist_lib.build", "--profile", "quick", "--no-html",
               "--root", str(root)]
    build = subprocess.Popen(command, env={**os.environ, "TINY_SLEEP": "120"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    progress = root / "_build" / "progress" / "02_slow.log"
    deadline = time.monotonic() + 120
    while not (progress.exists() and "sleeping" in progress.read_text()):
        assert build.poll() is None and time.monotonic() < deadline, "never reached the sleep"
        time.sleep(0.2)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    assert sorted(p.name for p in (root / "book").iterdir()) == ["01_a.ipynb"]

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    manifest = json.loads((root / "_build" / "manifest.json").read_text())
    assert manifest["01_a"]["cache_hit"] is True and manifest["02_slow"]["cache_hit"] is False
    assert sorted(p.name for p in (root / "book").iterdir()) == ["01_a.ipynb", "02_slow.ipynb"]


def test_stderr_stays_in_the_notebook_and_off_the_page(tiny):
    # myst-nb's nb_output_stderr (set in the book's _config.yml) drops it from the page
    builder, _ = tiny
    builder.execute({"profile": "quick"})
    tiny_book_config(builder.root, "book/01_tiny")
    builder.html()
    page = (builder.root / "_build" / "html" / "book" / "01_tiny.html").read_text()
    assert "kept" in page and "for the terminal" not in page
