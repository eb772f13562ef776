"""SQL text helpers shared by both dialects: identifier and literal quoting, dialects.

Data values never go through these: they travel as Arrow tables or as bound
parameters. Only names and constants taken from the models (descriptions,
enum values) are quoted into DDL, where parameters are not allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Dialect(StrEnum):
    """A target database family."""

    duckdb = "duckdb"
    postgres = "postgres"


def ident(name: str) -> str:
    """``name`` as a quoted SQL identifier (standard double quotes, doubled inside)."""
    if not name or "\0" in name:
        raise ValueError(f"unusable SQL identifier: {name!r}")
    return '"' + name.replace('"', '""') + '"'


def idents(names: Iterable[str]) -> str:
    """Comma-separated quoted identifiers."""
    return ", ".join(ident(n) for n in names)


def literal(text: str, dialect: Dialect) -> str:
    """``text`` as a SQL string literal, for DDL constants only (comments, CHECK values).

    Single quotes are doubled. PostgreSQL gets an ``E''`` literal with doubled
    backslashes when the text has any, so the result is the same whatever
    ``standard_conforming_strings`` says.
    """
    if "\0" in text:
        raise ValueError("NUL cannot appear in a SQL literal")
    body = text.replace("'", "''")
    if dialect is Dialect.postgres and "\\" in text:
        return "E'" + body.replace("\\", "\\\\") + "'"
    return "'" + body + "'"
