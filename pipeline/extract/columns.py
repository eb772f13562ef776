"""Table rows by their column headers: which cell names the row's effect or agent.

A row is read like a bullet with a bold lead-in (its first cell); the headers say
when another cell is the one that matters ("| Body system | Side effect |") and
what the other cells are (a frequency, an interaction's effect, a note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline import lexicon
from pipeline.frequency import find_band_words
from pipeline.sections import normalize_heading

Columns = tuple[tuple[str, str], ...]  # (header, cell) pairs, plain text

#: A cell holding only a rate: "14", "0.6", "12%", "<1%".
_RATE = re.compile(r"^(?:[<>≤≥]=?\s*)?\d+(?:[.,]\d+)?\s*%?$")


@dataclass(frozen=True)
class EffectCells:
    effects: str  # the cell of the effects column
    labels: list[str]  # cells of frequency, seriousness, organ-system columns
    components: list[str]  # cells of a component column (a combination's ingredient)
    details: list[str]  # any other cells


@cache
def _names(table: str, key: str) -> frozenset[str]:
    return frozenset(lexicon.load(table)[key])


def effect_cells(columns: Columns) -> EffectCells | None:
    """A side-effects row's cells by column, or None when no column holds effects."""
    keys = [normalize_heading(header) for header, _ in columns]
    term = next(
        (i for i, k in enumerate(keys) if k in _names("side_effects", "term_columns")), None
    )
    if term is None:
        return None
    label_names = _names("side_effects", "label_columns")
    component_names = _names("side_effects", "component_columns")
    comparators = _names("side_effects", "comparator_words")
    labels: list[str] = []
    components: list[str] = []
    details: list[str] = []
    rate = False
    for i, (k, (header, cell)) in enumerate(zip(keys, columns, strict=True)):
        if i == term or not cell or any(w in comparators for w in k.split()):
            continue  # (a placebo's or comparator's rate is not the drug's)
        if _RATE.match(cell) and ("%" in header or "%" in cell or k in label_names):
            # "| Incidence (%) |" 14, "| Drug (n=200) |" 14%: the first rate is the item's
            if not rate:
                labels.append(cell if "%" in cell else f"{cell}%")
                rate = True
        elif k in label_names:
            labels.append(cell)
        elif k in component_names:
            components.append(cell)
        else:
            details.append(cell)
    return EffectCells(columns[term][1], labels, components, details)


def band_cells(columns: Columns) -> list[tuple[str, str]]:
    """ "| System organ class | Very common | Common | Rare |": a row whose columns are
    frequency bands; (band header, cell of effects) for each filled one."""
    bands = [(h, cell) for h, cell in columns[1:] if find_band_words(h) is not None]
    if len(bands) < 2:  # ("| Problem | How common | What to do |" is no band table)
        return []
    return [(h, cell) for h, cell in bands if cell]


def agent_cells(columns: Columns) -> tuple[str | None, str | None]:
    """An interactions row's agent cell, when the agent column is not its first (the first
    is read as its lead-in label), and its effect cell."""
    agents, effects = (
        _names("interactions", "agent_columns"),
        _names("interactions", "effect_columns"),
    )
    agent = effect = None
    first_is_agent = bool(columns) and normalize_heading(columns[0][0]) in agents
    for i, (header, cell) in enumerate(columns):
        key = normalize_heading(header)
        if agent is None and i > 0 and key in agents and not first_is_agent:
            agent = cell
        elif effect is None and key in effects and cell:  # first or not ("| Effect | Drug |")
            effect = cell
    return agent, effect
