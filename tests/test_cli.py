"""The `fmnist-book` command: each subcommand is the build driver with its options, the
console script is installed with the project, and make calls it."""
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from fmnist_lib.build import cli
from fmnist_lib.runtime import memo
from fmnist_lib.runtime.memo import PROJECT_ROOT

SCRIPT = Path(sys.executable).parent / "fmnist-book"


@pytest.mark.parametrize("argv, expected", [
    (["build"], []),
    (["build", "--profile", "quick", "--jobs", "2"], ["--profile", "quick", "--jobs", "2"]),
    (["chapter", "04"], ["--only", "04"]),
    (["chapter", "04", "05_pca_models", "--profile", "quick"],
     ["--only", "04", "--only", "05_pca_models", "--profile", "quick"]),
    (["pdf", "--profile", "quick"], ["--pdf", "--profile", "quick"]),
    (["prune"], ["--prune"]),
    (["chapter", "--help"], ["--help"]),
])
def test_each_command_is_the_driver_with_its_options(argv, expected):
    assert cli.driver_arguments(argv) == expected


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["chapter"], ["chapter", "--force"]])
def test_a_wrong_command_stops_with_the_usage_line(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.driver_arguments(argv)
    assert stop.value.code == 2
    assert "usage: fmnist-book" in capsys.readouterr().err


def test_the_console_script_is_declared_and_installed():
    scripts = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts == {"fmnist-book": "fmnist_lib.build.cli:main"}
    result = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert all(command in result.stdout for command in cli.COMMANDS)


def test_prune_through_the_command_keeps_only_the_current_code_s_fits(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_probe.py").write_text("# %%\nx = 1\n")
    cache = tmp_path / "_build" / "cache"
    current, old = cache / memo.current_folder_name(), cache / ("0" * 16)
    for folder in (current, old):
        folder.mkdir(parents=True)
        (folder / "fit.pkl").write_bytes(b"x" * 100)
    assert cli.main(["prune", "--root", str(tmp_path)]) == 0
    assert current.is_dir() and not old.exists()


def test_make_runs_the_book_through_the_command():
    for target, command in (("book", "fmnist-book build"), ("chapter", "fmnist-book chapter 04"),
                            ("pdf", "fmnist-book pdf"), ("prune", "fmnist-book prune")):
        dry_run = subprocess.run(["make", "-n", "--no-print-directory", target, "NAME=04"],
                                 cwd=PROJECT_ROOT, capture_output=True, text=True)
        assert dry_run.returncode == 0, dry_run.stderr
        assert f".venv/bin/{command}" in dry_run.stdout, target
