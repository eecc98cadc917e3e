"""One source of truth for the stack: pyproject.toml's pins, every package of the
environment locked in requirements.lock with the hashes of its files, installed hash-checked
by make (and so by CI and the GitHub workflows, which run make), on a Python 3.11 that make
finds or gets through uv; environment.yml gives conda users that Python."""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from fmnist_lib.runtime.memo import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
LOCK = PROJECT_ROOT / "requirements.lock"


def direct_pins():
    extras = PROJECT["optional-dependencies"]
    return [Requirement(r) for r in PROJECT["dependencies"] + sum(extras.values(), [])]


def locked():
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", LOCK.read_text(), re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def locked_hashes() -> dict[str, set[str]]:
    """Each pin of the lock with the sha256 hashes written under it."""
    entries, name = {}, None
    for line in LOCK.read_text().splitlines():
        pin = re.match(r"([A-Za-z0-9_.\-]+)==\S+", line)
        if pin:
            name = canonicalize_name(pin.group(1))
            entries[name] = set()
        elif line.startswith(" ") and "--hash=" in line:
            entries[name].update(re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
        elif line and not line.startswith((" ", "#")):
            raise AssertionError(f"requirements.lock: a line that is not a pin: {line!r}")
    return entries


def make_dry_run(*arguments: str, cwd: Path = PROJECT_ROOT) -> str:
    """What make would run (make -n): the commands, none of them executed."""
    result = subprocess.run(["make", "-n", "--no-print-directory", *arguments], cwd=cwd,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_direct_dependency_is_pinned_and_locked_at_that_version():
    lock = locked()
    for requirement in direct_pins():
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"{requirement} is not pinned"
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{name} missing from requirements.lock: run make lock"
        assert spec.contains(lock[name]), f"{name}: pyproject {spec}, lock {lock[name]}"


def test_lock_has_the_cpu_torch_and_no_cuda_libraries():
    lock = locked()
    assert lock["torch"].endswith("+cpu")
    assert not [name for name in lock if name.startswith("nvidia-") or name == "triton"]


def test_every_pin_of_the_lock_carries_its_hashes():
    hashes = locked_hashes()
    assert hashes.keys() == locked().keys()
    assert [name for name, found in hashes.items() if not found] == []


def test_torch_in_the_lock_is_the_cpu_wheel_by_its_hash():
    """The one hash the lock accepts for torch is the CPU wheel's (PyPI's torch for Linux is
    another file, a CUDA build); checked against the wheel itself where pip has it locally."""
    wheels = sorted(Path(folder) / name for folder in os.environ.get("PIP_FIND_LINKS", "").split()
                    if Path(folder).is_dir()
                    for name in os.listdir(folder)
                    if name.startswith(f"torch-{locked()['torch']}-cp311-"))
    if not wheels:
        pytest.skip("no local torch CPU wheel (PIP_FIND_LINKS) to compare the lock's hash with")
    digest = hashlib.sha256(wheels[0].read_bytes()).hexdigest()
    assert locked_hashes()["torch"] == {digest}, f"the lock's torch hash is not {wheels[0].name}'s"


def test_the_build_backend_is_locked_too():
    """The project is installed with --no-build-isolation, by the lock's setuptools."""
    (requirement,) = (Requirement(r) for r in PYPROJECT["build-system"]["requires"])
    assert requirement.specifier.contains(locked()[canonicalize_name(requirement.name)])


def test_make_installs_the_lock_hash_checked_and_the_project_without_dependencies(tmp_path):
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").touch()
    commands = [line for line in make_dry_run(".venv/.installed", cwd=tmp_path).splitlines()
                if "pip install" in line]
    assert len(commands) == 2, commands
    locked_install, project_install = commands
    assert "--require-hashes --no-deps -r requirements.lock" in locked_install
    assert "--no-deps --no-build-isolation -e ." in project_install


def test_pip_finds_nothing_missing_and_one_documented_conflict():
    """The lock is installed with --no-deps, so pip check is what says it is complete; its one
    conflict is cffconvert's jsonschema cap, lifted in pyproject.toml ([tool.uv])."""
    result = subprocess.run([sys.executable, "-m", "pip", "check"], capture_output=True, text=True)
    problems = [line for line in result.stdout.splitlines() if line.strip()]
    assert all(line.startswith("cffconvert ") and "jsonschema" in line
               for line in problems), problems
    assert PYPROJECT["tool"]["uv"]["override-dependencies"] == ["jsonschema[format-nongpl]>=4.18"]


@pytest.mark.skipif(shutil.which("python3") is None, reason="no python3 on PATH")
def test_make_gets_python_3_11_through_uv_when_the_system_has_none(tmp_path):
    """Debian 13 and Ubuntu 24.04 have no python3.11: make (PYTHON empty, as there) installs uv
    from the lock with its hash checked and makes .venv with the Python 3.11 uv finds, or
    installs (that download cannot happen here: uv finds this machine's 3.11)."""
    for name in ("Makefile", "requirements.lock"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    result = subprocess.run(["make", "--no-print-directory", "PYTHON=", ".venv/bin/python"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "uv (hash-checked, from requirements.lock)" in result.stdout
    version = subprocess.run([tmp_path / ".venv" / "bin" / "python", "-c",
                              "import sys; print(*sys.version_info[:2], sep='.')"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == "3.11"
    assert "python install --no-bin 3.11" in make_dry_run("PYTHON=", ".venv/bin/python",
                                                             "-B", cwd=tmp_path)


def test_the_book_installs_without_test_or_editing_tools():
    book = {canonicalize_name(Requirement(r).name)
            for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["book"]}
    assert not book & {"pytest", "playwright", "jupyterlab", "uv", "dask", "distributed"}


def test_installed_environment_matches_the_lock():
    lock, wrong = locked(), []
    for dist in metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name in lock and dist.version != lock[name]:
            wrong.append(f"{name} {dist.version} (lock: {lock[name]})")
    assert not wrong, "installed versions differ from requirements.lock: " + ", ".join(wrong)


def test_environment_yml_gives_the_python_and_leaves_the_packages_to_make():
    """conda's pip step cannot check hashes of the project or skip dependencies, so
    environment.yml only brings the Python the lock is for; make installs the lock into it."""
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    assert not [d for d in env["dependencies"] if isinstance(d, dict)], "no pip section"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert PROJECT["requires-python"] == f">={python[7:]},<3.{int(python.split('.')[1]) + 1}"


@pytest.mark.parametrize("module", ["myst_nb", "nbformat", "yaml", "tabulate", "sphinx",
                                    "nbclient", "jupyter_client"])
def test_modules_the_project_imports_are_declared(module):
    declared = {canonicalize_name(r.name) for r in direct_pins()}
    distributions = metadata.packages_distributions()[module]
    assert {canonicalize_name(d) for d in distributions} & declared


def test_profiles_are_defined_once_with_paper_protocol():
    from fmnist_lib.compute.profiles import PROFILES, get_profile
    assert set(PROFILES) == {"quick", "paper", "full"}
    assert get_profile("paper").n_train == 10_010 and get_profile("paper").cv_folds == 10
    assert get_profile("full").n_train == 60_000
    assert get_profile("quick", seed=7).seed == 7


def test_resampled_training_sets_only_where_another_sample_can_be_drawn():
    from fmnist_lib.compute.profiles import get_profile
    assert get_profile("paper").resample_seeds() == [1, 2, 3, 4, 5]
    assert get_profile("quick", seed=7).resample_seeds() == [8, 9]
    full = get_profile("full")
    assert full.whole_training_set and full.resample_seeds() == []
