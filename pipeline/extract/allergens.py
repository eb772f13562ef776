"""Allergies in a list of conditions: one allergy per allergen, its components kept.

"hypersensitivity to A, B, or any of its components" is an allergy to A and one to
B; the components stay with the allergen they belong to, and a drug class named
after an allergy is another allergen, never a condition of its own.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import cache

from pipeline import lexicon
from pipeline.extract.agent_vocab import vocab as agent_vocab
from pipeline.extract.conditions import population, vocab
from pipeline.models import AgentType, Population
from pipeline.normalize import mask_parens, normalize_term, split_list, strip_outer


def merge_allergens(elements: list[str], names: Container[str], text: str = "") -> list[str]:
    """Keep "hypersensitivity to A, B, or any of its components" whole: what follows an
    allergy is more allergens while the elements name components, ingredients or the drug
    (``text``, the list they were split from, says which element ends a ";" group)."""
    lasts = _group_lasts(text, elements)
    out: list[str] = []
    allergy = -1  # index in ``out`` of the last allergy element
    for i, element in enumerate(elements):
        if (
            out
            and allergy == len(out) - 1  # (never across a ";": "allergy to A; B (per formulation)")
            and allergy_to(out[-1])
            and (
                ALLERGEN_TAIL.search(element)
                or normalize_term(element) in names
                or _drug_class(element)
            )
        ):
            out[-1] = f"{out[-1]}, {element}"
        elif allergy >= 0 and (
            _COMPONENTS_TAIL.match(element) or (i in lasts and _other_kind(element))
        ):
            between = out[allergy + 1 :]
            if not _COMPONENTS_TAIL.match(element) and not all(_allergen_like(e) for e in between):
                out.append(element)  # "allergy to A, B infection, or other bacteria": apart
            elif any(vocab().condition_words.search(e) for e in between):
                # "allergy to A, liver disease, or any component": the disease stays apart
                out[allergy] = f"{out[allergy]}, {element}"
            else:  # "allergy to A, B, or any component of it / or other C": B was another
                out[allergy:] = [", ".join([*out[allergy:], element])]
        else:
            out.append(element)
        if allergy_to(out[-1]):
            allergy = len(out) - 1
        if i in lasts:
            allergy = -1  # (an allergy's allergens end with its ";" group)
    return out


def _allergen_like(element: str) -> bool:
    """What may stand between an allergy and "or other Xs" as one more allergen: no
    disease, population, people or use of a drug ("pregnancy", "concurrent use of A")."""
    return not (
        _names_disease(element, anywhere=True)
        or population(element) is not Population.condition
        or vocab().person.search(element)
        or _USE.search(element)
    )


_USE = re.compile(r"(?:use|using|taking|receiving|treatment)", re.I)


def _drug_class(element: str) -> bool:
    """ "sulfonamides", "macrolide antibiotics": a class of drugs, so an allergen after an
    allergy ("allergy to A, sulfonamides, or B"), never a condition of its own."""
    v = agent_vocab()
    term = normalize_term(element)
    classes = next(words for words, kind in v.types if kind is AgentType.drug_class)
    return term in classes or (len(term.split()) <= 3 and bool(v.class_heads.search(term)))


ALLERGY_TO = re.compile(r"\b(?:hypersensitiv\w*|allerg\w*)\b[^,;]*?\bto\b", re.I)


def allergy_to(text: str) -> re.Match[str] | None:
    """``ALLERGY_TO.search(text)``, tried only on text holding one of its stems (a search
    tries it at every position, and few texts name an allergy). Case is compared by
    ``lower()`` in ASCII text only: elsewhere a letter may match as another (dotless i)."""
    if text.isascii():
        low = text.lower()
        if "allerg" not in low and "hypersensitiv" not in low:  # (the stems it opens with)
            return None
    return ALLERGY_TO.search(text)


_COMPONENT = r"(?:components?|ingredients?|excipients?)"


#: "(or) any (other) component(s) of ...": the end of an allergen list, never a condition.
_COMPONENTS_TAIL = re.compile(
    rf"^(?:(?:or|and)\s+)?(?:any|all)\s+(?:\w+\s+){{0,2}}?{_COMPONENT}\b", re.I
)


def _group_lasts(text: str, elements: list[str]) -> set[int]:
    """Indices of the elements that end their ";" group of ``text`` (the last one always)."""
    lasts = {len(elements) - 1}
    if ";" not in text:
        return lasts
    masked, pos = mask_parens(text), 0
    for i, element in enumerate(elements[:-1]):
        at = text.find(element[:20], pos)
        if at < 0:
            break
        pos = at + len(element[:20])
        nxt = re.search(r"[;,]|$", masked[pos:])
        if nxt is not None and nxt.group(0) == ";":
            lasts.add(i)
    return lasts


def _other_kind(element: str) -> bool:
    """ "(or) other NSAIDs" ending a list: the elements since the allergy were allergens of
    that kind ("allergic to A, B, or other NSAIDs"); never a kind of disease ("or other
    conduction disorders", "or other viral infections")."""
    return _OTHER_KIND.match(element) is not None and not _names_disease(element, anywhere=True)


def names_disease(word: str) -> bool:
    """A word naming a disease by its ending or stem ("psychosis", "cancer")."""
    return _DISEASE.search(word) is not None or _disease_stem().search(word) is not None


def other_disease(text: str) -> bool:
    """ "(or) other hormone-sensitive cancers": more diseases of a kind, each a condition;
    not more allergens ("or other NSAIDs"), an allergy the two share ("penicillin or other
    beta-lactam allergy") or drugs ("or other drugs increasing bleeding risk")."""
    return (
        text.lstrip().lower().startswith("other ")
        and (_names_disease(text, anywhere=True) or _disease_stem().search(text) is not None)
        and not _ALLERGY_WORD.search(text)
        and not agent_vocab().class_heads.search(text)
    )


_ALLERGY_WORD = re.compile(r"allerg|hypersensitiv|intoleran", re.I)


@cache
def _disease_stem() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![\w-])(?:{lexicon.alternation(lexicon.load('contraindications')['disease_stems'])})",
        re.I,
    )


def _names_disease(text: str, *, anywhere: bool = False) -> bool:
    """A condition word, or a word naming a disease ("infection", "jaundice", "-itis"):
    anywhere, or as the last word (an allergen named after one: "encephalitis vaccine")."""
    words = text if anywhere else (text.rsplit(None, 1)[-1] if text.strip() else "")
    return bool(vocab().condition_words.search(text) or _DISEASE.search(words))


#: Words and endings of diseases that no allergen has.
_DISEASE = re.compile(r"\binfect|\bjaundice\b|\w(?:itis|osis|emia|pathy)\b", re.I)


_OTHER_KIND = re.compile(r"^(?:(?:or|and)\s+)?(?:any\s+)?other\s+\w", re.I)


#: What may follow an allergy's first allergen: more of them ("other penems", "its components").
ALLERGEN_TAIL = re.compile(
    rf"^(?:(?:or|and)\s+)?(?:any|other|related|its|their|the)\b|\b(?:{_COMPONENT}|formulation)\b",
    re.I,
)


def split_allergy(piece: str) -> list[str] | None:
    """ "allergy to A, B, or any of its components" -> an allergy to each (A, B, and the
    components); None when ``piece`` is no allergy to two or more named allergens ("allergy
    to A or any of its components" stays one condition)."""
    masked = mask_parens(piece)
    m = allergy_to(masked)
    if m is None or (not _JOIN.search(masked, m.end()) and "," not in masked[m.end() :]):
        return None
    head = piece[: m.end()]
    allergens = [
        strip_outer(_TO.sub("", a))
        for element in split_list(piece[m.end() :])
        for a in _split_top(element)
    ]
    allergens = [a if _UNNAMED_ALLERGEN.match(a) else _EITHER.sub("", a) for a in allergens if a]
    if sum(not _UNNAMED_ALLERGEN.match(a) for a in allergens) < 2 or any(
        vocab().person.search(a) or _PREPOSITION.match(a) for a in allergens
    ):
        return None  # (an element about people or after filler is another condition)
    # (a disease among them is a condition of its own: "sulfites and/or bronchial asthma")
    return [a if _names_disease(a) else f"{head} {a}" for a in allergens]


#: An allergy noun without its object ("hypersensitivity", "known allergies").
BARE_ALLERGY = re.compile(
    r"^(?:(?:severe|serious|known)\s+)?(?:hypersensitiv\w*|allerg\w*|sensitivity)\s*$", re.I
)
TO_OBJECT = re.compile(r"\bto\s+\S", re.I)

_PREPOSITION = re.compile(r"^(?:in|during|with|for|while|when|if|on)\b", re.I)
_TO = re.compile(
    r"^\s*(?:(?:and|or)\s+)?(?:(?:including|such\s+as|like|e\.g\.,?)\s+)?(?:to\s+)?", re.I
)
_EITHER = re.compile(r"^(?:either|both)\s+", re.I)

#: An allergen named by its relation to the drug ("its components", "related compounds"):
#: with one named allergen it stays part of that allergy.
_UNNAMED_ALLERGEN = re.compile(
    rf"^(?:(?:any|all|its|their|the|this|other|either)\s+)*(?:[\w'’]+\s+){{0,3}}?"
    rf"(?:{_COMPONENT}|formulation|constituents?)\b"
    r"|^(?:any\s+)?(?:related|similar)\s+(?:compounds?|drugs?|medications?|medicines?|substances?)\b"
    r"|^other\s",  # "penicillin or other beta-lactams": the named one's kind
    re.I,
)


#: A conjunction between allergens ("fish and/or shellfish").
_JOIN = re.compile(r"\s+(?:and/or|and|or)\s+", re.I)


def _split_top(text: str) -> list[str]:
    """``text`` split on every "and"/"or" outside parentheses."""
    masked = mask_parens(text)
    out, start = [], 0
    for m in _JOIN.finditer(masked):
        out.append(text[start : m.start()])
        start = m.end()
    return [*out, text[start:]]
