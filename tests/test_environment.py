"""The pinned stack has one source of truth (pyproject.toml); environment.yml must agree."""
import tomllib

import yaml

from fmnist_lib.results import PROJECT_ROOT


def test_environment_yml_pins_the_same_stack():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert sorted(pip_section) == sorted(project["dependencies"])
    assert all("==" in pin for pin in project["dependencies"])
    assert "torch==2.13.0" in project["dependencies"]
    assert any(d == "python=3.11" for d in env["dependencies"] if isinstance(d, str))


def test_profiles_are_defined_once_with_paper_protocol():
    from fmnist_lib.profiles import PROFILES, get_profile
    assert set(PROFILES) == {"quick", "paper", "full"}
    assert get_profile("paper").n_train == 10_010 and get_profile("paper").cv_folds == 10
    assert get_profile("full").n_train == 60_000
    assert get_profile("quick", seed=7).seed == 7
