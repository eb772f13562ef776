"""The report in a real browser: headless Chromium draws every chart, offline, without errors.

Chromium comes from Debian (`chromium-headless-shell`, which `.ci/run` installs)
and is driven by playwright's Python package through ``executable_path``
(playwright's own browser download is not used). ``UPDATE_SCREENSHOT=1``
rewrites ``docs/report.png`` from the page of ``raw/``'s output.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.report.page import write_report

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser() -> str:
    path = os.environ.get("PIPELINE_TEST_CHROMIUM") or next(
        (p for b in BROWSERS if (p := shutil.which(b))), None
    )
    if path is None:
        pytest.skip("no Chromium installed (apt-get install chromium-headless-shell; .ci/run does)")
    return path


@pytest.fixture(scope="module")
def loaded(raw_output: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The report opened in headless Chromium: what it logged, fetched and shows."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    executable = _browser()
    tmp = tmp_path_factory.mktemp("browser")
    report = write_report(raw_output, tmp / "report.html")
    seen: dict[str, Any] = {"errors": [], "requests": []}
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp / "profile"),  # a fresh user-data-dir
            executable_path=executable,
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 1000},
        )
        try:
            page = context.new_page()
            page.on(
                "console",
                lambda m: seen["errors"].append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: seen["errors"].append(str(e)))
            page.on("request", lambda r: seen["requests"].append(r.url))
            page.goto(report.as_uri(), wait_until="load")
            # every chart fits the box the page gives it (resized once the grid is laid out)
            page.wait_for_function(
                """() => [...document.querySelectorAll('.plotly-graph-div .main-svg')].every(
                    s => s.getBoundingClientRect().width
                        <= s.closest('.plotly-graph-div').parentElement
                            .getBoundingClientRect().width + 1)""",
                timeout=10_000,
            )
            seen["charts"] = page.evaluate(
                """() => [...document.querySelectorAll('.plotly-graph-div')].map(el => ({
                    id: el.id,
                    drawn: el.classList.contains('js-plotly-plot')
                        && el.querySelectorAll('.main-svg').length > 0,
                    marks: el.querySelectorAll('.trace .point, .trace path, .slice').length,
                    width: el.getBoundingClientRect().width,
                }))"""
            )
            seen["numbers"] = page.evaluate(
                """() => Object.fromEntries([...document.querySelectorAll('[id]')]
                    .filter(el => /^(rows|issues|status)-|^input-files$/.test(el.id))
                    .map(el => [el.id, el.textContent.trim()]))"""
            )
            if os.environ.get("UPDATE_SCREENSHOT"):
                page.screenshot(
                    path=str(ROOT / "docs" / "report.png"),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": 2500},
                )
        finally:
            context.close()
    return seen


def test_page_loads_without_errors_and_fetches_nothing(loaded: dict[str, Any]) -> None:
    assert loaded["errors"] == []
    assert all(url.startswith(("file:", "data:", "about:")) for url in loaded["requests"])


def test_every_chart_is_drawn(loaded: dict[str, Any]) -> None:
    charts = loaded["charts"]
    assert len(charts) >= 4
    for chart in charts:
        assert chart["drawn"], chart["id"]
        assert chart["marks"] > 0, chart["id"]
        assert chart["width"] > 100, chart["id"]


def test_numbers_on_the_page_are_the_manifests(loaded: dict[str, Any], raw_output: Path) -> None:
    manifest = json.loads((raw_output / "manifest.json").read_text())
    shown = {k: int(v.replace(",", "")) for k, v in loaded["numbers"].items()}
    assert shown["input-files"] == manifest["input_files"]
    for table, n in manifest["row_counts"].items():
        assert shown[f"rows-{table}"] == n, table
    for code, n in manifest["issues_by_code"].items():
        assert shown[f"issues-{code}"] == n, code
    assert sum(v for k, v in shown.items() if k.startswith("status-")) == manifest["input_files"]
