"""Benchmark: load the whole corpus output into DuckDB and PostgreSQL, in rows per second.

    .venv/bin/python bench/load.py [--out OUTPUT_DIR] [--repeat 3] [--postgres URL]

OUTPUT_DIR defaults to a fresh extract of ../shared/corpus/rxhive. PostgreSQL:
--postgres URL (a role that may CREATE DATABASE), else $PIPELINE_TEST_POSTGRES_URL, else
a throwaway cluster with default durability (fsync on). Each repeat loads into
a new, empty database (full load); the no-op reload of the same set is timed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pipeline.db import load
from pipeline.db.source import read_output
from pipeline.db.sql import ident
from pipeline.run import RunOptions, run

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "rxhive"


def timed(out: Path, url: str) -> float:
    started = time.perf_counter()
    load(out, url)
    return time.perf_counter() - started


def report(name: str, rows: int, full: list[float], noop: list[float]) -> None:
    best, med = min(full), statistics.median(full)
    print(
        f"{name:10s} full load: median {med:6.3f} s = {rows / med:>10,.0f} rows/s "
        f"(best {rows / best:,.0f}); identical reload: median {statistics.median(noop):.3f} s"
    )


def bench_duckdb(out: Path, rows: int, repeat: int, tmp: Path) -> None:
    full, noop = [], []
    for i in range(repeat):
        url = f"duckdb:///{tmp / f'bench{i}.duckdb'}"
        full.append(timed(out, url))
        noop.append(timed(out, url))
    report("duckdb", rows, full, noop)


def bench_postgres(out: Path, rows: int, repeat: int, server: str) -> None:
    import psycopg

    full, noop = [], []
    for _ in range(repeat):
        name = f"bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f"CREATE DATABASE {ident(name)}")
        url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
        try:
            full.append(timed(out, url))
            noop.append(timed(out, url))
        finally:
            with psycopg.connect(server, autocommit=True) as con:
                con.execute(f"DROP DATABASE {ident(name)} WITH (FORCE)")
    report("postgres", rows, full, noop)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--postgres", default=os.environ.get("PIPELINE_TEST_POSTGRES_URL"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        out = args.out
        if out is None:
            out = tmp / "out"
            run(RunOptions(input_dir=CORPUS, out_dir=out, progress=False))
        rows = read_output(out).rows
        print(f"output {out}: {rows:,} rows in all tables")
        bench_duckdb(out, rows, args.repeat, tmp)
        cluster = None
        server = args.postgres
        if not server:
            from pipeline.db import throwaway

            cluster = throwaway.start(durable=True)
            server = cluster.url
        try:
            bench_postgres(out, rows, args.repeat, server)
        finally:
            if cluster is not None:
                cluster.stop()


if __name__ == "__main__":
    main()
