"""Load an output set into PostgreSQL in one transaction.

Bulk path: each Parquet table goes, as Arrow, through the ADBC PostgreSQL
driver's ``COPY ... (FORMAT binary)`` into a temporary staging table; the
merge is then plain SQL on the server. Monographs whose rows are unchanged are
not written; touched ones have their record rows deleted and reinserted and
their ``monographs`` row updated in place.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyarrow as pa

from pipeline.db import ddl, merge
from pipeline.db.merge import LoadSummary
from pipeline.db.source import OutputSet
from pipeline.db.sql import Dialect
from pipeline.errors import LoadError

#: ``pg_advisory_xact_lock`` key: concurrent loads into one database wait for each other.
LOCK_KEY = 0x6D6F6E6F67726170


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***``, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def connect(url: str) -> Any:
    """An ADBC DB-API connection (autocommit off: one transaction until commit)."""
    try:
        import adbc_driver_postgresql.dbapi as pgdbapi
    except ImportError as exc:
        raise LoadError(
            "loading into PostgreSQL needs the postgres extra: "
            "pip install 'monograph-pipeline[postgres]'"
        ) from exc
    return pgdbapi.connect(url)


def _errors() -> tuple[type[BaseException], ...]:
    try:
        from adbc_driver_manager import dbapi
    except ImportError:
        return ()
    return (dbapi.Error,)


class PgSession:
    """``merge.Session`` over an ADBC PostgreSQL connection."""

    dialect = Dialect.postgres

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.cur = conn.cursor()

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> None:
        if params:
            self.cur.execute(sql, params)
        else:
            self.cur.execute(sql)

    def scalar(self, sql: str, params: tuple[object, ...] = ()) -> object:
        self.execute(sql, params)
        row = self.cur.fetchone()
        return None if row is None else row[0]

    def ingest(self, name: str, table: pa.Table) -> None:
        self.cur.adbc_ingest(name, table, mode="create", temporary=True)


def run_load(
    s: PgSession, out: OutputSet, summary: LoadSummary, recreate: bool, allow_empty: bool = False
) -> None:
    s.execute("SET LOCAL client_min_messages = warning")
    s.execute("SELECT pg_advisory_xact_lock($1)", (LOCK_KEY,))
    merge.refuse_emptying(s, out, allow_empty)
    summary.created_schema = merge.ensure_schema(s, recreate)
    merge.stage_tables(s, out)
    merge.diff(s, summary, out.tables[ddl.PARENT].num_rows)
    if summary.changed:
        merge.apply_incremental(s)
    merge.sync_run_tables(s)
    merge.write_metadata(s, out)
    merge.check_counts(s, out, summary)
    merge.drop_staging(s)


def load(
    out: OutputSet, url: str, recreate: bool = False, allow_empty: bool = False
) -> LoadSummary:
    """Load ``out`` into the PostgreSQL database at ``url``; all or nothing."""
    started = time.perf_counter()
    target = redact(url)
    summary = LoadSummary(target=target)
    errors = _errors()
    try:
        conn = connect(url)
    except errors as exc:
        raise LoadError(f"cannot connect to {target}: {exc}") from exc
    try:
        try:
            run_load(PgSession(conn), out, summary, recreate, allow_empty)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    except errors as exc:
        raise LoadError(f"loading into {target} failed, nothing was changed: {exc}") from exc
    finally:
        conn.close()
    summary.seconds = round(time.perf_counter() - started, 3)
    return summary
