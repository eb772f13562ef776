"""Load an output set into a DuckDB file, in one transaction, through Arrow.

DuckDB checks foreign keys against the state at the start of the transaction,
so it cannot delete (or update) a ``monographs`` row that other rows
referenced, even after deleting those rows in the same transaction. A load
that only adds monographs inserts their rows; a load that replaces or removes
any rebuilds the tables inside the transaction instead (same contents as the
row-by-monograph replacement, and cheap at DuckDB's speed). A load that
changes nothing writes nothing.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipeline.db import ddl, merge
from pipeline.db.merge import LoadSummary
from pipeline.db.source import OutputSet
from pipeline.db.sql import Dialect, ident, idents
from pipeline.errors import LoadError


class DuckSession:
    """``merge.Session`` over a DuckDB connection."""

    dialect = Dialect.duckdb

    def __init__(self, con: Any) -> None:
        self.con = con

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> None:
        self.con.execute(sql, list(params))

    def scalar(self, sql: str, params: tuple[object, ...] = ()) -> object:
        rows = self.con.execute(sql, list(params)).fetchall()
        return rows[0][0] if rows else None

    def ingest(self, name: str, table: pa.Table) -> None:
        view = f"{name}_arrow"
        self.con.register(view, table)
        try:
            self.con.execute(f"CREATE TEMPORARY TABLE {ident(name)} AS SELECT * FROM {ident(view)}")
        finally:
            self.con.unregister(view)


def rewrite(s: DuckSession) -> None:
    """Drop and recreate the record tables and fill them with the staged set."""
    specs = ddl.data_tables()
    for sql in ddl.drop_tables(specs):
        s.execute(sql)
    for spec in specs:
        s.execute(ddl.create_table(spec, s.dialect))
        cols = idents(c.name for c in spec.columns)
        s.execute(f"INSERT INTO {ident(spec.name)} ({cols}) SELECT {cols} FROM {merge.stage(spec)}")
    for spec in specs:
        for sql in ddl.create_indexes(spec) + ddl.comments(spec, s.dialect):
            s.execute(sql)
    for sql in ddl.create_views(s.dialect):
        s.execute(sql)


def apply(s: DuckSession, summary: LoadSummary) -> None:
    if summary.replaced or summary.removed:
        summary.rewritten = True
        rewrite(s)
    elif summary.added:
        parent, *children = ddl.data_tables()
        merge.insert_rows(s, parent, only_new=True)
        for spec in children:
            merge.insert_rows(s, spec)


def run_load(
    s: DuckSession, out: OutputSet, summary: LoadSummary, recreate: bool, allow_empty: bool = False
) -> None:
    merge.refuse_emptying(s, out, allow_empty)
    summary.created_schema = merge.ensure_schema(s, recreate)
    merge.stage_tables(s, out)
    merge.diff(s, summary, out.tables[ddl.PARENT].num_rows)
    apply(s, summary)
    merge.sync_run_tables(s)
    merge.write_metadata(s, out)
    merge.check_counts(s, out, summary)
    merge.drop_staging(s)


def load(
    out: OutputSet, path: Path, target: str, recreate: bool = False, allow_empty: bool = False
) -> LoadSummary:
    """Load ``out`` into the DuckDB file at ``path``; all or nothing."""
    started = time.perf_counter()
    summary = LoadSummary(target=target)
    fresh = not path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path))
    except (OSError, duckdb.Error) as exc:
        raise LoadError(f"cannot open {target}: {exc}") from exc
    ok = False
    try:
        con.begin()
        try:
            run_load(DuckSession(con), out, summary, recreate, allow_empty)
            con.commit()
            ok = True
        except BaseException:
            con.rollback()
            raise
    except duckdb.Error as exc:
        raise LoadError(f"loading into {target} failed, nothing was changed: {exc}") from exc
    finally:
        con.close()
        if fresh and not ok:
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary
