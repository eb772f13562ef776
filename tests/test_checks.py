"""Pre-publish checks: each one fails loudly on a deliberately broken table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import checks, coding, concept_step
from pipeline import run as run_module
from pipeline.checks import check_tables
from pipeline.cli import main
from pipeline.errors import CheckFailed
from pipeline.executors import results_to_tables
from pipeline.process import process_source
from pipeline.sources import Source, SourceRef, decode_into
from pipeline.tables import combine

DOC = b"# Drug\n\n## Side Effects\n\n* nausea\n* headache\n"

Tables = dict[str, pa.Table]


def _good() -> Tables:
    results = []
    for mid in ("a", "b"):
        src = Source(SourceRef(mid, f"{mid}.md", f"{mid}.md"))
        decode_into(src, DOC if mid == "a" else b"no title here\n")
        results.append(process_source(src))
    tables = {name: combine(name, [t]) for name, t in results_to_tables(results).items()}
    return concept_step.code_tables(tables, coding.coder())


def _set(table: pa.Table, column: str, values: list[Any]) -> pa.Table:
    i = table.column_names.index(column)
    field = table.schema.field(i)
    if pa.types.is_dictionary(field.type):
        arr: Any = pa.array(values, pa.string()).dictionary_encode()
        field = pa.field(column, arr.type, nullable=True)
    else:
        arr = pa.array(values, field.type)
        field = field.with_nullable(True)
    return table.set_column(i, field, arr)


def _dup_pk(t: Tables) -> None:
    se = t["side_effects"]
    t["side_effects"] = _set(se, "item_no", [1] * se.num_rows)


def _null_pk(t: Tables) -> None:
    mono = t["monographs"]
    t["monographs"] = _set(
        mono, "monograph_id", [None, *mono.column("monograph_id").to_pylist()[1:]]
    )


def _null_required(t: Tables) -> None:
    se = t["side_effects"]
    t["side_effects"] = _set(se, "term", [None] * se.num_rows)


def _orphan(t: Tables) -> None:
    se = t["side_effects"]
    t["side_effects"] = _set(se, "monograph_id", ["ghost"] * se.num_rows)


def _bad_enum(t: Tables) -> None:
    se = t["side_effects"]
    t["side_effects"] = _set(se, "frequency_band", ["sometimes"] * se.num_rows)


def _bad_issue_code(t: Tables) -> None:
    iss = t["issues"]
    t["issues"] = _set(iss, "code", ["made_up"] * iss.num_rows)


def _wrong_count(t: Tables) -> None:
    mono = t["monographs"]
    t["monographs"] = _set(mono, "n_side_effects", [99] * mono.num_rows)


def _line_zero(t: Tables) -> None:
    se = t["side_effects"]
    t["side_effects"] = _set(se, "line", [0] * se.num_rows)


def _empty_term(t: Tables) -> None:
    se = t["side_effects"]
    t["side_effects"] = _set(se, "term", [""] * se.num_rows)


def _unknown_concept(t: Tables) -> None:
    se = t["side_effects"]
    t["side_effects"] = _set(se, "concept_ids", [["HP:0000000"]] * se.num_rows)


def _unused_concept(t: Tables) -> None:
    se = t["side_effects"]
    t["side_effects"] = _set(se, "concept_ids", [[]] * se.num_rows)


def _lost_row(t: Tables) -> None:
    t["monographs"] = t["monographs"].slice(0, 1)


BREAKS: dict[str, tuple[Callable[[Tables], None], str]] = {
    "duplicate primary key": (_dup_pk, "duplicated primary keys"),
    "null primary key": (_null_pk, "null in primary key"),
    "null in not-null column": (_null_required, "side_effects.term"),
    "orphan child row": (_orphan, "not in monographs"),
    "enum outside allowed set": (_bad_enum, "sometimes"),
    "issue code outside enum": (_bad_issue_code, "made_up"),
    "row count disagrees": (_wrong_count, "n_side_effects"),
    "monograph row lost": (_lost_row, "1 rows for 2 input files"),
    "value below the model's minimum": (_line_zero, "side_effects.line: value 0 below"),
    "text shorter than the model allows": (_empty_term, "side_effects.term: text shorter"),
    "concept id not in concepts": (_unknown_concept, "side_effects.concept_ids: 2 ids not in"),
    "concept no row is coded to": (_unused_concept, "concepts: 2 concepts no row"),
}


def test_good_tables_pass() -> None:
    tables = _good()
    assert tables["concepts"].column("concept_id").to_pylist() == ["HP:0002018", "HP:0002315"]
    check_tables(tables, 2)


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_each_check_catches_its_violation(case: str) -> None:
    tables = _good()
    assert tables["side_effects"].num_rows >= 2 and tables["issues"].num_rows >= 1
    breaker, message = BREAKS[case]
    breaker(tables)
    with pytest.raises(CheckFailed, match=message):
        check_tables(tables, 2)


def test_check_failure_exits_3_and_publishes_nothing(tmp_path: Path, monkeypatch: Any) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "a.md").write_bytes(DOC)
    # As if discovery had found one more file than the workers returned rows for.
    monkeypatch.setattr(run_module, "check_tables", lambda t, n: check_tables(t, n + 1))
    assert main(["extract", str(inp), "--out", str(out), "--jobs", "1", "--quiet"]) == 3
    assert not (out / "current").exists()
    # the tables were being written while the checks ran: the staged folder is gone too
    runs = out / ".runs"
    assert not runs.exists() or not [p for p in runs.iterdir() if p.is_dir()]


_KEYS = st.lists(
    st.tuples(st.none() | st.sampled_from(["a", "b", "ab"]), st.none() | st.integers(0, 3)),
    max_size=30,
)


@given(_KEYS)
def test_duplicated_keys_are_counted_as_a_group_by_counts_them(keys: list[tuple[Any, Any]]) -> None:
    """The number of key values held by more than one row, for one column and for two
    (null a value like any other), in one chunk or several."""
    table = pa.table({"mid": [k[0] for k in keys], "n": [k[1] for k in keys]})
    table = pa.concat_tables([table.slice(0, len(keys) // 2), table.slice(len(keys) // 2)])
    for key in (("mid",), ("mid", "n")):
        seen = Counter(tuple(k[: len(key)]) for k in keys)
        assert checks._duplicated(table, key) == sum(1 for n in seen.values() if n > 1), key
