"""What a run refuses before it touches anything: unusable arguments, folders that
are not the pipeline's, and an empty input over a published set.

Each refusal is a ``UsageError`` (exit 2, one line) naming what the user passed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import cache as result_cache
from pipeline.errors import EmptyInput, UsageError
from pipeline.executors import EXECUTORS
from pipeline.schema import TABLES
from pipeline.writers import CURRENT, MANIFEST, RUNS

if TYPE_CHECKING:
    from pipeline.run import RunOptions


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
    _validate_out(opts.out_dir)
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


def _validate_out(out: Path) -> None:
    """The output folder may hold anything, but what the pipeline writes there must be its own:
    a file (not a link of ours) under one of those names would be silently replaced."""
    if out.is_symlink() and not out.exists():
        raise UsageError(f"--out {out} is a symbolic link to nothing")
    if out.exists() and not out.is_dir():
        raise UsageError(f"output path exists and is not a folder: {out}")
    if not out.is_dir():
        return
    runs = out / RUNS
    if runs.is_symlink() or (runs.exists() and not runs.is_dir()):
        raise UsageError(f"--out {out} holds {RUNS}, which is not the pipeline's folder")
    names = [f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")] + [MANIFEST, CURRENT]
    for name in names:
        entry = out / name
        if not entry.is_symlink() and entry.exists():
            raise UsageError(
                f"--out {out} holds {name}, which this pipeline did not write there; "
                "move it away or choose another output folder"
            )


def _validate_cache_dir(opts: RunOptions, out: Path) -> None:
    """The cache folder must be ours (or new, or empty) and apart from the data."""
    folder = opts.cache_folder.resolve()
    if opts.input_url is None:
        real_in = opts.input_dir.resolve()
        if folder == real_in or real_in in folder.parents or folder in real_in.parents:
            raise UsageError(f"{opts.cache_label} overlaps the input folder")
    if folder == out or folder in out.parents:
        raise UsageError(f"{opts.cache_label} contains the output folder")
    try:
        result_cache.check_folder(opts.cache_folder)
    except result_cache.CacheRefused as exc:
        raise UsageError(f"{opts.cache_label} {exc}") from exc


def cache_to_write(opts: RunOptions) -> Path | None:
    """Where this run's rows are saved. ``--no-cache`` reads no cache but rebuilds one
    that is there (so a cache it could not trust is not left behind); it makes none."""
    folder = opts.cache_folder
    if opts.use_cache:
        return folder
    try:
        result_cache.check_folder(folder)
    except result_cache.CacheRefused:
        return None
    return folder if (folder / result_cache.META).is_file() else None


def refuse_empty(opts: RunOptions, n_files: int) -> None:
    """Never replace a published set of monographs with nothing by accident."""
    if n_files or opts.allow_empty:
        return
    published = _published_files(opts.out_dir)
    if published:
        raise EmptyInput(
            f"{opts.root} holds no monograph files; the published set of {published} "
            "monographs was kept (--allow-empty publishes an empty set)"
        )


def _published_files(out: Path) -> int:
    """Monographs in the published set (0 when none is; 1 when its manifest is unreadable)."""
    current = out / CURRENT
    if not current.is_dir():
        return 0
    try:
        files = json.loads((current / MANIFEST).read_text("utf-8")).get("input_files")
    except (OSError, ValueError, AttributeError):
        return 1
    return files if isinstance(files, int) else 1
