"""Golden snapshots of every table extracted from ``raw/``.

The snapshots live in ``tests/golden/<table>.json``: the table's columns and
its rows as written (enum columns as text). After an intended change to the
extraction rules, regenerate them with ``make golden``
(``UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py``) and
review the diff of ``tests/golden/`` before committing.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from pipeline.run import RunOptions, run
from pipeline.schema import OUTPUT_TABLES

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
SHOWN = 5  # differing rows shown in a failure message

Row = dict[str, Any]
Snapshot = dict[str, Any]  # {"table": str, "columns": [str], "rows": [Row]}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("golden") / "out"
    summary = run(RunOptions(input_dir=RAW, out_dir=dest, jobs=1, progress=False, use_cache=False))
    assert summary.files == len(list(RAW.rglob("*.md")))
    return dest


def snapshot(out_dir: Path, table: str) -> Snapshot:
    """One table as JSON-ready data, rows in the order written."""
    data = pq.read_table(out_dir / f"{table}.parquet")
    # to_pylist() decodes dictionary (enum) columns to their text values.
    return {"table": table, "columns": data.column_names, "rows": data.to_pylist()}


def _key(table: str, row: Row) -> tuple[Any, ...]:
    return tuple(row.get(k) for k in OUTPUT_TABLES[table].primary_key)


def _fmt(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def describe_diff(expected: Snapshot, actual: Snapshot) -> str:
    """A readable account of how ``actual`` differs from ``expected`` ('' when equal)."""
    table = expected["table"]
    lines: list[str] = []
    if expected["columns"] != actual["columns"]:
        lines.append(
            f"columns differ:\n  golden: {expected['columns']}\n  actual: {actual['columns']}"
        )
    exp_rows: list[Row] = expected["rows"]
    act_rows: list[Row] = actual["rows"]
    if len(exp_rows) != len(act_rows):
        lines.append(f"row count: golden {len(exp_rows)}, actual {len(act_rows)}")
    exp_by = {_key(table, r): r for r in exp_rows}
    act_by = {_key(table, r): r for r in act_rows}
    missing = [k for k in exp_by if k not in act_by]
    extra = [k for k in act_by if k not in exp_by]
    changed = [k for k in exp_by if k in act_by and exp_by[k] != act_by[k]]
    for what, keys, source in (("missing", missing, exp_by), ("extra", extra, act_by)):
        if keys:
            lines.append(f"{len(keys)} {what} rows, first {min(len(keys), SHOWN)}:")
            lines += [f"  {what} {k}: {_fmt(source[k])}" for k in keys[:SHOWN]]
    if changed:
        lines.append(f"{len(changed)} changed rows, first {min(len(changed), SHOWN)}:")
        for k in changed[:SHOWN]:
            old, new = exp_by[k], act_by[k]
            lines.append(f"  row {k}:")
            for col in dict.fromkeys([*old, *new]):
                if old.get(col, "<absent>") != new.get(col, "<absent>"):
                    lines.append(
                        f"    {col}: {_fmt(old.get(col, '<absent>'))} -> "
                        f"{_fmt(new.get(col, '<absent>'))}"
                    )
    if not lines and exp_rows != act_rows:
        first = next(i for i, (a, b) in enumerate(zip(exp_rows, act_rows, strict=True)) if a != b)
        lines.append(f"same rows in another order; first difference at position {first}")
    return "\n".join(lines)


def _write(path: Path, snap: Snapshot) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(snap, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.mark.parametrize("table", list(OUTPUT_TABLES))
def test_table_matches_golden(out: Path, table: str) -> None:
    actual = snapshot(out, table)
    # Round-trip through JSON so both sides have exactly the same types.
    actual = json.loads(json.dumps(actual, ensure_ascii=False))
    path = GOLDEN / f"{table}.json"
    if UPDATE:
        _write(path, actual)
    if not path.is_file():
        pytest.fail(f"no golden snapshot {path}; run `make golden` to create it")
    expected: Snapshot = json.loads(path.read_text(encoding="utf-8"))
    diff = describe_diff(expected, actual)
    if diff or expected != actual:
        pytest.fail(
            f"table {table} differs from {path.relative_to(ROOT)}:\n{diff}\n"
            "If the change is intended, run `make golden` and review the diff.",
            pytrace=False,
        )


def test_golden_covers_every_table_and_sample() -> None:
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(OUTPUT_TABLES)
    mono = json.loads((GOLDEN / "monographs.json").read_text(encoding="utf-8"))
    ids = {r["monograph_id"] for r in mono["rows"]}
    expected = {p.relative_to(RAW).with_suffix("").as_posix() for p in RAW.rglob("*.md")}
    assert ids == expected
    for name in ("side_effects", "contraindications", "interactions"):
        rows = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))["rows"]
        assert rows, f"golden {name} has no rows: the samples no longer exercise it"


def test_diff_names_changed_missing_and_extra_rows() -> None:
    base: Snapshot = {
        "table": "side_effects",
        "columns": ["monograph_id", "item_no", "term"],
        "rows": [
            {"monograph_id": "a", "item_no": 1, "term": "nausea"},
            {"monograph_id": "a", "item_no": 2, "term": "rash"},
        ],
    }
    assert describe_diff(base, base) == ""
    changed = {**base, "rows": [base["rows"][0], {**base["rows"][1], "term": "itch"}]}
    text = describe_diff(base, changed)
    assert "1 changed rows" in text and 'term: "rash" -> "itch"' in text
    extra_row = {"monograph_id": "b", "item_no": 1, "term": "x"}
    grown = {**base, "rows": [*base["rows"], extra_row]}
    assert "1 extra rows" in describe_diff(base, grown)
    assert "1 missing rows" in describe_diff(grown, base)
    swapped = {**base, "rows": base["rows"][::-1]}
    assert "another order" in describe_diff(base, swapped)


@pytest.mark.parametrize("table", list(OUTPUT_TABLES))
def test_csv_has_the_parquet_columns_and_rows(out: Path, table: str) -> None:
    parquet = pq.read_table(out / f"{table}.parquet")
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == parquet.column_names
    assert header == [c.name for c in OUTPUT_TABLES[table].columns]
    parsed = pacsv.read_csv(
        out / f"{table}.csv", parse_options=pacsv.ParseOptions(newlines_in_values=True)
    )
    assert parsed.num_rows == parquet.num_rows


@pytest.mark.parametrize("table", list(OUTPUT_TABLES))
def test_arrow_fields_carry_descriptions(out: Path, table: str) -> None:
    schema = pq.read_schema(out / f"{table}.parquet")
    columns = OUTPUT_TABLES[table].columns
    assert schema.names == [c.name for c in columns]
    for fld, col in zip(schema, columns, strict=True):
        meta = fld.metadata or {}
        assert b"description" in meta, f"{table}.{fld.name} has no description metadata"
        assert meta[b"description"].decode() == col.description
        assert col.description.strip()
    assert (schema.metadata or {}).get(b"table") == table.encode()
