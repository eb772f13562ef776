"""Per-wording work done while the workers extract (``pipeline.prefetch``)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from pipeline import concept_step, link
from pipeline.executors import process_chunk
from pipeline.prefetch import Prefetch
from pipeline.sources import discover

RAW = Path(__file__).resolve().parent.parent / "raw"


def test_take_reads_each_wording_before_the_run_level_steps() -> None:
    """After ``take``, coding and linking the same rows read no new wording."""
    refs = discover(RAW)
    tables = process_chunk(refs, str(RAW), 10_000_000)
    early = Prefetch()
    coder = early.coder()
    early.take(tables)
    coded = dict(coder._memo)
    texts = {
        (domain, t)
        for name, (column, domain) in concept_step.CODED.items()
        for t in tables[name].column(column).to_pylist()
    }
    assert texts and texts <= coded.keys()
    misses = link.name_variants.cache_info().misses
    link.link_interactions(tables["interactions"], tables["monographs"])
    concept_step.code_tables(tables, coder)
    assert link.name_variants.cache_info().misses == misses
    assert coder._memo == coded


def test_the_names_of_the_chunks_taken_are_indexed_for_linking() -> None:
    """The index the chunks built serves the linking of exactly their monographs; with rows
    from elsewhere (the cache's) the run builds it from the table."""
    refs = discover(RAW)
    early = Prefetch()
    parts = [process_chunk(refs[i : i + 5], str(RAW), 10_000_000) for i in range(0, len(refs), 5)]
    for tables in reversed(parts):
        early.take(tables)
    monographs = pa.concat_tables(t["monographs"] for t in parts)
    assert early.name_index(monographs) == link.name_index(monographs)
    assert early.name_index(parts[0]["monographs"]) is None
