"""Where the per-file work runs: in this process, a local process pool, or a Dask cluster.

Every executor runs the same task, ``process_chunk``, on chunks of sources
and yields its small Arrow tables as they complete; order does not matter
because ``tables.combine`` sorts by primary key. Inputs may be local folders
or, with Dask, any fsspec URL the workers can read (``pipeline.fsinput``).
"""

from __future__ import annotations

import gc
import importlib.abc
import multiprocessing as mp
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from pipeline.errors import UsageError
from pipeline.fsinput import is_url, read_url
from pipeline.schema import TABLES
from pipeline.sources import SourceRef
from pipeline.tables import rows_to_arrow

if TYPE_CHECKING:
    from pipeline.process import FileResult, Row

# pipeline.process (the parser and the extractors) is imported where files are
# processed, not here: a rerun that finds every file in the cache never loads it.

Tables = dict[str, pa.Table]
EXECUTORS = ("local", "dask")

#: Most files per task: big enough to amortize messaging, small enough to balance the tail.
MAX_CHUNK = 64
#: Fewest files per task (below this, messaging costs more than it balances).
MIN_CHUNK = 8


def process_chunk(refs: list[SourceRef], root: str, max_bytes: int) -> Tables:
    """The task: process files and return one small Arrow table per output table."""
    from pipeline.process import process_file, process_source

    if is_url(root):
        results = [process_source(read_url(ref, max_bytes)) for ref in refs]
    else:
        results = [process_file(ref, root, max_bytes) for ref in refs]
    return results_to_tables(results)


def results_to_tables(results: list[FileResult]) -> Tables:
    """One Arrow table per output table; a file whose rows break a schema loses that table only."""
    try:
        return _to_tables(results)
    except (KeyError, TypeError, ValueError, pa.ArrowException):
        pass  # a bug in some file's rows: find it, drop its table, keep everyone else's
    for result in results:
        for name in ("side_effects", "contraindications", "interactions"):
            try:
                rows_to_arrow(name, getattr(result, name))
            except (KeyError, TypeError, ValueError, pa.ArrowException) as exc:
                result.without(name, f"{type(exc).__name__}: {exc}")
    return _to_tables(results)


def _to_tables(results: list[FileResult]) -> Tables:
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    for result in results:
        for name, table_rows in result.tables().items():
            rows[name].extend(table_rows)
    return {name: rows_to_arrow(name, r) for name, r in rows.items()}


def chunked(refs: Sequence[SourceRef], workers: int) -> list[list[SourceRef]]:
    """About eight tasks per worker, within [MIN_CHUNK, MAX_CHUNK] files each."""
    size = max(MIN_CHUNK, min(MAX_CHUNK, len(refs) // (workers * 8) or 1))
    return [list(refs[i : i + size]) for i in range(0, len(refs), size)]


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def arrow_without_pandas() -> None:
    """Make pyarrow skip its lazy ``import pandas`` in this process.

    pyarrow tries to import pandas on its first list -> array conversion:
    0.1-0.6 s and ~60 MB per process, for nothing (the job never builds
    DataFrames). Only for pool workers and the CLI's own process: a program
    that calls ``run`` may still need pandas interop afterwards.
    """
    if "pandas" in sys.modules:
        return
    blocker = _NoPandas()
    sys.meta_path.insert(0, blocker)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(blocker)


#: First-generation threshold of the cyclic GC in pool workers (Python's default: 700).
WORKER_GC_THRESHOLD = 100_000


def _init_worker() -> None:
    # Modules and lexicons inherited from the parent live for the whole
    # process: freezing them keeps the cyclic GC from rescanning them.
    gc.freeze()
    # A file's objects die by reference counting as soon as it is done; at the
    # default threshold the collector runs every few hundred allocations for
    # nothing (about 5% of a worker's time).
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
    arrow_without_pandas()


def _context() -> Any:
    # fork shares the parent's imported modules (no re-import per worker);
    # it is only safe while the parent has no other threads.
    # (tqdm's monitor thread only sleeps and reads bars: harmless.)
    methods = mp.get_all_start_methods()
    others = [
        t
        for t in threading.enumerate()
        if t is not threading.main_thread() and type(t).__name__ != "TMonitor"
    ]
    if "fork" in methods and not others:
        return mp.get_context("fork")
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_local(
    chunks: list[list[SourceRef]], root: str, max_bytes: int, jobs: int
) -> Iterator[tuple[int, Tables]]:
    """Yield ``(files, tables)`` per chunk, from a process pool unless one worker suffices."""
    if jobs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield len(chunk), process_chunk(chunk, root, max_bytes)
        return
    workers = min(jobs, len(chunks))
    context = _context()
    if context.get_start_method() == "fork":
        from pipeline.process import warm_up

        warm_up()  # forked workers inherit the compiled lexicons instead of each building them
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker) as pool:
        futures = {pool.submit(process_chunk, c, root, max_bytes): len(c) for c in chunks}
        try:
            for fut in as_completed(futures):
                yield futures[fut], fut.result()
        finally:
            for fut in futures:
                fut.cancel()


def run_dask(
    chunks: list[list[SourceRef]], root: str, max_bytes: int, scheduler: str
) -> Iterator[tuple[int, Tables]]:
    """Yield ``(files, tables)`` per chunk, computed on the Dask cluster at ``scheduler``."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as exc:
        raise UsageError(
            "--executor dask needs the optional extra: pip install 'monograph-pipeline[dask]'"
        ) from exc
    try:
        client = Client(scheduler, set_as_default=False, timeout=30)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    with client:
        futures = client.map(
            process_chunk, chunks, root=root, max_bytes=max_bytes, pure=False, batch_size=256
        )
        sizes = {fut.key: len(c) for fut, c in zip(futures, chunks, strict=True)}
        with client.as_current():  # as_completed looks for "the current client"
            done = dask_completed(futures)  # type: ignore[no-untyped-call]
        for fut in done:
            tables: Tables = fut.result()
            fut.release()  # free the worker's copy as soon as we hold ours
            yield sizes[fut.key], tables


def run_chunks(
    refs: Sequence[SourceRef],
    root: str,
    max_bytes: int,
    *,
    executor: str = "local",
    jobs: int = 0,
    scheduler: str | None = None,
) -> Iterator[tuple[int, Tables]]:
    """Process ``refs`` with the chosen executor; yields ``(files, tables)`` as tasks complete."""
    if not refs:
        return iter(())
    if executor == "dask":
        if not scheduler:
            raise UsageError("--executor dask needs --scheduler ADDRESS")
        return run_dask(chunked(refs, 1), root, max_bytes, scheduler)
    if executor != "local":
        raise UsageError(f"unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}")
    jobs = jobs or default_jobs()
    return run_local(chunked(refs, jobs), root, max_bytes, jobs)
