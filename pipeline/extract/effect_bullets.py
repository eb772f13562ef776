"""A bullet or a short text -> its items: one effect as written, or a bare list.

"Nausea, vomiting, abdominal pain" lists three effects; "Red, itchy eyes" is one (the
modifiers share the noun); "Changes in A, B and C levels" and "Increased serum ALT, AST,
and ALP levels" are one; "Pain, redness, or swelling at the injection site" shares its
site. A long bullet of short names is a list unless one element holds a clause.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline import lexicon
from pipeline.extract.effect_items import is_empty_term, lab_value_list, qualifiers
from pipeline.extract.effect_prose import words_of
from pipeline.extract.grammar import DASH_DETAIL, OR_AND, grammar, starts
from pipeline.extract.labels import vocab
from pipeline.normalize import (
    MEMO_SIZE,
    mask_parens,
    normalize_term,
    parentheticals,
    sentences,
    split_list,
)

LIKE_START = re.compile(r"^\s*like\s", re.I)  # "..., like a burning feeling": a simile


def is_list(text: str) -> bool:
    """Two or more short comma elements that name something (parentheticals not counted)."""
    first = sentences(text)[0] if text else ""
    elements = split_list(first)
    named = [e for e in elements if not is_empty_term(normalize_term(e))]
    return (
        len(named) >= 2
        and all(words_of(e) <= 4 for e in elements)
        and not vocab().statement_verbs.search(parentheticals(first)[0])
    )


#: A bullet of at least this many elements, each of at most ``MAX_LONG_LIST_WORDS``
#: words, is a list even when some elements are phrases ("Nausea, loss of appetite, ...").
MIN_LONG_LIST = 4
MAX_LONG_LIST_WORDS = 6


@lru_cache(maxsize=MEMO_SIZE)  # two bullets in three recur (common effects, other monographs)
def bullet_pieces(text: str) -> tuple[str, ...]:
    """A bullet is one item, unless it is a bare list of short parallel names."""
    return tuple(_pieces(text))


def _pieces(text: str) -> list[str]:
    elements = split_list(text)
    at_site = _at_site(elements)
    if at_site is not None:
        return at_site
    if len(elements) == 2 and _bare_names(text, elements):
        return elements  # "Weight loss, decreased libido": a comma and no "and" lists two
    if (
        len(elements) < 3
        or any(grammar().examples_start.match(e) for e in elements)
        or vocab().statement_verbs.search(parentheticals(text)[0])
    ):
        return [text]
    # "Changes in A, B and C levels", "Longer, thicker, darker eyelashes": single words
    # sharing the first or the last phrase
    singles = all(words_of(e) == 1 for e in elements[1:-1])
    prep = grammar().preposition.search(parentheticals(elements[0])[0])
    shared = singles and (
        prep
        or (
            words_of(elements[0]) == 1
            and words_of(elements[-1]) > 1
            and _modifiers([normalize_term(e) for e in elements[:-1]])
        )
        or lab_value_list(elements)
    )
    short = all(words_of(e) <= 3 for e in elements) and not prep
    long = (
        len(elements) >= MIN_LONG_LIST
        and all(words_of(e) <= MAX_LONG_LIST_WORDS for e in elements)
        and not any(
            grammar().examples.search(mask_parens(e)) or DASH_DETAIL.search(e) for e in elements
        )
        and not _shares_a_phrase(elements)
        and not any(_long_list_breakers()[0].search(e) for e in elements)
        and not _long_list_breakers()[1].match(elements[0])
    )
    if shared:
        return [text]
    # "Increased liver enzyme levels, hyperbilirubinemia, jaundice": no "and", so names
    return elements if short or long or _bare_names(text, elements) else [text]


#: Words at most in each name a bare comma lists.
MAX_PAIR_WORDS = 4


def _bare_names(text: str, elements: list[str]) -> bool:
    """ "A, B" or "A, B, C" with no conjunction: names, when each is short, none is empty
    or a qualifier ("Headache, usually mild"), and none after the first opens an
    adverbial or a clause."""
    masked = mask_parens(text)
    if OR_AND.search(masked) or masked.count(",") != len(elements) - 1:
        return False
    if len(elements) > 2 and ":" in masked:
        return False  # "Lactic acidosis: weakness, fatigue, dyspnea": an effect and its signs
    names = [parentheticals(e)[0] for e in elements]
    first, rest = names[0], names[1:]
    return (
        all(0 < words_of(e) <= MAX_PAIR_WORDS for e in names)
        and not any(is_empty_term(normalize_term(e)) for e in names)
        and not any(_long_list_breakers()[1].match(e) for e in rest)
        and not any(_long_list_breakers()[2].match(e) for e in rest)
        and not any(grammar().preposition.match(e) or LIKE_START.match(e) for e in rest)
        and not any(_long_list_breakers()[0].search(e) for e in names)
        and not vocab().statement_verbs.search(masked)
        and not any(re.match(r"^\w+ly\b", e) for e in rest)
        # "Black, tarry stools", "Itchy, swollen skin": modifiers of one noun
        and not (
            words_of(first) == 1
            and (grammar().adjective.match(first) or first.lower() in _pair_modifiers())
        )
    )


#: Words at most in each reaction a site phrase applies to ("pain", "mild redness").
MAX_SITE_REACTION_WORDS = 2


@cache
def _site_tail() -> re.Pattern[str]:
    d = lexicon.load("side_effects")
    return re.compile(
        rf"\s+(?:{lexicon.alternation(d['site_prepositions'])})\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}"
        rf"(?:{lexicon.alternation(d['site_nouns'])})\b.*$",
        re.I,
    )


def _at_site(elements: list[str]) -> list[str] | None:
    """ "Pain, redness, or swelling at the injection site": the site is each reaction's
    ("pain at the injection site", ...); None when the list ends in no site phrase."""
    if len(elements) < 2:
        return None
    tail = _site_tail().search(elements[-1])
    if tail is None:
        return None
    heads = [*elements[:-1], elements[-1][: tail.start()]]
    if not all(0 < words_of(h) <= MAX_SITE_REACTION_WORDS for h in heads):
        return None
    return [f"{h}{tail.group(0)}" for h in heads]


def _modifiers(words: list[str]) -> bool:
    """ "Red, itchy" and "Longer, thicker" modify the noun after them; "Nausea, vomiting"
    are names of their own ("Nausea, vomiting, abdominal pain": three effects)."""
    return all(
        grammar().adjective.match(w) or w in _pair_modifiers() or qualifiers().fullmatch(w)
        for w in words
    ) or all(w.endswith("er") for w in words)  # comparatives


@cache
def _pair_modifiers() -> frozenset[str]:
    return frozenset(lexicon.load("side_effects")["pair_modifiers"])


@cache
def _long_list_breakers() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A clause inside an element, an adverbial opening the first, and the words opening
    an aside after a comma: prose, not names."""
    d = lexicon.load("side_effects")
    return (
        lexicon.words_pattern(d["long_list_clauses"]),
        starts(d["long_list_openers"]),
        starts(d["pair_breakers"]),
    )


def _shares_a_phrase(elements: list[str]) -> bool:
    """ "swelling of the face, lips, or tongue": single words after a phrase with a
    preposition complete that phrase; they are no effects of their own."""
    return any(
        grammar().preposition.search(parentheticals(e)[0]) and words_of(elements[i + 1]) == 1
        for i, e in enumerate(elements[:-1])
    )
