"""A whole run: discover -> cached rows + process the rest -> combine -> link -> check -> publish.

Workers handle chunks of files and send back small Arrow tables, so the
main process never holds parse trees and its memory grows only with the
tables themselves. Files unchanged since the last run (same bytes, same
extractor version) are not parsed again: their rows come from the cache
(``pipeline.cache``); a rerun with nothing changed publishes nothing new.
What a run refuses up front is in ``pipeline.guards``; a run holds the locks
of its output and cache folders (``pipeline.locks``) from start to end.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import hashlib
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
from tqdm import tqdm

from pipeline import (
    __version__,
    concept_step,
    drug_names,
    guards,
    lexicon,
    locks,
    ontology,
    stopping,
)
from pipeline import cache as result_cache
from pipeline.assembly import Assembly
from pipeline.checks import check_tables
from pipeline.errors import CheckFailed, StrictModeFailure, UsageError
from pipeline.executors import WORKER_GC_THRESHOLD, run_chunks
from pipeline.fsinput import content_sha, discover_url, stat_key
from pipeline.link import link_interactions
from pipeline.models import SCHEMA_VERSION
from pipeline.prefetch import Prefetch
from pipeline.schema import OUTPUT_TABLES, RUN_TABLES
from pipeline.sources import DEFAULT_MAX_BYTES, SourceRef, discover
from pipeline.writers import (
    CURRENT,
    MANIFEST,
    RUNS,
    PublishError,
    discard,
    publish,
    stage,
    write_manifest,
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
    allow_empty: bool = False  # publish an empty set over one with monographs

    @property
    def root(self) -> str:
        return self.input_url or str(self.input_dir)

    @property
    def cache_folder(self) -> Path:
        return self.cache_dir or self.out_dir / result_cache.CACHE_DIR

    @property
    def cache_label(self) -> str:
        """The cache folder as the user named it (or did not)."""
        if self.cache_dir is not None:
            return f"--cache-dir {self.cache_dir}"
        return f"cache folder {self.cache_folder}"


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
    lost: list[str] = field(default_factory=list)  # files whose worker died twice


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
    """Changes whenever the package version, schema, any lexicon, any source file, the
    HPO package (the concepts' release) or the drug-name dictionary changes."""
    return (
        f"{__version__}+{SCHEMA_VERSION}+{lexicon.digest()}+{source_digest()}"
        f"+hpo{ontology.package_version()}+drugs{drug_names.package_version()}"
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
    save: bool  # whether the rows are saved to the cache folder
    cached: result_cache.Cache | None = None  # where the hits' rows come from


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


def _plan(
    refs: list[SourceRef], cached: result_cache.Cache | None, opts: RunOptions, save: bool
) -> _Plan:
    """Split the files into cache hits and files to process. When the inputs' fingerprint
    is the cached one, no file (with a key) changed since its rows were extracted: none
    is hashed. Otherwise each file's bytes are hashed and compared. A file with a name
    issue is never a hit: the issue depends on the other files' names."""
    if not opts.use_cache:
        return _Plan([], refs, None, save)
    fingerprint, unkeyed = _fingerprint(refs, opts)
    if cached is None:
        return _Plan([], refs, fingerprint, save)
    same = fingerprint is not None and fingerprint == cached.fingerprint
    hits: list[str] = []
    misses: list[SourceRef] = []
    for ref in refs:
        mid = ref.monograph_id
        entry = cached.index.get(mid)
        if (
            entry is not None
            and not ref.problems
            and entry[0] == ref.source_path
            and (
                (same and mid not in unkeyed)
                or content_sha(ref, opts.root, opts.max_bytes) == entry[1]
            )
        ):
            hits.append(mid)
        else:
            misses.append(ref)
    return _Plan(hits, misses, fingerprint, save)


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
    """Run the whole job; raises only ``PipelineError``s (mapped by the CLI).

    One run at a time per output folder and per cache folder: a second run waits.
    """
    guards.validate(opts)
    started = time.perf_counter()
    notes = RunSummary()
    with _few_collections():
        return _run(opts, notes, started)


@contextmanager
def _few_collections() -> Iterator[None]:
    """The cyclic GC at the workers' threshold while the run lasts.

    The run's objects die by reference counting (its rows are Arrow tables); at the
    default threshold the collector kept rescanning the lexicons, the ontology and the
    coder's memo (~0.15 s of the main process's CPU, partly after the workers are done).
    """
    previous = gc.get_threshold()
    gc.set_threshold(WORKER_GC_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _run(opts: RunOptions, notes: RunSummary, started: float) -> RunSummary:
    try:
        opts.out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot create {opts.out_dir}: {exc}") from exc
    with ExitStack() as held:
        _lock(held, opts.out_dir, f"--out {opts.out_dir}", notes)
        guards.validate(opts)  # again: the run we waited for may have changed the folders
        cache_folder = guards.cache_to_write(opts)
        if cache_folder is not None:
            try:
                result_cache.prepare(cache_folder)
            except OSError as exc:  # the run can do without: only reuse is lost
                _warn(notes, f"{opts.cache_label} not used: {exc.strerror or exc}")
                opts, cache_folder = replace(opts, use_cache=False), None
        if cache_folder is not None:
            _lock(held, cache_folder, opts.cache_label, notes)
        return _locked_run(opts, cache_folder is not None, notes, started)


def _lock(held: ExitStack, folder: Path, label: str, notes: RunSummary) -> None:
    """Hold ``folder``'s lock until ``held`` closes; say so when waiting for another run."""

    def waiting() -> None:
        _warn(notes, f"another run is using {label}; waiting for it to finish")

    try:
        held.enter_context(locks.exclusive(folder, waiting))
    except OSError as exc:
        raise UsageError(f"cannot lock {label}: {exc.strerror or exc}") from exc


def _locked_run(opts: RunOptions, save: bool, notes: RunSummary, started: float) -> RunSummary:
    refs = discover_url(opts.input_url) if opts.input_url else discover(opts.input_dir)
    guards.refuse_empty(opts, len(refs))
    version = extractor_version()
    cached: result_cache.Cache | None = None
    if opts.use_cache:
        cached, why = result_cache.open_cache(opts.cache_folder, version)
        if why:
            _warn(notes, f"{opts.cache_label} discarded ({why}); full run, cache rebuilt")
    plan = _plan(refs, cached, opts, save)
    if cached is not None and not plan.misses and len(refs) == cached.tables["monographs"].num_rows:
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
    plan.cached, cached = cached, None  # _publish_run lets go of it once its rows are taken
    try:
        return _publish_run(refs, plan, opts, version, notes, started)
    except CheckFailed as exc:
        if not plan.hits:
            raise
        # the cached rows may be what is inconsistent: never let them block every run
        _warn(
            notes,
            f"{opts.cache_label} set aside: the tables with its rows failed the pre-publish "
            f"checks ({' '.join(str(exc).split())}); full run from the sources, cache rebuilt",
        )
        result_cache.discard(opts.cache_folder)
        plan = _Plan([], refs, plan.fingerprint, save)
        return _publish_run(refs, plan, opts, version, notes, started)


def _publish_run(
    refs: list[SourceRef],
    plan: _Plan,
    opts: RunOptions,
    version: str,
    notes: RunSummary,
    started: float,
) -> RunSummary:
    """Extract what the cache does not answer for, combine, link, check and publish.

    The tables are written into the staged folder as they become final (``assembly``);
    whatever stops the run, the folder is removed and nothing is published.
    """
    lost: list[str] = []
    early = Prefetch()
    staged = stage(opts.out_dir)
    try:
        with Assembly(early, staged, stream=not plan.hits) as built:
            _extract(refs, plan, opts, notes, lost, built)
            plan.cached = None  # its tables are in `built` now (or no longer needed)
            pre_link, combined = built.finish()
            early.drop_coder()
            _give_back_memory()  # the workers' tables and the coder: not held through the writes
            combined["interactions"] = link_interactions(
                combined["interactions"],
                combined["monographs"],
                early.name_index(combined["monographs"]),
            )
            summary = _summarize(combined, len(refs))
            summary.cached, summary.warnings, summary.lost = len(plan.hits), notes.warnings, lost
            if opts.strict and summary.errors:
                check_tables(combined, len(refs))  # a bug outranks the strict-mode failure
                _save_cache(opts, version, pre_link, {}, plan, summary)
                _strict(opts, summary)
            stopping.check()
            built.write(combined["interactions"], lambda: check_tables(combined, len(refs)))
        _give_back_memory()
        summary.seconds = round(time.perf_counter() - started, 3)
        write_manifest(staged, _manifest(combined, summary, opts))
        stopping.check()  # (the last moment: nothing is published after a stop was asked)
        summary.published = publish(staged, opts.out_dir)
    except BaseException:
        discard(staged)
        raise
    record = _published_record(opts, summary.published.name, len(refs))
    _save_cache(opts, version, pre_link, record, plan, summary)
    return summary


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
    plan: _Plan,
    opts: RunOptions,
    notes: RunSummary,
    lost: list[str],
    built: Assembly,
) -> None:
    """Cached rows of the hits and fresh rows of the misses into ``built``, the fresh ones
    as they come, chunk by chunk (the files in id order); the ids of files lost with their
    workers go to ``lost``."""
    if plan.cached is not None and plan.hits:
        built.add_cached(plan.cached.take(plan.hits))
    show = sys.stderr.isatty() if opts.progress is None else opts.progress
    bar = tqdm(total=len(refs), unit="file", disable=not show, file=sys.stderr)
    bar.update(len(plan.hits))
    tasks = run_chunks(
        sorted(plan.misses, key=lambda ref: ref.monograph_id),
        opts.root,
        opts.max_bytes,
        executor=opts.executor,
        jobs=opts.jobs,
        scheduler=opts.scheduler,
        warn=lambda message: _warn(notes, message),
    )
    try:
        for done in tasks:
            built.add(done.chunk, done.tables)
            lost.extend(done.lost)
            bar.update(done.files)
    finally:
        tasks.close()  # ends the workers now, whatever stopped the loop
        bar.close()


def _save_cache(
    opts: RunOptions,
    version: str,
    tables: dict[str, pa.Table],
    record: dict[str, Any],
    plan: _Plan,
    summary: RunSummary,
) -> None:
    if not plan.save:
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


def _manifest(tables: dict[str, pa.Table], summary: RunSummary, opts: RunOptions) -> dict[str, Any]:
    return {
        "package": "monograph-pipeline",
        # where `source_path` is relative to (`pipeline show` reads the sources from it)
        "input_dir": opts.input_url or str(opts.input_dir.resolve()),
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
