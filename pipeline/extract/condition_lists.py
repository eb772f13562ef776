"""Condition phrases -> conditions: one row's worth each.

The pure splitting of "in patients with A, B, or C" into one condition each:
never inside parentheses; an organ or a modifier sharing its noun ("severe
liver or kidney disease", "viral, fungal, or bacterial skin infections");
an allergen list kept with its components; two populations ("pregnant and
breastfeeding women") split; filler and trailing clauses removed. The words
come from ``pipeline.extract.conditions``.
"""

from __future__ import annotations

import re

from pipeline.extract.agents import vocab as agent_vocab
from pipeline.extract.conditions import (
    MAX_CONDITION_WORDS,
    population,
    strip_filler,
    vocab,
)
from pipeline.extract.grammar import ALNUM, OR_AND, grammar
from pipeline.extract.identity import Identity
from pipeline.models import Population
from pipeline.normalize import mask_parens, normalize_term, parentheticals, split_list, strip_outer

#: Words the longest filler before a condition has ("in patients who have had").
MAX_FILLER_WORDS = 6


_JOIN = re.compile(r"\s*(?:\band\b|\bor\b|/|&)\s*", re.I)


_RELATIVE = re.compile(r"\b(?:who|that)\s*$", re.I)


def _clean(raw: str) -> str:
    """Filler removed from the front, clauses cut from the back."""
    text, _ = parentheticals(raw)
    return strip_outer(_before_cutter(strip_filler(text)))


def conditions(raw: str, ident: Identity) -> list[tuple[str, str]]:
    """Split a list of conditions into (as written, normalized) pairs."""
    v = vocab()
    text = strip_outer(raw)
    masked = mask_parens(text)
    for clause in (v.clause, v.instruction):
        cut = clause.search(masked)
        if cut is not None and cut.start() > 0:
            text, masked = text[: cut.start()], masked[: cut.start()]
    names = {c.lower() for c in ident.components}
    out: list[tuple[str, str]] = []
    elements = _share_modifier_noun(_share_organ_noun(split_list(text)))
    for piece in _merge_allergens(elements, names):
        for part in _expand(strip_filler(piece)):
            cond = normalize_term(_clean(part))
            if not ALNUM.search(cond) or len(cond.split()) > MAX_CONDITION_WORDS or cond in v.vague:
                continue
            if cond.split()[0] in v.pointers:  # "these populations": named elsewhere (a label)
                _, colon, listed = part.partition(":")
                if colon and listed.strip():  # "these conditions: asthma": the list follows
                    out += conditions(listed, ident)
                continue
            if cond in names or "side effect" in cond or v.supervisors.search(cond):
                continue
            if _uses_unspecific(cond) or v.duration.match(cond):
                continue  # "(are) taking other medications": an interaction; "longer than": time
            out.append((strip_outer(part), cond))
    return out


def _share_organ_noun(elements: list[str]) -> list[str]:
    """ "severe liver, kidney, or heart disease": organs before the last one share its noun."""
    if len(elements) < 3:
        return elements
    last = strip_outer(re.sub(r"^\s*(?:and|or)\s+", "", elements[-1]))
    words = last.split()
    if len(words) < 2 or not vocab().organ_tail.search(words[0]):
        return elements
    noun = " ".join(words[1:])
    return [
        f"{e.rstrip()} {noun}" if vocab().organ_alone.match(strip_filler(e)) else e
        for e in elements[:-1]
    ] + elements[-1:]


def _lone_modifier(word: str) -> bool:
    """A word that only qualifies the noun after it: "acute", "viral", "second-"."""
    return _modifier_kind(word) is not None


def _modifier_kind(word: str) -> str | None:
    """What makes ``word`` a modifier: a qualifier ("acute"), a hyphen ("second-"), or its
    adjective ending ("-al" of "viral"); None when it is none of these."""
    if word.endswith("-") or word.lower() in vocab().qualifiers:
        return "qualifier"
    m = grammar().adjective.match(word)
    return m.group("suffix").lower() if m else None


def _share_modifier_noun(elements: list[str]) -> list[str]:
    """ "viral, fungal, or bacterial skin infections": lone modifiers before a phrase that
    starts with one share its noun (never a population: "pregnant, ... women" is split by
    population instead)."""
    if len(elements) < 2:
        return elements
    *singles, last = elements
    if any(len(s.split()) > MAX_FILLER_WORDS + 1 for s in singles):  # (cheap test first)
        return elements
    words = parentheticals(strip_filler(last))[0].split()
    bare = [strip_filler(s) for s in singles]  # "in viral": the filler is no word of it
    # parallel modifiers: two or more ("viral, fungal, or parasitic"), or one of the same
    # kind as the next ("acute, or chronic"; never "colic, or abdominal pain")
    kind = _modifier_kind(words[0]) if len(words) >= 2 else None
    if kind is None or not all(
        len(b.split()) == 1
        and (k := _modifier_kind(b)) is not None
        and (len(bare) > 1 or k in (kind, "qualifier"))
        and population(b) is Population.condition
        for b in bare
    ):
        return elements
    noun = " ".join(words[1:])
    return [f"{s.rstrip()} {noun}" for s in singles] + [last]


_USE_OF = re.compile(r"^(?:taking|using|on)\s+(?P<what>.+)$")


def _uses_unspecific(condition: str) -> bool:
    m = _USE_OF.match(condition)
    return m is not None and m.group("what") in agent_vocab().unspecific


def _merge_allergens(elements: list[str], names: set[str]) -> list[str]:
    """Keep "hypersensitivity to A, B, or any of its components" whole: what follows an
    allergy is more allergens while the elements name components, ingredients or the drug."""
    out: list[str] = []
    allergy = -1  # index in ``out`` of the last allergy element
    for element in elements:
        if (
            out
            and _ALLERGY_TO.search(out[-1])
            and (_ALLERGEN_TAIL.search(element) or normalize_term(element) in names)
        ):
            out[-1] = f"{out[-1]}, {element}"
        elif allergy >= 0 and _COMPONENTS_TAIL.match(element):
            between = out[allergy + 1 :]
            if any(vocab().condition_words.search(e) for e in between):
                # "allergy to A, liver disease, or any component": the disease stays apart
                out[allergy] = f"{out[allergy]}, {element}"
            else:  # "allergy to A, B, or any component of it": B was another allergen
                out[allergy:] = [", ".join([*out[allergy:], element])]
        else:
            out.append(element)
        if _ALLERGY_TO.search(out[-1]):
            allergy = len(out) - 1
    return out


_ALLERGY_TO = re.compile(r"\b(?:hypersensitiv\w*|allerg\w*)\b[^,;]*\bto\b", re.I)


_COMPONENT = r"(?:components?|ingredients?|excipients?)"


#: "(or) any (other) component(s) of ...": the end of an allergen list, never a condition.
_COMPONENTS_TAIL = re.compile(
    rf"^(?:(?:or|and)\s+)?(?:any|all)\s+(?:\w+\s+){{0,2}}?{_COMPONENT}\b", re.I
)


#: What may follow an allergy's first allergen: more of them ("other penems", "its components").
_ALLERGEN_TAIL = re.compile(
    rf"^(?:(?:or|and)\s+)?(?:any|other|related|its|their|the)\b|\b(?:{_COMPONENT}|formulation)\b",
    re.I,
)


def _expand(piece: str) -> list[str]:
    """One list element -> conditions: examples, person groups and populations split out."""
    m = grammar().examples.search(mask_parens(piece))
    head, examples = (piece[: m.start()], [piece[m.end() :]]) if m else (piece, [])
    parts: list[str] = []
    if examples:
        # "heart conditions such as A or B": the examples are the conditions.
        if not vocab().category_heads.search(_clean(head)) and _clean(head):
            parts.append(head)
        parts += [
            e
            for piece in split_list(examples[0])
            for e in _split_conj_examples(piece)
            if strip_outer(e)
        ]
    else:
        parts.append(piece)
    out: list[str] = []
    for part in parts:
        for person_part in vocab().person_and.split(part):
            for half in _split_conj(person_part):
                out += _split_populations(half)
    return out


def _split_conj_examples(text: str) -> list[str]:
    """Examples split on or/and unless an organ shares the noun after it."""
    masked = mask_parens(text)
    m = OR_AND.search(masked)
    if m is None or vocab().organ_tail.search(text[: m.start()]):
        return [text]
    return [text[: m.start()], *_split_conj_examples(text[m.end() :])]


def _split_conj(text: str) -> list[str]:
    """``A or B`` -> both, unless the words before share the noun after them:
    an organ ("severe liver or kidney disease") or a lone adjective ("pregnant or
    breastfeeding women", split by population instead)."""
    masked = mask_parens(text)
    m = OR_AND.search(masked)
    if m is None:
        return [text]
    left, right = text[: m.start()], text[m.end() :]
    if (
        _ALLERGEN_TAIL.match(right.strip())
        or vocab().organ_tail.search(left)
        or _ALLERGY_TO.search(left)  # "allergy to fish or shellfish": one allergy, two allergens
    ):
        return [text]
    words = parentheticals(left)[0].split()
    if len(words) == 1 and _lone_modifier(words[0]) and not grammar().article.match(right):
        # "acute or severe asthma or X": the modifier shares the next noun, and X is apart;
        # unless that phrase ends in a modifier too ("active or suspected ocular or ...")
        right = _before_cutter(right)
        first, *rest = _split_conj(right)
        last = parentheticals(first)[0].split()[-1:]
        if rest and last and _lone_modifier(last[0]) and not vocab().condition_words.match(last[0]):
            return [text[: m.end()] + right]
        return [text[: m.end()] + first, *rest]
    return [left, *_split_conj(right)]


def _before_cutter(text: str) -> str:
    """``text`` up to a clause that ends its conditions ("unless ...", "due to ..."); not
    in a relative clause ("women who may become pregnant": it belongs to the condition)."""
    masked = mask_parens(text)
    for m in vocab().cutters.finditer(masked):
        if not _RELATIVE.search(masked[: m.start()]):
            return text[: m.start()]
    return text


def _split_populations(text: str) -> list[str]:
    """``pregnant and breastfeeding women`` -> pregnancy, breastfeeding: two populations."""
    words = _JOIN.split(parentheticals(text)[0])
    pops = [population(w) for w in words if w.strip()]
    if len(pops) >= 2 and len(set(pops)) == len(pops) and Population.condition not in pops:
        named = {Population.pregnancy: "pregnancy", Population.breastfeeding: "breastfeeding"}
        return [named.get(p, w) for p, w in zip(pops, [w for w in words if w.strip()], strict=True)]
    return [text]
