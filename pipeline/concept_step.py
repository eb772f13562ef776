"""Run-level step: code every side-effect term and condition, and build ``concepts``.

Like ``link``, it works on the combined tables, column by column: each distinct
wording is coded once (``coding.Coder.code`` is memoized), the ``concept_ids``
column is rebuilt from the codes, and the ``concepts`` table holds one row per
concept that some row names, sorted by id. The run builds the coder from
on-disk indexes once its workers are forked, and codes each chunk's wordings
as it arrives (``pipeline.prefetch``): this step then mostly finds them memoized.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import coding, ontology
from pipeline.tables import rows_to_arrow

#: table -> (the text column coded, the coding domain)
CODED = {
    "side_effects": ("term", "side_effects"),
    "contraindications": ("condition", "conditions"),
}


def code_column(texts: pa.ChunkedArray | pa.Array, coder: coding.Coder, domain: str) -> pa.Array:
    """``list<string>`` of concept ids, one list per text; each distinct text coded once,
    and the rows take their distinct text's list without becoming Python objects."""
    encoded = pc.dictionary_encode(
        pa.chunked_array([texts]) if isinstance(texts, pa.Array) else texts
    )
    chunks = encoded.chunks or [pa.array([], pa.dictionary(pa.int32(), pa.string()))]
    parts: list[pa.Array] = []
    for chunk in chunks:
        lists = [list(coder.code(text, domain)) for text in chunk.dictionary.to_pylist()]
        parts.append(pa.array(lists, pa.list_(pa.string())).take(chunk.indices))
    return pa.concat_arrays(parts) if len(parts) > 1 else parts[0]


def code_tables(tables: dict[str, pa.Table], coder: coding.Coder) -> dict[str, pa.Table]:
    """``tables`` with ``concept_ids`` filled in and the ``concepts`` table added."""
    out = dict(tables)
    used: set[str] = set()
    for name, (column, domain) in CODED.items():
        table = tables[name]
        ids = code_column(table.column(column), coder, domain)
        used.update(ids.flatten().unique().to_pylist())
        index = table.schema.get_field_index("concept_ids")
        out[name] = table.set_column(index, table.schema.field("concept_ids"), ids)
    rows = [coder.concept(cid).row() for cid in sorted(used)]
    out["concepts"] = rows_to_arrow("concepts", rows)
    return out


def release() -> str:
    """The HPO release the concepts come from (``data-version`` of the packaged file)."""
    return ontology.release()
