"""CITATION.cff: valid Citation File Format (cffconvert --validate, which also rejects a broken
copy), the book's version, and the reproduced report cited as book/references.bib cites it."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from fmnist_lib.runtime.memo import PROJECT_ROOT

CITATION = PROJECT_ROOT / "CITATION.cff"
CFFCONVERT = Path(sys.executable).parent / "cffconvert"


def validate(path: Path) -> subprocess.CompletedProcess:
    assert CFFCONVERT.exists(), "cffconvert is not installed: make test installs the test extra"
    return subprocess.run([str(CFFCONVERT), "--validate", "--infile", str(path)],
                          capture_output=True, text=True)


def bib_entry(key: str) -> str:
    text = (PROJECT_ROOT / "book" / "references.bib").read_text()
    match = re.search(r"@\w+\{" + key + r",(.*?)\n\}", text, re.DOTALL)
    assert match, f"no {key} in book/references.bib"
    return match.group(1)


def test_citation_file_is_valid():
    result = validate(CITATION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout


def test_the_validator_rejects_a_broken_citation_file(tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text(CITATION.read_text().replace("title:", "titel:", 1))
    assert validate(broken).returncode != 0


def test_citation_names_the_book_at_its_version():
    citation = yaml.safe_load(CITATION.read_text())
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    assert citation["version"] == project["version"]
    assert citation["title"] == yaml.safe_load((PROJECT_ROOT / "_config.yml").read_text())["title"]


def test_the_reproduced_report_is_the_first_reference_as_the_book_cites_it():
    report = yaml.safe_load(CITATION.read_text())["references"][0]
    entry = bib_entry("blumenstiel2021")
    title = re.search(r"title\s*=\s*\{(.*)\},", entry).group(1).replace("{", "").replace("}", "")
    assert report["title"] == title
    authors = re.search(r"author\s*=\s*\{(.*)\},", entry).group(1).split(" and ")
    assert [f"{a['family-names']}, {a['given-names']}" for a in report["authors"]] == authors
    assert str(report["year"]) in entry
    code = re.search(r"\\url\{([^}]*)\}", bib_entry("reportcode2021")).group(1)
    assert report["repository-code"] == code
