"""One published output set read for people: manifest, tables as DataFrames, sources.

``OUT/current`` is resolved once, so every table and the manifest come from
the same run. Tables are read by the registry in ``pipeline.schema``; a table
the registry names but the set lacks (an older run) is simply absent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.db import source
from pipeline.errors import LoadError, UsageError
from pipeline.schema import TABLES
from pipeline.writers import MANIFEST

_LABEL_COLUMNS = ("label", "preferred_label", "name", "term")


@dataclass(frozen=True)
class OutputSet:
    """The manifest and tables of one published run."""

    folder: Path
    manifest: dict[str, Any]
    frames: dict[str, pd.DataFrame]

    @property
    def input_dir(self) -> str | None:
        """The folder ``source_path`` is relative to, as the run recorded it."""
        value = self.manifest.get("input_dir")
        return str(value) if value else None

    def frame(self, table: str) -> pd.DataFrame:
        return self.frames.get(table, pd.DataFrame())

    def concept_labels(self) -> dict[str, str]:
        """Concept id -> label from a ``concepts`` table, when the set has one."""
        concepts = self.frame("concepts")
        if concepts.empty:
            return {}
        id_col = "concept_id" if "concept_id" in concepts else str(concepts.columns[0])
        label = next((c for c in _LABEL_COLUMNS if c in concepts and c != id_col), id_col)
        return dict(zip(concepts[id_col].astype(str), concepts[label].astype(str), strict=True))


def resolve(out_dir: Path) -> Path:
    """``OUT/current`` resolved (or ``out_dir`` itself when it is one set's folder)."""
    try:
        return source.resolve(out_dir)
    except LoadError as exc:  # here a usage error, not a failed database load
        raise UsageError(str(exc)) from exc


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read {folder / MANIFEST}: {exc}") from exc
    if not isinstance(manifest, dict):
        raise UsageError(f"{folder / MANIFEST} is not a JSON object")
    return manifest


def read_output(out_dir: Path, tables: tuple[str, ...] | None = None) -> OutputSet:
    """Every table of the set (or only ``tables``), read once from the same run."""
    folder = resolve(out_dir)
    manifest = read_manifest(folder)
    frames: dict[str, pd.DataFrame] = {}
    # The registry's tables first, then any other table of the set (e.g. run-level ones).
    found = [p.stem for p in sorted(folder.glob("*.parquet"))]
    names = tables or (*[t for t in TABLES if t in found], *[t for t in found if t not in TABLES])
    for name in names:
        path = folder / f"{name}.parquet"
        if not path.is_file():
            continue
        try:
            frames[name] = pd.read_parquet(path)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read {path}: {exc}") from exc
    if "monographs" not in frames:
        raise UsageError(f"no monographs table in {folder}")
    return OutputSet(folder, manifest, frames)


def source_file(out: OutputSet, source_path: str, input_dir: Path | None = None) -> Path | None:
    """The source file of a monograph, when it can be found on this machine."""
    root = input_dir or (Path(out.input_dir) if out.input_dir else None)
    if root is None or "://" in str(root):
        return None
    path = root / source_path
    return path if path.is_file() else None
