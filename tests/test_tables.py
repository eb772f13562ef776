"""Rows -> Arrow tables, and the IPC form in which workers send them."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st
from support import RAW

from pipeline import concept_step
from pipeline.executors import process_chunk
from pipeline.schema import TABLES, arrow_schema
from pipeline.sources import discover
from pipeline.tables import empty, from_ipc, in_key_order, to_ipc


def test_tables_sent_as_ipc_come_back_equal_with_their_schemas() -> None:
    """Values, enum dictionaries (ordered) and schema metadata survive the worker's send."""
    tables = process_chunk(discover(RAW), str(RAW), 10_000_000)
    for name, table in tables.items():
        back = from_ipc(to_ipc(table))
        assert back.equals(table), name
        # (a dictionary type's equality includes its ``ordered`` flag)
        assert back.schema.equals(arrow_schema(name), check_metadata=True), name


def test_empty_tables_survive_ipc() -> None:
    for name in TABLES:
        back = from_ipc(to_ipc(empty(name)))
        assert back.num_rows == 0 and back.schema.equals(arrow_schema(name), check_metadata=True)


_KEYS = st.lists(
    st.tuples(st.none() | st.sampled_from(["a", "b", "ab", "é"]), st.none() | st.integers(0, 3)),
    max_size=12,
)


@given(_KEYS)
def test_in_key_order_is_being_the_sorted_order_of_unique_keys(keys: list[Any]) -> None:
    """True exactly when sorting by key changes nothing and no key is null or repeated."""
    table = pa.table(
        {"monograph_id": [k[0] for k in keys], "item_no": [k[1] for k in keys]},
        schema=pa.schema([("monograph_id", pa.string()), ("item_no", pa.int64())]),
    )
    pieces = [table.slice(0, len(keys) // 2), table.slice(len(keys) // 2)]
    chunked = pa.concat_tables(pieces)  # (a table of several chunks, as a run's is)
    whole = [(m, i) for m, i in keys]
    expected = len(keys) < 2 or (
        None not in {x for k in keys for x in k}
        and whole == sorted(whole, key=lambda k: (k[0].encode(), k[1]))
        and len(set(whole)) == len(whole)
    )
    assert in_key_order("issues", chunked) == expected


def test_a_column_of_many_chunks_codes_each_wording_once() -> None:
    """Each chunk of a dictionary-encoded chunked column carries the whole dictionary:
    coded chunk by chunk, every wording was coded once per chunk."""
    calls: list[str] = []

    class Coder:
        def code(self, text: str, domain: str) -> tuple[str, ...]:
            calls.append(text)
            return (f"id:{text}",)

    texts = pa.chunked_array([["b", "a"], ["a", "c"], ["b"]])
    ids = concept_step.code_column(texts, Coder(), "side_effects")  # type: ignore[arg-type]
    assert ids.to_pylist() == [["id:b"], ["id:a"], ["id:a"], ["id:c"], ["id:b"]]
    assert sorted(calls) == ["a", "b", "c"]
