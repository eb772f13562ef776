"""The files a new user meets first: pyproject.toml, the README, the Makefile."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pipeline.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_license_is_an_spdx_string_setuptools_accepts() -> None:
    # A TOML table (`{ text = "MIT" }`) makes every install print a deprecation warning.
    assert PYPROJECT["project"]["license"] == "MIT"
    (setuptools,) = [r for r in PYPROJECT["build-system"]["requires"] if "setuptools" in r]
    found = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", setuptools)
    assert found and int(found.group(1)) >= 77  # the first with SPDX `license` strings


def test_report_template_is_package_data() -> None:
    patterns = PYPROJECT["tool"]["setuptools"]["package-data"]["pipeline"]
    templates = list((ROOT / "pipeline").glob("report/templates/*"))
    assert templates
    assert all(any(t.match(f"pipeline/{p}") for p in patterns) for t in templates)


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)


def test_readme_examples_need_only_this_repository() -> None:
    for block in _code_blocks(README):
        assert "../shared" not in block, block
        assert not re.search(r"(?<![\w.])/work/", block), block


def test_readme_names_only_real_make_targets_and_commands() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.M))
    named = set(re.findall(r"`make ([\w-]+)", README)) | set(
        re.findall(r"^make ([\w-]+)", README, flags=re.M)
    )
    assert {"extract", "test", "report", "bench"} <= named
    assert named <= targets, named - targets
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    commands = set(re.findall(r"python -m pipeline ([a-z]+)", README))
    assert {"extract", "report", "show"} <= commands
    assert commands <= set(sub.choices or ()), commands


def test_readme_shows_the_report_screenshot() -> None:
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert "docs/report.png" in images
    assert (ROOT / "docs" / "report.png").stat().st_size > 10_000
