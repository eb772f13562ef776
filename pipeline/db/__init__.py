"""Loading output sets into databases (DuckDB, PostgreSQL) and describing their schema.

``load(OUTPUT_DIR, URL)`` is what ``python -m pipeline load`` runs. URLs:

* ``duckdb:///relative/file.duckdb`` or ``duckdb:////absolute/file.duckdb``
* ``postgresql://user[:password]@host[:port]/dbname`` (libpq URI; ``postgres://`` too)
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import UsageError

if TYPE_CHECKING:  # the loaders (and pandas/duckdb) are imported only when a load runs
    from pipeline.db.merge import LoadSummary

__all__ = ["duckdb_path", "load"]

DUCKDB = "duckdb://"
POSTGRES = ("postgresql://", "postgres://")


def duckdb_path(url: str) -> Path:
    """``duckdb:///rel/x.duckdb`` -> ``rel/x.duckdb``; ``duckdb:////abs/x.duckdb`` -> absolute."""
    rest = url[len(DUCKDB) :]
    if not rest.startswith("/") or len(rest) < 2:
        raise UsageError(f"DuckDB URL must look like duckdb:///path/to/file.duckdb, not {url}")
    return Path(rest[1:])


def load(out_dir: Path, url: str, recreate: bool = False, allow_empty: bool = False) -> LoadSummary:
    """Load the output set published in ``out_dir`` into the database at ``url``.

    A set without monographs is refused (``EmptyInput``) when the database holds
    some, unless ``allow_empty``: loading it would remove them all."""
    from pipeline.db.source import read_output

    if url.startswith(DUCKDB):
        path = duckdb_path(url)
        out = read_output(out_dir)
        from pipeline.db import duckdb_load

        return duckdb_load.load(out, path, url, recreate, allow_empty)
    if url.startswith(POSTGRES):
        out = read_output(out_dir)
        from pipeline.db import postgres_load

        return postgres_load.load(out, url, recreate, allow_empty)
    raise UsageError(
        f"unsupported database URL {url.split(':', 1)[0]}:...; "
        "use duckdb:///FILE or postgresql://USER@HOST:PORT/DB"
    )
