"""The data dictionary (Markdown) and the JSON Schemas, from the models.

``docs/schema.md`` is ``markdown()``'s output, checked up to date by a test.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.db import ddl
from pipeline.db.meta import METADATA
from pipeline.db.sql import Dialect, ident
from pipeline.db.views import VIEWS
from pipeline.models import SCHEMA_VERSION
from pipeline.schema import OUTPUT_TABLES, Column, TableSpec, json_schema

_BOUNDS = {"ge", "gt", "le", "lt", "min_length", "max_length"}
_KIND = {str: "text", int: "integer", float: "float", bool: "boolean", list: "list of text"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _type(column: Column) -> str:
    if column.enum is not None:
        return "enum: " + ", ".join(f"`{v}`" for v in column.enum_values)
    return _KIND[column.py_type]


def _rules(spec: TableSpec, column: Column) -> str:
    """Bounds from the models (enums are listed under type)."""
    prefix = f"{spec.name}_{column.name}_"
    return ", ".join(
        f"`{expr.replace(ident(column.name), column.name)}`"
        for name, expr in ddl.checks(spec, Dialect.postgres)
        if name.startswith(prefix) and name.removeprefix(prefix) in _BOUNDS
    )


def _table(spec: TableSpec, level: str = "##") -> list[str]:
    fks = ", ".join(
        f"`{fk.column}` → `{fk.table}.{fk.ref_column}`" for fk in ddl.foreign_keys(spec)
    )
    idx = ", ".join(f"`{c}`" for c in ddl.indexed_columns(spec))
    lines = [
        f"{level} `{spec.name}`",
        "",
        spec.description,
        "",
        f"- Primary key: {', '.join(f'`{k}`' for k in spec.primary_key)}",
    ]
    if fks:
        lines.append(f"- Foreign keys: {fks}")
    if idx:
        lines.append(f"- Indexed: {idx}")
    lines += ["", "| column | type | null | rules | description |", "|---|---|---|---|---|"]
    for c in spec.columns:
        null = "yes" if c.nullable else "no"
        lines.append(
            f"| `{c.name}` | {_type(c)} | {null} | {_rules(spec, c)} | {_cell(c.description)} |"
        )
    return [*lines, ""]


#: How to count by concept: the same recipe in pandas, DuckDB and PostgreSQL.
_COUNTING = """## Counting by concept

`side_effects.concept_ids` and `contraindications.concept_ids` list the concepts each
row names (`concepts.concept_id`): HPO ids where HPO has the concept, else the
project's own (`MGP:`, from `pipeline/lexicons/concepts.toml`). Wordings that mean the
same (`itching`, `pruritus`; `severe liver damage`, `hepatotoxicity`) share a concept,
and an item naming two (`nausea and vomiting`) lists both: explode the list, then count.

pandas:

```python
se = pd.read_parquet("output/side_effects.parquet").explode("concept_ids")
concepts = pd.read_parquet("output/concepts.parquet")
per = se.merge(concepts, left_on="concept_ids", right_on="concept_id")
per.groupby(["label", "frequency_band"], observed=True)["monograph_id"].nunique()
per.groupby("category")["monograph_id"].nunique()          # rolled up by organ system
```

DuckDB and PostgreSQL (the same SQL; `unnest` in FROM joins each row to its ids):

```sql
SELECT k.label, se.frequency_band, count(DISTINCT se.monograph_id) AS n_monographs
FROM side_effects se CROSS JOIN unnest(se.concept_ids) AS u(concept_id)
JOIN concepts k ON k.concept_id = u.concept_id
GROUP BY k.label, se.frequency_band ORDER BY n_monographs DESC;

SELECT category, count(DISTINCT monograph_id) FROM side_effect_concepts GROUP BY category;
```

The view `side_effect_concepts` is the first query; `contraindication_concepts` counts
conditions by concept and strength. `concepts.umls_cuis` and `meddra_codes` (from
HPO's cross-references) join these counts to SIDER, OnSIDES or FAERS.
"""
COUNTING = [*_COUNTING.splitlines(), ""]


def markdown() -> str:
    lines = [
        "# Data dictionary",
        "",
        f"Schema version **{SCHEMA_VERSION}**. Generated from `pipeline/models.py` by "
        "`python -m pipeline schema --format md`; do not edit by hand "
        "(`tests/test_schema_cli.py` checks that it is up to date).",
        "",
        "Each table is written as `OUTPUT_DIR/<table>.parquet` and `.csv`, and loaded by "
        "`python -m pipeline load` (see `docs/databases.md`). Enum columns are dictionary-"
        "encoded in Parquet and text with a CHECK constraint in databases; lists are "
        "`VARCHAR[]` (DuckDB), `text[]` (PostgreSQL) and JSON arrays in CSV.",
        "",
        "| table | description | primary key |",
        "|---|---|---|",
    ]
    for spec in ddl.output_tables():
        key = ", ".join(f"`{k}`" for k in spec.primary_key)
        lines.append(f"| `{spec.name}` | {_cell(spec.description)} | {key} |")
    lines.append("")
    for spec in ddl.output_tables():
        lines += _table(spec)
    lines += COUNTING
    lines += ["## Views (databases only)", ""]
    for view in VIEWS:
        lines += [f"### `{view.name}`", "", view.description, "", "| column | description |"]
        lines.append("|---|---|")
        lines += [f"| `{c.name}` | {_cell(c.description)} |" for c in view.columns]
        lines.append("")
    lines += ["## Metadata (databases only)", ""]
    lines += _table(METADATA, "###")
    return "\n".join(lines).rstrip() + "\n"


def json_schemas() -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tables": {name: json_schema(name) for name in OUTPUT_TABLES},
    }


def json_text() -> str:
    return json.dumps(json_schemas(), indent=2, ensure_ascii=False) + "\n"
