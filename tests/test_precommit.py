"""The pre-commit hooks (.pre-commit-config.yaml), run in a scratch git repository with this
environment's tools: ruff stops a commit that breaks pyproject.toml's rules, and a committed
notebook out of step with its notebooks/NN_name.py stops the commit until both agree."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fmnist_lib.runtime.memo import PROJECT_ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


@pytest.fixture
def repository(tmp_path):
    assert PRE_COMMIT.exists(), "pre-commit is not installed: make test installs the test extra"
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in (".pre-commit-config.yaml", "pyproject.toml"):
        shutil.copy(PROJECT_ROOT / name, repo / name)
    (repo / ".venv").symlink_to(sys.prefix)   # the hooks' .venv/bin/ruff, .venv/bin/jupytext
    (repo / "notebooks").mkdir()
    shutil.copy(PROJECT_ROOT / "notebooks" / "jupytext.toml", repo / "notebooks")
    git(repo, "init", "-q")
    return repo


def git(repo: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=repo, check=True, capture_output=True)


def hooks(repo: Path, *files: str) -> subprocess.CompletedProcess:
    git(repo, "add", "-f", *files)
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    return subprocess.run([str(PRE_COMMIT), "run", "--color", "never", "--files", *files],
                          cwd=repo, capture_output=True, text=True, env=env)


def test_the_configuration_is_valid():
    result = subprocess.run([str(PRE_COMMIT), "validate-config",
                             str(PROJECT_ROOT / ".pre-commit-config.yaml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_stops_a_commit_that_breaks_the_rules(repository):
    (repository / "clean.py").write_text("import os\nimport sys\n\nprint(os, sys)\n")
    assert hooks(repository, "clean.py").returncode == 0
    (repository / "unsorted.py").write_text("import sys\nimport os\n\nprint(os, sys)\n")
    result = hooks(repository, "unsorted.py")
    assert result.returncode == 1 and "I001" in result.stdout


def test_a_committed_notebook_must_agree_with_its_source(repository):
    source = repository / "notebooks" / "01_probe.py"
    source.write_text("# %% [markdown]\n# A probe\n\n# %%\nx = 1\n")
    subprocess.run([str(Path(sys.executable).parent / "jupytext"), "--sync", str(source)],
                   check=True, capture_output=True)
    assert hooks(repository, "notebooks/01_probe.py", "notebooks/01_probe.ipynb").returncode == 0
    source.write_text(source.read_text().replace("x = 1", "x = 2"))   # the .py edited alone
    result = hooks(repository, "notebooks/01_probe.ipynb")
    assert result.returncode == 1 and "files were modified by this hook" in result.stdout
    assert "x = 2" in (repository / "notebooks" / "01_probe.ipynb").read_text()
    assert hooks(repository, "notebooks/01_probe.ipynb", "notebooks/01_probe.py").returncode == 0
