"""Read one published output set (Parquet + manifest) for loading, with sanity checks.

``OUT/current`` is resolved once, so the tables and the manifest all come from
the same run even if an ``extract`` publishes a new set meanwhile.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import LoadError
from pipeline.models import SCHEMA_VERSION
from pipeline.schema import OUTPUT_TABLES, arrow_schema
from pipeline.writers import CURRENT, MANIFEST


@dataclass(frozen=True)
class OutputSet:
    """A complete output set, ready to load: plain Arrow types (enums as strings)."""

    folder: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    tables: dict[str, pa.Table]

    def metadata(self) -> dict[str, str]:
        """Entries for the database's metadata table (deterministic for a given set)."""
        m = self.manifest
        return {
            "schema_version": SCHEMA_VERSION,
            "manifest_sha256": self.manifest_sha256,
            "inputs_sha256": str(m.get("inputs_sha256", "")),
            "extractor_version": str(m.get("extractor_version", "")),
            "package_version": str(m.get("package_version", "")),
            "extracted_at": str(m.get("finished_at", "")),
        }

    @property
    def rows(self) -> int:
        return sum(t.num_rows for t in self.tables.values())


def resolve(out_dir: Path) -> Path:
    """The folder holding one complete set: ``OUT/current`` resolved, or ``out_dir`` itself."""
    if not out_dir.is_dir():
        raise LoadError(f"output folder does not exist: {out_dir}")
    current = out_dir / CURRENT
    folder = current.resolve() if current.exists() else out_dir.resolve()
    if not (folder / MANIFEST).is_file():
        raise LoadError(f"no {MANIFEST} in {out_dir}: not an output folder of `pipeline extract`")
    return folder


def plain(table: pa.Table) -> pa.Table:
    """Dictionary (enum) columns decoded to strings; the rest unchanged."""
    cols = [c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c for c in table.columns]
    return pa.Table.from_arrays(cols, names=table.column_names)


def read_output(out_dir: Path) -> OutputSet:
    """Read and check every table of the set; ``LoadError`` when anything is off."""
    folder = resolve(out_dir)
    raw = (folder / MANIFEST).read_bytes()
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        raise LoadError(f"{folder / MANIFEST} is not JSON: {exc}") from exc
    if not isinstance(manifest, dict):
        raise LoadError(f"{folder / MANIFEST} is not a JSON object")
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        raise LoadError(
            f"output has schema version {version!r}, this pipeline loads {SCHEMA_VERSION!r}; "
            "re-run `pipeline extract`"
        )
    tables: dict[str, pa.Table] = {}
    counts = manifest.get("row_counts", {})
    for name in OUTPUT_TABLES:
        path = folder / f"{name}.parquet"
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException) as exc:
            raise LoadError(f"cannot read {path}: {exc}") from exc
        expected = arrow_schema(name).names
        if table.column_names != expected:
            raise LoadError(f"{path}: columns {table.column_names} differ from {expected}")
        if isinstance(counts, dict) and counts.get(name, table.num_rows) != table.num_rows:
            raise LoadError(f"{path}: {table.num_rows} rows but the manifest says {counts[name]}")
        tables[name] = plain(table)
    return OutputSet(folder, manifest, hashlib.sha256(raw).hexdigest(), tables)
