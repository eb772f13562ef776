"""Side-effects sections -> side_effects rows (without monograph_id / item_no).

Items are leaf list items, elements of a list after a group lead-in, and
elements of prose lists (``may include a, b, and c``). Each item takes its
band, seriousness, component and category from its own words first, then
from the labels above it (``pipeline.extract.labels``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from pipeline import lexicon
from pipeline.extract.columns import effect_cells
from pipeline.extract.grammar import ALNUM, OR_AND, PLAIN_LABEL, grammar
from pipeline.extract.identity import Identity
from pipeline.extract.labels import (
    Group,
    LabelInfo,
    is_advice,
    is_imperative,
    read_label,
    vocab,
)
from pipeline.extract.units import Label, Unit, source_sections, walk
from pipeline.frequency import BandWords, Percent, find_band_words, find_percent, find_serious
from pipeline.models import FrequencyBand, SectionKind
from pipeline.normalize import (
    MEMO_SIZE,
    collapse,
    mask_parens,
    normalize_term,
    parentheticals,
    sentences,
    split_list,
    strip_outer,
)
from pipeline.sections import normalize_heading
from pipeline.tree import Document

Row = dict[str, Any]

#: Items longer than this (in words) are sentences, not effects.
MAX_TERM_WORDS = 12
#: A lone phrase after a group lead-in is an item up to this many words.
MAX_LONE_WORDS = 8
_DASH_DETAIL = re.compile(r"\s+[-–—]\s+|:\s+")
#: What may follow the percentage that ends an item: "of (the) patients", nothing else.
_PCT_TAIL = re.compile(r"(?:\s+of(?:\s+[\w-]+){1,3})?[\s.;,]*$", re.I)
_FOLLOWING = re.compile(r"\bthe following\b", re.I)  # the list is elsewhere
# "X is the most frequently reported side effect": X is the item.
_EFFECT_TAIL = re.compile(
    r"\s+(?:is|are)\s+(?:(?:the|a|an|also|one of the)\s+)?(?:[\w-]+\s+){0,3}"
    r"(?:side effects?|adverse (?:effects?|reactions?))\b",
    re.I,
)


@cache
def _vocabulary() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """Junk terms, qualifier words, and the verbs that follow a list trigger."""
    d = lexicon.load("side_effects")
    heads = lexicon.alternation(d["verb_heads"])
    verb_head = re.compile(
        r"^(?:,?\s*but\s+(?:are|is|were)\s*(?:not|n't)\s+limited\s+to\s*:?\s*|"
        rf"(?:also\s+)?(?:{heads})\s+)",
        re.I,
    )
    return frozenset(d["junk_terms"]), lexicon.words_pattern(d["qualifiers"]), verb_head


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
        group = group.under(info)
    return group


def _unit_rows(unit: Unit, group: Group, ident: Identity) -> list[Row]:
    cells = effect_cells(unit.columns) if unit.columns else None
    if cells is not None:  # a row with a column of effects: the others label or explain it
        for text in cells.labels:
            group = group.under(read_label(text, ident))
        found = _text_rows(cells.effects, group, unit.line, lead=True)
        for r in found:
            r["detail"] = r["detail"] or "; ".join(cells.details) or None
        return found
    if unit.label is not None:
        return _lead_rows(unit, unit.label, unit.text, group, ident)
    text = unit.text
    if not text or is_imperative(text):
        return []
    # "Common side effects: a, b": a plain label over a list, in a bullet or a paragraph (in a
    # paragraph, a label with a verb is a sentence: "Side effects can include: a, b")
    m = PLAIN_LABEL.match(text)
    if (
        m is not None
        and len(m.group(1).split()) <= 6
        and (unit.is_item or not _has_verb(m.group(1)))
    ):
        info = read_label(m.group(1), ident)
        if info.advice:
            return []
        if info.group_like:
            rows = _text_rows(m.group(2), group.under(info), unit.line, lead=True)
            if rows or unit.is_item:
                return rows  # a paragraph the label reading finds nothing in is read as prose
    if not unit.is_item:
        # the rest of a lead-in that became the section's heading ("**Side Effects:** a, b")
        # is read as a lead-in's list
        lead = bool(unit.labels) and unit.labels[-1].line == unit.line
        return _text_rows(text, group, unit.line, lead=lead)
    if is_advice(text) or (
        unit.has_children and (text.endswith(":") or read_label(text, ident).group_like)
    ):
        return []
    core = parentheticals(text)[0]
    dash = _DASH_DETAIL.search(core)
    if (
        not (dash and dash.start() > 0)  # "Hypotension - can cause dizziness": item and detail
        and vocab().statement_verbs.search(core)
        and _list_body(sentences(text)[0], lead=False)[1]
    ):
        # a bullet written as a sentence: "Nausea and vomiting may occur."
        return _text_rows(text, group, unit.line, lead=False)
    pieces = _bullet_pieces(text)
    return [row for piece in pieces if (row := _item(piece, group, unit.line))]


def _has_verb(text: str) -> bool:
    return bool(vocab().triggers.search(text) or vocab().statement_verbs.search(text))


def _lead_rows(unit: Unit, label: str, rest: str, group: Group, ident: Identity) -> list[Row]:
    """A unit with a bold lead-in: a group label over a list, or an effect with its detail."""
    info = read_label(label, ident)
    if info.advice:
        return []
    if not info.group_like and _is_list(rest):
        # An unknown label over a list names a part of the product ("CoQ10:"), not an effect.
        info = _as_component(info, ident)
    if info.group_like or info.component or (not rest and unit.has_children):
        return _text_rows(rest, group.under(info), unit.line, lead=True) if rest else []
    row = _item(label, group, unit.line, detail=rest or None)
    return [row] if row else []


def _as_component(info: LabelInfo, ident: Identity) -> LabelInfo:
    if not ident.is_combination or normalize_heading(info.text) in vocab().categories:
        return replace(info, group_like=True)
    name = normalize_term(info.text)
    return replace(info, group_like=True, component=name or None, category=None)


def _is_list(text: str) -> bool:
    """Two or more short comma elements that name something (parentheticals not counted)."""
    first = sentences(text)[0] if text else ""
    elements = split_list(first)
    named = [e for e in elements if not _is_empty_term(normalize_term(e))]
    return (
        len(named) >= 2
        and all(_words(e) <= 4 for e in elements)
        and not vocab().statement_verbs.search(parentheticals(first)[0])
    )


def _words(text: str) -> int:
    return len(parentheticals(text)[0].split())


def _bullet_pieces(text: str) -> list[str]:
    """A bullet is one item, unless it is a bare list of short parallel names."""
    elements = split_list(text)
    if (
        len(elements) >= 3
        and all(_words(e) <= 3 for e in elements)
        and not grammar().preposition.search(parentheticals(elements[0])[0])
        and not any(grammar().examples_start.match(e) for e in elements)
        # "Longer, thicker, darker eyelashes": single words modifying the last phrase
        and not (all(_words(e) == 1 for e in elements[:-1]) and _words(elements[-1]) > 1)
        and not vocab().statement_verbs.search(parentheticals(text)[0])
    ):
        return elements
    return [text]


def _text_rows(text: str, group: Group, line: int, *, lead: bool) -> list[Row]:
    """Items of prose: list sentences, or a bare list after a group lead-in."""
    v = vocab()
    rows: list[Row] = []
    carried: Group | None = None  # what a list-less sentence says of "These ..." after it
    for sentence in sentences(text):
        if is_imperative(sentence):
            continue
        prefix, body = _list_body(sentence, lead=lead)
        if body is None or (not prefix and is_advice(sentence)):
            info = _prefix_info(sentence)
            carried = group.under(info) if (info.band or info.serious is not None) else None
            continue
        local = carried if carried is not None and grammar().anaphora.match(sentence) else group
        opening = v.leading_frequency.match(body)
        if opening:  # "Rarely, a and b can occur": the adverb is about the whole list
            prefix, body = f"{prefix} {opening.group(0)}", body[opening.end() :]
        if prefix:
            local = local.under(_prefix_info(prefix))
        body, ender = _cut_list(body)
        elements = split_list(body)
        before = len(rows)
        for i, element in enumerate(elements):
            if is_advice(element) or grammar().subordinate.match(element):
                continue
            tail = ender if i == len(elements) - 1 else None
            for piece in _examples(element):
                for part in _split_bare_conj(piece):
                    row = _item(part, local, line, detail=tail)
                    if row:
                        rows.append(row)
        if len(rows) == before:
            info = _prefix_info(sentence)
            carried = group.under(info) if (info.band or info.serious is not None) else None
    return rows


def _cut_list(body: str) -> tuple[str, str | None]:
    """Split off a clause that ends the list (", which can be serious")."""
    m = vocab().list_enders.search(mask_parens(body))
    if m is None:
        return body, None
    return body[: m.start()], strip_outer(body[m.start() :]) or None


def _split_bare_conj(piece: str) -> list[str]:
    """Split ``a and b`` only when both sides are multi-word phrases or ``b`` has an article."""
    masked = mask_parens(piece)
    m = OR_AND.search(masked)
    if m is None:
        return [piece]
    left, right = piece[: m.start()], piece[m.end() :]
    if grammar().article.match(right) or (
        _words(left) >= 2 and _words(right) >= 2 and m.group(1) == "and"
    ):
        return [left, right]
    return [piece]


def _prefix_info(prefix: str) -> LabelInfo:
    return LabelInfo(
        prefix,
        advice=False,
        group_like=True,
        percent=find_percent(prefix),
        band=find_band_words(prefix, last=True),
        serious=find_serious(prefix),
        component=None,
        category=None,
    )


def _list_body(sentence: str, *, lead: bool) -> tuple[str, str | None]:
    """Split a sentence into the words before its list and the list itself."""
    v = vocab()
    masked = mask_parens(sentence)
    m = v.triggers.search(masked)
    if m is not None and (
        ALNUM.search(sentence, m.end()) or not v.list_tails.match(masked, m.start())
    ):
        body = sentence[m.end() :].lstrip(" :,")
        head = _vocabulary()[2].match(body)
        if head:  # "it may cause a, b": the verb after the trigger is not an item
            body = body[head.end() :]
        return sentence[: m.start()], body or None
    # (a trigger that is also a tail, ending the sentence, is one: "Rarely, X may occur.")
    cop = v.copula.search(masked)
    if (
        cop is not None
        and v.group_nouns.search(masked[: cop.start()])
        and not _vocabulary()[1].match(sentence[cop.end() :].strip())
    ):
        body = sentence[cop.end() :]
        elements = split_list(body)
        if len(elements) >= 2 and not all(_is_empty_term(normalize_term(e)) for e in elements):
            return sentence[: cop.start()], body
    tail = v.list_tails.search(masked) or _EFFECT_TAIL.search(masked)
    if tail is not None and tail.start() > 0 and not _FOLLOWING.search(masked[: tail.start()]):
        return sentence[tail.start() :], sentence[: tail.start()]
    elements = split_list(sentence)
    if not any(v.statement_verbs.search(parentheticals(e)[0]) for e in elements):
        if lead and all(_words(e) <= MAX_LONE_WORDS for e in elements):
            return "", sentence
        if len(elements) >= 3 and all(_words(e) <= 5 for e in elements):
            return "", sentence
    return "", None


def _examples(element: str) -> list[str]:
    """``X such as a`` -> ``[X, a]``: the umbrella and the example are both effects
    (examples inside parentheses stay the umbrella's detail)."""
    m = grammar().examples.search(mask_parens(element))
    parts = [element[: m.start()], element[m.end() :]] if m else [element]
    return [p for p in parts if strip_outer(p)]


def _is_empty_term(term: str) -> bool:
    """Nothing but filler, frequency and seriousness words ("possible", "some common")."""
    v = vocab()
    if "side effect" in term or "adverse" in term:
        return True
    rest = v.filler.sub(" ", term)
    band = find_band_words(rest)
    while band is not None:
        rest = rest.replace(band.text, " ")
        band = find_band_words(rest)
    rest = _vocabulary()[1].sub(" ", rest)
    return not rest.strip(" ,.;:-")


def _is_clause(term: str) -> bool:
    """A sentence's words, not an effect: "these require attention", "can occur"."""
    return term.split()[0] in _clause_heads() or bool(grammar().anaphora.match(term))


@cache
def _clause_heads() -> frozenset[str]:
    return frozenset(lexicon.load("side_effects")["clause_heads"])


@dataclass(frozen=True, slots=True)
class _ItemText:
    """What an item's own words say (the same in every monograph that writes them)."""

    term: str
    term_raw: str
    detail: str | None
    percent: Percent | None
    band: BandWords | None
    serious: bool | None


def _item(raw: str, group: Group, line: int, detail: str | None = None) -> Row | None:
    """One side-effects row from an item's text, or None when it is not an effect."""
    item = _read_item(raw, detail)
    if item is None:
        return None
    percent = item.percent or group.percent
    if percent is not None:
        band, band_text = percent.band, percent.text
    elif item.band is not None:
        band, band_text = item.band.band, item.band.text
    elif group.band is not None:
        band, band_text = group.band.band, group.band.text
    else:
        band, band_text = FrequencyBand.unknown, None
    serious = item.serious if item.serious is not None else group.serious
    return {
        "component": group.component,
        "term": item.term,
        "term_raw": item.term_raw,
        "detail": item.detail,
        "category": group.category,
        "frequency_band": band,
        "frequency_text": band_text,
        "pct_low": percent.low if percent else None,
        "pct_high": percent.high if percent else None,
        "serious": serious,
        "line": line,
    }


@lru_cache(maxsize=MEMO_SIZE)
def _read_item(raw: str, detail: str | None) -> _ItemText | None:
    """An item's term, details and own frequency; None when it is not an effect."""
    v = vocab()
    text = collapse(raw)
    item_band = None
    lead = v.leading_frequency.match(text)
    if lead:
        item_band = find_band_words(lead.group(0))
        text = text[lead.end() :]
    core, parens = parentheticals(text)
    details = list(parens)
    comma = v.comma_tails.search(core)
    if comma is not None and comma.start() > 0:
        details.append(core[comma.start() :].lstrip(", "))
        core = core[: comma.start()]
    tail = v.item_tails.search(core)
    if tail is not None and tail.start() > 0:
        details.append(core[tail.start() :])
        core = core[: tail.start()]
    dash = _DASH_DETAIL.search(core)
    if dash is not None and dash.start() > 0:
        details.append(core[dash.end() :])
        core = core[: dash.start()]
    stated = find_percent(core)
    if stated is not None:  # "Nausea 12%": the percentage is the item's, not its name
        head = core.rstrip(" .;,")
        at = core.find(stated.text)
        lead = v.percent_lead.search(core, 0, at) if at > 0 else None
        if lead is not None and lead.start() > 0 and _PCT_TAIL.match(core, at + len(stated.text)):
            # "Dizziness in 2% of patients": the rest is the item's frequency
            details.append(core[lead.start() :].strip(" ,"))
            core = core[: lead.start()]
        elif head.endswith(stated.text) and head[: -len(stated.text)].strip(" :-–—,"):
            details.append(stated.text)
            core = head[: -len(stated.text)]
    if detail:
        details.append(detail)
    term = normalize_term(core)
    if (
        not ALNUM.search(term)
        or len(term.split()) > MAX_TERM_WORDS
        or term in _vocabulary()[0]
        or is_advice(term)
        or _is_empty_term(term)
        or _is_clause(term)
    ):
        return None
    detail_text = "; ".join(strip_outer(d) for d in details if strip_outer(d)) or None
    own_words = " ".join(details)
    item_pct = find_percent(own_words) or find_percent(core)
    if item_band is None:
        item_band = find_band_words(own_words)
    serious = find_serious(f"{core} {own_words}")
    return _ItemText(term, strip_outer(raw), detail_text, item_pct, item_band, serious)
