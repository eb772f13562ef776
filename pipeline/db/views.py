"""Analyst views over the loaded tables, described column by column.

Every column a view reads is looked up in ``pipeline.schema.OUTPUT_TABLES`` when this
module is imported, so a renamed model field breaks here at once rather than
in a database.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.db.sql import ident
from pipeline.schema import OUTPUT_TABLES


def col(alias: str, table: str, column: str) -> str:
    """``alias."column"``, after checking that ``table`` has ``column``."""
    if column not in {c.name for c in OUTPUT_TABLES[table].columns}:
        raise KeyError(f"{table} has no column {column}")
    return f"{alias}.{ident(column)}"


def src(table: str, alias: str) -> str:
    """``"table" alias`` for a FROM clause, after checking that the table exists."""
    if table not in OUTPUT_TABLES:
        raise KeyError(f"no table {table}")
    return f"{ident(table)} {alias}"


@dataclass(frozen=True)
class ViewColumn:
    name: str
    expr: str
    description: str
    grouped: bool = True  # part of GROUP BY (False for aggregates)


@dataclass(frozen=True)
class View:
    name: str
    description: str
    source: str  # FROM clause body
    columns: tuple[ViewColumn, ...]

    def select(self) -> str:
        cols = ",\n    ".join(f"{c.expr} AS {ident(c.name)}" for c in self.columns)
        groups = ", ".join(c.expr for c in self.columns if c.grouped)
        return f"SELECT\n    {cols}\nFROM {self.source}\nGROUP BY {groups}"


def _mentions() -> ViewColumn:
    return ViewColumn(
        "n_mentions", "count(*)", "Number of rows (mentions) behind this line.", grouped=False
    )


def _counts(alias: str, table: str) -> tuple[ViewColumn, ViewColumn]:
    """How many monographs, and how many rows, stand behind each line of a grouped view."""
    return (
        ViewColumn(
            "n_monographs",
            f"count(DISTINCT {col(alias, table, 'monograph_id')})",
            "Number of distinct monographs that mention it.",
            grouped=False,
        ),
        _mentions(),
    )


def _per_concept(alias: str, table: str) -> str:
    """FROM clause: one line per (row, concept id it is coded to), with the concept's row.
    ``unnest`` in FROM is a lateral join in both DuckDB and PostgreSQL."""
    ids = col(alias, table, "concept_ids")
    key = col("k", "concepts", "concept_id")
    return f"{src(table, alias)} CROSS JOIN unnest({ids}) AS u(concept_id) JOIN {src('concepts', 'k')} ON {key} = u.concept_id"


def _concept_columns() -> tuple[ViewColumn, ...]:
    return (
        ViewColumn("concept_id", col("k", "concepts", "concept_id"), "Concept id."),
        ViewColumn("label", col("k", "concepts", "label"), "Its preferred label."),
        ViewColumn("category", col("k", "concepts", "category"), "Organ system it rolls up to."),
    )


VIEWS: tuple[View, ...] = (
    View(
        "side_effect_concepts",
        "Side effects by concept: how many monographs report each concept in each band "
        "(every wording coded to it counted together).",
        _per_concept("se", "side_effects"),
        (
            *_concept_columns(),
            ViewColumn(
                "frequency_band",
                col("se", "side_effects", "frequency_band"),
                "Frequency band stated for it.",
            ),
            *_counts("se", "side_effects"),
        ),
    ),
    View(
        "contraindication_concepts",
        "Contraindications by concept: how many monographs name each concept, by strength.",
        _per_concept("c", "contraindications"),
        (
            *_concept_columns(),
            ViewColumn(
                "strength", col("c", "contraindications", "strength"), "`absolute` or `relative`."
            ),
            *_counts("c", "contraindications"),
        ),
    ),
    View(
        "side_effect_frequency",
        "Side effects across monographs: how many monographs report each term in each band.",
        src("side_effects", "se"),
        (
            ViewColumn("term", col("se", "side_effects", "term"), "Normalized side effect."),
            ViewColumn(
                "frequency_band",
                col("se", "side_effects", "frequency_band"),
                "Frequency band stated for it.",
            ),
            *_counts("se", "side_effects"),
        ),
    ),
    View(
        "interaction_pairs",
        "Drug-agent interaction pairs with severity and the agent's own monograph when loaded.",
        f"{src('interactions', 'i')} JOIN {src('monographs', 'm')} ON "
        f"{col('m', 'monographs', 'monograph_id')} = {col('i', 'interactions', 'monograph_id')}",
        (
            ViewColumn(
                "monograph_id",
                col("i", "interactions", "monograph_id"),
                "Monograph that states the interaction.",
            ),
            ViewColumn(
                "drug",
                f"coalesce({col('m', 'monographs', 'generic_name')}, "
                f"{col('m', 'monographs', 'monograph_id')})",
                "Its generic name (the monograph id when it has none).",
            ),
            ViewColumn("agent", col("i", "interactions", "agent"), "Interacting agent."),
            ViewColumn("agent_type", col("i", "interactions", "agent_type"), "Kind of agent."),
            ViewColumn("severity", col("i", "interactions", "severity"), "How strong a warning."),
            ViewColumn(
                "linked_monograph_id",
                col("i", "interactions", "linked_monograph_id"),
                "Monograph of the agent itself, when one was loaded; else null.",
            ),
            _mentions(),
        ),
    ),
    View(
        "contraindications_by_population",
        "Contraindications grouped by population, condition and strength.",
        src("contraindications", "c"),
        (
            ViewColumn(
                "population",
                col("c", "contraindications", "population"),
                "Who the contraindication concerns.",
            ),
            ViewColumn(
                "condition", col("c", "contraindications", "condition"), "Normalized condition."
            ),
            ViewColumn(
                "strength", col("c", "contraindications", "strength"), "`absolute` or `relative`."
            ),
            *_counts("c", "contraindications"),
        ),
    ),
)
