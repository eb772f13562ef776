"""Side-effects sections -> side_effects rows (without monograph_id / item_no).

Items are leaf list items, table rows, elements of a list after a group lead-in,
and elements of prose lists (``may include a, b, and c``; read by
``pipeline.extract.effect_prose``). Each item takes its
band, seriousness, component and category from its own words first, then
from the labels above it (``pipeline.extract.labels``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from pipeline.extract.columns import band_cells, effect_cells
from pipeline.extract.effect_bullets import bullet_pieces, is_list
from pipeline.extract.effect_items import item_row
from pipeline.extract.effect_prose import (
    MAX_LONE_WORDS,
    list_body,
    opens_with_cause,
    signs_list,
    text_rows,
    words_of,
)
from pipeline.extract.grammar import DASH_DETAIL, PAREN_LABEL, PLAIN_LABEL
from pipeline.extract.identity import Identity
from pipeline.extract.labels import (
    Group,
    LabelInfo,
    is_advice,
    is_imperative,
    is_organ_label,
    read_label,
    vocab,
)
from pipeline.extract.units import Label, Unit, source_sections, walk
from pipeline.frequency import find_band_words, find_percent
from pipeline.models import SectionKind
from pipeline.normalize import (
    MEMO_SIZE,
    collapse,
    depth_split,
    mask_parens,
    normalize_term,
    parentheticals,
    sentences,
    split_list,
)
from pipeline.sections import normalize_heading
from pipeline.tree import Document

Row = dict[str, Any]


def extract(doc: Document, ident: Identity) -> list[Row]:
    rows: list[Row] = []
    groups: dict[tuple[Label, ...], Group | None] = {}  # the units of a list share their labels
    for section, labels in source_sections(doc, (SectionKind.side_effects,)):
        above = len(labels) - 1  # headings the section stands under ("Precautions", a component)
        for unit in walk(section, labels):
            if unit.labels not in groups:
                groups[unit.labels] = _group_of(unit.labels, ident, above)
            group = groups[unit.labels]
            if group is not None:
                rows.extend(_unit_rows(unit, group, ident))
    return rows


def _group_of(labels: tuple[Label, ...], ident: Identity, above: int = 0) -> Group | None:
    """What the labels above a unit say; None under an advice label ("Important note:").
    A line opening a list is never advice ("... call your doctor if you notice:"), nor is
    one of the ``above`` headings the side-effects section itself stands under (a
    Side Effects heading inside "Warnings and Precautions")."""
    group = Group()
    for i, label in enumerate(labels):
        info = read_label(label.text, ident)
        if info.advice and not label.opens_list and i >= above:
            return None
        if i <= above and info.category is not None and not _is_organ_group(info.category):
            # the section's heading names the section ("Unwanted effects of X"), not a group
            info = replace(info, category=None)
        group = group.under(info)
    return group


def _is_organ_group(category: str) -> bool:
    """A known group ("Gastrointestinal side effects"), once its filler words are gone."""
    v = vocab()
    return category in v.categories or collapse(v.filler.sub(" ", category)) in v.categories


def _unit_rows(unit: Unit, group: Group, ident: Identity) -> list[Row]:
    cells = effect_cells(unit.columns) if unit.columns else None
    if cells is not None:  # a row with a column of effects: the others label or explain it
        for text in cells.labels:
            group = group.under(read_label(text, ident))
        named = [c for text in cells.components if (c := ident.component_in(text))]
        if named:  # a cell naming no single component ("Both") leaves the labels' one
            group = group._replace(component=named[0])
        found = text_rows(cells.effects, group, unit.line, lead=True)
        for r in found:
            r["detail"] = r["detail"] or "; ".join(cells.details) or None
        return found
    bands = band_cells(unit.columns) if unit.columns else []
    if bands:  # "| Organ class | Common | Rare |": the first cell groups, each band lists
        row_group = group.under(read_label(unit.columns[0][1], ident))
        return [
            row
            for header, cell in bands
            for row in text_rows(
                cell, row_group.under(read_label(header, ident)), unit.line, lead=True
            )
        ]
    if unit.label is not None:
        return _lead_rows(unit, unit.label, unit.text, group, ident)
    text = unit.text
    if not text or (is_imperative(text) and not signs_list(text)):
        return []
    # "Common side effects: a, b": a plain label over a list, in a bullet or a paragraph (in a
    # paragraph, a label with a verb is a sentence: "Side effects can include: a, b")
    # (both label patterns need a colon: most bullets have none)
    m = (PLAIN_LABEL.match(text) or _frequency_label(text)) if ":" in text else None
    if (
        m is not None
        and len(m.group(1).split()) <= 6
        and (unit.is_item or not _has_verb(m.group(1)))
    ):
        info = read_label(m.group(1), ident)
        if info.advice:
            return []
        if info.group_like:
            rows = text_rows(m.group(2), group.under(info), unit.line, lead=True)
            if rows or unit.is_item:
                return rows  # a paragraph the label reading finds nothing in is read as prose
        elif (
            unit.is_item
            and is_organ_label(m.group(1))
            and (is_list(m.group(2)) or _organ_over_item(*m.groups()))
        ):
            # "* Neuromuscular and skeletal: back pain, myalgia": read like a bold lead-in
            return _lead_rows(unit, m.group(1), m.group(2), group, ident)
    if not unit.is_item:
        defined = _defined_term(text, ident)
        row = item_row(defined[0], group, unit.line, detail=defined[1]) if defined else None
        if row is not None:  # "Nausea — usually mild.": a paragraph written like an item
            return [row]
        # the rest of a lead-in that became the section's heading ("**Side Effects:** a, b")
        # is read as a lead-in's list
        lead = bool(unit.labels) and unit.labels[-1].line == unit.line
        return text_rows(text, group, unit.line, lead=lead)
    if is_advice(text) or (
        unit.has_children and (text.endswith(":") or read_label(text, ident).group_like)
    ):
        return []
    if _written_as_sentence(text):  # "Nausea and vomiting may occur."
        return text_rows(text, group, unit.line, lead=False)
    pieces = bullet_pieces(text)
    return [row for piece in pieces if (row := item_row(piece, group, unit.line))]


_LIKE_TAIL = re.compile(r",\s*like\s", re.I)


@lru_cache(maxsize=MEMO_SIZE)  # two bullets in three recur (common effects, other monographs)
def _written_as_sentence(text: str) -> bool:
    """A bullet that is a sentence listing effects, not an item (and its detail)."""
    core = parentheticals(text)[0]
    like = _LIKE_TAIL.search(core)  # "a light-headed feeling, like you might pass out": a
    if like is not None and like.start() > 0:  # simile's verb is the detail's, not the item's
        core = core[: like.start()]
    dash = DASH_DETAIL.search(core)
    return bool(
        not (dash and dash.start() > 0)  # "Hypotension - can cause dizziness": item and detail
        and vocab().statement_verbs.search(core)
        and list_body(sentences(text)[0], lead=False)[1]
    )


def _frequency_label(text: str) -> re.Match[str] | None:
    """ "Common (1-10%): a, b": a label with a parenthetical is a group only when it states a
    frequency; "Lactic acidosis (rare but serious): fatigue" is an effect and its detail."""
    m = PAREN_LABEL.match(text)
    if m is None:
        return None
    core = m.group(1)[: m.group(1).index("(")]
    return m if find_band_words(core) is not None or find_percent(core) is not None else None


def _has_verb(text: str) -> bool:
    return bool(vocab().triggers.search(text) or vocab().statement_verbs.search(text))


def _lead_rows(unit: Unit, label: str, rest: str, group: Group, ident: Identity) -> list[Row]:
    """A unit with a bold lead-in: a group label over a list, or an effect with its detail."""
    info = read_label(label, ident)
    if info.advice:
        return []
    if not info.group_like and (
        is_list(rest)
        or _organ_over_item(label, rest)
        or (ident.is_combination and _written_like_component(label, ident) and _lists(rest))
    ):
        # An unknown label over a list names a part of the product ("CoQ10:"), not an effect;
        # so does one written like a part's name over a sentence listing effects ("**DHEA:**
        # Potential side effects include acne, oily skin").
        info = _as_component(info, ident)
    if info.group_like or info.component or (not rest and unit.has_children):
        rows = text_rows(rest, group.under(info), unit.line, lead=True) if rest else []
        if rows or unit.has_children or rest.endswith(":") or not _names_effect(info):
            return rows
        # "**Allergic reactions:** Rare, but can be serious.": a label over no list is the effect
    row = item_row(label, group, unit.line, detail=rest or None)
    return [row] if row else []


#: A term defined in a paragraph is at most this many words ("Bone marrow suppression").
MAX_DEFINED_WORDS = 4


def _defined_term(text: str, ident: Identity) -> tuple[str, str] | None:
    """ "Nausea — usually mild.", "Headache: may occur early": a short term, then a dash or
    colon and what explains it; not a label over a list, nor a sentence."""
    dash = DASH_DETAIL.search(mask_parens(text))
    if dash is None or dash.start() == 0:
        return None
    term, rest = text[: dash.start()], text[dash.end() :]
    if (
        len(parentheticals(term)[0].split()) > MAX_DEFINED_WORDS
        or _has_verb(term)
        or len(depth_split(sentences(rest)[0] if rest else "", ",")) >= 3  # label over a list
        or is_advice(term)
    ):
        return None
    info = read_label(term, ident)
    if info.group_like or info.band or info.component or is_organ_label(term):
        return None
    if normalize_term(term) in ident.drug_names or opens_with_cause(rest):
        return None  # the drug itself; "Long-term use: may cause bone thinning" (a list)
    return term, rest


def _organ_over_item(label: str, rest: str) -> bool:
    """ "Neuromuscular and skeletal: Back pain": an organ system over one short item."""
    return bool(rest) and is_organ_label(label) and words_of(sentences(rest)[0]) <= MAX_LONE_WORDS


def _names_effect(info: LabelInfo) -> bool:
    """A group label that is also an effect ("Allergic reactions", "Liver problems"), not a
    frequency, a component or a bare organ system ("Gastrointestinal")."""
    v = vocab()
    if info.band or info.percent or info.component:
        return False
    return normalize_heading(info.text) not in v.categories or bool(v.group_nouns.search(info.text))


def _as_component(info: LabelInfo, ident: Identity) -> LabelInfo:
    if (
        not ident.is_combination
        or normalize_heading(info.text) in vocab().categories
        or "+" in info.text  # the whole product
        or not _written_like_component(info.text, ident)
    ):
        return replace(info, group_like=True)
    name = normalize_term(info.text)
    return replace(info, group_like=True, component=name or None, category=None)


def _lists(text: str) -> bool:
    """The text's first sentence lists effects ("Side effects include a, b, c")."""
    first = sentences(text)[0] if text else ""
    return bool(vocab().triggers.search(first)) and len(split_list(first)) >= 2


#: Words of a component's name are compared by their first letters ("omega-3s", "omega").
_STEM = 4


def _written_like_component(label: str, ident: Identity) -> bool:
    """A label the product's component names do not contain is one of them only when it is
    written like a substance's short name ("CoQ10", "DHEA") or shares a word's stem with
    one ("Vitamin D3", "Clobetasol propionate"); "Eye irritation" over a list is a group."""
    base = parentheticals(label)[0]
    words = re.findall(r"[\w-]+", base)
    if any(_ABBREVIATION.search(w) or _ALNUM_NAME.match(w) for w in words):
        return True
    stems = {
        w[:_STEM]
        for c in ident.components
        for w in re.findall(r"[a-z]+", c.lower())
        if len(w) >= _STEM
    }
    return any(w[:_STEM] in stems for w in re.findall(r"[a-z]+", base.lower()) if len(w) >= _STEM)


_ABBREVIATION = re.compile(r"[A-Za-z\d][A-Z]")  # "CoQ10", "DHEA", "P5P"; not "Long-Term"
_ALNUM_NAME = re.compile(r"^(?=.*[a-z])(?=.*\d)[a-z\d-]+$", re.I)  # "omega-3", "b12"
