"""fmnist_lib.build.results and fmnist_lib.build.chapters: the memo cache keyed by code,
declared inputs, artifacts, atomic writes, damaged files named with their fix."""
import json
import os
import stat
import textwrap

import numpy as np
import pytest

from fmnist_lib.build import chapters, results
from fmnist_lib.build.chapters import Inputs
from fmnist_lib.runtime import memo


@pytest.fixture
def build(tmp_path, monkeypatch):
    monkeypatch.setenv("FMNIST_BUILD_DIR", str(tmp_path / "_build"))
    return tmp_path / "_build"


def write_module(path, constant):
    path.write_text(textwrap.dedent(f"""
        SCALE = {constant}
        def fit(x):
            return x * SCALE
    """))


def test_memo_recomputes_when_computing_code_changes_but_not_presentation(build, tmp_path):
    import runpy
    compute, plot = tmp_path / "compute.py", tmp_path / "plot.py"
    write_module(compute, 2)
    plot.write_text("def draw():\n    return 'figure'\n")
    calls = []

    def fit(x):
        calls.append(x)
        # run_path compiles the source as it is now: an importer would reuse the
        # __pycache__ bytecode of an edit of the same size made within the same second
        return runpy.run_path(str(compute))["fit"](x)

    def cached():
        return memo.memory(files=[compute]).cache(fit)
    assert cached()(5) == 10 and len(calls) == 1
    assert cached()(5) == 10 and len(calls) == 1          # memo hit
    plot.write_text("def draw():\n    return 'another figure'\n")   # presentation edit
    assert cached()(5) == 10 and len(calls) == 1          # still a hit: nothing refitted
    write_module(compute, 3)                               # a constant the fit uses
    assert cached()(5) == 15 and len(calls) == 2          # recomputed, new result


def test_the_fingerprint_covers_compute_and_nothing_else(tmp_path, monkeypatch):
    import shutil
    library = tmp_path / "fmnist_lib"
    shutil.copytree(memo.COMPUTE_DIR.parent, library,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(memo, "COMPUTE_DIR", library / "compute")
    before = memo.code_fingerprint()
    for layer in ("runtime", "judge", "build", "tools"):       # presentation and plumbing
        with open(library / layer / "__init__.py", "a") as stream:
            stream.write("# an edit\n")
    assert memo.code_fingerprint() == before
    with open(library / "compute" / "models.py", "a") as stream:
        stream.write("# an edit\n")
    edited = memo.code_fingerprint()
    assert edited != before
    (library / "compute" / "new_model.py").write_text("X = 1\n")  # a new computing file
    assert memo.code_fingerprint() != edited
    assert {p.name for p in memo.computing_files()} >= {"models.py", "evaluate.py", "data.py",
                                                        "networks.py", "new_model.py"}


def test_code_fingerprint_follows_sources_and_versions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("A = 1\n")
    first = memo.code_fingerprint([module], packages=("numpy",))
    assert memo.code_fingerprint([module], packages=("numpy",)) == first
    module.write_text("A = 2\n")
    assert memo.code_fingerprint([module], packages=("numpy",)) != first
    assert memo.code_fingerprint([module], packages=("numpy", "xgboost")) != \
        memo.code_fingerprint([module], packages=("numpy",))


def test_every_computing_package_is_found_in_this_environment():
    # a package looked up under a wrong name would read "absent" and never change the key
    versions = [memo.package_version(p) for p in memo.COMPUTING_PACKAGES]
    assert not [v for v in versions if v.endswith("==absent")], versions
    assert memo.package_version("xgboost-cpu|xgboost").startswith("xgboost")
    assert memo.package_version("no-such-package") == "no-such-package==absent"


def test_upstream_returns_only_declared_values(build, monkeypatch):
    results.record_results("01_a", {"x": 1, "seconds": 3.5})
    monkeypatch.setitem(chapters.READS, "02_b", Inputs(results={"01_a": ("x",)}))
    assert results.upstream("02_b") == {"01_a": {"x": 1}}
    monkeypatch.setitem(chapters.READS, "02_b", Inputs(results={"01_a": ("x", "y")}))
    with pytest.raises(KeyError, match="01_a's results lack y"):
        results.upstream("02_b")


def test_artifacts_round_trip_and_must_be_declared(build, monkeypatch):
    arrays = {"SVM (radial)": np.arange(5), "kNN on PCA": np.ones(3, dtype=np.uint8)}
    path = results.save_artifact("01_a", "test_predictions.npz", arrays)
    assert path == build / "artifacts" / "01_a" / "test_predictions.npz"
    assert not list(path.parent.glob(".*"))     # no temporary file left behind
    monkeypatch.setitem(chapters.READS, "02_b",
                        Inputs(artifacts=("01_a/test_predictions.npz",)))
    loaded = results.load_artifact("02_b", "01_a/test_predictions.npz")
    assert set(loaded) == set(arrays)
    np.testing.assert_array_equal(loaded["kNN on PCA"], arrays["kNN on PCA"])
    with pytest.raises(KeyError, match="does not declare"):
        results.load_artifact("02_b", "01_a/other.npz")
    monkeypatch.setitem(chapters.READS, "03_c", Inputs(artifacts=("01_z/p.npz",)))
    with pytest.raises(FileNotFoundError, match="build chapter 01_z first"):
        results.load_artifact("03_c", "01_z/p.npz")


def test_input_fingerprint_covers_exactly_the_declared_inputs(build):
    reads = {"02_b": Inputs(results={"01_a": ("x",)}, artifacts=("01_a/p.npz",))}
    def key():
        return chapters.input_fingerprint("02_b", build, reads)
    results.record_results("01_a", {"x": 1, "seconds": 3.5})
    results.save_artifact("01_a", "p.npz", {"m": np.arange(3)})
    first = key()
    results.record_results("01_a", {"x": 1, "seconds": 9.9})     # an undeclared timing
    results.save_artifact("01_a", "p.npz", {"m": np.arange(3)})  # same arrays, new file
    assert key() == first
    results.record_results("01_a", {"x": 2, "seconds": 9.9})
    assert key() != first
    results.record_results("01_a", {"x": 1, "seconds": 9.9})
    results.save_artifact("01_a", "p.npz", {"m": np.arange(4)})
    assert key() != first


def test_input_fingerprint_covers_the_declared_project_files(build, tmp_path, monkeypatch):
    monkeypatch.setattr(chapters, "PROJECT_ROOT", tmp_path)
    reads = {"02_b": Inputs(files=("book/table.csv",))}
    def key():
        return chapters.input_fingerprint("02_b", build, reads)
    missing = key()
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "table.csv").write_text("a,b\n1,2\n")
    first = key()
    assert first != missing
    (tmp_path / "book" / "other.csv").write_text("undeclared\n")
    assert key() == first
    (tmp_path / "book" / "table.csv").write_text("a,b\n1,3\n")
    assert key() != first


def test_chapter_6_is_keyed_on_the_cnn_search_table():
    files = chapters.inputs_of("06_beyond").files
    assert files == ("book/cnn-search/designs.csv", "book/cnn-search/epochs.csv")
    assert all((chapters.PROJECT_ROOT / name).exists() for name in files)


def test_dependents_are_transitive():
    reads = {"02_b": Inputs(results={"01_a": ("x",)}), "03_c": Inputs(artifacts=("02_b/p.npz",)),
             "04_d": Inputs()}
    assert chapters.dependents("01_a", reads) == ["02_b", "03_c"]
    assert chapters.dependents("04_d", reads) == []
    assert chapters.dependents("05_pca_models") == ["06_beyond", "07_summary"]
    assert chapters.dependents("03_pca") == ["07_summary"]


def test_record_results_is_atomic_and_plain(build):
    path = results.record_results("01_a", {"n": np.int64(3), "ok": np.bool_(True)})
    assert json.loads(path.read_text()) == {"n": 3, "ok": True}
    with pytest.raises(TypeError, match="numbers, strings or booleans"):
        results.record_results("01_a", {"bad": [1, 2]})
    assert json.loads(path.read_text()) == {"n": 3, "ok": True}   # the old file intact


# --- damaged files named with the command that rebuilds them; full disks -------------------

def test_a_damaged_results_file_names_itself_and_the_build_s_command(build, monkeypatch):
    monkeypatch.delenv(results.BUILD_COMMAND, raising=False)
    path = build / "results" / "01_a.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"x": 1')
    with pytest.raises(results.DamagedFile) as err:
        results.read_results("01_a")
    assert str(err.value) == (f"{path} is unreadable (not JSON: Expecting ',' delimiter: line 1 "
                              f"column 8 (char 7)): execute chapter 01_a again "
                              f"(python -m fmnist_lib.build --only 01_a)")
    monkeypatch.setenv(results.BUILD_COMMAND,
                       ".venv/bin/python -m fmnist_lib.build --profile quick")
    path.write_text("[1, 2]")
    with pytest.raises(results.DamagedFile) as err:
        results.read_results("01_a")
    assert str(err.value) == (f"{path} is not a results file (not a JSON object): execute "
                              f"chapter 01_a again (.venv/bin/python -m fmnist_lib.build "
                              f"--profile quick --only 01_a)")
    path.unlink()
    with pytest.raises(FileNotFoundError,
                       match=r"build chapter 01_a first \(\.venv/bin/python -m "
                             r"fmnist_lib.build --profile quick --only 01_a\)"):
        results.read_results("01_a")


def test_a_damaged_artifact_names_itself(build, monkeypatch):
    monkeypatch.delenv(results.BUILD_COMMAND, raising=False)
    path = results.save_artifact("01_a", "p.npz", {"m": np.arange(1000)})
    monkeypatch.setitem(chapters.READS, "02_b", Inputs(artifacts=("01_a/p.npz",)))
    with open(path, "r+b") as stream:
        stream.truncate(200)
    with pytest.raises(results.DamagedFile) as err:
        results.load_artifact("02_b", "01_a/p.npz")
    assert str(err.value) == (f"{path} is unreadable (BadZipFile: File is not a zip file): "
                              f"execute chapter 01_a again "
                              f"(python -m fmnist_lib.build --only 01_a)")


def test_file_problem_loads_what_it_checks(build):
    good_json = results.record_results("01_a", {"x": 1})
    good_npz = results.save_artifact("01_a", "p.npz", {"m": np.arange(1000)})
    assert results.file_problem(good_json) is None and results.file_problem(good_npz) is None
    assert results.file_problem(build / "nothing.json") == "missing"
    raw = good_npz.read_bytes()
    start = raw.index(b"PK\x03\x04")   # the zip entry's data, after its local header
    damaged = bytearray(raw)
    damaged[start + 120] ^= 0xFF       # the zip's CRC check fails only when the array is read
    good_npz.write_bytes(bytes(damaged))
    assert results.file_problem(good_npz).startswith("unreadable (")
    good_json.write_text('{"x": ')
    assert results.file_problem(good_json).startswith("unreadable (JSONDecodeError: ")


def test_results_are_written_with_a_plain_file_s_permissions(build):
    umask = os.umask(0o022)
    os.umask(umask)
    path = results.record_results("01_a", {"x": 1})
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_a_full_disk_names_the_results_file(build, tmpfs):
    from conftest import fill
    folder = tmpfs(build / "results", "64k")
    fill(folder)
    with pytest.raises(results.WriteError) as err:
        results.record_results("01_a", {"x": 1})
    assert err.value.strerror == (
        f"cannot write {folder}/01_a.json: No space left on device; free space on the disk "
        f"holding {folder} (df -h {folder}), then run the build again (finished chapters are kept)")
    assert sorted(p.name for p in folder.iterdir()) == ["filler"]
