"""The GitHub workflows (.github/workflows/), which cannot run here: actionlint lints them,
zizmor audits them (no high-severity finding), every action is pinned to a commit with its
version beside it, every `run:` step is a make target that exists and that CI here runs too
(.ci/run, .ci/tests), and the publishing workflow caches what the build reuses."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fmnist_lib.runtime import memo
from fmnist_lib.runtime.memo import PROJECT_ROOT

WORKFLOWS = PROJECT_ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
# run by the workflows but not by CI here, with the reason
ONLY_ON_GITHUB = {"playwright-chromium": "Ubuntu's Chromium is a snap; Debian's is a package "
                                        "(.ci/run installs it)"}
# what the build reuses between runs: the memo cache of fits and the executed chapters
BUILD_STATE = {"_build/cache", "_build/manifest.json", "_build/results", "_build/artifacts",
               "book/*.ipynb"}


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} is not installed in {BIN}: make test installs the test extra"
    return str(path)


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))   # YAML 1.1 reads a bare `on` as True


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job["steps"]


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


def actionlint(*paths) -> subprocess.CompletedProcess:
    return subprocess.run([tool("actionlint"), "-no-color", *map(str, paths)],
                          capture_output=True, text=True)


def zizmor_high(path: Path) -> list[dict]:
    result = subprocess.run([tool("zizmor"), "--offline", "--format", "json",
                             "--min-severity", "high", str(path)], capture_output=True, text=True)
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def ci_make_targets() -> set[str]:
    """The make targets that .ci/run and .ci/tests run here."""
    text = (PROJECT_ROOT / ".ci" / "run").read_text() + (PROJECT_ROOT / ".ci" / "tests").read_text()
    return {target for line in text.splitlines() if not line.lstrip().startswith("#")
            for target in re.findall(r"\bmake (?:--no-print-directory |-s )*([a-z][a-z-]*)", line)}


def test_pull_requests_are_tested_and_main_is_published():
    assert set(triggers(load("test.yml"))) >= {"pull_request"}
    assert triggers(load("publish.yml"))["push"]["branches"] == ["main"]
    assert [s["run"] for s in steps(load("test.yml")) if "run" in s][-1] == "make test"
    assert "make pages" in [s.get("run") for s in steps(load("publish.yml"))]


def test_actionlint_finds_nothing():
    result = actionlint(*workflow_files())
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((WORKFLOWS / "test.yml").read_text()
                      .replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    timeout: 5"))
    result = actionlint(broken)
    assert result.returncode != 0 and "timeout" in result.stdout


@pytest.mark.parametrize("name", [p.name for p in workflow_files()])
def test_zizmor_finds_no_high_severity_problem(name):
    assert zizmor_high(WORKFLOWS / name) == []


def test_zizmor_catches_an_injection_and_an_unpinned_action(tmp_path):
    risky = tmp_path / "risky.yml"
    title = "${{ github.event.pull_request.title }}"
    risky.write_text((WORKFLOWS / "test.yml").read_text()
                     .replace("run: make test", f'run: echo "{title}"')
                     .replace("uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae",
                              "uses: actions/cache@v5"))
    found = {finding["ident"] for finding in zizmor_high(risky)}
    assert {"template-injection", "unpinned-uses"} <= found


def test_actions_are_pinned_to_a_commit_with_the_version_beside_it():
    uses = [line.strip() for path in workflow_files() for line in path.read_text().splitlines()
            if re.match(r"\s*(- )?uses:", line)]
    assert uses
    pinned = re.compile(r"(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
    assert [u for u in uses if not pinned.fullmatch(u)] == []


def test_every_run_step_is_an_existing_make_target_that_ci_here_runs():
    ci = ci_make_targets()
    for path in workflow_files():
        for step in steps(yaml.safe_load(path.read_text())):
            if "run" not in step:
                continue
            command = re.fullmatch(r"(sudo )?make ([a-z][a-z-]*)( [A-Z_]+=\S+)*",
                                   step["run"].strip())
            assert command, f"{path.name}: {step['run']!r} is not a make target"
            target = command.group(2)
            dry_run = subprocess.run(["make", "-n", target], cwd=PROJECT_ROOT,
                                     capture_output=True, text=True)
            assert dry_run.returncode == 0, f"{path.name}: make {target}: {dry_run.stderr}"
            assert target in ci or target in ONLY_ON_GITHUB, \
                f"{path.name}: make {target} is not run by .ci/run or .ci/tests"


def test_the_failed_notebook_is_uploaded_on_failure():
    for name in ("test.yml", "publish.yml"):
        upload = [s for s in steps(load(name)) if "upload-artifact" in s.get("uses", "")]
        assert len(upload) == 1 and upload[0]["if"] == "failure()", name
        assert "_build/failed/" in upload[0]["with"]["path"], name


def test_the_publishing_workflow_caches_the_build_state_keyed_by_lock_and_computing_code():
    build = list(steps(load("publish.yml")))
    restore = next(s for s in build if "actions/cache/restore" in s.get("uses", ""))
    save = next(s for s in build if "actions/cache/save" in s.get("uses", ""))
    prune = next(s for s in build if s.get("run") == "make prune")
    for step in (restore, save):
        assert set(step["with"]["path"].split()) == BUILD_STATE
    # the memo fingerprint hashes compute/ (fmnist_lib.runtime.memo): the key hashes it too
    compute = memo.COMPUTE_DIR.relative_to(PROJECT_ROOT).as_posix()
    key = restore["with"]["key"]
    assert "hashFiles('requirements.lock')" in key and f"hashFiles('{compute}/**')" in key
    prefixes = restore["with"]["restore-keys"].splitlines()
    assert prefixes and all(key.startswith(prefix) for prefix in prefixes)
    assert save["with"]["key"] == "${{ steps.book-cache.outputs.cache-primary-key }}"
    assert build.index(restore) < build.index(prune) < build.index(save)
    assert prune["if"] == save["if"]


def test_pages_get_the_html_book_and_the_repository_url_comes_from_the_run():
    publish = load("publish.yml")
    upload = next(s for s in steps(publish) if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_build/html"
    deploy = publish["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["permissions"] == {"contents": "read"}
    env = publish["jobs"]["build"]["env"]
    assert env["FMNIST_REPOSITORY_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    config = yaml.safe_load((PROJECT_ROOT / "_config.yml").read_text())
    assert "url" not in config.get("repository", {}), "the repository's URL is never committed"
