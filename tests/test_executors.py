"""The local worker pool: chunks handed out ahead, replies that never wait on the consumer."""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from pathlib import Path

import pytest
from support import RAW

from pipeline import executors
from pipeline.sources import SourceRef, discover


@pytest.mark.usefixtures("forking")
def test_workers_go_on_while_the_consumer_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker holds its next chunk: while the consumer spends a second on the first
    result, both workers go through the chunks they hold (with one chunk each, the worker
    that finished second waited for the consumer)."""
    log = tmp_path / "starts"
    real = executors.process_chunk

    def process_chunk(refs: list[SourceRef], root: str, max_bytes: int) -> executors.Tables:
        with log.open("a") as fh:
            fh.write(f"{time.monotonic()}\n")
        return real(refs, root, max_bytes)

    monkeypatch.setattr(executors, "process_chunk", process_chunk)
    chunks = [[ref] for ref in discover(RAW)][:8]
    results = executors.run_local(chunks, str(RAW), 10_000_000, jobs=2)
    first = next(results)
    time.sleep(1.0)
    woke = time.monotonic()
    rest = list(results)
    assert sum(done.files for done in [first, *rest]) == len(chunks)
    starts = [float(x) for x in log.read_text().split()]
    # two chunks held by each worker, and the one given when the first result came
    assert executors.AHEAD == 2
    assert sum(t < woke for t in starts) >= 5


def test_a_worker_pipe_holds_replies_the_consumer_has_not_read() -> None:
    """A worker's reply (~200 KB of tables for a corpus chunk) goes into its pipe without
    waiting for the main process to read it, a few replies deep."""
    ours, theirs = mp.get_context().Pipe()
    executors._roomy(theirs)
    reply = os.urandom(300_000)
    sender = threading.Thread(target=lambda: [theirs.send_bytes(reply) for _ in range(3)])
    sender.daemon = True  # (a failing test must not hang the run)
    sender.start()
    sender.join(10)
    blocked = sender.is_alive()
    for _ in range(3):
        assert ours.recv_bytes() == reply
    assert not blocked


@pytest.mark.usefixtures("forking")
def test_a_dead_worker_loses_its_chunk_only_not_the_one_it_held_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chunk a worker dies on is tried twice, then lost; the chunk it held behind it
    was never started: it goes to another worker, no try counted, and is not lost."""
    import signal

    refs = discover(RAW)
    victim = refs[0].monograph_id
    tally = tmp_path / "deaths"
    real = executors.process_chunk

    def process_chunk(chunk: list[SourceRef], root: str, max_bytes: int) -> executors.Tables:
        if chunk[0].monograph_id == victim:
            with tally.open("a") as fh:
                fh.write("x")
            os.kill(os.getpid(), signal.SIGKILL)
        return real(chunk, root, max_bytes)

    monkeypatch.setattr(executors, "process_chunk", process_chunk)
    warnings: list[str] = []
    chunks = [[ref] for ref in refs]
    done = list(executors.run_local(chunks, str(RAW), 10_000_000, jobs=2, warn=warnings.append))
    assert [d.lost for d in done if d.lost] == [(victim,)]
    assert sorted(d.files for d in done) == [1] * len(refs)
    assert tally.read_text() == "x" * executors.TRIES and len(warnings) == executors.TRIES


def test_a_file_leaves_almost_no_cyclic_garbage() -> None:
    """Workers collect cycles only every WORKER_GC_THRESHOLD allocations: what a file
    leaves in cycles waits that long. It must stay a few small objects per file, never
    its document (a tree that pointed back to its parents would be held that long)."""
    import gc

    refs = discover(RAW)
    executors.process_chunk(refs[:1], str(RAW), 10_000_000)  # lexicons built: not garbage
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        executors.process_chunk(refs, str(RAW), 10_000_000)
        gc.set_debug(gc.DEBUG_SAVEALL)
        found = gc.collect()
        kinds = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    assert found <= 30 * len(refs)
    assert not kinds & {"Document", "Section", "Block", "Token", "FileResult"}
