"""Checks before publish, dbt-style. A violation is a bug in the pipeline: fail loudly.

- primary keys unique and not null;
- non-nullable columns have no nulls;
- enum columns within their allowed values;
- numbers and texts within the models' bounds (``ge``, ``min_length``);
- every child row's ``monograph_id`` present in ``monographs``;
- ``monographs`` has exactly one row per input file;
- each monograph's ``n_<table>`` count equals its rows in that child table;
- every id in a ``concept_ids`` list is in ``concepts``, and every concept is used.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.errors import CheckFailed
from pipeline.schema import OUTPUT_TABLES


def _check_table(name: str, table: pa.Table) -> list[str]:
    spec = OUTPUT_TABLES[name]
    failures: list[str] = []
    for col in spec.columns:
        arr = table.column(col.name)
        if not col.nullable and arr.null_count:
            failures.append(f"{name}.{col.name}: {arr.null_count} null values in a NOT NULL column")
        if col.ge is not None and len(arr):
            low = pc.min(arr).as_py()
            if low is not None and low < col.ge:
                failures.append(f"{name}.{col.name}: value {low} below the minimum {col.ge}")
        if col.min_length is not None and len(arr):
            short = (
                pc.min(pc.utf8_length(arr.drop_null())).as_py()
                if arr.null_count < len(arr)
                else None
            )
            if short is not None and short < col.min_length:
                failures.append(f"{name}.{col.name}: text shorter than {col.min_length} characters")
        if col.enum is not None and len(arr):
            bad = sorted(set(_used_values(arr)) - set(col.enum_values))
            if bad:
                failures.append(f"{name}.{col.name}: values outside the allowed set: {bad[:5]}")
    for key in spec.primary_key:
        if table.column(key).null_count:
            failures.append(f"{name}: null in primary key column {key}")
    if table.num_rows:
        dupes = _duplicated(table, spec.primary_key)
        if dupes:
            failures.append(f"{name}: {dupes} duplicated primary keys {spec.primary_key}")
    return failures


def _duplicated(table: pa.Table, key: tuple[str, ...]) -> int:
    """How many values of ``key`` (one or more columns; null is a value) more than one row
    has. Arrow's hash kernels, not a group-by: that one loads Acero (~40 ms) for nothing."""
    codes: pa.Array | None = None
    for name in key:
        encoded = pc.dictionary_encode(table.column(name).combine_chunks())
        size = len(encoded.dictionary)
        part = pc.fill_null(encoded.indices.cast(pa.int64()), size)  # null: a code of its own
        # each row's code for the columns so far, renumbered 0.. (never past the row count)
        codes = part if codes is None else pc.add(pc.multiply(codes, size + 1), part)
        codes = pc.dictionary_encode(codes).indices.cast(pa.int64())
    if codes is None:
        return 0
    counts = pc.value_counts(codes).field("counts")
    return int(pc.sum(pc.greater(counts, 1)).as_py() or 0)


def _check_counts(tables: dict[str, pa.Table]) -> list[str]:
    """``monographs.n_<child>`` must equal the child rows of each monograph."""
    mono = tables["monographs"]
    failures: list[str] = []
    for name, table in tables.items():
        column = f"n_{name}"
        if name == "monographs" or column not in mono.column_names:
            continue
        counted = dict.fromkeys(mono.column("monograph_id").to_pylist(), 0)
        if table.num_rows:
            grouped = pc.value_counts(table.column("monograph_id"))
            for mid, n in zip(
                grouped.field("values").to_pylist(),
                grouped.field("counts").to_pylist(),
                strict=True,
            ):
                counted[mid] = n
        declared = dict(
            zip(
                mono.column("monograph_id").to_pylist(),
                mono.column(column).to_pylist(),
                strict=True,
            )
        )
        wrong = sum(1 for mid, n in declared.items() if counted.get(mid) != n)
        if wrong:
            failures.append(f"monographs.{column}: {wrong} monographs disagree with {name} rows")
    return failures


def _check_concepts(tables: dict[str, pa.Table]) -> list[str]:
    """Every id of a ``concept_ids`` list is a row of ``concepts``, and every concept is used."""
    if "concepts" not in tables:
        return []
    known = tables["concepts"].column("concept_id")
    used: list[pa.Array] = []  # the flattened ids, chunk by chunk
    failures: list[str] = []
    for name, table in tables.items():
        if "concept_ids" not in table.column_names:
            continue
        ids = pa.chunked_array(
            [chunk.flatten() for chunk in table.column("concept_ids").chunks], pa.string()
        )
        used += ids.chunks
        missing = pc.sum(pc.invert(pc.is_in(ids, value_set=known))).as_py() or 0
        if missing:
            failures.append(f"{name}.concept_ids: {missing} ids not in concepts")
    if used:
        all_used = pa.chunked_array(used, pa.string()).combine_chunks()
        unused = pc.sum(pc.invert(pc.is_in(known, value_set=all_used))).as_py() or 0
        if unused:
            failures.append(f"concepts: {unused} concepts no row is coded to")
    return failures


def _used_values(arr: pa.ChunkedArray | pa.Array) -> list[str]:
    """Distinct non-null values; a dictionary column is read through its used entries
    (never materializing one string per row)."""
    if pa.types.is_dictionary(arr.type):
        chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
        values: set[str] = set()
        for chunk in chunks:
            used = pc.unique(chunk.indices.drop_null())
            values.update(chunk.dictionary.take(used).to_pylist())
        return sorted(values)
    return [str(v) for v in pc.unique(arr.drop_null()).to_pylist()]


def check_tables(tables: dict[str, pa.Table], n_inputs: int) -> None:
    """Raise ``CheckFailed`` listing every violation."""
    failures: list[str] = []
    for name, table in tables.items():
        failures += _check_table(name, table)
    monographs = tables["monographs"]
    if monographs.num_rows != n_inputs:
        failures.append(f"monographs has {monographs.num_rows} rows for {n_inputs} input files")
    ids = monographs.column("monograph_id")
    for name, table in tables.items():
        if not OUTPUT_TABLES[name].has_parent or not table.num_rows:
            continue
        orphans = pc.sum(pc.invert(pc.is_in(table.column("monograph_id"), value_set=ids))).as_py()
        if orphans:
            failures.append(f"{name}: {orphans} rows whose monograph_id is not in monographs")
    failures += _check_counts(tables)
    failures += _check_concepts(tables)
    if failures:
        raise CheckFailed("pre-publish checks failed:\n  " + "\n  ".join(failures))
