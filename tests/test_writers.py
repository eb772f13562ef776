"""Writers: CSV formula neutralization, atomic publish, failed runs leave the old set."""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import assert_only_published_runs

from pipeline import writers
from pipeline.cli import main
from pipeline.errors import PipelineError
from pipeline.schema import OUTPUT_TABLES
from pipeline.tables import rows_to_arrow
from pipeline.writers import CURRENT, RUNS, discard, publish, stage, write_table

RAW = Path(__file__).resolve().parent.parent / "raw"
DANGEROUS = ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tlead tab", "\rlead cr"]
SAFE = ["plain", "a=b", "", "'quoted"]


def _issue_rows(messages: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "monograph_id": m,
            "item_no": 1,
            "source_path": m,
            "line": None,
            "severity": "warning",
            "code": "no_title",
            "message": m,
        }
        for m in messages
    ]


def test_csv_neutralizes_formulas_parquet_keeps_text(tmp_path: Path) -> None:
    table = rows_to_arrow("issues", _issue_rows(DANGEROUS + SAFE))
    write_table(table, "issues", tmp_path)
    assert pq.read_table(tmp_path / "issues.parquet").column("message").to_pylist() == (
        DANGEROUS + SAFE
    )
    csv = pacsv.read_csv(
        tmp_path / "issues.csv",
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in ("message", "monograph_id")},
            strings_can_be_null=False,
        ),
    )
    got = csv.column("message").to_pylist()
    assert got[: len(DANGEROUS)] == ["'" + v for v in DANGEROUS]
    assert got[len(DANGEROUS) :] == SAFE
    assert csv.column("monograph_id").to_pylist()[0] == "'" + DANGEROUS[0]


def test_list_columns_are_json_in_csv(tmp_path: Path) -> None:
    row = {
        "monograph_id": "m",
        "title": "=cmd",
        "components": ["-a", "b"],
        "is_combination": True,
        "source_path": "m.md",
        "status": "ok",
        "section_kinds": [],
        "n_side_effects": 0,
        "n_contraindications": 0,
        "n_interactions": 0,
        "n_issues": 0,
    }
    write_table(rows_to_arrow("monographs", [row]), "monographs", tmp_path)
    text = (tmp_path / "monographs.csv").read_text()
    assert "'=cmd" in text and '"[""-a"", ""b""]"' in text


_LISTS = st.lists(st.none() | st.lists(st.text(max_size=8), max_size=4), max_size=12)


@given(_LISTS, st.integers(0, 12), st.integers(0, 12))
def test_json_lists_match_json_dumps(
    lists: list[list[str] | None], start: int, length: int
) -> None:
    """The CSV text of a list column is what ``json.dumps`` gives each list, also for a slice."""
    arr = pa.array(lists, pa.list_(pa.string()))
    for part in (arr, arr.slice(min(start, len(arr)), length)):
        expected = [
            None if v is None else json.dumps(v, ensure_ascii=False) for v in part.to_pylist()
        ]
        assert writers._json_lists(part).to_pylist() == expected


_CELLS = st.lists(
    st.none() | st.text(alphabet=st.sampled_from("=+-@\t\r 'aé\n"), max_size=4), max_size=12
)


@given(_CELLS, st.integers(0, 12), st.integers(0, 12))
def test_formulas_neutralized_as_the_regex_does(
    cells: list[str | None], start: int, length: int
) -> None:
    """A column whose values start with no formula character is kept as it is; any other is
    rewritten, value by value, as the regex alone would (also for a slice)."""
    arr = pa.array(cells, pa.string())
    for part in (arr, arr.slice(min(start, len(arr)), length)):
        expected = [
            None if v is None else re.sub(writers._FORMULA, r"'\1", v) for v in part.to_pylist()
        ]
        assert writers._neutralized(part).to_pylist() == expected


def _run(inp: Path, out: Path, *extra: str) -> int:
    return main(
        ["extract", str(inp), "--out", str(out), "--jobs", "1", "--quiet", "--no-cache", *extra]
    )


def _snapshot(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in sorted(os.listdir(out)) if (out / n).is_file()}


def test_publish_layout_and_no_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(RAW, out) == 0
    first = os.readlink(out / CURRENT)
    assert _run(RAW, out) == 0
    assert _run(RAW, out) == 0
    current = os.readlink(out / CURRENT)
    # the current set and the one it replaced; the first run's set is gone
    runs = sorted(os.listdir(out / RUNS), key=lambda r: f"{RUNS}/{r}" != current)
    assert len(runs) == 2 and f"{RUNS}/{runs[0]}" == current and f"{RUNS}/{runs[1]}" != first
    assert not [r for r in runs if r.endswith(".partial")]
    expected = {f"{t}.{e}" for t in OUTPUT_TABLES for e in ("parquet", "csv")} | {"manifest.json"}
    assert set(os.listdir(out)) == expected | {CURRENT, RUNS}
    assert set(os.listdir(out / RUNS / runs[0])) == expected
    for name in expected:
        assert os.readlink(out / name) == f"{CURRENT}/{name}"
    manifest = json.loads((out / "manifest.json").read_text())
    for t in OUTPUT_TABLES:
        assert pq.read_table(out / f"{t}.parquet").num_rows == manifest["row_counts"][t]


def test_failed_write_leaves_previous_output(tmp_path: Path, monkeypatch: Any) -> None:
    out = tmp_path / "out"
    assert _run(RAW, out) == 0
    before = _snapshot(out)
    real = pq.write_table
    calls = {"n": 0}

    def failing(table: pa.Table, where: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(table, where, **kwargs)

    monkeypatch.setattr(writers.pq, "write_table", failing)
    assert _run(RAW, out) == 1  # says so (PipelineError), does not crash
    assert _snapshot(out) == before
    assert not [r for r in os.listdir(out / RUNS) if r.endswith(".partial")]  # discarded


def test_publish_syncs_the_staged_files_all_at_once(tmp_path: Path, monkeypatch: Any) -> None:
    """Every staged file is made durable before the set is renamed, the fsyncs all in
    flight together (one by one, each waited for a journal commit of its own): each
    waits at a barrier that only opens when all of them are there."""
    staged = stage(tmp_path / "out")
    names = [f"t{i}.csv" for i in range(5)]
    for name in names:
        (staged / name).write_text("x\n")
    barrier = threading.Barrier(len(names), timeout=10)
    synced: list[str] = []
    real = writers._fsync

    def fsync(path: Path) -> None:
        if path.parent == staged:
            barrier.wait()  # (BrokenBarrierError when they come one by one)
            synced.append(path.name)
        real(path)

    monkeypatch.setattr(writers, "_fsync", fsync)
    final = publish(staged, tmp_path / "out")
    assert sorted(synced) == names
    assert sorted(os.listdir(final)) == names


def test_a_failed_fsync_fails_the_publish(tmp_path: Path, monkeypatch: Any) -> None:
    out = tmp_path / "out"
    staged = stage(out)
    (staged / "t.csv").write_text("x\n")
    real = writers._fsync

    def fsync(path: Path) -> None:
        if path.name == "t.csv":
            raise OSError(5, "Input/output error")
        real(path)

    monkeypatch.setattr(writers, "_fsync", fsync)
    with pytest.raises(PipelineError, match="Input/output error"):
        publish(staged, out)
    assert not (out / CURRENT).exists()
    discard(staged)


def test_killed_leftovers_are_removed_by_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(RAW, out) == 0
    (out / RUNS / "dead.partial").mkdir()
    (out / RUNS / "dead.partial" / "monographs.parquet").write_bytes(b"half")
    (out / RUNS / "0123abcd").mkdir()  # renamed but never made current
    os.symlink("nowhere", out / ".current.deadbeef.tmp")
    assert _run(RAW, out) == 0
    assert_only_published_runs(out)
    assert not (out / ".current.deadbeef.tmp").is_symlink()


def test_staging_folder_of_live_run_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = stage(out)
    other = stage(out)  # a second run must not remove the first one's staging folder
    assert mine.is_dir() and other.is_dir()
    discard(other)
    write_table(rows_to_arrow("issues", []), "issues", mine)
    final = publish(mine, out)
    assert final.is_dir() and not other.exists()


def test_runs_folder_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere, out / RUNS)
    with pytest.raises(PipelineError):
        stage(out)
    assert os.listdir(elsewhere) == []
    assert _run(RAW, out) == 2  # refused before anything runs
    assert os.listdir(elsewhere) == []


def test_table_link_that_is_a_folder_fails_before_publishing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(RAW, out) == 0
    before = os.readlink(out / CURRENT)
    (out / "issues.csv").unlink()
    (out / "issues.csv").mkdir()
    assert _run(RAW, out) == 2  # not the pipeline's own entry: refused before anything runs
    assert os.readlink(out / CURRENT) == before
    assert [p for p in os.listdir(out / RUNS) if p.endswith(".partial")] == []


def test_csv_written_in_parts_is_the_csv_written_at_once(tmp_path: Path) -> None:
    """``CsvParts``: the header once, then each part's rows, the bytes ``write_table``
    writes for the whole table (formula cells, lists and categories included); with no
    part, the header alone."""
    rows = [
        {
            "monograph_id": f"m{i // 3}",
            "item_no": i % 3,
            "term": "=1+1" if i == 4 else f"term {i}",
            "term_raw": f"term {i}",
            "concept_ids": [f"HP:{i}", "x"] if i % 2 else [],
            "frequency_band": "common" if i % 3 else "unknown",
            "line": i + 1,
        }
        for i in range(10)
    ]
    table = rows_to_arrow("side_effects", rows)
    whole, parts = tmp_path / "whole", tmp_path / "parts"
    whole.mkdir(), parts.mkdir()
    write_table(table, "side_effects", whole)
    csv = writers.CsvParts("side_effects", parts)
    for start, stop in ((0, 4), (4, 4), (4, 9), (9, 10)):
        csv.write(table.slice(start, stop - start))
    csv.close(table.slice(0, 0))
    assert (parts / "side_effects.csv").read_bytes() == (whole / "side_effects.csv").read_bytes()
    write_table(table.slice(0, 0), "empty", whole)
    empty = writers.CsvParts("empty", parts)
    empty.close(table.slice(0, 0))
    assert (parts / "empty.csv").read_bytes() == (whole / "empty.csv").read_bytes()
