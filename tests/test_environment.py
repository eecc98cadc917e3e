"""One source of truth for the stack: pyproject.toml's pins, every package of the
environment locked in requirements.lock, and environment.yml installing the same."""
import re
import tomllib
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from fmnist_lib.runtime.memo import PROJECT_ROOT

PROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]


def direct_pins():
    extras = PROJECT["optional-dependencies"]
    return [Requirement(r) for r in PROJECT["dependencies"] + sum(extras.values(), [])]


def locked():
    pins = re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)", (PROJECT_ROOT / "requirements.lock").read_text(),
                      re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


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


def test_environment_yml_installs_the_locked_stack_with_every_extra():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-c requirements.lock" in pip_section
    assert f"-e .[{','.join(PROJECT['optional-dependencies'])}]" in pip_section
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
