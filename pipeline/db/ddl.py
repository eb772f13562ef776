"""SQL DDL per dialect, derived from the record models (``pipeline.schema.TABLES``).

Nothing here lists a table's columns: types, NOT NULL, primary keys, CHECK
constraints (enum values, ``ge``/``min_length`` bounds), foreign keys, indexes
and comments all come from the models, their field metadata and descriptions.
"""

from __future__ import annotations

from dataclasses import dataclass

import annotated_types as at

from pipeline.db.meta import METADATA
from pipeline.db.sql import Dialect, ident, idents, literal
from pipeline.db.views import VIEWS
from pipeline.schema import RUN_TABLES, TABLES, Column, TableSpec

#: The parent table and its key: every record table references it.
PARENT = "monographs"
KEY = "monograph_id"

#: Lookup columns indexed in every table that has them (besides every foreign key).
INDEXED = ("term", "agent", "condition", "generic_name")

_TYPES: dict[Dialect, dict[type, str]] = {
    Dialect.duckdb: {
        str: "VARCHAR",
        int: "BIGINT",
        float: "DOUBLE",
        bool: "BOOLEAN",
        list: "VARCHAR[]",
    },
    Dialect.postgres: {
        str: "text",
        int: "bigint",
        float: "double precision",
        bool: "boolean",
        list: "text[]",
    },
}


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    ref_column: str


def data_tables() -> list[TableSpec]:
    """The output tables, parent first (the order to create and fill them)."""
    return sorted(TABLES.values(), key=lambda s: s.name != PARENT)


def run_tables() -> list[TableSpec]:
    """The run-wide tables (``concepts``): replaced whole by a load, never per monograph."""
    return list(RUN_TABLES.values())


def output_tables() -> list[TableSpec]:
    """Every output table: per-monograph tables (parent first), then run-wide ones."""
    return [*data_tables(), *run_tables()]


def all_tables() -> list[TableSpec]:
    """Metadata table, then the output tables."""
    return [METADATA, *output_tables()]


def sql_type(column: Column, dialect: Dialect) -> str:
    return _TYPES[dialect][column.py_type]


def foreign_keys(spec: TableSpec) -> list[ForeignKey]:
    """``monograph_id`` and every ``*_monograph_id`` column of a record table -> monographs."""
    if spec.name not in TABLES or not spec.has_parent:
        return []
    return [
        ForeignKey(c.name, PARENT, KEY)
        for c in spec.columns
        if c.name == KEY or c.name.endswith(f"_{KEY}")
    ]


def _bound(name: str, bound: object) -> tuple[str, str]:
    """``(kind, expression)`` for one annotated-types bound of a field."""
    if isinstance(bound, at.Ge | at.Gt | at.Le | at.Lt):
        kind = type(bound).__name__.lower()
        op = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}[kind]
        value = getattr(bound, kind)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise TypeError(f"no SQL for bound {bound!r}")
        return kind, f"{name} {op} {value!r}"
    if isinstance(bound, at.MinLen):
        return "min_length", f"length({name}) >= {int(bound.min_length)}"
    if isinstance(bound, at.MaxLen):
        return "max_length", f"length({name}) <= {int(bound.max_length)}"
    raise TypeError(f"no SQL for constraint {bound!r} on {name}")


def checks(spec: TableSpec, dialect: Dialect) -> list[tuple[str, str]]:
    """``(constraint name, expression)`` for enum columns and the models' numeric/length bounds."""
    out: list[tuple[str, str]] = []
    for column in spec.columns:
        name = ident(column.name)
        if column.enum is not None:
            values = ", ".join(literal(v, dialect) for v in column.enum_values)
            out.append((f"{spec.name}_{column.name}_enum", f"{name} IN ({values})"))
        for bound in spec.model.model_fields[column.name].metadata:
            kind, expr = _bound(name, bound)
            out.append((f"{spec.name}_{column.name}_{kind}", expr))
    return out


#: The empty list, for list columns whose model default is one (``concept_ids``).
_EMPTY_LIST = {Dialect.duckdb: "[]", Dialect.postgres: "'{}'"}


def _default(spec: TableSpec, column: Column, dialect: Dialect) -> str:
    """`` DEFAULT <empty list>`` for a list column that defaults to an empty list, else ''."""
    field = spec.model.model_fields[column.name]
    return f" DEFAULT {_EMPTY_LIST[dialect]}" if field.default_factory is list else ""


def create_table(spec: TableSpec, dialect: Dialect) -> str:
    lines = [
        f"    {ident(c.name)} {sql_type(c, dialect)}{_default(spec, c, dialect)}"
        f"{'' if c.nullable else ' NOT NULL'}"
        for c in spec.columns
    ]
    lines.append(
        f"    CONSTRAINT {ident(spec.name + '_pkey')} PRIMARY KEY ({idents(spec.primary_key)})"
    )
    for fk in foreign_keys(spec):
        lines.append(
            f"    CONSTRAINT {ident(f'{spec.name}_{fk.column}_fkey')} FOREIGN KEY "
            f"({ident(fk.column)}) REFERENCES {ident(fk.table)} ({ident(fk.ref_column)})"
        )
    for name, expr in checks(spec, dialect):
        lines.append(f"    CONSTRAINT {ident(name)} CHECK ({expr})")
    return f"CREATE TABLE {ident(spec.name)} (\n" + ",\n".join(lines) + "\n)"


def indexed_columns(spec: TableSpec) -> list[str]:
    """Foreign-key and lookup columns, except a one-column primary key (already indexed)."""
    names = [fk.column for fk in foreign_keys(spec)]
    names += [c.name for c in spec.columns if c.name in INDEXED and c.name not in names]
    return [n for n in names if (n,) != spec.primary_key]


def create_indexes(spec: TableSpec) -> list[str]:
    return [
        f"CREATE INDEX {ident(f'{spec.name}_{n}_idx')} ON {ident(spec.name)} ({ident(n)})"
        for n in indexed_columns(spec)
    ]


def comments(spec: TableSpec, dialect: Dialect) -> list[str]:
    out = [f"COMMENT ON TABLE {ident(spec.name)} IS {literal(spec.description, dialect)}"]
    out += [
        f"COMMENT ON COLUMN {ident(spec.name)}.{ident(c.name)} IS {literal(c.description, dialect)}"
        for c in spec.columns
    ]
    return out


def create_views(dialect: Dialect) -> list[str]:
    out: list[str] = []
    for view in VIEWS:
        out.append(f"CREATE OR REPLACE VIEW {ident(view.name)} AS\n{view.select()}")
        out.append(f"COMMENT ON VIEW {ident(view.name)} IS {literal(view.description, dialect)}")
    return out


def drop_views() -> list[str]:
    return [f"DROP VIEW IF EXISTS {ident(v.name)}" for v in VIEWS]


def drop_tables(specs: list[TableSpec]) -> list[str]:
    """DROP statements, children before parents."""
    return [f"DROP TABLE IF EXISTS {ident(s.name)}" for s in reversed(specs)]


def schema_statements(dialect: Dialect) -> list[str]:
    """Everything, in order: tables, indexes, comments, views."""
    specs = all_tables()
    out = [create_table(s, dialect) for s in specs]
    for s in specs:
        out += create_indexes(s)
    for s in specs:
        out += comments(s, dialect)
    return out + create_views(dialect)


def schema_sql(dialect: Dialect) -> str:
    """The whole DDL script for ``pipeline schema --format sql``."""
    from pipeline.models import SCHEMA_VERSION

    head = (
        f"-- monograph-pipeline schema {SCHEMA_VERSION}, {dialect} dialect.\n"
        "-- Generated from pipeline/models.py by `python -m pipeline schema --format sql`.\n"
    )
    return head + "\n" + "".join(f"{s};\n\n" for s in schema_statements(dialect)).rstrip() + "\n"
