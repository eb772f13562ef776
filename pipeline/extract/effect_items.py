"""One side-effect item's own words -> term, detail, percentage, band and seriousness.

An item is what a list holds ("Nausea (mild) in 12% of patients"); its term is
normalized, parentheses and trailing clauses become its detail, and its own
frequency or seriousness words beat the group's (``Group``, from the labels above).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from pipeline import lexicon
from pipeline.extract.grammar import ALNUM, DASH_DETAIL, grammar
from pipeline.extract.labels import Group, is_advice, vocab
from pipeline.frequency import BandWords, Percent, find_band_words, find_percent, find_serious
from pipeline.models import FrequencyBand
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

Row = dict[str, Any]

#: Items longer than this (in words) are sentences, not effects.
MAX_TERM_WORDS = 12
#: An item's first sentence of at most this many words is its effect ("Pancreatitis. ...");
#: a longer one is a statement, not a name.
MAX_LEAD_SENTENCE_WORDS = 7
#: What may follow the percentage that ends an item: "of (the) patients", nothing else.
_PCT_TAIL = re.compile(r"(?:\s+of(?:\s+[\w-]+){1,3})?[\s.;,]*$", re.I)


@dataclass(frozen=True)
class _Words:
    junk: frozenset[str]  # items that are not effects at all
    qualifiers: re.Pattern[str]  # how much or how bad, not what
    clause_heads: frozenset[str]  # first words of a clause, never of an effect
    body_parts: frozenset[str]  # "swelling of the face, lips, or tongue": one effect


@cache
def _words() -> _Words:
    d = lexicon.load("side_effects")
    return _Words(
        # a sentence adverb alone ("However, ...") is clause debris, never an effect
        junk=frozenset(d["junk_terms"]) | frozenset(lexicon.load("grammar")["sentence_adverbs"]),
        qualifiers=lexicon.words_pattern(d["qualifiers"]),
        clause_heads=frozenset(d["clause_heads"]),
        body_parts=frozenset(d["body_parts"]),
    )


def qualifiers() -> re.Pattern[str]:
    """Words that say how much or how bad ("serious", "mild"), not what."""
    return _words().qualifiers


def join_body_parts(text: str, elements: list[str]) -> list[str]:
    """ "swelling of the face, lips, tongue, or throat": body parts listed after an element
    that ends in one after a preposition complete it; the effect is one, as written."""
    parts = _words().body_parts
    if not any(e.strip(" .,;:").lower() in parts for e in elements[1:]):
        return elements  # (cheap test first: most lists name no body part)
    spans: list[tuple[int, int]] = []
    pos = 0
    for element in elements:
        at = text.find(element, pos)
        if at < 0:  # (split_list collapsed spaces): leave the elements as they are
            return elements
        spans.append((at, at + len(element)))
        pos = at + len(element)
    merged: list[tuple[int, int]] = []
    for (start, end), element in zip(spans, elements, strict=True):
        if merged and normalize_term(element) in parts:
            before = normalize_term(text[merged[-1][0] : merged[-1][1]])
            if (
                before.split()[-1:]
                and before.split()[-1] in parts
                and grammar().preposition.search(before)
            ):
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    if len(merged) == len(elements):
        return elements
    return [text[start:end] for start, end in merged]


@lru_cache(maxsize=MEMO_SIZE)  # about half the calls repeat a term
def is_empty_term(term: str) -> bool:
    """Nothing but filler, frequency and seriousness words ("possible", "some common")."""
    v = vocab()
    if "side effect" in term or "adverse" in term:
        return True
    rest = v.filler.sub(" ", term)
    band = find_band_words(rest)
    while band is not None:
        rest = rest.replace(band.text, " ")
        band = find_band_words(rest)
    rest = qualifiers().sub(" ", rest)
    return not rest.strip(" ,.;:-")


def _is_clause(term: str) -> bool:
    """A sentence's words, not an effect: "these require attention", "can occur"."""
    return term.split()[0] in _words().clause_heads or bool(grammar().anaphora.match(term))


@dataclass(frozen=True, slots=True)
class _ItemText:
    """What an item's own words say (the same in every monograph that writes them)."""

    term: str
    term_raw: str
    detail: str | None
    percent: Percent | None
    band: BandWords | None
    serious: bool | None


def item_row(raw: str, group: Group, line: int, detail: str | None = None) -> Row | None:
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
    if ". " in core:  # "Pancreatitis. Symptoms include ...": the effect, then what explains it
        first, *rest = sentences(core)
        if rest and len(first.split()) <= MAX_LEAD_SENTENCE_WORDS:
            details.append(" ".join(rest))
            core = first
    comma = v.comma_tails.search(core)
    if comma is not None and comma.start() > 0:
        details.append(core[comma.start() :].lstrip(", "))
        core = core[: comma.start()]
    tail = v.item_tails.search(core)
    if tail is not None and tail.start() > 0:
        details.append(core[tail.start() :])
        core = core[: tail.start()]
    dash = DASH_DETAIL.search(core)
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
        or term in _words().junk
        or is_advice(term)
        or is_empty_term(term)
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


def lab_value_list(elements: list[str]) -> bool:
    """ "Increased serum ALP, ALT, and AST levels": one analyte after a change (and a
    specimen) first, one-word analytes after it sharing its change and specimen or the last
    one's measure; one effect as written."""
    if len(elements) < 3 or any(len(e.split()) != 1 for e in elements[1:-1]):
        return False
    opening, closing = _lab_patterns()
    m = opening.match(normalize_term(elements[0]))
    last = normalize_term(elements[-1])
    if m is None or len(last.split()) > 2 or opening.match(last):
        return False  # (the last analyte has no change of its own: "..., and elevated X levels")
    return m.group("specimen") is not None or closing.search(last) is not None


@cache
def _lab_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    d = lexicon.load("side_effects")
    opening = re.compile(
        rf"^(?:{lexicon.alternation(d['lab_changes'])})\s+"
        rf"(?:(?P<specimen>{lexicon.alternation(d['lab_specimens'])})\s+)?[\w-]+$"
    )
    return opening, re.compile(rf"\s(?:{lexicon.alternation(d['lab_measures'])})$")


def lab_value_elements(body: str) -> list[str]:
    """``body`` split as a list, each ";"-part that is a lab-value list kept whole
    ("Decreased serum albumin, potassium, and sodium levels; hypokalemia")."""
    masked = mask_parens(body)
    if ";" not in masked:
        elements = split_list(body)
        return [body] if lab_value_list(elements) else elements
    out: list[str] = []
    start = 0
    for end in [i for i, ch in enumerate(masked) if ch == ";"] + [len(body)]:
        part = body[start:end]
        elements = split_list(part)
        out += [part.strip()] if lab_value_list(elements) else elements
        start = end + 1
    return [e for e in out if e]
