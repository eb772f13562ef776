"""`pipeline schema`: data dictionary (docs/schema.md kept up to date), JSON Schema, DDL."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pipeline.cli import main
from pipeline.db import ddl
from pipeline.db.dictionary import markdown
from pipeline.db.sql import Dialect, ident, literal
from pipeline.models import SCHEMA_VERSION
from pipeline.schema import OUTPUT_TABLES

DOCS = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def test_docs_schema_md_is_up_to_date() -> None:
    assert DOCS.read_text() == markdown(), (
        "docs/schema.md is stale: run `python -m pipeline schema --format md > docs/schema.md`"
    )


def test_md_documents_every_column(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--format", "md"]) == 0
    text = capsys.readouterr().out
    for spec in OUTPUT_TABLES.values():
        assert f"## `{spec.name}`" in text
        for c in spec.columns:
            assert f"| `{c.name}` |" in text
            assert c.description.replace("|", "\\|") in text


def test_json_schema_per_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert set(doc["tables"]) == set(OUTPUT_TABLES)
    for name, spec in OUTPUT_TABLES.items():
        assert set(doc["tables"][name]["properties"]) == {c.name for c in spec.columns}


@pytest.mark.parametrize("dialect", ["duckdb", "postgres"])
def test_sql_ddl_covers_every_table_and_constraint(
    dialect: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", "--format", "sql", "--dialect", dialect]) == 0
    sql = capsys.readouterr().out
    for spec in OUTPUT_TABLES.values():
        assert f"CREATE TABLE {ident(spec.name)}" in sql
        for fk in ddl.foreign_keys(spec):
            assert f'FOREIGN KEY ({ident(fk.column)}) REFERENCES "monographs"' in sql
        for c in spec.columns:
            if c.enum is not None:
                assert all(literal(v, Dialect(dialect)) in sql for v in c.enum_values)
    assert "COMMENT ON COLUMN" in sql and "CREATE OR REPLACE VIEW" in sql


def test_duckdb_ddl_runs() -> None:
    con = duckdb.connect()
    con.execute(ddl.schema_sql(Dialect.duckdb))
    names = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert set(OUTPUT_TABLES) <= names


def test_every_record_table_references_monographs() -> None:
    for spec in ddl.data_tables():
        fks = {fk.column for fk in ddl.foreign_keys(spec)}
        assert ("monograph_id" in fks) == (spec.name != "monographs")


def test_quoting() -> None:
    assert ident('a"b') == '"a""b"'
    assert literal("it's", Dialect.duckdb) == "'it''s'"
    assert literal("a\\b'", Dialect.postgres) == "E'a\\\\b'''"
    with pytest.raises(ValueError):
        ident("a\0b")
