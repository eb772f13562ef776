"""Side-effects sections -> side_effects rows (without monograph_id / item_no).

Items are leaf list items, elements of a list after a group lead-in, and
elements of prose lists (``may include a, b, and c``). Each item takes its
band, seriousness, component and category from its own words first, then
from the labels above it (``pipeline.extract.labels``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pipeline.extract.identity import Identity
from pipeline.extract.labels import Group, LabelInfo, is_advice, read_label, vocab
from pipeline.extract.units import Label, Unit, walk
from pipeline.frequency import find_band_words, find_percent, find_serious
from pipeline.models import FrequencyBand, SectionKind
from pipeline.normalize import (
    collapse,
    normalize_term,
    parentheticals,
    sentences,
    split_list,
    strip_outer,
)
from pipeline.tree import Document, Section

Row = dict[str, Any]

#: Items longer than this (in words) are sentences, not effects.
MAX_TERM_WORDS = 12
#: A lone phrase after a group lead-in is an item up to this many words.
MAX_LONE_WORDS = 8
_PLAIN_LABEL = re.compile(r"^([^:()]{2,60}):\s+(\S.*)$", re.S)
_DASH_DETAIL = re.compile(r"\s+[-–—]\s+|:\s+")
_EXAMPLES = re.compile(r"\s+(?:such as|including|like|e\.g\.,?|for example,?)\s+", re.I)
_JUNK_TERMS = frozenset({"etc", "others", "other", "side effects", "more", "symptoms", "and more"})


def _ancestors(doc: Document) -> Iterator[tuple[Section, tuple[Label, ...]]]:
    """Top side-effects sections with the headings above them as labels."""

    def visit(sections: list[Section], above: tuple[Label, ...]) -> Iterator[tuple[Section, tuple[Label, ...]]]:
        for s in sections:
            if s.kind is SectionKind.side_effects and not s.is_group:
                yield s, above
                continue
            yield from visit(s.children, (*above, Label(s.heading, s.line)))

    yield from visit(doc.sections, ())


def extract(doc: Document, ident: Identity) -> list[Row]:
    rows: list[Row] = []
    for section, above in _ancestors(doc):
        for unit in walk(section, (*above, Label(section.heading, section.line))):
            group = Group()
            skip = False
            for label in unit.labels:
                info = read_label(label.text, ident)
                if info.advice:
                    skip = True
                    break
                group = group.under(info)
            if not skip:
                rows.extend(_unit_rows(unit, group, ident))
    return rows


def _unit_rows(unit: Unit, group: Group, ident: Identity) -> list[Row]:
    if unit.label is not None:
        info = read_label(unit.label, ident)
        if info.advice:
            return []
        if info.group_like or not unit.text and unit.has_children:
            return _text_rows(unit.text, group.under(info), unit.line, lead=True) if unit.text else []
        # The lead-in is the effect itself; what follows it is detail.
        row = _item(unit.label, group, unit.line, detail=unit.text or None)
        return [row] if row else []
    text = unit.text
    if not text or is_advice(text):
        return []
    if not unit.is_item:
        return _text_rows(text, group, unit.line, lead=False)
    m = _PLAIN_LABEL.match(text)
    if m is not None and len(m.group(1).split()) <= 6:
        info = read_label(m.group(1), ident)
        if info.advice:
            return []
        if info.group_like:
            return _text_rows(m.group(2), group.under(info), unit.line, lead=True)
    if unit.has_children and (text.endswith(":") or read_label(text, ident).group_like):
        return []
    row = _item(text, group, unit.line)
    return [row] if row else []


def _text_rows(text: str, group: Group, line: int, *, lead: bool) -> list[Row]:
    """Items of prose: list sentences, or a bare list after a group lead-in."""
    v = vocab()
    rows: list[Row] = []
    for sentence in sentences(text):
        if is_advice(sentence):
            continue
        prefix, body = _list_body(sentence, lead=lead)
        if body is None:
            continue
        local = group
        if prefix:
            local = group.under(_prefix_info(prefix, group))
        elements = split_list(body)
        for element in elements:
            if v.trailing.match(element) or is_advice(element):
                continue
            for piece in _examples(element):
                row = _item(piece, local, line)
                if row:
                    rows.append(row)
    return rows


def _prefix_info(prefix: str, group: Group) -> LabelInfo:
    return LabelInfo(
        prefix,
        advice=False,
        group_like=True,
        percent=find_percent(prefix),
        band=find_band_words(prefix),
        serious=find_serious(prefix),
        component=None,
        category=None,
    )


def _list_body(sentence: str, *, lead: bool) -> tuple[str, str | None]:
    """Split a sentence into the words before its list and the list itself."""
    v = vocab()
    m = v.triggers.search(sentence)
    if m is not None:
        body = sentence[m.end() :].lstrip(" :,")
        return sentence[: m.start()], body or None
    cop = v.copula.search(sentence)
    if cop is not None and v.group_nouns.search(sentence[: cop.start()]):
        body = sentence[cop.end() :]
        if len(split_list(body)) >= 2:
            return sentence[: cop.start()], body
    tail = v.trailing.search(sentence)
    if tail is not None and tail.start() > 0:
        return sentence[tail.start() :], sentence[: tail.start()]
    elements = split_list(sentence)
    if lead and all(len(e.split()) <= MAX_LONE_WORDS for e in elements):
        return "", sentence
    if len(elements) >= 3 and all(len(e.split()) <= 5 for e in elements):
        return "", sentence
    return "", None


def _examples(element: str) -> list[str]:
    """``X such as a`` -> ``[X, a]``: the umbrella and the example are both effects."""
    parts = _EXAMPLES.split(element, maxsplit=1)
    return [p for p in parts if strip_outer(p)]


def _item(raw: str, group: Group, line: int, detail: str | None = None) -> Row | None:
    """One side-effects row from an item's text, or None when it is not an effect."""
    v = vocab()
    text = collapse(raw)
    item_band = None
    lead = v.leading_frequency.match(text)
    if lead:
        item_band = find_band_words(lead.group(0))
        text = text[lead.end() :]
    core, parens = parentheticals(text)
    details = list(parens)
    tail = v.trailing.search(core)
    if tail is not None and tail.start() > 0:
        details.append(core[tail.start() :])
        core = core[: tail.start()]
    dash = _DASH_DETAIL.search(core)
    if dash is not None and dash.start() > 0:
        details.append(core[dash.end() :])
        core = core[: dash.start()]
    if detail:
        details.append(detail)
    term = normalize_term(core)
    if not term or len(term.split()) > MAX_TERM_WORDS or term in _JUNK_TERMS or is_advice(term):
        return None
    detail_text = "; ".join(strip_outer(d) for d in details if strip_outer(d)) or None
    own_words = " ".join(details)
    item_pct = find_percent(own_words) or find_percent(core)
    if item_band is None:
        item_band = find_band_words(own_words)
    percent = item_pct or group.percent
    if percent is not None:
        band, band_text = percent.band, percent.text
    elif item_band is not None:
        band, band_text = item_band.band, item_band.text
    elif group.band is not None:
        band, band_text = group.band.band, group.band.text
    else:
        band, band_text = FrequencyBand.unknown, None
    serious = find_serious(f"{core} {own_words}")
    if serious is None:
        serious = group.serious
    return {
        "component": group.component,
        "term": term,
        "term_raw": strip_outer(raw),
        "detail": detail_text,
        "category": group.category,
        "frequency_band": band,
        "frequency_text": band_text,
        "pct_low": percent.low if percent else None,
        "pct_high": percent.high if percent else None,
        "serious": serious,
        "line": line,
    }
