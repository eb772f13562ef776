"""Rows -> Arrow tables with the derived schemas, in deterministic order.

Workers turn their rows into small Arrow tables (cheap to send between
processes); the main process concatenates them and sorts by primary key,
so the result never depends on file order, ``--jobs`` or scheduling.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from pipeline.schema import OUTPUT_TABLES, arrow_schema

Row = dict[str, Any]


def enum_array(values: list[Any], allowed: list[str]) -> pa.DictionaryArray:
    index = {v: i for i, v in enumerate(allowed)}
    indices = pa.array([None if v is None else index[str(v)] for v in values], pa.int8())
    return pa.DictionaryArray.from_arrays(indices, pa.array(allowed, pa.string()), ordered=True)


def rows_to_arrow(name: str, rows: list[Row]) -> pa.Table:
    """Build one table from row dicts (unknown enum values raise: that is a bug)."""
    schema = arrow_schema(name)
    arrays: list[pa.Array] = []
    for col, fld in zip(OUTPUT_TABLES[name].columns, schema, strict=True):
        values = [row.get(col.name) for row in rows]
        if col.py_type is list and not col.nullable:  # a list left out is an empty list
            values = [[] if v is None else v for v in values]
        if col.enum is not None:
            arrays.append(enum_array(values, col.enum_values))
        else:
            arrays.append(pa.array(values, type=fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)


#: Small tables, one batch each: the IPC writer's threads cost more than they save.
_IPC_OPTIONS = ipc.IpcWriteOptions(use_threads=False)


def to_ipc(table: pa.Table) -> bytes:
    """A table as an Arrow IPC stream: how a worker sends it (pickling a table costs
    four times as much, on both sides: ~0.1 s of the corpus's CPU)."""
    sink = pa.BufferOutputStream()
    with ipc.new_stream(sink, table.schema, options=_IPC_OPTIONS) as writer:
        writer.write_table(table)
    data: bytes = sink.getvalue().to_pybytes()
    return data


def from_ipc(data: bytes) -> pa.Table:
    """The table ``to_ipc`` wrote (its columns are views of ``data``)."""
    return ipc.open_stream(data).read_all()


def empty(name: str) -> pa.Table:
    return rows_to_arrow(name, [])


def sort_by_key(name: str, table: pa.Table) -> pa.Table:
    """``table`` in primary-key order (a copy)."""
    keys = [(k, "ascending") for k in OUTPUT_TABLES[name].primary_key]
    return table.take(pc.sort_indices(table, sort_keys=keys))


def combine(name: str, parts: Iterable[pa.Table]) -> pa.Table:
    """Concatenate worker tables and sort by the primary key."""
    tables = [t for t in parts if t.num_rows]
    if not tables:
        return empty(name)
    table = pa.concat_tables(tables)  # zero-copy: the chunks are the worker tables
    del tables
    # one copy, in key order; dictionary columns unify to the enum's single dictionary
    return sort_by_key(name, table).combine_chunks()


def concat(name: str, parts: list[pa.Table]) -> pa.Table:
    """The parts as one table, in their order (no copy)."""
    return pa.concat_tables(parts) if parts else empty(name)


def in_key_order(name: str, table: pa.Table) -> bool:
    """Whether the rows are in strictly increasing primary-key order (with two or more
    rows, a null key or two rows of one key: False)."""
    n = table.num_rows
    if n < 2:
        return True
    tied: pa.ChunkedArray | None = None  # rows whose key so far equals the row before's
    for key in OUTPUT_TABLES[name].primary_key:
        column = table.column(key)
        if column.null_count:
            return False
        before, this = column.slice(0, n - 1), column.slice(1)
        back, same = pc.less(this, before), pc.equal(this, before)
        if tied is not None:
            back, same = pc.and_(back, tied), pc.and_(same, tied)
        if pc.any(back).as_py():
            return False
        tied = same
    return not pc.any(tied).as_py()
