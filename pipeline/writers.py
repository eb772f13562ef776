"""Tables -> Parquet and CSV files, staged then published together.

Layout of an output folder::

    OUT/.runs/<run>/          one complete set: <table>.parquet, <table>.csv, manifest.json
    OUT/current -> .runs/<run>
    OUT/<table>.parquet -> current/<table>.parquet   (and .csv, manifest.json)

A run writes its whole set into ``OUT/.runs/<run>.partial``, renames it to
``OUT/.runs/<run>``, then swaps the ``current`` symlink with one atomic
``rename``. Readers that resolve ``current`` see the old complete set or the
new complete set, never a mix; a run killed at any moment leaves the previous
set published. Leftovers of killed runs are removed by the next run.

CSV cells that a spreadsheet would run as a formula (starting with ``=``,
``+``, ``-``, ``@``, tab or carriage return) are prefixed with ``'``; the
Parquet files keep the exact text.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline.schema import TABLES

RUNS = ".runs"
CURRENT = "current"
MANIFEST = "manifest.json"
_FORMULA = r"^([=+\-@\t\r])"


def _csv_ready(table: pa.Table) -> pa.Table:
    """Plain-text columns for CSV: lists as JSON, categories as text, formulas neutralized."""
    cols: list[pa.Array] = []
    names: list[str] = []
    for fld, col in zip(table.schema, table.columns, strict=True):
        arr: Any = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if pa.types.is_dictionary(fld.type):
            arr = arr.cast(pa.string())
        elif pa.types.is_list(fld.type):
            arr = pa.array(
                [None if v is None else json.dumps(v, ensure_ascii=False) for v in arr.to_pylist()],
                pa.string(),
            )
        if pa.types.is_string(arr.type):
            arr = pc.replace_substring_regex(arr, _FORMULA, r"'\1")
        cols.append(arr)
        names.append(fld.name)
    return pa.Table.from_arrays(cols, names=names)


def write_table(table: pa.Table, name: str, folder: Path) -> None:
    """``folder/<name>.parquet`` and ``folder/<name>.csv``."""
    pq.write_table(
        table,
        folder / f"{name}.parquet",
        compression="zstd",
        write_statistics=True,
        store_schema=True,
    )
    pacsv.write_csv(
        _csv_ready(table),
        folder / f"{name}.csv",
        write_options=pacsv.WriteOptions(include_header=True, quoting_style="needed"),
    )


def stage(out: Path) -> Path:
    """A fresh staging folder inside ``out`` (leftovers of killed runs are removed first)."""
    runs = out / RUNS
    runs.mkdir(parents=True, exist_ok=True)
    for leftover in runs.glob("*.partial"):
        shutil.rmtree(leftover, ignore_errors=True)
    folder = runs / f"{uuid.uuid4().hex}.partial"
    folder.mkdir()
    return folder


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_symlink(link: Path, target: str) -> None:
    tmp = link.with_name(f".{link.name}.{uuid.uuid4().hex}.tmp")
    os.symlink(target, tmp)
    os.replace(tmp, link)


def publish(staged: Path, out: Path) -> Path:
    """Make the staged set the published one, atomically; returns its final folder."""
    for f in staged.iterdir():
        with open(f, "rb") as fh:
            os.fsync(fh.fileno())
    final = staged.with_suffix("")
    os.rename(staged, final)
    _fsync_dir(final.parent)
    _replace_symlink(out / CURRENT, f"{RUNS}/{final.name}")
    names = [f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")] + [MANIFEST]
    for name in names:
        link = out / name
        if not (link.is_symlink() and os.readlink(link) == f"{CURRENT}/{name}"):
            _replace_symlink(link, f"{CURRENT}/{name}")
    _fsync_dir(out)
    for old in (out / RUNS).iterdir():
        if old.name != final.name and not old.name.endswith(".partial"):
            shutil.rmtree(old, ignore_errors=True)
    return final


def discard(staged: Path) -> None:
    """Remove a staged set that will not be published."""
    shutil.rmtree(staged, ignore_errors=True)
