"""Regression over the real corpus (../shared/corpus/rxhive) and the dev gold.

The whole corpus is extracted once per test session (module-scoped cache,
default ``--jobs``); every test then reads the published tables. Skipped with
a reason when the corpus is absent; the gold scores are skipped when
../shared/gold/dev or the scorer is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.run import RunOptions, RunSummary, run
from pipeline.schema import TABLES

pytestmark = pytest.mark.corpus

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
GOLD = SHARED / "gold" / "dev"
SCORER = SHARED / "tools" / "score.py"


@dataclass
class Extracted:
    out: Path
    summary: RunSummary
    n_md_files: int
    md_ids: set[str]
    tables: dict[str, pd.DataFrame]


@pytest.fixture(scope="module")
def _once() -> dict[str, Any]:
    """Holds the one extraction (and score) of this module, made on first use."""
    return {}


@pytest.fixture
def extracted(
    corpus: Path, _once: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Extracted:
    if "run" not in _once:
        out = tmp_path_factory.mktemp("corpus") / "out"
        summary = run(RunOptions(input_dir=corpus, out_dir=out, progress=False, use_cache=False))
        md = [p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() == ".md"]
        ids = {p.relative_to(corpus).with_suffix("").as_posix() for p in md}
        tables = {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}
        _once["run"] = Extracted(out, summary, len(md), ids, tables)
    result: Extracted = _once["run"]
    return result


@pytest.fixture
def scores(extracted: Extracted, _once: dict[str, Any]) -> dict[str, Any]:
    if not GOLD.is_dir():
        pytest.skip(f"dev gold not present at {GOLD}")
    if not SCORER.is_file():
        pytest.skip(f"scorer not present at {SCORER}")
    if "scores" not in _once:
        proc = subprocess.run(
            [sys.executable, str(SCORER), str(GOLD), str(extracted.out), "--json"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        _once["scores"] = json.loads(proc.stdout)
    result: dict[str, Any] = _once["scores"]
    return result


def test_no_internal_errors(extracted: Extracted) -> None:
    issues = extracted.tables["issues"]
    crashed = issues[issues["code"].astype(str) == "internal_error"]
    assert crashed.empty, crashed[["monograph_id", "message"]].head(10).to_string()
    assert "internal_error" not in extracted.summary.issues_by_code


def test_every_file_is_a_monographs_row(extracted: Extracted) -> None:
    mono = extracted.tables["monographs"]
    assert extracted.n_md_files > 0
    assert len(mono) == extracted.n_md_files == extracted.summary.files
    assert set(mono["monograph_id"]) == extracted.md_ids
    assert mono["monograph_id"].is_unique


def test_no_file_failed(extracted: Extracted) -> None:
    mono = extracted.tables["monographs"]
    failed = mono[mono["status"].astype(str) == "failed"]
    assert failed.empty, failed["monograph_id"].head(20).tolist()


def test_side_effects_sections_yield_rows(extracted: Extracted) -> None:
    mono = extracted.tables["monographs"]
    has_section = mono[mono["section_kinds"].map(lambda kinds: "side_effects" in list(kinds))]
    assert len(has_section) > 0.9 * len(mono)  # the corpus is made of such monographs
    empty = has_section[has_section["n_side_effects"] == 0]
    share = 1 - len(empty) / len(has_section)
    assert share >= 0.99, (
        f"{share:.4f} of {len(has_section)} files with a side-effects section yield rows; "
        f"without rows: {empty['monograph_id'].head(20).tolist()}"
    )


def test_row_counts_agree_with_monographs(extracted: Extracted) -> None:
    mono = extracted.tables["monographs"].set_index("monograph_id")
    for name, column in (
        ("side_effects", "n_side_effects"),
        ("contraindications", "n_contraindications"),
        ("interactions", "n_interactions"),
        ("issues", "n_issues"),
    ):
        counts = extracted.tables[name].groupby("monograph_id").size()
        expected = mono[column][mono[column] > 0]
        assert counts.sort_index().to_dict() == expected.sort_index().to_dict(), name


def test_unknown_band_share(extracted: Extracted) -> None:
    se = extracted.tables["side_effects"]
    assert len(se) > 0
    unknown = float((se["frequency_band"].astype(str) == "unknown").mean())
    assert unknown < 0.15, f"share of side effects with band unknown: {unknown:.3f}"


@pytest.mark.parametrize(
    ("table", "minimum"), [("contraindications", 0.90), ("interactions", 0.50)]
)
def test_files_with_rows(extracted: Extracted, table: str, minimum: float) -> None:
    n_files = len(extracted.tables["monographs"])
    with_rows = extracted.tables[table]["monograph_id"].nunique()
    share = with_rows / n_files
    assert share >= minimum, f"{table} rows for {with_rows}/{n_files} files ({share:.3f})"


@pytest.mark.parametrize(
    ("part", "metric", "minimum"),
    [
        ("side_effects", "f1", 0.95),
        ("side_effects", "band_accuracy", 0.95),
        ("side_effects", "serious_accuracy", 0.90),
        ("side_effects", "component_accuracy", 0.90),
        ("contraindications_absolute", "f1", 0.90),
        ("contraindications_relative", "f1", 0.80),
        ("interactions", "f1", 0.90),
    ],
)
def test_dev_gold_score(scores: dict[str, Any], part: str, metric: str, minimum: float) -> None:
    assert scores["monographs"] > 0
    got = scores[part].get(metric)
    assert got is not None, f"scorer gave no {part}.{metric}: {scores[part]}"
    assert got >= minimum, f"{part} {metric} {got} < {minimum}: {scores[part]}"


def test_report_of_the_corpus_is_one_small_self_contained_file(
    extracted: Extracted, tmp_path: Path
) -> None:
    from pipeline.report.page import write_report

    html = write_report(extracted.out, tmp_path / "report.html").read_text(encoding="utf-8")
    assert len(html.encode()) < 20_000_000
    assert "<script src=" not in html and "<link" not in html
    for table, n in extracted.summary.rows.items():
        assert f'id="rows-{table}" data-table="{table}">{n:,}<' in html, table
