"""The run's tables, put together (and partly written) while the workers still extract.

Every per-file table is sorted by ``monograph_id`` first, and the run hands its files to
the workers in id order, a slice per chunk: the rows of chunk k come before those of
chunk k+1. So no sort is needed at the end, and as the chunks come back (in any order;
each one's wordings are coded and its names read for linking as it comes, see
``prefetch``), the rows of the tables that nothing changes after extraction (all but
``interactions``, which linking changes) go to their CSV files once every chunk before
them is in: a few thousand rows a write, their concept ids coded then (chunk by chunk,
the CSVs cost three times as much). After the last chunk, what is left is linking (it
needs every monograph), the ``concepts`` table, the Parquet files and the last rows'
CSV, written by a thread while the run links and checks. That tail of a run is serial
(one core works, the other waits): it went from ~0.3 s of CPU to ~0.17 s.

The rows are checked to be in key order at the end; if they are not (a bug), they are
sorted and every file is written again, whole. Rows from the cache (a rerun) are in no
such order: with them, the chunks are kept as they come and sorted at the end, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from types import TracebackType

import pyarrow as pa

from pipeline import concept_step
from pipeline.prefetch import Prefetch
from pipeline.schema import TABLES
from pipeline.tables import combine, concat, empty, in_key_order
from pipeline.writers import CsvParts, write_parquet, write_table

Tables = dict[str, pa.Table]

#: The table linking changes: written after it, once every monograph is in.
LINKED = "interactions"
#: Rows of a table written to its CSV at once while the workers extract (about 10 ms of
#: writing for side effects; fewer rows a write cost more per row).
CSV_BATCH = 8192


class Assembly:
    """Chunks of rows in, the run's tables out, written into ``staged``.

    With ``stream`` (the chunks are slices of the files in id order, numbered from 0),
    rows are written to the CSV files as the chunks before them are in. Used as a
    context manager: on leaving, writes not yet begun are cancelled and the one under
    way is waited for (the caller then removes or publishes the folder).
    """

    def __init__(self, early: Prefetch, staged: Path, *, stream: bool) -> None:
        self._early = early
        self._staged = staged
        self._stream = stream
        self._raw: dict[str, list[pa.Table]] = {name: [] for name in TABLES}  # as extracted
        self._coded: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
        self._arrived: dict[int, Tables] = {}  # chunks come out of turn
        self._next = 0  # the chunk whose rows come next
        self._used: set[str] = set()  # concept ids of the coded rows
        self._csv = {n: CsvParts(n, staged) for n in TABLES if n != LINKED} if stream else {}
        self._unwritten: dict[str, list[pa.Table]] = {name: [] for name in TABLES}  # uncoded
        self._pool: ThreadPoolExecutor | None = None
        self._writes: list[Future[None]] = []

    def __enter__(self) -> Assembly:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for pending in self._writes:
            pending.cancel()  # (after a failure: nothing will be published)
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def add_cached(self, tables: Tables) -> None:
        """Rows from the cache (never with ``stream``)."""
        assert not self._stream, "cached rows are not in chunk order"
        for name, table in tables.items():
            self._raw[name].append(table)

    def add(self, index: int, tables: Tables) -> None:
        """The rows of chunk ``index``."""
        self._early.take(tables)  # its wordings coded, its names read: memoized
        if not self._stream:
            for name, table in tables.items():
                self._raw[name].append(table)
            return
        self._arrived[index] = tables
        while self._next in self._arrived:
            tables = self._arrived.pop(self._next)
            self._next += 1
            for name, table in tables.items():
                self._raw[name].append(table)
                self._unwritten[name].append(table)
                if name in self._csv and self._rows(name) >= CSV_BATCH:
                    self._csv[name].write(self._batch(name))

    def _rows(self, name: str) -> int:
        return sum(table.num_rows for table in self._unwritten[name])

    def _batch(self, name: str) -> pa.Table:
        """The rows not written yet, as one table, concept ids coded (once per batch: few
        calls, each wording found in the coder's memo)."""
        batch = concat(name, self._unwritten[name])
        self._unwritten[name].clear()
        if name in concept_step.CODED:
            batch, used = concept_step.code_table(name, batch, self._early.coder())
            self._used.update(used)
        self._coded[name].append(batch)
        return batch

    def finish(self) -> tuple[Tables, Tables]:
        """(The rows as extracted, sorted: what the cache keeps; the same with concept ids
        coded and the ``concepts`` table, interactions not linked yet). The tables that
        are final start being written, by a thread of their own."""
        coder = self._early.coder()
        if self._stream:
            assert not self._arrived, f"chunks missing before {sorted(self._arrived)}"
            last = {name: self._batch(name) for name in TABLES}
            coded = {name: concat(name, self._coded.pop(name)) for name in TABLES}
            if all(in_key_order(name, table) for name, table in coded.items()):
                raw = {name: concat(name, self._raw.pop(name)) for name in TABLES}
                coded["concepts"] = concept_step.concepts_table(self._used, coder)
                self._start_writes(coded, last)
                return raw, coded
            for name, csv in self._csv.items():  # not in order after all (a bug):
                csv.close(empty(name))  # sorted below and written again, whole
            self._csv = {}
        # (each table's parts let go of as soon as it is sorted)
        raw = {name: combine(name, self._raw.pop(name)) for name in TABLES}
        coded = concept_step.code_tables(raw, coder)
        self._start_writes(coded, {})
        return raw, coded

    def _start_writes(self, coded: Tables, last: Tables) -> None:
        """Write every table but the linked one (``last``: the rows of each not yet in its
        CSV file), in a thread."""
        self._pool = ThreadPoolExecutor(max_workers=1)
        for name, table in coded.items():
            if name != LINKED:
                self._writes.append(self._pool.submit(self._write, name, table, last.get(name)))

    def _write(self, name: str, table: pa.Table, last: pa.Table | None) -> None:
        csv = self._csv.get(name)
        if csv is None:
            write_table(table, name, self._staged)
            return
        write_parquet(table, name, self._staged)
        if last is not None and last.num_rows:
            csv.write(last)
        csv.close(empty(name))

    def write(self, linked: pa.Table, check: Callable[[], None]) -> None:
        """Write the linked interactions, and every table not written yet, while ``check``
        runs (Arrow's writers release the GIL). A failed check raises once the write under
        way is done (the caller then removes the folder); no later one begins."""
        assert self._pool is not None, "finish() first"
        self._writes.append(self._pool.submit(write_table, linked, LINKED, self._staged))
        try:
            check()
        except BaseException:
            for pending in self._writes:
                pending.cancel()
            raise
        finally:
            wait(self._writes)
        for done in self._writes:
            done.result()  # a write's own error
