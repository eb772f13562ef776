"""pipeline report: one self-contained HTML file whose figures are the output set's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main
from pipeline.report import figures
from pipeline.report.output import OutputSet, read_output
from pipeline.report.page import render, write_report
from pipeline.run import RunOptions, run
from pipeline.schema import TABLES


@pytest.fixture(scope="module")
def page(raw_output: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    to = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(raw_output), "--to", str(to), "--quiet"]) == 0
    return to.read_text(encoding="utf-8")


def _manifest(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((out / "manifest.json").read_text())
    return data


def test_report_is_one_small_file_fetching_nothing(page: str) -> None:
    assert len(page.encode()) < 20_000_000
    # Nothing is loaded from anywhere: no external scripts, styles, images or fonts.
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link\b", page)
    assert not re.search(r"<(img|iframe|source)\b[^>]+src=\"?https?:", page)
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    assert page.count('class="plotly-graph-div"') >= 4


def _number(page: str, element_id: str) -> int:
    found = re.search(rf'id="{re.escape(element_id)}"[^>]*>([\d,]+)<', page)
    assert found, f"no #{element_id} on the page"
    return int(found.group(1).replace(",", ""))


def test_report_figures_are_the_manifests(page: str, raw_output: Path) -> None:
    manifest = _manifest(raw_output)
    row_counts = manifest["row_counts"]
    assert isinstance(row_counts, dict) and set(TABLES) <= set(row_counts)
    for table, n in row_counts.items():
        assert _number(page, f"rows-{table}") == n
    assert _number(page, "input-files") == manifest["input_files"]
    issues = manifest["issues_by_code"]
    assert isinstance(issues, dict)
    for code, n in issues.items():
        assert _number(page, f"issues-{code}") == n
    mono = pd.read_parquet(raw_output / "monographs.parquet")
    for status, n in mono["status"].astype(str).value_counts().items():
        assert _number(page, f"status-{status}") == n
    assert str(manifest["extractor_version"]) in page


def test_coverage_lists_a_section_without_rows_with_its_line(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "a" / "alpha.md").write_text(
        "# Alpha\n\n## Side Effects\n\nCommon side effects include nausea and rash.\n"
    )
    (src / "a" / "beta.md").write_text(
        "# Beta\n\nIntro.\n\n## Side Effects\n\nAsk your doctor about side effects.\n"
    )
    out = tmp_path / "out"
    run(RunOptions(input_dir=src, out_dir=out, jobs=1, progress=False, use_cache=False))
    cover = {c.table: c for c in figures.coverage(read_output(out))}
    se = cover["side_effects"]
    assert (se.with_section, se.with_rows) == (2, 1)
    assert [(g.monograph_id, g.source_path, g.line) for g in se.gaps] == [
        ("a/beta", "a/beta.md", 5)
    ]
    html = render(read_output(out))
    assert re.search(r"a/beta</td><td><code>a/beta.md</code></td><td class=\"num\">5<", html)


def _set(**frames: pd.DataFrame) -> OutputSet:
    return OutputSet(Path("."), {}, frames)


def test_top_effects_by_term_without_concepts() -> None:
    band = pd.CategoricalDtype(["unknown", "rare", "common"], ordered=True)
    se = pd.DataFrame(
        {
            "term": ["nausea", "nausea", "rash"],
            "frequency_band": pd.Series(["common", "rare", "common"], dtype=band),
        }
    )
    by, top = figures.top_effects(_set(side_effects=se))
    assert by == "term"
    assert top == {
        "nausea": {"unknown": 0, "rare": 1, "common": 1},
        "rash": {"unknown": 0, "rare": 0, "common": 1},
    }


def test_top_effects_by_concept_when_the_set_has_concepts() -> None:
    band = pd.CategoricalDtype(["unknown", "rare", "common"], ordered=True)
    se = pd.DataFrame(
        {
            "term": ["feeling sick", "nausea", "rash"],
            "frequency_band": pd.Series(["common", "rare", "common"], dtype=band),
            "concept_ids": [["C1"], ["C1"], []],
        }
    )
    concepts = pd.DataFrame({"concept_id": ["C1"], "label": ["Nausea"]})
    by, top = figures.top_effects(_set(side_effects=se, concepts=concepts))
    assert by == "concept"
    assert top == {"Nausea": {"unknown": 0, "rare": 1, "common": 1}}


def test_samples_are_seeded(raw_output: Path) -> None:
    out = read_output(raw_output)
    header, first = figures.sample(out, "side_effects", 5, seed=1)
    assert header[:2] == ["file", "line"]
    assert figures.sample(out, "side_effects", 5, seed=1)[1] == first
    assert figures.sample(out, "side_effects", 5, seed=2)[1] != first
    assert all(row[0].endswith(".md") and int(row[1]) >= 1 for row in first)


def test_linked_share_counts_drug_agents_only() -> None:
    ix = pd.DataFrame(
        {
            "agent_type": ["drug", "drug", "drug_class"],
            "linked_monograph_id": ["w/warfarin", None, "x/y"],
        }
    )
    assert figures.linked_share(ix) == (1, 2)


def test_report_default_path_and_bad_folder(
    raw_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(tmp_path / "missing")]) == 2
    assert "output folder does not exist" in capsys.readouterr().err
    to = write_report(raw_output, tmp_path / "sub" / "r.html", seed=3)
    assert to.is_file() and not list(to.parent.glob(".*.tmp"))
