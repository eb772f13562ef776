"""Prose -> side-effect items: list sentences and the words before their lists.

"Common side effects include a, b and c", "Rarely, x and y may occur", "The
following side effects have been reported: a, b", ", while less frequently
patients experienced c": where the list is, what the words before it say of
it (frequency, seriousness), and how it splits into items (``effect_items``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from pipeline import lexicon
from pipeline.extract.effect_items import (
    is_empty_term,
    item_row,
    join_body_parts,
    lab_value_elements,
    qualifiers,
)
from pipeline.extract.grammar import ALNUM, OR_AND, grammar
from pipeline.extract.labels import Group, LabelInfo, is_advice, is_imperative, vocab
from pipeline.frequency import BandWords, find_band_words, find_percent, find_serious
from pipeline.normalize import (
    MEMO_SIZE,
    mask_parens,
    normalize_term,
    parentheticals,
    sentences,
    split_list,
    strip_outer,
)

Row = dict[str, Any]

#: A lone phrase after a group lead-in is an item up to this many words.
MAX_LONE_WORDS = 8


_FOLLOWING = re.compile(r"\bthe following\b", re.I)  # the list is elsewhere


# "X is the most frequently reported side effect": X is the item.
_EFFECT_TAIL = re.compile(
    r"\s+(?:is|are)\s+(?:(?:the|a|an|also|one of the|among the)\s+)?(?:[\w-]+\s+){0,3}"
    r"(?:side effects?|adverse (?:effects?|reactions?))\b",
    re.I,
)


@cache
def _heads() -> str:
    """Regex source: the verbs that list effects ("cause", "lead to", "include")."""
    return lexicon.alternation(lexicon.load("side_effects")["verb_heads"])


@cache
def _verb_head() -> re.Pattern[str]:
    """The verbs that follow a list trigger ("it may cause a, b")."""
    return re.compile(
        r"^(?:,?\s*but\s+(?:are|is|were)\s*(?:not|n't)\s+limited\s+to\s*:?\s*|"
        rf"(?:also\s+)?(?:{_heads()})\s+)",
        re.I,
    )


@cache
def _cause() -> re.Pattern[str]:
    return re.compile(
        rf"^(?:(?:may|can|could|might|will|often|sometimes)\s+)?(?:also\s+)?(?:{_heads()})\b",
        re.I,
    )


def opens_with_cause(text: str) -> bool:
    """Text opening with a verb that lists effects ("may cause a, b", "can lead to")."""
    return _cause().match(text) is not None


def words_of(text: str) -> int:
    return len(parentheticals(text)[0].split())


def text_rows(text: str, group: Group, line: int, *, lead: bool) -> list[Row]:
    """Items of prose: list sentences, or a bare list after a group lead-in."""
    v = vocab()
    rows: list[Row] = []
    carried: Group | None = None  # what a list-less sentence says of "These ..." after it
    listed: list[Row] = []  # the rows of the sentence before, for a "These are rare" after it
    for sentence in (c for s in sentences(text) for c in _band_clauses(s)):
        if is_imperative(sentence) and not signs_list(sentence):
            continue
        prefix, body = list_body(sentence, lead=lead)
        if body is None or (not prefix and is_advice(sentence)):
            carried, listed = _says_of_its_neighbours(sentence, group, listed), []
            continue
        local = carried if carried is not None and grammar().anaphora.match(sentence) else group
        opening = v.leading_frequency.match(body)
        if opening:  # "Rarely, a and b can occur": the adverb is about the whole list
            prefix, body = f"{prefix} {opening.group(0)}", body[opening.end() :]
        if prefix:
            local = local.under(_prefix_info(prefix))
        body, ender = _cut_list(body)
        # ("Increased levels of serum ALP, ALT, and AST": one effect)
        elements = join_body_parts(body, lab_value_elements(body))
        before = len(rows)
        for i, element in enumerate(elements):
            tail = ender if i == len(elements) - 1 else None
            for part in _element_parts(element):
                row = item_row(part, local, line, detail=tail)
                if row:
                    rows.append(row)
        if len(rows) == before:
            carried = _says_of_its_neighbours(sentence, group, listed)
        listed = rows[before:]
    return rows


@lru_cache(maxsize=MEMO_SIZE)  # two list elements in three recur (common effects)
def _element_parts(element: str) -> tuple[str, ...]:
    """What a list element names: nothing when it is advice or a subordinate clause, else
    its umbrella and examples, each split at a bare conjunction."""
    if is_advice(element) or grammar().subordinate.match(element):
        return ()
    return tuple(part for piece in _examples(element) for part in _split_bare_conj(piece))


def _says_of_its_neighbours(sentence: str, group: Group, listed: list[Row]) -> Group | None:
    """A sentence that lists nothing: its frequency or seriousness is carried to a "These
    ..." list after it (returned); when it refers back to the items listed just before it,
    its frequency is their own band ("A, B. These are rare.") and its seriousness theirs
    where nothing said one ("A, B. These are usually mild.")."""
    info = _prefix_info(sentence)
    if listed and info.band and _refers_back_with_band(sentence):
        _band_back(listed, info.band, group)
    if listed and info.serious is not None and _refers_back_with_band(sentence):
        # "A, B and C. These are usually mild and transient.": what the items' own words
        # and their group left unsaid
        for row in listed:
            if row["serious"] is None:
                row["serious"] = info.serious
    return group.under(info) if (info.band or info.serious is not None) else None


def _refers_back_with_band(sentence: str) -> bool:
    """ "These are rare", "This is the most common side effect", "These are usually mild":
    about the items before it; not a range ("These range from common to rare", "from mild
    to severe")."""
    return bool(grammar().anaphora.match(sentence)) and not _RANGE.search(sentence)


_RANGE = re.compile(r"\brang(?:e|es|ing)\b|\bfrom\s+\w+(?:\s+\w+)?\s+to\b", re.I)


def _band_back(rows: list[Row], band: BandWords, group: Group) -> None:
    """ "A, B and C. These are rare.": the sentence's frequency words are the listed items'
    own, over their group's (not over a frequency an item states itself)."""
    group_text = group.band.text if group.band is not None else None
    for row in rows:
        if (
            row["pct_low"] is None
            and row["pct_high"] is None
            and row["frequency_text"] == group_text
        ):
            row["frequency_band"], row["frequency_text"] = band.band, band.text


#: Where a sentence turns to a second clause ("A and B, while less often C").
_CLAUSE_TURN = re.compile(r"[,;]\s*(?:while|whereas)\s+", re.I)


#: Words into such a clause its frequency may come ("while less frequently patients ...").
_BAND_OPENING_WORDS = 2


@cache
def _sign_words() -> re.Pattern[str]:
    return lexicon.words_pattern(lexicon.load("side_effects")["sign_words"])


def signs_list(sentence: str) -> bool:
    """ "Get emergency medical help if you have signs of an allergic reaction: hives; ...":
    advice whose colon opens a list of effects."""
    colon = sentence.find(": ")
    return colon > 0 and bool(_sign_words().search(sentence, 0, colon))


def _band_clauses(sentence: str) -> list[str]:
    """ "A and B were common, while less frequently patients had C or D": a clause that
    opens with a frequency of its own is a list of its own, not a detail of B."""
    if "while" not in sentence and "whereas" not in sentence:  # (cheap test first)
        return [sentence]
    masked = mask_parens(sentence)
    for m in _CLAUSE_TURN.finditer(masked):
        rest = sentence[m.end() :]
        band = find_band_words(rest)
        if band is None or len(rest[: band.start].split()) > _BAND_OPENING_WORDS:
            continue
        if rest[band.start + len(band.text) :].lstrip().startswith(","):
            continue  # ", while uncommon, can include": an aside, the sentence goes on
        body = list_body(rest, lead=False)[1]  # a list of its own (not "X, while rare, is")
        if body and any(not is_empty_term(normalize_term(e)) for e in split_list(body)):
            return [sentence[: m.start()], *_band_clauses(rest)]
    return [sentence]


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
    if m is None or "," in masked:  # (a list kept whole: "swelling of the face, lips, or ...")
        return [piece]
    left, right = piece[: m.start()], piece[m.end() :]
    if grammar().article.match(right) or (
        words_of(left) >= 2 and words_of(right) >= 2 and m.group(1) == "and"
    ):
        return [left, right]
    return [piece]


@lru_cache(maxsize=MEMO_SIZE)  # the words before a list recur ("Common side effects include")
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


def list_body(sentence: str, *, lead: bool) -> tuple[str, str | None]:
    """Split a sentence into the words before its list and the list itself."""
    v = vocab()
    masked = mask_parens(sentence)
    colon = masked.find(": ")
    if (
        colon > 0
        and (
            v.list_tails.search(masked, 0, colon)
            or v.group_nouns.search(masked, 0, colon)
            or _sign_words().search(masked, 0, colon)
        )
        and not v.triggers.search(masked, colon)  # ("...: These include a, b": read on)
    ):
        # "The following side effects have been reported: a, b": the list after the colon
        return sentence[: colon + 1], sentence[colon + 2 :].strip() or None
    m = v.triggers.search(masked)
    if m is not None and (
        ALNUM.search(sentence, m.end()) or not v.list_tails.match(masked, m.start())
    ):
        body = sentence[m.end() :].lstrip(" :,")
        head = _verb_head().match(body)
        if head:  # "it may cause a, b": the verb after the trigger is not an item
            body = body[head.end() :]
        return sentence[: m.start()], body or None
    # (a trigger that is also a tail, ending the sentence, is one: "Rarely, X may occur.")
    cop = v.copula.search(masked)
    if (
        cop is not None
        and v.group_nouns.search(masked[: cop.start()])
        and not qualifiers().match(sentence[cop.end() :].strip())
    ):
        body = sentence[cop.end() :]
        elements = split_list(body)
        if len(elements) >= 2 and not all(is_empty_term(normalize_term(e)) for e in elements):
            return sentence[: cop.start()], body
    tail = v.list_tails.search(masked) or _EFFECT_TAIL.search(masked)
    if tail is not None and tail.start() > 0 and not _FOLLOWING.search(masked[: tail.start()]):
        return sentence[tail.start() :], sentence[: tail.start()]
    elements = split_list(sentence)
    if not any(v.statement_verbs.search(parentheticals(e)[0]) for e in elements):
        if lead and all(words_of(e) <= MAX_LONE_WORDS for e in elements):
            return "", sentence
        # ("Burning or stinging sensation at the application site, redness, warmth": one
        # long element among short ones after a lead-in is still a list)
        if lead and len(elements) >= 3 and _one_long(elements):
            return "", sentence
        if len(elements) >= 3 and all(words_of(e) <= 5 for e in elements):
            return "", sentence
    return "", None


#: The most words the one long element of a list after a lead-in may have.
MAX_LONG_ELEMENT_WORDS = 12


def _one_long(elements: list[str]) -> bool:
    """Only the first element is long, and it opens like a name, not a clause ("The risks
    depend on A, B, and C", "When taken together, ...")."""
    counts = [words_of(e) for e in elements]
    return (
        MAX_LONE_WORDS < counts[0] <= MAX_LONG_ELEMENT_WORDS
        and all(c <= MAX_LONE_WORDS for c in counts[1:])
        and not _clause_opener().match(elements[0])
    )


@cache
def _clause_opener() -> re.Pattern[str]:
    return re.compile(
        rf"^\s*(?:{lexicon.alternation(lexicon.load('side_effects')['clause_openers'])})\b", re.I
    )


def _examples(element: str) -> list[str]:
    """``X such as a`` -> ``[X, a]``: the umbrella and the example are both effects
    (examples inside parentheses stay the umbrella's detail)."""
    m = grammar().examples.search(mask_parens(element))
    parts = [element[: m.start()], element[m.end() :]] if m else [element]
    return [p for p in parts if strip_outer(p)]
