"""A whole run: discover -> process files in workers -> combine -> link -> check -> publish.

Workers handle chunks of files and send back small Arrow tables, so the
main process never holds parse trees and its memory grows only with the
tables themselves.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
from tqdm import tqdm

from pipeline import __version__, lexicon
from pipeline.checks import check_tables
from pipeline.errors import StrictModeFailure, UsageError
from pipeline.link import link_interactions
from pipeline.models import SCHEMA_VERSION
from pipeline.process import FileResult, process_file
from pipeline.schema import TABLES
from pipeline.sources import DEFAULT_MAX_BYTES, SourceRef, discover
from pipeline.tables import combine, rows_to_arrow
from pipeline.writers import discard, publish, stage, write_manifest, write_table

#: Files per task sent to a worker: big enough to amortize messaging, small enough to balance.
CHUNK = 64


@dataclass
class RunOptions:
    """What ``extract`` was asked to do."""

    input_dir: Path
    out_dir: Path
    jobs: int = 0  # 0: all cores
    max_bytes: int = DEFAULT_MAX_BYTES
    strict: bool = False
    progress: bool | None = None  # None: when stderr is a terminal


@dataclass
class RunSummary:
    """What a run did, for the closing summary and the manifest."""

    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    issues_by_code: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    published: Path | None = None


def validate(opts: RunOptions) -> None:
    """Refuse unusable arguments with a ``UsageError``."""
    inp = opts.input_dir
    if not inp.exists():
        raise UsageError(f"input folder does not exist: {inp}")
    if not inp.is_dir():
        raise UsageError(f"input is not a folder: {inp}")
    out = opts.out_dir.resolve()
    real_in = inp.resolve()
    if out == real_in or real_in in out.parents:
        raise UsageError(f"output folder {opts.out_dir} is inside the input folder {inp}")
    if out in real_in.parents:
        raise UsageError(f"input folder {inp} is inside the output folder {opts.out_dir}")
    if out.exists() and not out.is_dir():
        raise UsageError(f"output path exists and is not a folder: {opts.out_dir}")
    if opts.jobs < 0:
        raise UsageError("--jobs must be 0 (all cores) or more")
    if opts.max_bytes <= 0:
        raise UsageError("--max-bytes must be positive")


def extractor_version() -> str:
    """Changes whenever the package version, schema or any lexicon changes."""
    return f"{__version__}+{SCHEMA_VERSION}+{lexicon.digest()}"


def process_chunk(refs: list[SourceRef], root: str, max_bytes: int) -> dict[str, pa.Table]:
    """Worker task: process files and return one small Arrow table per output table."""
    results = [process_file(ref, root, max_bytes) for ref in refs]
    return results_to_tables(results)


def results_to_tables(results: list[FileResult]) -> dict[str, pa.Table]:
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for result in results:
        for name, table_rows in result.tables().items():
            rows[name].extend(table_rows)
    return {name: rows_to_arrow(name, r) for name, r in rows.items()}


def _chunks(refs: list[SourceRef], size: int) -> Iterator[list[SourceRef]]:
    for i in range(0, len(refs), size):
        yield refs[i : i + size]


def _local_map(
    refs: list[SourceRef], opts: RunOptions, on_done: Callable[[int], None]
) -> Iterator[dict[str, pa.Table]]:
    root = str(opts.input_dir)
    jobs = opts.jobs or os.cpu_count() or 1
    chunk = max(1, min(CHUNK, len(refs) // (jobs * 4) or 1))
    if jobs == 1 or len(refs) <= chunk:
        for part in _chunks(refs, chunk):
            yield process_chunk(part, root, opts.max_bytes)
            on_done(len(part))
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        parts = list(_chunks(refs, chunk))
        futures = [pool.submit(process_chunk, part, root, opts.max_bytes) for part in parts]
        for part, fut in zip(parts, futures, strict=True):
            yield fut.result()
            on_done(len(part))


def inputs_digest(tables: dict[str, pa.Table]) -> str:
    """Digest of the inputs: every (monograph_id, sha256) pair, in id order."""
    h = hashlib.sha256()
    mono = tables["monographs"]
    for mid, sha in zip(
        mono.column("monograph_id").to_pylist(), mono.column("sha256").to_pylist(), strict=True
    ):
        h.update(f"{mid}\0{sha or '-'}\n".encode("utf-8", "backslashreplace"))
    return h.hexdigest()


def run(opts: RunOptions) -> RunSummary:
    """Run the whole job; raises only ``PipelineError``s (mapped by the CLI)."""
    validate(opts)
    started = time.perf_counter()
    refs = discover(opts.input_dir)
    show = sys.stderr.isatty() if opts.progress is None else opts.progress
    bar = tqdm(total=len(refs), unit="file", disable=not show, file=sys.stderr)
    parts: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
    try:
        for tables in _local_map(refs, opts, bar.update):
            for name, table in tables.items():
                parts[name].append(table)
    finally:
        bar.close()
    combined = {name: combine(name, parts[name]) for name in TABLES}
    parts.clear()
    combined["interactions"] = link_interactions(combined["interactions"], combined["monographs"])
    check_tables(combined, len(refs))
    summary = _summarize(combined, len(refs))
    if opts.strict and summary.errors:
        raise StrictModeFailure(
            f"--strict: {summary.errors} error-severity issues; nothing was published"
        )
    opts.out_dir.mkdir(parents=True, exist_ok=True)
    staged = stage(opts.out_dir)
    try:
        for name, table in combined.items():
            write_table(table, name, staged)
        summary.seconds = round(time.perf_counter() - started, 3)
        write_manifest(staged, _manifest(combined, summary))
        summary.published = publish(staged, opts.out_dir)
    except BaseException:
        discard(staged)
        raise
    return summary


def _summarize(tables: dict[str, pa.Table], n_files: int) -> RunSummary:
    issues = tables["issues"]
    codes = Counter(str(c) for c in issues.column("code").to_pylist())
    errors = sum(1 for s in issues.column("severity").to_pylist() if str(s) == "error")
    return RunSummary(
        files=n_files,
        rows={name: t.num_rows for name, t in tables.items()},
        issues_by_code=dict(sorted(codes.items())),
        errors=errors,
    )


def _manifest(tables: dict[str, pa.Table], summary: RunSummary) -> dict[str, Any]:
    return {
        "package": "monograph-pipeline",
        "package_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "extractor_version": extractor_version(),
        "input_files": summary.files,
        "inputs_sha256": inputs_digest(tables),
        "row_counts": summary.rows,
        "issues_by_code": summary.issues_by_code,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": summary.seconds,
    }
