"""Coordinated phrases -> one condition each: shared heads, modifiers and organs.

"severe liver or kidney disease" is two conditions that share "disease" and
"severe"; "untreated fungal, bacterial, or viral infections" three that share
"untreated" and "infections"; "women who are or may become pregnant" two that
share "women who". Degrees of one condition stay one ("acute or severe asthma"),
and so do an inability's verbs and the allergens of one allergy. Used by
``pipeline.extract.condition_lists`` on each element of a list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.extract.allergens import (
    ALLERGEN_TAIL,
    BARE_ALLERGY,
    TO_OBJECT,
    allergy_to,
    names_disease,
    other_disease,
)
from pipeline.extract.condition_sentences import words as sentence_words
from pipeline.extract.conditions import population, strip_filler, vocab
from pipeline.extract.grammar import OR_AND, grammar
from pipeline.models import Population
from pipeline.normalize import mask_parens, parentheticals, strip_outer

#: Text ending in a relative pronoun: what follows belongs to its clause.
_RELATIVE = re.compile(r"\b(?:who|that)\s*$", re.I)


def share_organ_noun(elements: list[str]) -> list[str]:
    """ "severe liver, kidney, or heart disease": organs before the last one share its noun,
    and the words before the first such organ ("severe") qualify the bare organs after it."""
    if len(elements) < 3:
        return elements
    last = strip_outer(_UNJOINED.sub("", elements[-1], count=1))
    words = last.split()
    if len(words) < 2 or not vocab().organ_tail.search(words[0]):
        return elements
    noun = " ".join(words[1:])
    head: list[str] | None = None  # the words before the first organ without its noun
    out = []
    for e in elements[:-1]:
        organ = parentheticals(strip_filler(e))[0].split()  # "hepatic (liver)"
        if not vocab().organ_alone.match(" ".join(organ)):
            out.append(e)
            continue
        if head is None:
            head = organ[:-1]
        out.append(" ".join([*head, *organ, noun]) if len(organ) == 1 else f"{e.rstrip()} {noun}")
    if head:
        lead = _UNJOINED.match(elements[-1])
        return [*out, (lead.group(0) if lead else "") + " ".join([*head, last])]
    return [*out, elements[-1]]


def lone_modifier(word: str) -> bool:
    """A word that only qualifies the noun after it: "acute", "viral", "second-"."""
    return _modifier_kind(word) is not None


def _modifier_kind(word: str) -> str | None:
    """What makes ``word`` a modifier: a damaged site's ("broken"), a qualifier ("acute"),
    a hyphen ("second-"), or its adjective ending ("-al" of "viral"); None when it is none
    of these."""
    if word.endswith("-") or word.lower() in vocab().qualifiers:
        return "site" if sentence_words().damaged_site.fullmatch(word) else "qualifier"
    m = grammar().adjective.match(word)
    if m is None:
        return "plain" if word.lower() in grammar().plain_adjectives else None
    return m.group("suffix").lower()


def share_modifier_noun(elements: list[str]) -> list[str]:
    """ "viral, fungal, or bacterial skin infections": lone modifiers right before a phrase
    that starts with one share its noun (never a population: "pregnant, ... women" is split
    by population instead); words qualifying the first of them qualify every one
    ("untreated fungal, bacterial, or viral infections": untreated bacterial infections)."""
    if len(elements) < 2:
        return elements
    # "in viral", "or viral": the filler and the joining word are no words of it
    bare = [_UNJOINED.sub("", strip_filler(e)) for e in elements]
    out = list(elements)
    end = 0
    while (end := end + 1) < len(elements):
        words = parentheticals(bare[end])[0].split()
        kind = _modifier_kind(words[0]) if len(words) >= 2 else None
        if kind is None or not _one_modifier(bare[end - 1]):
            continue
        start = end - 1
        while start > 0 and _one_modifier(bare[start - 1]):
            start -= 1
        if all(_modifier_kind(parentheticals(b)[0].strip()) is None for b in bare[start:end]):
            continue  # organs only: "eyes, mouth, or mucous membranes" are three places
        lead = _qualifiers(bare[start - 1]) if start > 0 else None
        # parallel modifiers: two or more ("viral, fungal, or parasitic"), or one of the
        # same kind as the next ("acute, or chronic"; never "colic, or abdominal pain")
        if (
            lead is None
            and end - start == 1
            and _modifier_kind(bare[start])
            not in (
                kind,
                "qualifier",
            )
        ):
            continue
        noun = " ".join(words[1:])
        for i in range(start, end):
            out[i] = f"{lead} {bare[i]} {noun}" if lead else f"{elements[i].rstrip()} {noun}"
        if lead:
            out[start - 1] = f"{elements[start - 1].rstrip()} {noun}"
            at = _UNJOINED.match(elements[end])
            cut = at.end() if at else 0
            out[end] = f"{elements[end][:cut]}{lead} {elements[end][cut:].lstrip()}"
    return out


#: A list element's joining word ("or viral infections").
_UNJOINED = re.compile(r"^\s*(?:(?:and|or)\s+)?", re.I)


def _one_modifier(text: str) -> bool:
    """``text`` is one word qualifying a noun and naming no population ("viral", not
    "pregnant")."""
    text = parentheticals(text)[0].strip()  # "hepatic (liver)"
    return (
        " " not in text
        and not text.endswith("ment")  # a noun ("impairment"), not an "-ent" adjective
        and (_modifier_kind(text) is not None or _organ_alone(text))  # ("breast, uterine")
        and population(text) is Population.condition
    )


def _qualifiers(text: str) -> str | None:
    """The words before the last of ``text`` when all of them and the last are modifiers
    ("untreated fungal", "systemic or local bacterial"): what qualifies a modifier list."""
    *lead, last = parentheticals(text)[0].split() or [""]
    if not lead or len(lead) > 3 or not _one_modifier(last):
        return None
    if lead[0].lower() in ("or", "and") or not all(
        _one_modifier(w) or w.lower() in ("or", "and") for w in lead
    ):
        return None
    return " ".join(lead)


def split_conj_examples(text: str) -> list[str]:
    """Examples split on or/and; organs before the noun after them each take it."""
    masked = mask_parens(text)
    m = OR_AND.search(masked)
    if m is None:
        return [text]
    left, right = text[: m.start()], text[m.end() :]
    if vocab().organ_tail.search(left):
        return _share_organ(text, m, split_conj_examples)
    return [left, *split_conj_examples(right)]


def _share_organ(text: str, m: re.Match[str], split: Callable[[str], list[str]]) -> list[str]:
    """ "severe liver or kidney disease" (``m`` its "or") -> severe liver disease, severe
    kidney disease: the organ before "or" takes the noun after the second organ, which takes
    the words before the first ("severe", "impaired", "history of"). Kept whole when the
    second half does not open with an organ and a noun."""
    left = parentheticals(text[: m.start()])[0]  # "severe hepatic (liver)": the words
    first, *rest = split(text[m.end() :])
    organ = vocab().organ_head.match(first)
    if organ is None and left.split()[-1].lower() not in vocab().noun_organs:
        organ = _kind_head(first)  # "renal or neuromuscular disease" (not "skin or broken skin")
    noun = _LEADING_PAREN.sub("", first[organ.end() :]).strip() if organ else ""
    if not noun:  # "broken skin or open wounds": two phrases; "impaired liver or ...": one
        whole = organ is None and left.split()[-1].lower() in vocab().noun_organs
        return [left, first, *rest] if whole else [text]
    before = left.split()[:-1]
    return [f"{left} {noun}", " ".join([*before, first]), *rest]


#: A parenthetical opening what follows an organ ("renal (kidney) impairment").
_LEADING_PAREN = re.compile(r"^\s*\([^()]*\)")

#: A relative clause's head ("women who"), a second verb phrase of it ("may become
#: pregnant", "plan to become pregnant"), a copula waiting for its complement ("who are"),
#: and the complement a "become" gives it.
_WHO = re.compile(r"^.*?\bwho\b", re.I)
_VERB_PHRASE = re.compile(
    r"^\s*(?:may|might|could|are|is|plan|plans|planning|intend|intends|intending|wish|suspect"
    r"|trying|attempting)\b",
    re.I,
)
_COPULA_END = re.compile(r"\b(?:are|is)\s*$", re.I)
_WHO_IS = re.compile(r"^.*?\bwho\s+(?:are|is)\b", re.I)
_BECOME = re.compile(r"\bbecome\s+([\w-]+)\s*$", re.I)

#: "inability to stand": the verbs after it are coordinated, not conditions.
_INABILITY = re.compile(
    r"\b(?:inability|unable|unability|failure|difficulty)\s+(?:to\s+)?[\w-]+\s*$", re.I
)

#: Modifiers that name no kind: degrees ("acute or severe asthma" is one condition), and
#: endings nouns share ("self-treatment", "patient").
_NOT_KINDS = frozenset({None, "qualifier", "ent", "ant"})

#: "... of the eye": a phrase whose last words name an organ after "of".
_OF_ORGAN = re.compile(r"\bof\s+(?:the\s+)?[\w-]+\s*$", re.I)


def _organ_alone(text: str) -> bool:
    """``text`` is one organ word and nothing else ("ear", "the kidneys")."""
    word = re.sub(r"^\s*(?:the\s+)?", "", strip_outer(text)).lower()
    v = vocab()
    return word in v.noun_organs or (" " not in word and v.organ_alone.match(word) is not None)


#: A first word that names a kind of the noun after it ("genitourinary obstruction").
_FIRST_WORD = re.compile(r"^\s*[\w-]+(?=\s+\w)")


def _kind_head(phrase: str) -> re.Match[str] | None:
    """The first word of ``phrase`` when it says which kind of the noun after it is meant
    (a site's state or an adjective: "genitourinary obstruction", "irritated skin"); never a
    degree ("severe"), which leaves one condition ("acute or severe asthma")."""
    m = _FIRST_WORD.match(phrase)
    if m is None or _modifier_kind(m.group(0).strip()) in _NOT_KINDS:
        return None
    last = parentheticals(phrase)[0].split()[-1]
    # a noun follows ("local bacterial, fungal, or viral infections": not yet)
    return None if lone_modifier(last) and not vocab().condition_words.match(last) else m


def split_conj(text: str) -> list[str]:
    """``A or B`` -> both; an organ before shares the noun after ("severe liver or kidney
    disease": two conditions); a lone adjective shares it too ("pregnant or breastfeeding
    women", split by population instead)."""
    masked = mask_parens(text)
    m = OR_AND.search(masked)
    if m is None:
        return [text]
    left, right = text[: m.start()], text[m.end() :]
    if allergy_to(left) or (ALLERGEN_TAIL.match(right.strip()) and not other_disease(right)):
        # "allergy to fish or shellfish": one allergy, two allergens ("X or its components"
        # too); but "breast cancer or other hormone-sensitive cancers": two conditions
        return [text]
    if BARE_ALLERGY.match(strip_filler(left)) and TO_OBJECT.search(right):
        return [text]  # "hypersensitivity or idiosyncrasy to X": two nouns, one object
    if _INABILITY.search(left):
        return [text]  # "inability to stand or sit upright": one inability, two verbs
    if vocab().open_end.search(parentheticals(left)[0]):
        # "history of or current myopathy", "currently taking or recently stopped taking
        # MAOIs": the object after the second is the first's too, one condition
        return [text]
    who = _WHO.match(left)
    if who is not None and _VERB_PHRASE.match(right):
        # "women who are (pregnant) or may become pregnant": the second verb shares "who"
        first, *rest = split_conj(right)
        if _COPULA_END.search(left) and (complement := _BECOME.search(first)) is not None:
            left = f"{left.rstrip()} {complement.group(1)}"
        subject = who.group(0).rstrip()
        if first.split()[0].lower().endswith("ing") and (cop := _WHO_IS.match(left)) is not None:
            subject = cop.group(0)  # "who are pregnant or planning to ...": who are planning
        return [left, f"{subject} {first.strip()}", *rest]
    if _OF_ORGAN.search(left) and _organ_alone(right):
        return [text]  # "infections of the eye or ear": one phrase, two organs after "of"
    if vocab().organ_tail.search(parentheticals(left)[0]):  # ("hepatic (liver) or renal")
        return _share_organ(text, m, split_conj)
    words = parentheticals(left)[0].split()
    if len(words) == 1 and words[0].lower() in vocab().ordinals:
        # "first and second trimesters": each ordinal takes the (singular) noun
        first, *rest = split_conj(right)
        ordinal, _, noun = first.partition(" ")
        if "-" in ordinal and ordinal.partition("-")[0].lower() in vocab().ordinals:
            # "second or third-degree AV block": one condition, as "second- or third-degree"
            return [f"{text[: m.end()]}{first}", *rest]
        if ordinal.lower() in vocab().ordinals and noun:
            one = re.sub(r"(?<=[a-z])s\b", "", noun, count=1)
            return [f"{words[0]} {one}", f"{ordinal} {one}", *rest]
    if (
        len(words) == 1
        and _modifier_kind(words[0]) not in _NOT_KINDS
        and population(words[0]) is Population.condition
        and (kind := _kind_head(strip_outer(right))) is not None
    ):
        # "spinal or cervical cord compression", "broken or irritated skin": two kinds of one
        # noun, a condition each (the noun after the second kind is the first's too)
        first, *rest = split_conj(strip_outer(right))
        return [f"{left.rstrip()}{first[kind.end() :]}", first, *rest]
    if len(words) == 1 and lone_modifier(words[0]) and not grammar().article.match(right):
        # "acute or severe asthma or X": the modifier shares the next noun, and X is apart;
        # unless that phrase ends in a modifier too ("active or suspected ocular or ...")
        right = before_cutter(right)
        first, *rest = split_conj(right)
        # (the first of the rest as written: "suspected ocular", before a shared noun)
        inner = OR_AND.search(mask_parens(right))
        written = right[: inner.start()] if inner is not None else first
        if vocab().organ_tail.search(parentheticals(written)[0]):
            written = first  # ("severe hepatic or renal impairment": organs share it, apart)
        last = parentheticals(written)[0].split()[-1:]
        if rest and last and lone_modifier(last[0]) and not vocab().condition_words.match(last[0]):
            return [text[: m.end()] + right]
        return [text[: m.end()] + first, *rest]
    head = _shared_head(words, right)
    if head is not None:  # "history of alcohol or drug abuse": the alcohol abuse too
        return [f"{left.rstrip()} {head}", *split_conj(right)]
    return [left, *split_conj(right)]


def _shared_head(left_words: list[str], right: str) -> str | None:
    """The head noun a bare noun before "or" shares with the two-word phrase after it
    ("alcohol or drug abuse", "fish or shellfish allergies"); None when the noun is a
    condition itself, a plural or a gerund ("smoking or alcohol abuse")."""
    right_words = parentheticals(strip_outer(right))[0].split()
    if len(right_words) != 2 or not left_words:
        return None
    head, noun = right_words[1].lower(), left_words[-1].lower()
    if head in vocab().adjective_heads and lone_modifier(noun) and not names_disease(noun):
        return right_words[1]  # "active ocular or periocular infection": an ocular infection
    if head not in vocab().heads:
        return None
    if noun.endswith(("s", "ing")) or not noun.isalpha() or vocab().condition_words.match(noun):
        return None
    return right_words[1]


def before_cutter(text: str) -> str:
    """``text`` up to a clause that ends its conditions ("unless ...", "due to ..."); not
    in a relative clause ("women who may become pregnant": it belongs to the condition)."""
    masked = mask_parens(text)
    for m in vocab().cutters.finditer(masked):
        if not _RELATIVE.search(masked[: m.start()]):
            return text[: m.start()]
    return text


def condition_before_allergy(piece: str) -> tuple[str, str] | None:
    """ "severe liver disease or hypersensitivity to A": (the condition, the allergy), two
    elements joined by "or"; None when no phrase stands before the allergy's conjunction
    ("serious or severe hypersensitivity to A": the modifiers share it)."""
    m = allergy_to(mask_parens(piece))
    before = _CONDITION_OR.match(piece[: m.start()]) if m is not None else None
    if before is None or (len(before.group(1).split()) == 1 and lone_modifier(before.group(1))):
        return None
    return before.group(1), piece[before.end() :]


#: A phrase, then "or"/"and" and at most three words of the allergy's ("known", "a history of").
_CONDITION_OR = re.compile(r"^(\S.*?)\s*,?\s+(?:and|or|and/or)\s+(?=(?:[\w-]+\s+){0,3}$)", re.I)
