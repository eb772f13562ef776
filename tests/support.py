"""Helpers shared by the extraction tests: run the per-file pipeline on inline markdown."""

from __future__ import annotations

from typing import Any

from pipeline.process import FileResult, process_source
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
