"""Where extraction time goes: per-stage cost per file, and the run's floor without extractors.

Two views, both on the real code path:

- ``stage_times``: one process runs the worker task (``process_chunk``) over
  the corpus with each stage's function wrapped in a timer: reading, the
  block parse, the tree, section kinds, identity, each extractor, and the
  rows -> Arrow step. Milliseconds per file; "other" is what the wrappers
  do not cover (result rows, issues, chunk bookkeeping).
- ``floor_command``: the ``pipeline extract`` command line with the three
  extractors replaced by ones that return no rows. Its wall time is what
  reading, parsing, tree building, workers and writing cost on their own:
  the part of the run that extractor speed-ups cannot remove.
"""

from __future__ import annotations

import gc
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Run by ``floor_command`` in a fresh interpreter (the same entry point as the CLI).
_FLOOR = """
import sys
from pipeline.lean import refuse
refuse("numpy", "pandas")
from pipeline import regex_cache
regex_cache.preload()  # as the run does before it imports the extractors
import pipeline.process as process
for name in process._EXTRACTORS:
    process._EXTRACTORS[name] = lambda doc, ident: []
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


def floor_command() -> list[str]:
    """argv prefix for ``pipeline extract`` with no-op extractors (append the CLI arguments)."""
    return [sys.executable, "-c", _FLOOR]


def check_floor(out: Path) -> None:
    """Fail unless the floor run wrote no record rows (its workers ran the no-op extractors:
    a worker started by spawn instead of fork would have run the real ones)."""
    import pyarrow.parquet as pq

    for table in ("side_effects", "contraindications", "interactions"):
        rows = pq.read_metadata(out / f"{table}.parquet").num_rows
        if rows:
            raise SystemExit(f"bench: the run without extractors wrote {rows} {table} rows")


@contextmanager
def _timed(totals: dict[str, float]) -> Iterator[None]:
    import pipeline.executors as executors
    import pipeline.process as process

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                totals[name] += time.perf_counter() - started

        return timed

    patched: list[tuple[Any, str, Any]] = [
        (process, "read_source", "read"),
        (process, "parse", "block parse"),
        (process, "build_tree", "tree"),
        (process, "assign_kinds", "section kinds"),
        (process, "identify", "identity"),
        (executors, "rows_to_arrow", "rows to Arrow"),
    ]
    saved = [(mod, attr, getattr(mod, attr)) for mod, attr, _ in patched]
    extractors = dict(process._EXTRACTORS)
    try:
        for mod, attr, label in patched:
            setattr(mod, attr, wrap(label, getattr(mod, attr)))
        for name, fn in extractors.items():
            process._EXTRACTORS[name] = wrap(f"extract {name}", fn)
        yield
    finally:
        for mod, attr, fn in saved:
            setattr(mod, attr, fn)
        process._EXTRACTORS.update(extractors)


def stage_times(corpus: Path, chunk: int = 64) -> dict[str, float]:
    """Milliseconds per file of each stage of the worker task, in this process."""
    from pipeline.executors import WORKER_GC_THRESHOLD, process_chunk
    from pipeline.process import warm_up
    from pipeline.sources import DEFAULT_MAX_BYTES, discover

    refs = discover(corpus)
    warm_up()
    totals: dict[str, float] = defaultdict(float)
    threshold = gc.get_threshold()
    gc.set_threshold(WORKER_GC_THRESHOLD, *threshold[1:])  # as in the workers
    try:
        with _timed(totals):
            started = time.perf_counter()
            for i in range(0, len(refs), chunk):
                process_chunk(refs[i : i + chunk], str(corpus), DEFAULT_MAX_BYTES)
            total = time.perf_counter() - started
    finally:
        gc.set_threshold(*threshold)
    per_file = {name: 1000 * s / len(refs) for name, s in totals.items()}
    per_file["other"] = 1000 * total / len(refs) - sum(per_file.values())
    per_file["total"] = 1000 * total / len(refs)
    return {name: round(ms, 3) for name, ms in per_file.items()}
