"""The ``load`` and ``schema`` subcommands (wired into ``pipeline.cli``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pipeline.db.sql import Dialect

COMMANDS = ("load", "schema")


def add_parsers(sub: Any) -> None:
    """Add ``load`` and ``schema`` to the main parser's subparsers."""
    ld = sub.add_parser(
        "load",
        help="load an output folder into a database (DuckDB file or PostgreSQL)",
        description="Load OUTPUT_DIR's tables into a database in one transaction: "
        "monographs that changed are replaced, those that disappeared removed.",
    )
    ld.add_argument("output_dir", type=Path, metavar="OUTPUT_DIR")
    ld.add_argument(
        "--db",
        required=True,
        metavar="URL",
        help="duckdb:///relative/file.duckdb, duckdb:////absolute/file.duckdb or "
        "postgresql://user[:password]@host[:port]/dbname",
    )
    ld.add_argument(
        "--recreate",
        action="store_true",
        help="drop the pipeline's tables and views first (e.g. after a schema version change)",
    )
    ld.add_argument(
        "--allow-empty",
        action="store_true",
        help="load an output set without monographs even when the database holds some "
        "(it would remove them all; refused by default)",
    )
    ld.add_argument("--quiet", action="store_true", help="no closing summary")

    sc = sub.add_parser("schema", help="print the data dictionary, JSON Schemas or SQL DDL")
    sc.add_argument("--format", choices=("md", "json", "sql"), default="md")
    sc.add_argument(
        "--dialect",
        choices=[d.value for d in Dialect],
        default=Dialect.duckdb.value,
        help="SQL dialect for --format sql (default: duckdb)",
    )


def run(args: argparse.Namespace) -> int:
    if args.command == "schema":
        from pipeline.db import ddl, dictionary

        if args.format == "md":
            text = dictionary.markdown()
        elif args.format == "json":
            text = dictionary.json_text()
        else:
            text = ddl.schema_sql(Dialect(args.dialect))
        sys.stdout.write(text)
        return 0
    from pipeline.db import load

    s = load(args.output_dir, args.db, recreate=args.recreate, allow_empty=args.allow_empty)
    if not args.quiet:
        rows = ", ".join(f"{name} {n}" for name, n in s.rows.items())
        print(f"loaded {args.output_dir} into {s.target} in {s.seconds:.2f} s")
        print(
            f"  monographs: {s.added} added, {s.replaced} replaced, {s.removed} removed, "
            f"{s.unchanged} unchanged"
        )
        print(f"  rows: {rows}")
    return 0
