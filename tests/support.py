"""Helpers shared by the extraction tests: run the per-file pipeline on inline markdown."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

from pipeline.process import FileResult, process_source
from pipeline.schema import OUTPUT_TABLES
from pipeline.sources import Source, SourceRef


def extract_text(text: str, monograph_id: str = "t/test") -> FileResult:
    """The FileResult of one in-memory monograph."""
    ref = SourceRef(monograph_id, f"{monograph_id}.md", f"/nonexistent/{monograph_id}.md")
    return process_source(Source(ref, sha256="0" * 64, text=text))


def plain(rows: list[dict[str, Any]], *keys: str) -> list[tuple[Any, ...]]:
    """Rows reduced to tuples of ``keys`` (enum members as their values)."""
    return [tuple(getattr(r[k], "value", r[k]) for k in keys) for r in rows]


def column(rows: list[dict[str, Any]], key: str) -> list[Any]:
    return [getattr(r[key], "value", r[key]) for r in rows]


RAW = Path(__file__).resolve().parent.parent / "raw"

#: Odd inputs beside raw/'s samples: undecodable, empty, and two files with the same title.
EXTRA = {
    "odd/bad.md": b"# Bad\n\xff\n",
    "odd/empty.md": b"",
    "odd/twin-a.md": b"# Twin\n\n## Side Effects\n\n* rash\n",
    "odd/twin-b.md": b"# Twin\n\n## Side Effects\n\n* rash\n",
}


def raw_with_extras(tmp_path: Path) -> Path:
    """A copy of raw/ plus the ``EXTRA`` files, in ``tmp_path/in``."""
    inp = tmp_path / "in"
    shutil.copytree(RAW, inp)
    for rel, data in EXTRA.items():
        (inp / rel).parent.mkdir(parents=True, exist_ok=True)
        (inp / rel).write_bytes(data)
    return inp


def digests(out: Path) -> dict[str, str]:
    """SHA-256 of every published table file (manifest.json has timestamps)."""
    names = [f"{t}.{e}" for t in OUTPUT_TABLES for e in ("parquet", "csv")]
    return {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in names}


def assert_only_published_runs(out: Path) -> None:
    """After a successful run: the current set and at most the one it replaced
    (kept for readers that resolved ``current`` before the swap); nothing else."""
    current = os.readlink(out / "current").split("/")[-1]
    runs = os.listdir(out / ".runs")
    assert current in runs and len(runs) <= 2
    assert not [r for r in runs if r.endswith(".partial") or r == "0123abcd"]
