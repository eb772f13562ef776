"""One load, dialect-neutral: ensure the schema, stage the set, diff, apply, record metadata.

The caller owns the connection and the transaction (see ``duckdb_load`` and
``postgres_load``); everything here runs inside it, so a failure at any step
is rolled back whole.

What changes: a monograph is *touched* when it is new, gone, or any of its
rows (its ``monographs`` row, whose ``sha256`` changes with the file, or a row
of any record table) differs from what the database holds. Touched
monographs get all their rows replaced; the others are not written at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import pyarrow as pa

from pipeline.db import ddl
from pipeline.db.meta import METADATA
from pipeline.db.source import OutputSet
from pipeline.db.sql import Dialect, ident, idents
from pipeline.errors import EmptyInput, LoadError
from pipeline.models import SCHEMA_VERSION
from pipeline.schema import TableSpec

KEY = ident(ddl.KEY)
TOUCHED = "_load_touched"
REMOVED = "_load_removed"


class Session(Protocol):
    """The few operations a load needs from a connection inside an open transaction."""

    dialect: Dialect

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> None: ...

    def scalar(self, sql: str, params: tuple[object, ...] = ()) -> object: ...

    def ingest(self, name: str, table: pa.Table) -> None:
        """Create temporary table ``name`` holding ``table`` (Arrow bulk path)."""


@dataclass
class LoadSummary:
    """What a load did."""

    target: str
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0
    rewritten: bool = False
    created_schema: bool = False
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.removed)


def stage(spec: TableSpec) -> str:
    return ident(f"_load_{spec.name}")


def _cols(spec: TableSpec) -> str:
    return idents(c.name for c in spec.columns)


def schema_version(s: Session) -> str | None:
    """The version recorded in the database, or None when it has no pipeline schema."""
    exists = s.scalar(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_name = $1",
        (METADATA.name,),
    )
    if not exists:
        return None
    value = s.scalar(
        f"SELECT {ident('value')} FROM {ident(METADATA.name)} WHERE {ident('key')} = $1",
        ("schema_version",),
    )
    return None if value is None else str(value)


def ensure_schema(s: Session, recreate: bool) -> bool:
    """Create the schema when missing (or when ``recreate``); True when it was created."""
    if recreate:
        for sql in ddl.drop_views() + ddl.drop_tables(ddl.all_tables()):
            s.execute(sql)
    found = schema_version(s)
    if found == SCHEMA_VERSION:
        return False
    if found is not None:
        raise LoadError(
            f"the database holds schema version {found}, this pipeline writes {SCHEMA_VERSION}; "
            "load with --recreate to drop and rebuild the pipeline's tables"
        )
    for sql in ddl.schema_statements(s.dialect):
        s.execute(sql)
    return True


def refuse_emptying(s: Session, out: OutputSet, allow_empty: bool) -> None:
    """An output set without monographs must not empty a database that holds some
    (an input folder that failed to mount): refused unless ``allow_empty``."""
    if allow_empty or out.tables[ddl.PARENT].num_rows or schema_version(s) is None:
        return
    held = _count(s, f"SELECT count(*) FROM {ident(ddl.PARENT)}")
    if held:
        raise EmptyInput(
            f"the output set has no monographs and the database holds {held}; "
            "nothing was changed (--allow-empty loads it, removing them all)"
        )


def stage_tables(s: Session, out: OutputSet) -> None:
    for spec in ddl.output_tables():
        s.ingest(f"_load_{spec.name}", out.tables[spec.name])


def _differing(spec: TableSpec) -> list[str]:
    """Queries for the monograph_ids whose rows of ``spec`` differ, both directions."""
    target, staged, cols = ident(spec.name), stage(spec), _cols(spec)
    return [
        f"SELECT {KEY} FROM (SELECT {cols} FROM {a} EXCEPT SELECT {cols} FROM {b}) d"
        for a, b in ((staged, target), (target, staged))
    ]


def diff(s: Session, summary: LoadSummary, staged_monographs: int) -> None:
    """Fill the touched/removed temp tables and the summary's counts."""
    parent = ident(ddl.PARENT)
    staged_parent = stage(ddl.data_tables()[0])
    union = "\nUNION ".join(q for spec in ddl.data_tables() for q in _differing(spec))
    s.execute(f"CREATE TEMPORARY TABLE {ident(TOUCHED)} AS {union}")
    s.execute(
        f"CREATE TEMPORARY TABLE {ident(REMOVED)} AS "
        f"SELECT {KEY} FROM {parent} EXCEPT SELECT {KEY} FROM {staged_parent}"
    )
    touched = _count(s, f"SELECT count(*) FROM {ident(TOUCHED)}")
    summary.removed = _count(s, f"SELECT count(*) FROM {ident(REMOVED)}")
    summary.added = _count(
        s,
        f"SELECT count(*) FROM {ident(TOUCHED)} t "
        f"WHERE NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{KEY} = t.{KEY})",
    )
    summary.replaced = touched - summary.added - summary.removed
    summary.unchanged = staged_monographs - summary.added - summary.replaced


def _count(s: Session, sql: str) -> int:
    value = s.scalar(sql)
    return int(value) if isinstance(value, int | float | str) else 0


def _in_touched() -> str:
    return f"{KEY} IN (SELECT {KEY} FROM {ident(TOUCHED)})"


def delete_rows(s: Session, spec: TableSpec) -> None:
    """Remove the touched monographs' rows of a record table."""
    s.execute(f"DELETE FROM {ident(spec.name)} WHERE {_in_touched()}")


def insert_rows(s: Session, spec: TableSpec, only_new: bool = False) -> None:
    """Insert the touched monographs' staged rows (``only_new``: those not yet present)."""
    where = _in_touched()
    if only_new:
        where += f" AND NOT EXISTS (SELECT 1 FROM {ident(spec.name)} t WHERE t.{KEY} = s.{KEY})"
    s.execute(
        f"INSERT INTO {ident(spec.name)} ({_cols(spec)}) "
        f"SELECT {_cols(spec)} FROM {stage(spec)} s WHERE s.{where}"
    )


def update_parent(s: Session) -> None:
    """Rewrite the touched monographs rows in place (keeps rows that reference them valid)."""
    spec = ddl.data_tables()[0]
    sets = ", ".join(
        f"{ident(c.name)} = s.{ident(c.name)}" for c in spec.columns if c.name != ddl.KEY
    )
    s.execute(
        f"UPDATE {ident(spec.name)} AS t SET {sets} FROM {stage(spec)} AS s "
        f"WHERE t.{KEY} = s.{KEY} AND t.{_in_touched()}"
    )


def apply_incremental(s: Session) -> None:
    """Children of touched monographs out, removed monographs out, then new rows in."""
    parent, *children = ddl.data_tables()
    for spec in reversed(children):
        delete_rows(s, spec)
    s.execute(
        f"DELETE FROM {ident(parent.name)} WHERE {KEY} IN (SELECT {KEY} FROM {ident(REMOVED)})"
    )
    update_parent(s)
    insert_rows(s, parent, only_new=True)
    for spec in children:
        insert_rows(s, spec)


def sync_run_tables(s: Session) -> None:
    """Make each run-wide table (``concepts``) hold exactly the staged rows: rows that
    changed or went are deleted, new ones inserted; an unchanged table is not written."""
    for spec in ddl.run_tables():
        target, staged, cols = ident(spec.name), stage(spec), _cols(spec)
        keys = idents(spec.primary_key)
        s.execute(
            f"DELETE FROM {target} WHERE ({keys}) IN "
            f"(SELECT {keys} FROM (SELECT {cols} FROM {target} EXCEPT "
            f"SELECT {cols} FROM {staged}) gone)"
        )
        s.execute(
            f"INSERT INTO {target} ({cols}) SELECT {cols} FROM "
            f"(SELECT {cols} FROM {staged} EXCEPT SELECT {cols} FROM {target}) new"
        )


def write_metadata(s: Session, out: OutputSet) -> None:
    table, key, value = ident(METADATA.name), ident("key"), ident("value")
    for k, v in out.metadata().items():
        s.execute(
            f"INSERT INTO {table} ({key}, {value}) VALUES ($1, $2) "
            f"ON CONFLICT ({key}) DO UPDATE SET {value} = excluded.{value}",
            (k, v),
        )


def check_counts(s: Session, out: OutputSet, summary: LoadSummary) -> None:
    """The database now holds exactly the set's rows, table by table."""
    for spec in ddl.output_tables():
        n = _count(s, f"SELECT count(*) FROM {ident(spec.name)}")
        summary.rows[spec.name] = n
        if n != out.tables[spec.name].num_rows:
            raise LoadError(
                f"{spec.name}: {n} rows in the database after the load, "
                f"{out.tables[spec.name].num_rows} in the output"
            )


def drop_staging(s: Session) -> None:
    names = [f"_load_{spec.name}" for spec in ddl.output_tables()] + [TOUCHED, REMOVED]
    for name in names:
        s.execute(f"DROP TABLE IF EXISTS {ident(name)}")
