"""A whole run: discover -> cached rows + process the rest -> combine -> link -> check -> publish.

Workers handle chunks of files and send back small Arrow tables, so the
main process never holds parse trees and its memory grows only with the
tables themselves. Files unchanged since the last run (same bytes, same
extractor version) are not parsed again: their rows come from the cache
(``pipeline.cache``); a rerun with nothing changed publishes nothing new.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
from tqdm import tqdm

from pipeline import __version__, coding, concept_step, lexicon, ontology
from pipeline import cache as result_cache
from pipeline.checks import check_tables
from pipeline.errors import StrictModeFailure, UsageError
from pipeline.executors import EXECUTORS, run_chunks
from pipeline.fsinput import content_sha, discover_url, stat_key
from pipeline.link import link_interactions
from pipeline.models import SCHEMA_VERSION
from pipeline.schema import OUTPUT_TABLES, RUN_TABLES, TABLES
from pipeline.sources import DEFAULT_MAX_BYTES, SourceRef, discover
from pipeline.tables import combine
from pipeline.writers import (
    CURRENT,
    MANIFEST,
    RUNS,
    PublishError,
    discard,
    publish,
    stage,
    write_manifest,
    write_table,
)

__all__ = ["RunOptions", "RunSummary", "run"]


@dataclass
class RunOptions:
    """What ``extract`` was asked to do."""

    input_dir: Path
    out_dir: Path
    jobs: int = 0  # 0: all cores
    max_bytes: int = DEFAULT_MAX_BYTES
    strict: bool = False
    progress: bool | None = None  # None: when stderr is a terminal
    use_cache: bool = True
    cache_dir: Path | None = None  # None: OUT/.cache
    executor: str = "local"  # "local" | "dask"
    scheduler: str | None = None  # Dask scheduler address
    input_url: str | None = None  # an fsspec URL read instead of input_dir

    @property
    def root(self) -> str:
        return self.input_url or str(self.input_dir)

    @property
    def cache_folder(self) -> Path:
        return self.cache_dir or self.out_dir / result_cache.CACHE_DIR


@dataclass
class RunSummary:
    """What a run did, for the closing summary and the manifest."""

    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    issues_by_code: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    published: Path | None = None
    cached: int = 0  # files whose rows came from the cache
    up_to_date: bool = False  # nothing changed: the published set was kept
    warnings: list[str] = field(default_factory=list)


def validate(opts: RunOptions) -> None:
    """Refuse unusable arguments with a ``UsageError``."""
    out = opts.out_dir.resolve()
    if opts.input_url is None:
        inp = opts.input_dir
        if not inp.exists():
            raise UsageError(f"input folder does not exist: {inp}")
        if not inp.is_dir():
            raise UsageError(f"input is not a folder: {inp}")
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
    if opts.executor not in EXECUTORS:
        raise UsageError(f"--executor must be one of {', '.join(EXECUTORS)}")
    if opts.executor == "dask" and not opts.scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS")
    if opts.use_cache:
        _validate_cache_dir(opts, out)


def _validate_cache_dir(opts: RunOptions, out: Path) -> None:
    """The cache folder is replaced wholesale: it must be ours and apart from the data."""
    folder = opts.cache_folder.resolve()
    if opts.input_url is None:
        real_in = opts.input_dir.resolve()
        if folder == real_in or real_in in folder.parents or folder in real_in.parents:
            raise UsageError(f"--cache-dir {opts.cache_dir} overlaps the input folder")
    if folder == out or folder in out.parents:
        raise UsageError(f"--cache-dir {opts.cache_dir} contains the output folder")
    if not result_cache.is_ours(opts.cache_folder):
        raise UsageError(
            f"--cache-dir {opts.cache_dir} holds files that are not this pipeline's cache; "
            "give an empty or new folder"
        )


@cache
def source_digest() -> str:
    """Hash of the pipeline's own source files: any code change is a new extractor."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def extractor_version() -> str:
    """Changes whenever the package version, schema, any lexicon, any source file or the
    HPO package (the concepts' release) changes."""
    return (
        f"{__version__}+{SCHEMA_VERSION}+{lexicon.digest()}+{source_digest()}"
        f"+hpo{ontology.package_version()}"
    )


def inputs_digest(tables: dict[str, pa.Table]) -> str:
    """Digest of the inputs: every (monograph_id, sha256) pair, in id order."""
    h = hashlib.sha256()
    mono = tables["monographs"]
    for mid, sha in zip(
        mono.column("monograph_id").to_pylist(), mono.column("sha256").to_pylist(), strict=True
    ):
        h.update(f"{mid}\0{sha or '-'}\n".encode("utf-8", "backslashreplace"))
    return h.hexdigest()


def _warn(summary: RunSummary, message: str) -> None:
    summary.warnings.append(message)
    print(f"pipeline: warning: {message}", file=sys.stderr)


@dataclass
class _Plan:
    """Which files the cache answers for, which to process, and the inputs' fingerprint."""

    hits: list[str]
    misses: list[SourceRef]
    fingerprint: str | None


def _fingerprint(refs: list[SourceRef], opts: RunOptions) -> tuple[str | None, set[str]]:
    """Digest of every file's id, path and ``lstat`` key, taken before anything is read,
    and the ids of the files without a key (links, URLs...: always hashed).

    None when a file changed within ``cache.RACY_NS`` of now: its key might not show a
    write still to come in the same clock tick. O(1) memory however many files.
    """
    now = time.time_ns()
    h = hashlib.sha256(f"{opts.max_bytes}\n".encode())
    unkeyed: set[str] = set()
    racy = False
    for ref in refs:
        key = stat_key(ref, opts.root)
        if key is None:
            unkeyed.add(ref.monograph_id)
        elif max(key[1], key[2]) >= now - result_cache.RACY_NS:
            racy = True
        h.update(
            f"{ref.monograph_id}\0{ref.source_path}\0{key}\n".encode("utf-8", "surrogateescape")
        )
    return (None if racy else h.hexdigest()), unkeyed


def _plan(refs: list[SourceRef], cached: result_cache.Cache | None, opts: RunOptions) -> _Plan:
    """Split the files into cache hits and files to process. When the inputs' fingerprint
    is the cached one, no file (with a key) changed since its rows were extracted: none
    is hashed. Otherwise each file's bytes are hashed and compared."""
    if not opts.use_cache:
        return _Plan([], refs, None)
    fingerprint, unkeyed = _fingerprint(refs, opts)
    if cached is None:
        return _Plan([], refs, fingerprint)
    same = fingerprint is not None and fingerprint == cached.fingerprint
    hits: list[str] = []
    misses: list[SourceRef] = []
    for ref in refs:
        mid = ref.monograph_id
        entry = cached.index.get(mid)
        if (
            entry is not None
            and entry[0] == ref.source_path
            and (
                (same and mid not in unkeyed)
                or content_sha(ref, opts.root, opts.max_bytes) == entry[1]
            )
        ):
            hits.append(mid)
        else:
            misses.append(ref)
    return _Plan(hits, misses, fingerprint)


def _published_record(opts: RunOptions, run_name: str, n_files: int) -> dict[str, Any]:
    return {"run": run_name, "max_bytes": opts.max_bytes, "files": n_files}


def _still_published(opts: RunOptions, cached: result_cache.Cache, n_files: int) -> Path | None:
    """The published folder, if it is exactly what these cached rows produced."""
    record = cached.published
    run_name = record.get("run")
    if not isinstance(run_name, str) or record != _published_record(opts, run_name, n_files):
        return None
    final = opts.out_dir / RUNS / run_name
    current = opts.out_dir / CURRENT
    if not current.is_symlink() or current.resolve() != final.resolve():
        return None
    names = [f"{t}.{ext}" for t in OUTPUT_TABLES for ext in ("parquet", "csv")] + [MANIFEST]
    if not all((final / name).is_file() for name in names):
        return None
    return final


def _run_table_rows(final: Path) -> dict[str, int]:
    """Row counts of the run-wide tables (``concepts``) of a published set, from its
    manifest: the cache holds per-file rows only."""
    try:
        counts = json.loads((final / MANIFEST).read_text("utf-8")).get("row_counts", {})
    except (OSError, ValueError):
        counts = {}
    return {name: int(counts.get(name, 0)) for name in RUN_TABLES}


def _strict(opts: RunOptions, summary: RunSummary) -> None:
    if opts.strict and summary.errors:
        raise StrictModeFailure(
            f"--strict: {summary.errors} error-severity issues; nothing was published"
        )


def run(opts: RunOptions) -> RunSummary:
    """Run the whole job; raises only ``PipelineError``s (mapped by the CLI)."""
    validate(opts)
    started = time.perf_counter()
    refs = discover_url(opts.input_url) if opts.input_url else discover(opts.input_dir)
    version = extractor_version()
    notes = RunSummary()
    cached: result_cache.Cache | None = None
    if opts.use_cache:
        cached, warning = result_cache.open_cache(opts.cache_folder, version)
        if warning:
            _warn(notes, warning)
    plan = _plan(refs, cached, opts)
    hits, misses = plan.hits, plan.misses
    if cached is not None and not misses and len(refs) == cached.tables["monographs"].num_rows:
        final = _still_published(opts, cached, len(refs))
        if final is not None:  # nothing changed since the last publish: keep it
            summary = _summarize(cached.tables, len(refs))
            summary.rows.update(_run_table_rows(final))
            summary.cached, summary.up_to_date, summary.published = len(refs), True, final
            if plan.fingerprint is not None and plan.fingerprint != cached.fingerprint:
                _remember_fingerprint(opts, cached, plan.fingerprint, notes)
            summary.warnings = notes.warnings
            _strict(opts, summary)
            summary.seconds = round(time.perf_counter() - started, 3)
            return summary
    combined = _extract(refs, hits, misses, cached, opts)
    cached = None  # its tables are in `combined` now (or no longer needed)
    _give_back_memory()
    pre_link = dict(combined)
    combined["interactions"] = link_interactions(combined["interactions"], combined["monographs"])
    combined = concept_step.code_tables(combined, coding.build())
    _give_back_memory()  # the coder is gone: its memory is not held through the writes
    summary = _summarize(combined, len(refs))
    summary.cached, summary.warnings = len(hits), notes.warnings
    if opts.strict and summary.errors:
        check_tables(combined, len(refs))  # a bug outranks the strict-mode failure
        _save_cache(opts, version, pre_link, {}, plan, summary)
        _strict(opts, summary)
    try:
        opts.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot create {opts.out_dir}: {exc}") from exc
    staged = stage(opts.out_dir)
    try:
        _write_checked(combined, len(refs), staged)
        summary.seconds = round(time.perf_counter() - started, 3)
        write_manifest(staged, _manifest(combined, summary))
        summary.published = publish(staged, opts.out_dir)
    except BaseException:
        discard(staged)
        raise
    record = _published_record(opts, summary.published.name, len(refs))
    _save_cache(opts, version, pre_link, record, plan, summary)
    return summary


def _write_checked(tables: dict[str, pa.Table], n_files: int, staged: Path) -> None:
    """Write every table into ``staged`` while the pre-publish checks run.

    Arrow's Parquet and CSV writers release the GIL, so a writer thread and the
    checks share the cores (~0.1 s less per corpus run). One table at a time:
    two writes at once raised the 4x corpus's peak memory past 400 MB. A failed
    check raises after the writes are done; the caller discards the staged folder.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        writes = [pool.submit(write_table, table, name, staged) for name, table in tables.items()]
        try:
            check_tables(tables, n_files)
        except BaseException:
            for pending in writes:
                pending.cancel()  # nothing will be published: write no more tables
            raise
        finally:
            wait(writes)  # the one being written: the caller removes the folder after it
        for done in writes:
            done.result()  # a write's own error
    _give_back_memory()


def _give_back_memory() -> None:
    """Return freed memory to the system between phases.

    The worker tables, the sort copies and the CSV conversions are freed as soon
    as each phase ends, but the allocators keep the pages: without this the
    main process holds several times the size of the tables at its peak.
    """
    pa.default_memory_pool().release_unused()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _libc() -> Any:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None  # glibc only
    except OSError:
        return None


_LIBC = _libc()


def _extract(
    refs: list[SourceRef],
    hits: list[str],
    misses: list[SourceRef],
    cached: result_cache.Cache | None,
    opts: RunOptions,
) -> dict[str, pa.Table]:
    """Cached rows of ``hits`` plus fresh rows of ``misses``, combined and sorted."""
    parts: dict[str, list[pa.Table]] = {name: [] for name in TABLES}
    if cached is not None and hits:
        for name, table in cached.take(hits).items():
            parts[name].append(table)
    show = sys.stderr.isatty() if opts.progress is None else opts.progress
    bar = tqdm(total=len(refs), unit="file", disable=not show, file=sys.stderr)
    bar.update(len(hits))
    try:
        tasks = run_chunks(
            misses,
            opts.root,
            opts.max_bytes,
            executor=opts.executor,
            jobs=opts.jobs,
            scheduler=opts.scheduler,
        )
        for n_files, tables in tasks:
            for name, table in tables.items():
                parts[name].append(table)
            bar.update(n_files)
    finally:
        bar.close()
    # pop each table's parts as it is combined, so they are freed one table at a time
    return {name: combine(name, parts.pop(name)) for name in TABLES}


def _save_cache(
    opts: RunOptions,
    version: str,
    tables: dict[str, pa.Table],
    record: dict[str, Any],
    plan: _Plan,
    summary: RunSummary,
) -> None:
    if not opts.use_cache:
        return
    try:
        result_cache.save(opts.cache_folder, version, tables, record, plan.fingerprint)
    except (OSError, pa.ArrowException) as exc:  # the output is published; only reuse is lost
        _warn(summary, f"cache not saved to {opts.cache_folder}: {exc}")


def _remember_fingerprint(
    opts: RunOptions, cached: result_cache.Cache, fingerprint: str, notes: RunSummary
) -> None:
    try:
        result_cache.remember_fingerprint(opts.cache_folder, cached, fingerprint)
    except OSError as exc:  # only the next rerun's shortcut is lost
        _warn(notes, f"cache fingerprint not saved to {opts.cache_folder}: {exc}")


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
        "hpo_release": concept_step.release(),
        "input_files": summary.files,
        "inputs_sha256": inputs_digest(tables),
        "row_counts": summary.rows,
        "issues_by_code": summary.issues_by_code,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": summary.seconds,
    }
