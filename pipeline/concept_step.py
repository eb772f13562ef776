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
    if isinstance(texts, pa.ChunkedArray):
        # one array: each chunk of an encoded chunked array carries the whole dictionary,
        # and coding it chunk by chunk read every wording once per chunk
        texts = texts.combine_chunks() if texts.num_chunks else pa.array([], pa.string())
    encoded = pc.dictionary_encode(texts)
    lists = [list(coder.code(text, domain)) for text in encoded.dictionary.to_pylist()]
    ids: pa.Array = pa.array(lists, pa.list_(pa.string())).take(encoded.indices)
    return ids


def code_table(name: str, table: pa.Table, coder: coding.Coder) -> tuple[pa.Table, list[str]]:
    """``table`` (one of ``CODED``) with ``concept_ids`` filled in, and the ids it names."""
    column, domain = CODED[name]
    ids = code_column(table.column(column), coder, domain)
    index = table.schema.get_field_index("concept_ids")
    used: list[str] = ids.flatten().unique().to_pylist()
    return table.set_column(index, table.schema.field("concept_ids"), ids), used


def concepts_table(used: set[str], coder: coding.Coder) -> pa.Table:
    """The ``concepts`` table: one row per concept id in ``used``, sorted by id."""
    return rows_to_arrow("concepts", [coder.concept(cid).row() for cid in sorted(used)])


def code_tables(tables: dict[str, pa.Table], coder: coding.Coder) -> dict[str, pa.Table]:
    """``tables`` with ``concept_ids`` filled in and the ``concepts`` table added."""
    out = dict(tables)
    used: set[str] = set()
    for name in CODED:
        out[name], ids = code_table(name, tables[name], coder)
        used.update(ids)
    out["concepts"] = concepts_table(used, coder)
    return out


def release() -> str:
    """The HPO release the concepts come from (``data-version`` of the packaged file)."""
    return ontology.release()
