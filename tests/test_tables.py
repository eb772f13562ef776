"""Rows -> Arrow tables, and the IPC form in which workers send them."""

from __future__ import annotations

from support import RAW

from pipeline.executors import process_chunk
from pipeline.schema import TABLES, arrow_schema
from pipeline.sources import discover
from pipeline.tables import empty, from_ipc, to_ipc


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
