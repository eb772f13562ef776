"""Where the per-file work runs: in this process, a local process pool, or a Dask cluster
(``pipeline.dask_executor``).

Every executor runs the same task, ``process_chunk``, on chunks of sources
and yields its small Arrow tables as they complete; order does not matter
because ``tables.combine`` sorts by primary key. Inputs may be local folders
or, with Dask, any fsspec URL the workers can read (``pipeline.fsinput``).

The local pool is a few lines of its own rather than ``ProcessPoolExecutor``:
one worker's death breaks that executor's whole pool (every pending task fails,
with no word of which chunk killed it), whereas here each worker has its own
pipe, so a death costs exactly the chunk it was working on.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import importlib.abc
import multiprocessing as mp
import os
import signal
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as mp_wait
from typing import TYPE_CHECKING, Any, NamedTuple

import pyarrow as pa

from pipeline import regex_cache, stopping
from pipeline.errors import UsageError
from pipeline.fsinput import is_url, read_url
from pipeline.issues import IssueCode, Problem
from pipeline.schema import TABLES
from pipeline.sources import Source, SourceRef
from pipeline.tables import from_ipc, rows_to_arrow, to_ipc

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
#: Tries of a chunk whose worker died: once, then once more in a fresh worker.
TRIES = 2
#: Chunks a worker holds: the one it works on and the next, already in its pipe, so it
#: never waits for the main process (busy coding a chunk's rows, ~0.35 s of each
#: worker's time on the corpus when it held one).
AHEAD = 2
#: A worker's send buffer: room for a few chunks' tables (~200 KB each), so its reply is
#: queued in the kernel and it goes on with the next chunk while the main process is busy
#: (with the default ~200 KB a worker waited ~0.4 s per corpus run in sends). The kernel
#: caps it at net.core.wmem_max.
SEND_BUFFER = 1 << 20


class Done(NamedTuple):
    """A finished task: its chunk's number, how many files, their tables, and the ids of
    files lost with it."""

    chunk: int
    files: int
    tables: Tables
    lost: tuple[str, ...] = ()


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
    """About eight tasks per worker, within [MIN_CHUNK, MAX_CHUNK] files each, smaller
    toward the end (each at most half of what is left per worker): the workers finish
    within a few files of each other, instead of one waiting while another ends a
    full-size chunk (~0.2 s on the corpus)."""
    size = max(MIN_CHUNK, min(MAX_CHUNK, len(refs) // (workers * 8) or 1))
    chunks: list[list[SourceRef]] = []
    start = 0
    while start < len(refs):
        end = start + max(MIN_CHUNK, min(size, (len(refs) - start) // (workers * 2)))
        chunks.append(list(refs[start:end]))
        start = end
    return chunks


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
#: Above what a worker keeps over a corpus run (its memos fill up: ~210k objects), so it
#: never collects: each collection traversed the ~100k young objects for nothing
#: (~80 ms; 0.3 s of CPU per corpus run at 100_000). A file leaves almost no cycles
#: (tests/test_executors.py), so the garbage it lets wait is small.
WORKER_GC_THRESHOLD = 1_000_000


def _init_worker() -> None:
    _end_with_parent(os.getppid())
    # Ctrl-C reaches the whole process group: the parent stops the workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (if forked)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by _Lane for the fork
    # Modules and lexicons inherited from the parent live for the whole
    # process: freezing them keeps the cyclic GC from rescanning them.
    gc.freeze()
    # A file's objects die by reference counting as soon as it is done; at the
    # default threshold the collector runs every few hundred allocations for
    # nothing (about 5% of a worker's time).
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])
    arrow_without_pandas()


_PR_SET_PDEATHSIG = 1


def _load_libc() -> Any:
    """The C library, loaded in the parent: a worker must not look for it after the fork
    (``find_library`` starts a subprocess, which can hang in a child forked while another
    thread held a lock, before the worker is armed to end with its parent)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


_LIBC = _load_libc()
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _end_with_parent(parent: int) -> None:
    """A worker ends when its parent does, however the parent ends (even SIGKILL).

    Linux: the kernel sends SIGKILL on the parent's death (``PR_SET_PDEATHSIG``).
    Elsewhere a daemon thread watches for the worker being re-parented. (With the
    forkserver start method the parent is the server, which ends with the run.)
    """
    try:
        armed = _LIBC is not None and _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except AttributeError:
        armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


def _worker(conn: Connection, root: str, max_bytes: int) -> None:
    """A pool worker: chunk in, tables out, until told to stop (``None``) or orphaned."""
    _init_worker()
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, chunk = task
        try:
            tables = process_chunk(chunk, root, max_bytes)
            reply: tuple[int, dict[str, bytes] | None, str] = (
                index,
                {name: to_ipc(table) for name, table in tables.items()},
                "",
            )
        except Exception as exc:  # a bug outside process_file's guard: as if the worker died
            reply = (index, None, f"{type(exc).__name__}: {exc}")
        conn.send(reply)


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


class _Lane:
    """One worker process and the chunks given to it, in the order it works on them."""

    def __init__(self, context: Any, root: str, max_bytes: int) -> None:
        self.conn, theirs = context.Pipe()
        _roomy(theirs)
        self.proc = context.Process(target=_worker, args=(theirs, root, max_bytes), daemon=True)
        # A stop signal handled during the fork would raise inside an at-fork hook,
        # where Python drops the exception: it waits until the fork is done.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            self.proc.start()
            # The worker's end is closed and let go while the signals still wait: its
            # __del__ would otherwise run just after they are let through, and a stop
            # signal's exception raised inside __del__ is dropped too (the run went on).
            theirs.close()
            del theirs
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        self.tasks: deque[int] = deque()

    def give(self, index: int, chunk: list[SourceRef]) -> None:
        self.tasks.append(index)
        with contextlib.suppress(OSError):  # a dead worker: its sentinel tells, then ``reply``
            self.conn.send((index, chunk))

    def reply(self) -> tuple[Tables | None, str]:
        """The tables of the first chunk given (``tasks[0]``), or None and why they did not
        come (the worker died)."""
        try:
            if self.conn.poll():
                _, sent, error = self.conn.recv()
                if sent is None:
                    return None, error
                return {name: from_ipc(data) for name, data in sent.items()}, error
        except (EOFError, OSError):
            pass
        self.proc.join(5)
        code = self.proc.exitcode
        if code is not None and code < 0:
            return None, f"worker killed by {signal.Signals(-code).name}"
        return None, f"worker ended (exit code {code})"

    def stop(self) -> None:
        """End the worker: politely when idle, at once when it is working (run abandoned)."""
        with contextlib.suppress(OSError):
            if not self.tasks and self.proc.is_alive():
                self.conn.send(None)
        if self.tasks:
            self.proc.kill()
        self.proc.join(2)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def _roomy(conn: Connection) -> None:
    """Give a pipe end's socket a ``SEND_BUFFER``-sized send buffer (where it is a socket)."""
    with (
        contextlib.suppress(OSError),
        socket.fromfd(conn.fileno(), socket.AF_UNIX, socket.SOCK_STREAM) as sock,
    ):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)


def _lost(index: int, chunk: list[SourceRef], why: str) -> Done:
    """Rows for files whose worker died on them twice: each gets ``internal_error``."""
    from pipeline.process import process_source

    problem = Problem(IssueCode.internal_error, f"not processed: {why} twice on its chunk")
    results = [process_source(Source(ref, problems=[*ref.problems, problem])) for ref in chunk]
    return Done(index, len(chunk), results_to_tables(results), tuple(r.monograph_id for r in chunk))


def run_local(
    chunks: list[list[SourceRef]],
    root: str,
    max_bytes: int,
    jobs: int,
    warn: Callable[[str], None] = lambda message: None,
) -> Iterator[Done]:
    """Yield one ``Done`` per chunk, from worker processes unless one worker suffices.

    A worker that dies (``kill -9``, the out-of-memory killer) loses its chunk only:
    the chunk is given once more to a fresh worker, then its files are recorded with
    an ``internal_error`` issue; the chunk it had not started yet goes back to the
    queue. Every worker ends with this generator.
    """
    if jobs <= 1 or len(chunks) <= 1:
        for index, chunk in enumerate(chunks):
            yield Done(index, len(chunk), process_chunk(chunk, root, max_bytes))
        return
    context = _context()
    if context.get_start_method() == "fork":
        _warm_up()
    todo = deque(range(len(chunks)))
    tries = [0] * len(chunks)
    lanes: list[_Lane] = []
    try:
        lanes = [_Lane(context, root, max_bytes) for _ in range(min(jobs, len(chunks)))]
        for _ in range(AHEAD):
            for lane in lanes:
                if todo:
                    index = todo.popleft()
                    lane.give(index, chunks[index])
        while busy := [lane for lane in lanes if lane.tasks]:
            stopping.check()
            ready = set(
                mp_wait([lane.conn for lane in busy] + [lane.proc.sentinel for lane in busy])
            )
            finished: list[Done] = []
            for i, lane in enumerate(lanes):
                if not lane.tasks or not ({lane.conn, lane.proc.sentinel} & ready):
                    continue
                tables, why = lane.reply()
                if tables is not None:
                    done = lane.tasks.popleft()
                    finished.append(Done(done, len(chunks[done]), tables))
                else:
                    lane.stop()
                    done, *queued = lane.tasks
                    lane.tasks.clear()
                    todo.extendleft(reversed(queued))  # not started: no try counted
                    tries[done] += 1
                    names = _names(chunks[done])
                    if tries[done] < TRIES:
                        warn(f"{why} while processing {names}; retrying them in a fresh worker")
                        todo.appendleft(done)
                    else:
                        warn(f"{why} again on {names}: recorded with internal_error issues")
                        finished.append(_lost(done, chunks[done], why))
                    if todo:
                        lane = lanes[i] = _Lane(context, root, max_bytes)
                while todo and len(lane.tasks) < AHEAD:
                    index = todo.popleft()
                    lane.give(index, chunks[index])
            # (the next chunks are given out first: workers never wait on the consumer)
            yield from finished
    finally:
        for lane in lanes:
            lane.stop()


def _warm_up() -> None:
    """Build the lexicons and parsers here, so forked workers inherit them instead of each
    building them; their patterns come compiled from disk (put in re's cache before
    pipeline.process is imported: its modules compile some on import)."""
    kept = regex_cache.preload()  # ~3 MB, let go before the workers are forked
    from pipeline.process import warm_up

    warm_up()
    regex_cache.save(kept)


def _names(chunk: list[SourceRef]) -> str:
    first = chunk[0].source_path
    return first if len(chunk) == 1 else f"{len(chunk)} files ({first} ...)"


def run_chunks(
    refs: Sequence[SourceRef],
    root: str,
    max_bytes: int,
    *,
    executor: str = "local",
    jobs: int = 0,
    scheduler: str | None = None,
    warn: Callable[[str], None] = lambda message: None,
) -> Generator[Done, None, None]:
    """Process ``refs`` with the chosen executor; yields a ``Done`` as each task completes.
    Closing the generator ends every worker process."""
    if not refs:
        return
    if executor == "dask":
        if not scheduler:
            raise UsageError("--executor dask needs --scheduler ADDRESS")
        from pipeline.dask_executor import run_dask

        yield from run_dask(chunked(refs, 1), root, max_bytes, scheduler)
        return
    if executor != "local":
        raise UsageError(f"unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}")
    jobs = jobs or default_jobs()
    yield from run_local(chunked(refs, jobs), root, max_bytes, jobs, warn)
