"""The run's tables put together and written while the chunks come (``pipeline.assembly``)."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pytest
from support import RAW

from pipeline import assembly, link
from pipeline.assembly import Assembly
from pipeline.executors import process_chunk
from pipeline.prefetch import Prefetch
from pipeline.schema import OUTPUT_TABLES, TABLES
from pipeline.sources import SourceRef, discover

Tables = dict[str, pa.Table]


def _chunks(refs: list[SourceRef], size: int) -> list[Tables]:
    return [
        process_chunk(refs[i : i + size], str(RAW), 10_000_000) for i in range(0, len(refs), size)
    ]


def _assemble(
    folder: Path, chunks: list[Tables], order: list[int], *, stream: bool
) -> dict[str, int]:
    """Every chunk into an Assembly (in ``order``), then linked and written as a run does."""
    folder.mkdir()
    early = Prefetch()
    with Assembly(early, folder, stream=stream) as built:
        for index in order:
            built.add(index, chunks[index])
        raw, coded = built.finish()
        monographs = coded["monographs"]
        linked = link.link_interactions(
            coded["interactions"], monographs, early.name_index(monographs)
        )
        built.write(linked, lambda: None)
    return {name: raw[name].num_rows for name in TABLES}


def _files(folder: Path) -> dict[str, bytes]:
    names = [f"{t}.{ext}" for t in OUTPUT_TABLES for ext in ("parquet", "csv")]
    return {name: (folder / name).read_bytes() for name in names}


@pytest.fixture
def by_id() -> list[SourceRef]:
    return sorted(discover(RAW), key=lambda ref: ref.monograph_id)


def test_chunks_in_any_order_give_the_files_of_one_sorted_write(
    tmp_path: Path, by_id: list[SourceRef], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamed (CSV rows written a few at a time while chunks come, out of turn) or not
    (sorted at the end, written whole): the same bytes, Parquet and CSV."""
    monkeypatch.setattr(assembly, "CSV_BATCH", 5)  # several writes per table
    chunks = _chunks(by_id, 2)
    order = list(range(len(chunks)))
    random.Random(7).shuffle(order)
    whole = _assemble(tmp_path / "whole", chunks, order, stream=False)
    streamed = _assemble(tmp_path / "streamed", chunks, order, stream=True)
    assert streamed == whole and whole["side_effects"] > 3 * 5
    assert _files(tmp_path / "streamed") == _files(tmp_path / "whole")


def test_rows_out_of_key_order_are_sorted_and_written_again_whole(
    tmp_path: Path, by_id: list[SourceRef], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks numbered against the order of their ids (a bug in the caller): the rows
    are found out of order at the end, sorted, and every file written again."""
    monkeypatch.setattr(assembly, "CSV_BATCH", 5)
    chunks = _chunks(by_id, 3)
    _assemble(tmp_path / "whole", chunks, list(range(len(chunks))), stream=False)
    backwards = chunks[::-1]
    _assemble(tmp_path / "streamed", backwards, list(range(len(chunks))), stream=True)
    assert _files(tmp_path / "streamed") == _files(tmp_path / "whole")


def test_no_chunk_gives_empty_tables_with_their_headers(tmp_path: Path) -> None:
    _assemble(tmp_path / "whole", [], [], stream=False)
    _assemble(tmp_path / "streamed", [], [], stream=True)
    assert _files(tmp_path / "streamed") == _files(tmp_path / "whole")


def test_a_failed_check_stops_the_writes_not_yet_begun(
    tmp_path: Path, by_id: list[SourceRef]
) -> None:
    chunks = _chunks(by_id, 4)
    early = Prefetch()

    def fail() -> None:
        raise RuntimeError("check")

    with Assembly(early, tmp_path, stream=True) as built:
        for index, tables in enumerate(chunks):
            built.add(index, tables)
        _, coded = built.finish()
        with pytest.raises(RuntimeError, match="check"):
            built.write(coded["interactions"], fail)
