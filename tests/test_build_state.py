"""The build checks its own state instead of trusting it (fmnist_lib.build.driver): damaged
outputs are executed again, an unreadable manifest is set aside, moves work across
filesystems, interrupts and kills leave nothing running, arguments are checked before any
work, failures are named by their .py line; and the memo folders of superseded code are
pruned. Each on hand-made state in a temporary folder, with tiny notebooks."""
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time

import nbformat
import numpy as np
import psutil
import pytest
import yaml
from conftest import fill, make_project, small_notebook, tiny_book_config, write_dataset

from fmnist_lib.build import driver
from fmnist_lib.build.chapters import Inputs
from fmnist_lib.build.driver import Builder, BuildStateError, NotebookFailed
from fmnist_lib.build.results import WriteError
from fmnist_lib.runtime import memo
from fmnist_lib.runtime.memo import PROJECT_ROOT

BUILD = [sys.executable, "-m", "fmnist_lib.build"]
WRITES = ("from fmnist_lib.build.results import record_results, save_artifact\n"
          "import numpy as np\n"
          "record_results('01_a', {'x': 1})\n"
          "save_artifact('01_a', 'p.npz', {'m': np.arange(3)})")


def cli(*args, env=None, **kwargs):
    return subprocess.run([*BUILD, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "FMNIST_DEVICE": "cpu", **(env or {})}, **kwargs)


# --- 1. state is checked, not trusted -----------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project of one chapter that wrote a results file and an artifact, executed once."""
    builder, _ = make_project(tmp_path_factory.mktemp("built"), {"01_a": WRITES})
    builder.execute({"profile": "quick"})
    return builder.root.parent


@pytest.fixture
def copy_of_built(built, tmp_path):
    shutil.copytree(built, tmp_path / "copy", symlinks=True)
    log = []
    builder = Builder(tmp_path / "copy" / "proj", library_dir=tmp_path / "copy" / "lib",
                      log=log.append, reads={})
    return builder, log


def truncate(path, size):
    with open(path, "r+b") as stream:
        stream.truncate(size)


@pytest.mark.parametrize("damage, reason", [
    (lambda b: (b.build / "results" / "01_a.json").unlink(),
     r"results file _build/results/01_a\.json missing"),
    (lambda b: truncate(b.build / "results" / "01_a.json", 5),
     r"results file _build/results/01_a\.json unreadable \(JSONDecodeError: .*\)"),
    (lambda b: truncate(b.build / "artifacts" / "01_a" / "p.npz", 100),
     r"artifact _build/artifacts/01_a/p\.npz unreadable \(BadZipFile: File is not a zip file\)"),
    (lambda b: truncate(b.book / "01_a.ipynb", 300),
     r"executed notebook book/01_a\.ipynb unreadable \(NotJSONError\)"),
    (lambda b: (b.book / "01_a.ipynb").unlink(), r"executed notebook book/01_a\.ipynb missing"),
], ids=["results-missing", "results-truncated", "artifact-truncated", "notebook-half-written",
        "notebook-missing"])
def test_a_damaged_output_is_executed_again_and_the_build_says_why(copy_of_built, damage, reason):
    builder, log = copy_of_built
    assert builder.execute({"profile": "quick"})["01_a"]["cache_hit"] is True   # intact
    damage(builder)
    log.clear()
    manifest = builder.execute({"profile": "quick"})
    assert manifest["01_a"]["cache_hit"] is False
    assert re.fullmatch(rf"\[1/1\] 01_a: {reason}: re-executing 01_a", log[0]), log[0]
    assert json.loads((builder.build / "results" / "01_a.json").read_text()) == {"x": 1}
    with np.load(builder.build / "artifacts" / "01_a" / "p.npz") as arrays:
        assert arrays["m"].tolist() == [0, 1, 2]
    nbformat.validate(nbformat.read(builder.book / "01_a.ipynb", as_version=4))
    assert builder.execute({"profile": "quick"})["01_a"]["cache_hit"] is True


def test_the_outputs_a_chapter_wrote_are_recorded(copy_of_built):
    builder, _ = copy_of_built
    entry = json.loads(builder.manifest_path.read_text())["01_a"]
    assert entry["outputs"] == ["artifacts/01_a/p.npz", "results/01_a.json"]
    record = nbformat.read(builder.book / "01_a.ipynb", as_version=4).metadata["fmnist_build"]
    assert record["key"] == entry["key"] and record["outputs"] == entry["outputs"]


@pytest.mark.parametrize("content", ["", '{"01_a": {"key": ', "[]"], ids=["empty", "cut", "list"])
def test_an_unreadable_manifest_is_set_aside_and_rebuilt_from_the_book(copy_of_built, content):
    builder, log = copy_of_built
    builder.manifest_path.write_text(content)
    log.clear()
    for force in (False, True):   # --force was blocked too
        manifest = builder.execute({"profile": "quick"}, force=force)
        assert manifest["01_a"]["cache_hit"] is not force   # the book's record: a cache hit
    asides = sorted(builder.build.glob("manifest.broken-*.json"))
    assert len(asides) == 1 and asides[0].read_text() == content
    assert re.fullmatch(r"warning: _build/manifest\.json is unreadable \(.+\); set aside as "
                        rf"_build/{re.escape(asides[0].name)} and rebuilt from the executed "
                        r"chapters in book/ \(01_a\)", log[0]), log[0]
    assert json.loads(builder.manifest_path.read_text())["01_a"]["cache_hit"] is False


def test_a_damaged_input_of_an_only_chapter_names_the_file_and_a_command_that_repairs_it(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    builder, _ = make_project(tmp_path, {"01_a": WRITES, "02_b": "print('b')"},
                              {"02_b": Inputs(results={"01_a": ("x",)})}, options=["--no-html"])
    builder.execute({"profile": "quick"})
    results = builder.build / "results" / "01_a.json"
    truncate(results, 3)
    with pytest.raises(BuildStateError) as failure:
        builder.execute({"profile": "quick"}, only=["02"])
    command = shlex.join([sys.executable, "-m", "fmnist_lib.build", "--profile", "quick",
                          "--root", str(builder.root), "--no-html", "--only", "01_a"])
    assert re.fullmatch(r"_build/results/01_a\.json is unreadable \(JSONDecodeError: .+\), and "
                        rf"02_b reads it: execute 01_a again \({re.escape(command)}\)",
                        str(failure.value)), str(failure.value)
    results.unlink()
    with pytest.raises(BuildStateError, match=r"_build/results/01_a\.json is missing, and 02_b "
                                              r"reads it: execute 01_a first \("):
        builder.execute({"profile": "quick"}, only=["02"])
    run = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert json.loads(results.read_text()) == {"x": 1}


def test_the_kernels_get_the_build_s_own_command_for_their_fix_commands(tmp_path, monkeypatch):
    # fmnist_lib.build.results.rebuild_command then gives the same python, profile and root
    monkeypatch.chdir(tmp_path)
    builder, _ = make_project(tmp_path, {"01_a": (
        "from fmnist_lib.build.results import rebuild_command, record_results\n"
        "record_results('01_a', {'fix': rebuild_command('01_a')})")})
    builder.execute({"profile": "quick", "seed": 3})
    fix = json.loads((builder.build / "results" / "01_a.json").read_text())["fix"]
    assert fix == builder.command + " --only 01_a"
    assert shlex.split(fix)[:7] == [sys.executable, "-m", "fmnist_lib.build", "--profile",
                                    "quick", "--seed", "3"]


def test_the_kernels_get_the_device_the_build_resolved_and_load_no_torch_to_ask(tmp_path):
    """"auto" is answered once, by the build: a chapter that trains no network starts
    without loading torch (a second or more) or xgboost."""
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "01_a.py").write_text(small_notebook(
        "import os, sys\n"
        "from fmnist_lib.build import publish\n"
        "from fmnist_lib.build.results import record_results\n"
        "from fmnist_lib.compute import evaluate, features, models, reduce\n"
        "from fmnist_lib.judge import figures, scorecard, verdicts\n"
        "chapter = publish.start_chapter('01_a', 'quick')\n"
        "loaded = ' '.join(sorted({'torch', 'xgboost'} & set(sys.modules)))\n"
        "record_results('01_a', {'device': os.environ['FMNIST_DEVICE'], 'loaded': loaded})"))
    run = cli("--profile", "quick", "--no-html", "--root", str(root),
              env={"FMNIST_DEVICE": "auto"})
    assert run.returncode == 0, run.stderr
    seen = json.loads((root / "_build" / "results" / "01_a.json").read_text())
    assert seen["device"] in ("cpu", "cuda")
    assert seen["loaded"] == ""


# --- 2. moves across filesystems, and a full disk --------------------------------------

def test_build_on_another_filesystem_than_the_book(tmp_path, tmpfs):
    builder, _ = make_project(tmp_path, {"01_a": WRITES})
    tmpfs(builder.build)
    assert os.stat(builder.build).st_dev != os.stat(builder.root).st_dev
    builder.execute({"profile": "quick"})
    nbformat.validate(nbformat.read(builder.book / "01_a.ipynb", as_version=4))
    assert sorted(p.name for p in builder.book.iterdir()) == ["01_a.ipynb"]   # no temporary
    assert list((builder.build / "failed").iterdir()) == []


def test_a_symlinked_build_folder_on_another_filesystem(tmp_path, tmpfs):
    builder, _ = make_project(tmp_path, {"01_a": WRITES})
    volume = tmpfs(tmp_path / "volume")
    builder.build.symlink_to(volume, target_is_directory=True)
    builder.execute({"profile": "quick"})
    assert (volume / "results" / "01_a.json").exists() and (builder.book / "01_a.ipynb").exists()


def test_a_full_disk_names_the_file_and_the_fix(tmp_path, tmpfs):
    builder, _ = make_project(tmp_path, {"01_a": WRITES})
    fill(tmpfs(builder.book, "64k"))
    with pytest.raises(WriteError) as failure:
        builder.execute({"profile": "quick"})
    assert failure.value.strerror == (
        f"cannot write {builder.book}/01_a.ipynb: No space left on device; free space on the "
        f"disk holding {builder.book} (df -h {builder.book}), then run the build again "
        f"(finished chapters are kept)")
    assert sorted(p.name for p in builder.book.iterdir()) == ["filler"]   # nothing half-written


# --- 3. no silent fallback for the data ------------------------------------------------

def test_a_relative_data_folder_reaches_the_kernels_as_an_absolute_path(tmp_path, monkeypatch,
                                                                        isolated_sources):
    write_dataset(tmp_path / "mydata")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FMNIST_DATA_DIR", "mydata")
    builder, _ = make_project(tmp_path, {"01_a": (
        "import os\nfrom fmnist_lib.build.results import record_results\n"
        "record_results('01_a', {'data': os.environ['FMNIST_DATA_DIR']})")})
    builder.execute({"profile": "quick"})
    seen = json.loads((builder.build / "results" / "01_a.json").read_text())["data"]
    assert seen == str(tmp_path / "mydata")
    assert os.environ["FMNIST_DATA_DIR"] == "mydata"   # this process's own setting restored


@pytest.mark.parametrize("make, problem", [
    (lambda d: None, "does not exist"),
    (lambda d: d.mkdir(), "holds none of the Fashion-MNIST files"),
], ids=["missing", "empty"])
def test_a_bad_data_folder_stops_the_build_before_any_chapter(tmp_path, make, problem):
    make(tmp_path / "data")
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "01_a.py").write_text(small_notebook("print('a')"))
    run = cli("--profile", "quick", "--no-html", "--root", str(root),
              env={"FMNIST_DATA_DIR": str(tmp_path / "data")})
    assert run.returncode == 1
    assert run.stderr.startswith(f"error: FMNIST_DATA_DIR={tmp_path / 'data'} {problem}. Point "
                                 f"FMNIST_DATA_DIR at the folder holding"), run.stderr
    assert not (root / "book").exists()


def test_the_build_says_once_that_the_verified_copy_cannot_be_saved(tmp_path, monkeypatch,
                                                                    isolated_sources, tmpfs):
    write_dataset(tmp_path / "mydata")
    monkeypatch.setenv("FMNIST_DATA_DIR", str(tmp_path / "mydata"))
    cache = tmpfs(tmp_path / "cache", "64k")   # XDG_CACHE_HOME (isolated_sources)
    fill(cache)
    record = ("import os\nfrom fmnist_lib.build.results import record_results\n"
              "record_results({!r}, {{'copy': os.environ.get('FMNIST_VERIFIED_COPY')}})")
    builder, log = make_project(tmp_path, {"01_a": record.format("01_a"),
                                           "02_b": record.format("02_b")})
    builder.execute({"profile": "quick"})
    notes = [line for line in log if "verified copy" in line]
    assert notes == [f"note: the verified copy of the data cannot be saved ({cache}/fmnist-book: "
                     f"No space left on device): the chapters read the original files, "
                     f"verified on every load"]
    for name in ("01_a", "02_b"):
        results = json.loads((builder.build / "results" / f"{name}.json").read_text())
        assert results == {"copy": "off"}
    assert "FMNIST_VERIFIED_COPY" not in os.environ   # for the kernels only


# --- 5. clean interrupts; what a killed build left ---------------------------------------

WORKERS = '''import json, os, time
import psutil
from joblib.externals.loky import get_reusable_executor
from fmnist_lib.runtime.progress import report
executor = get_reusable_executor(max_workers=2)
assert sorted(executor.map(abs, [-1, -2])) == [1, 2]
if float(os.environ.get("TINY_SLEEP", "0")):
    busy = [executor.submit(time.sleep, 600) for _ in range(2)]   # at work, as in a fit
    pids = [os.getpid(), *(p.pid for p in psutil.Process().children(recursive=True))]
    open(os.environ["TINY_PIDS"], "w").write(json.dumps(pids))
    report("workers started")
    time.sleep(float(os.environ["TINY_SLEEP"]))'''


def running(pids):
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive


def start_build(tmp_path):
    """A build whose chapter starts loky workers, then sleeps; returns (process, pids, root,
    build id) once the workers run."""
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True, exist_ok=True)
    (root / "notebooks" / "01_w.py").write_text(small_notebook(WORKERS))
    pids = tmp_path / "pids.json"
    # output to files: the kernel and its workers inherit the build's, and a pipe would stay
    # open as long as any of them runs
    with open(tmp_path / "stdout", "w") as stdout, open(tmp_path / "stderr", "w") as stderr:
        build = subprocess.Popen([*BUILD, "--profile", "quick", "--no-html", "--root", str(root)],
                                 stdout=stdout, stderr=stderr,
                                 env={**os.environ, "TINY_SLEEP": "300", "TINY_PIDS": str(pids),
                                      "FMNIST_DEVICE": "cpu"},
                                 # as typed in a terminal, even where this test runs in the
                                 # background (which ignores SIGINT)
                                 preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    progress = root / "_build" / "progress" / "01_w.log"
    deadline = time.monotonic() + 300
    while not (progress.exists() and "workers started" in progress.read_text()):
        assert build.poll() is None, (tmp_path / "stderr").read_text()
        assert time.monotonic() < deadline, "the chapter never started its workers"
        time.sleep(0.2)
    build_id = re.search(r"^build (\w+)$", (root / "_build" / "build.lock").read_text(),
                         re.MULTILINE).group(1)
    return build, json.loads(pids.read_text()), root, build_id


@pytest.mark.parametrize("number, cause, status", [(signal.SIGINT, "Ctrl-C", 130),
                                                   (signal.SIGTERM, "SIGTERM", 143)])
def test_an_interrupt_stops_the_kernel_and_its_workers_and_says_so_in_one_line(
        tmp_path, number, cause, status):
    build, pids, root, build_id = start_build(tmp_path)
    assert len(running(pids)) >= 3   # the kernel and two loky workers
    assert driver.connection_files(build_id)
    build.send_signal(number)
    assert build.wait(timeout=120) == status
    stderr = (tmp_path / "stderr").read_text()
    assert stderr == (f"interrupted by {cause} while executing 01_w: its kernel and workers are "
                      f"stopped; chapters finished before it are kept, and the next build "
                      f"resumes with 01_w\n")
    assert running(pids) == []
    assert driver.connection_files(build_id) == []
    assert (root / "_build" / "build.lock").read_text() == ""
    assert not (root / "book").exists() or list((root / "book").iterdir()) == []


def test_the_next_build_stops_what_a_killed_one_left_running(tmp_path):
    build, pids, root, build_id = start_build(tmp_path)
    build.kill()
    build.wait(timeout=60)
    assert running(pids)   # the busy workers outlive a kill -9
    rerun = cli("--profile", "quick", "--no-html", "--root", str(root))
    assert rerun.returncode == 0, rerun.stderr
    assert re.search(r"^the last build here \(pid \d+, started \d\d:\d\d:\d\d\) was killed: "
                     r"stopped [1-9]\d* process(es)? it left running and removed [1-9]\d* kernel "
                     r"connection files?$", rerun.stdout, re.MULTILINE), rerun.stdout
    assert running(pids) == []
    assert driver.connection_files(build_id) == []


# --- 6. arguments checked before any work ------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["--jobs", "0"], "argument --jobs: give a whole number of worker processes, at least 1, "
                      "not '0' (leave it out to use every core)"),
    (["--seed", "-1"], "argument --seed: give a whole number from 0 to 2147483647, not '-1'"),
    (["--seed", "2147483648"], "argument --seed: give a whole number from 0 to 2147483647, "
                               "not '2147483648'"),
    (["--cell-timeout", "soon"], "argument --cell-timeout: give the seconds one cell may run "
                                 "(0: no limit), not 'soon'"),
])
def test_bad_arguments_are_answered_in_their_own_name(args, message):
    run = cli("--profile", "quick", "--no-html", *args)
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == f"python -m fmnist_lib.build: error: {message}"


def test_a_mistyped_root_creates_nothing(tmp_path):
    typo = tmp_path / "no-such-book"
    run = cli("--profile", "quick", "--root", str(typo))
    assert run.returncode == 1 and not typo.exists()
    assert run.stderr == (f"error: --root {typo} does not exist: give the book's folder (the one "
                          f"holding notebooks/ and _config.yml)\n")
    run = cli("--profile", "quick", "--no-html", "--root", str(tmp_path))
    assert run.returncode == 1 and not (tmp_path / "_build").exists()
    assert run.stderr == (f"error: --root {tmp_path} holds no book: no notebooks/NN_name.py in "
                          f"it; give the book's folder (the one holding notebooks/ and "
                          f"_config.yml)\n")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_a.py").write_text(small_notebook("1"))
    run = cli("--profile", "quick", "--root", str(tmp_path))
    assert run.returncode == 1 and not (tmp_path / "_build").exists()
    assert run.stderr.startswith(f"error: --root {tmp_path} has no _config.yml, so jupyter-book "
                                 f"cannot build it")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_scheduler_stops_the_build_at_once(tmp_path):
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "01_a.py").write_text(small_notebook("print('a')"))
    address = f"tcp://127.0.0.1:{closed_port()}"
    run = cli("--profile", "quick", "--no-html", "--root", str(root), "--scheduler", address)
    assert run.returncode == 1
    assert run.stderr == (f"error: the Dask scheduler {address} is not reachable (Connection "
                          f"refused within 5 s): start it (`dask scheduler`) or correct "
                          f"--scheduler / FMNIST_DASK_SCHEDULER\n")
    assert not (root / "_build").exists()


def test_a_malformed_cell_marker_fails_the_build_naming_the_file_and_line(tmp_path):
    builder, _ = make_project(tmp_path, {
        "01_good": "print('good')",
        "02_bad": "print('shown')\n\n# %% tags=[\"remove-cell\"\nsecret = 1"})
    with pytest.raises(NotebookFailed) as failure:
        builder.execute({"profile": "quick"})
    assert str(failure.value) == (
        'notebooks/02_bad.py, line 7: the cell marker `# %% tags=["remove-cell"` has metadata '
        'that does not parse, so the cell would lose its tags (a cell meant to be removed would '
        'be published): write it as `# %% key=value` with JSON values, e.g. '
        '`# %% tags=["remove-cell"]`')
    assert not builder.book.exists() and not builder.build.exists()   # before any work


# --- 7. failures named by their source line ----------------------------------------------

def failure_of(tmp_path, code):
    builder, _ = make_project(tmp_path, {"01_a": code})
    with pytest.raises(NotebookFailed) as failure:
        builder.execute({"profile": "quick"})
    return str(failure.value).splitlines()[0]


def test_a_syntax_error_is_named_by_its_line_in_the_py(tmp_path):
    # lines: 1 parameters marker, 2 profile, 3 blank, 4 marker, 5 x = 1, 6 for, 7 y = 2
    message = failure_of(tmp_path, "x = 1\nfor\ny = 2")
    assert message == ("notebook notebooks/01_a.py failed at line 6 (the cell at line 4): "
                       "SyntaxError: invalid syntax")


def test_an_error_in_a_function_of_another_cell_names_both_lines(tmp_path):
    code = "def f():\n    return 1 / 0\n\n# %%\nx = 1\nf()"
    # lines: 4 marker, 5 def f, 6 return 1 / 0, 7 blank, 8 marker, 9 x = 1, 10 f()
    assert failure_of(tmp_path, code) == (
        "notebook notebooks/01_a.py failed at line 6, called from line 10 (the cell at line 8): "
        "ZeroDivisionError: division by zero")


def test_a_missing_glue_key_is_named_by_the_py_line_of_its_prose(tmp_path):
    builder, log = make_project(tmp_path, {"01_a": "1\n\n# %% [markdown]\n# # A\n#\n"
                                                   "# The number {glue:text}`no_such_key`."})
    # line 10 of notebooks/01_a.py: "# The number {glue:text}`no_such_key`."
    assert (builder.notebooks / "01_a.py").read_text().splitlines()[9].endswith("`no_such_key`.")
    builder.execute({"profile": "quick"})
    tiny_book_config(builder.root, "book/01_a")
    with pytest.raises(NotebookFailed, match="jupyter-book build failed"):
        builder.html()
    warnings = [line for line in log if "no_such_key" in line]
    assert warnings, log
    assert all(line.startswith("notebooks/01_a.py:10: WARNING") for line in warnings), warnings


# --- #23: a per-cell timeout; pruning superseded memo folders -----------------------------

@pytest.mark.parametrize("setting", ["argument", "environment"])
def test_a_cell_running_past_the_timeout_fails_the_chapter_naming_cell_and_setting(
        tmp_path, monkeypatch, setting):
    monkeypatch.setenv("FMNIST_CELL_TIMEOUT", "5" if setting == "environment" else "")
    options = {"cell_timeout": 5} if setting == "argument" else {}
    builder, _ = make_project(tmp_path, {"01_a": "x = 1\n\n# %%\nimport time\ntime.sleep(600)"},
                              **options)
    with pytest.raises(NotebookFailed) as failure:
        builder.execute({"profile": "quick"})
    assert str(failure.value).splitlines()[0] == (
        "notebook notebooks/01_a.py: the cell at line 7 was still running after 5 s, the limit "
        "for one cell (--cell-timeout, or FMNIST_CELL_TIMEOUT): if it is only slow, give it "
        "more (--cell-timeout SECONDS, 0 for no limit); otherwise find what it waits for (an "
        "unreachable Dask scheduler?)")
    assert not (builder.book / "01_a.ipynb").exists()


def test_the_cell_timeout_setting(monkeypatch):
    monkeypatch.delenv("FMNIST_CELL_TIMEOUT", raising=False)
    assert driver.cell_timeout_setting() == driver.DEFAULT_CELL_TIMEOUT == 10800
    monkeypatch.setenv("FMNIST_CELL_TIMEOUT", "0")
    assert driver.cell_timeout_setting() == 0   # no limit
    monkeypatch.setenv("FMNIST_CELL_TIMEOUT", "-3")
    with pytest.raises(ValueError, match=r"FMNIST_CELL_TIMEOUT='-3': give the seconds a cell "
                                         r"may run, or 0 for no limit \(or unset it: 10800 s\)"):
        driver.cell_timeout_setting()


def test_prune_removes_only_the_memo_folders_of_superseded_code(tmp_path):
    root = tmp_path / "proj"
    (root / "notebooks").mkdir(parents=True)
    (root / "notebooks" / "01_a.py").write_text(small_notebook("1"))
    cache = root / "_build" / "cache"
    current = cache / memo.current_folder_name()
    old, older, other = cache / "0123456789abcdef", cache / "fedcba9876543210", cache / "notes"
    for folder, size in ((current, 1000), (old, 2500), (older, 500), (other, 10)):
        (folder / "joblib").mkdir(parents=True)
        (folder / "joblib" / "fit.pkl").write_bytes(b"x" * size)
    run = cli("--prune", "--root", str(root))
    assert run.returncode == 0, run.stderr
    assert run.stdout == (
        "removed _build/cache/0123456789abcdef (2.5 kB, superseded code)\n"
        "removed _build/cache/fedcba9876543210 (500 bytes, superseded code)\n"
        f"pruned 2 memo folders: 3.0 kB freed; kept _build/cache/{current.name} (1.0 kB, the "
        f"current code)\n")
    assert sorted(p.name for p in cache.iterdir()) == sorted([current.name, "notes"])
    again = cli("--prune", "--root", str(root))
    assert again.stdout == (f"nothing to prune in _build/cache: kept _build/cache/{current.name} "
                            f"(1.0 kB, the current code)\n")
