"""Condition phrases -> conditions: filler, clauses, lists, allergens, populations.

The vocabulary of the contraindications extractor (``lexicons/contraindications.toml``)
and the pure splitting of "in patients with A, B, or C" into one condition each:
never inside parentheses, an organ sharing its noun ("severe liver or kidney
disease") kept whole, two populations ("pregnant and breastfeeding women") split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import lexicon
from pipeline.extract.agents import vocab as agent_vocab
from pipeline.extract.grammar import ALNUM, OR_AND, grammar
from pipeline.extract.identity import Identity
from pipeline.models import Population, Strength
from pipeline.normalize import (
    MEMO_SIZE,
    mask_parens,
    normalize_term,
    parentheticals,
    split_list,
    strip_outer,
)

#: Conditions longer than this (in words) are sentences, not conditions.
MAX_CONDITION_WORDS = 14
#: Words the longest filler before a condition has ("in patients who have had").
MAX_FILLER_WORDS = 6

_JOIN = re.compile(r"\s*(?:\band\b|\bor\b|/|&)\s*", re.I)
_RELATIVE = re.compile(r"\b(?:who|that)\s*$", re.I)


@dataclass(frozen=True)
class Vocab:
    triggers: tuple[tuple[re.Pattern[str], Strength, bool], ...]  # pattern, strength, subject-only
    any_trigger: re.Pattern[str]  # all trigger phrases in one pattern: where the first one is
    named_population: re.Pattern[str]  # "avoid pregnancy": the wording names its condition
    label_only: re.Pattern[str]
    keywords: re.Pattern[str]
    filler: re.Pattern[str]
    cutters: re.Pattern[str]
    drug_subjects: frozenset[str]
    person: re.Pattern[str]
    vague: frozenset[str]
    pointers: frozenset[str]
    condition_words: re.Pattern[str]  # stems that make a phrase a condition ("disease")
    supervisors: re.Pattern[str]  # who oversees the use: never a condition
    instruction: re.Pattern[str]  # ", and stop ...": an instruction follows the conditions
    clause: re.Pattern[str]  # "; it may also ...", ", which is ...": the conditions have ended
    cutter_clause: re.Pattern[str]  # ", due to the risk of A and B": a cutter after a comma
    category_heads: re.Pattern[str]
    organ_tail: re.Pattern[str]
    organ_alone: re.Pattern[str]  # an organ without its noun, after qualifiers ("severe liver")
    qualifiers: frozenset[str]  # words that qualify a condition's noun ("acute", "severe")
    duration: re.Pattern[str]  # "longer than prescribed": how long, never a condition
    non_condition_labels: frozenset[str]
    populations: tuple[tuple[Population, re.Pattern[str]], ...]
    person_and: re.Pattern[str]  # "elderly patients and those with X": a second group


_COMMON_WORDS = frozenset(
    {
        "is",
        "are",
        "be",
        "should",
        "must",
        "may",
        "in",
        "with",
        "a",
        "the",
        "if",
        "to",
        "for",
        "your",
        "of",
        "only",
        "under",
        "can",
        "need",
        "needs",
        "use",
        "used",
        "using",
        "before",
    }
)


def first_trigger(text: str) -> tuple[re.Match[str], Strength, bool] | None:
    """The restricting wording that starts first in ``text`` (the longest there; on a tie,
    the first list's): its match, strength and whether only a subject can be its condition.

    One search over all phrases finds where; only there are the lists tried. (Callers
    remove denied wordings first: ``without_denials``.)
    """
    v = vocab()
    first = v.any_trigger.search(text)
    if first is None:
        return None
    at = first.start()
    best: tuple[re.Match[str], Strength, bool] | None = None
    for pattern, strength, subject_only in v.triggers:
        m = pattern.match(text, at)
        if m is not None and (best is None or m.end() > best[0].end()):
            best = (m, strength, subject_only)
    return best


#: Characters before a wording that a negator may take ("no need to avoid", "who do not").
_NEGATOR_SPAN = 24


def denied(text: str, at: int) -> bool:
    """Whether the wording starting at ``at`` is denied ("No dose adjustment is needed")."""
    return grammar().negated.search(text, max(0, at - _NEGATOR_SPAN), at) is not None


def without_denials(text: str) -> str:
    """``text`` from after the clause of its last leading denied wording: "No dose
    adjustment is needed in X, but use caution in Y" -> "but use caution in Y". A denied
    clause names no condition, and neither does its object."""
    if not grammar().negator_word.search(text):
        return text
    m = _first_wording(text)
    while m is not None and denied(text, m.start()):
        cut = grammar().clause_break.search(text, m.end())
        if cut is None:
            return ""
        text = text[cut.end() :]
        m = _first_wording(text)
    return text


def _first_wording(text: str) -> re.Match[str] | None:
    v = vocab()
    found = [m for m in (v.any_trigger.search(text), v.named_population.search(text)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _keywords(phrases: list[str]) -> re.Pattern[str]:
    """Each phrase's least common word: a sentence without any of them matches no phrase."""
    anchors = set()
    for phrase in phrases:
        words = [w for w in phrase.lower().split() if w not in _COMMON_WORDS]
        anchors.add(max(words, key=len) if words else phrase.split()[-1])
    return lexicon.words_pattern(sorted(anchors))


@cache
def vocab() -> Vocab:
    d = lexicon.load("contraindications")
    grammar_words = lexicon.load("grammar")
    filler = lexicon.alternation(d["filler"])
    dose = [d["relative_dose_wording"]]
    every_trigger = d["absolute"] + d["absolute_subject"] + d["relative"] + d["relative_subject"]
    return Vocab(
        triggers=(
            (lexicon.phrases_pattern(d["absolute"]), Strength.absolute, False),
            (lexicon.phrases_pattern(d["absolute_subject"]), Strength.absolute, True),
            (lexicon.phrases_pattern(d["relative"], dose), Strength.relative, False),
            (lexicon.phrases_pattern(d["relative_subject"]), Strength.relative, True),
        ),
        any_trigger=lexicon.phrases_pattern(every_trigger, dose),
        named_population=lexicon.phrases_pattern(d["absolute_population"]),
        label_only=lexicon.phrases_pattern(d["label_only"]),
        # every dose wording holds one of its first part's phrases
        keywords=_keywords(
            lexicon.with_contractions(every_trigger + d["absolute_population"]) + dose[0][0]
        ),
        filler=re.compile(rf"^(?:{filler})(?![\w-])[\s,:]*", re.I),
        cutters=lexicon.words_pattern(d["cutters"]),
        cutter_clause=re.compile(
            r",\s*(?!as\s+well\s+as\b)" + lexicon.words_pattern(d["clause_cutters"]).pattern, re.I
        ),
        drug_subjects=frozenset(d["drug_subjects"]),
        person=lexicon.words_pattern(d["person_words"]),
        vague=frozenset(d["vague"]),
        pointers=frozenset(d["pointers"]),
        condition_words=lexicon.words_pattern(d["condition_words"], prefix=True),
        supervisors=lexicon.words_pattern(d["supervisors"]),
        instruction=re.compile(
            r",?\s+(?:and|then)\s+" + lexicon.words_pattern(grammar_words["instructions"]).pattern,
            re.I,
        ),
        clause=re.compile(
            grammar().new_clause.pattern + r"|,\s+(?=\w+\s+(?:is|are|should|may|can|must)\b)", re.I
        ),
        category_heads=re.compile(
            r"\b(?:" + lexicon.alternation(d["category_heads"]) + r")\s*$", re.I
        ),
        organ_tail=re.compile(r"\b(?:" + lexicon.alternation(d["organs"]) + r")\s*$", re.I),
        organ_alone=re.compile(
            rf"^\s*(?:(?:{lexicon.alternation(d['organ_qualifiers'])})\s+)*"
            rf"(?:{lexicon.alternation(d['organs'])})\s*$",
            re.I,
        ),
        non_condition_labels=frozenset(d["non_condition_labels"]),
        qualifiers=frozenset(q for q in d["organ_qualifiers"] if " " not in q) - {"or", "and"},
        duration=re.compile(
            rf"^(?:(?:{lexicon.alternation(d['duration_starts'])})\s+(?:\S+\s+){{0,3}}?"
            rf"(?:{lexicon.alternation(d['duration_ends'])})(?![\w-])"
            rf"|(?:for\s+)?(?:{lexicon.alternation(d['duration_periods'])})$)",
            re.I,
        ),
        person_and=re.compile(
            r"\s+(?:and|or)\s+(?=" + lexicon.words_pattern(d["person_heads"]).pattern + ")", re.I
        ),
        populations=tuple(
            (Population(p), lexicon.words_pattern(words, prefix=True))
            for p, words in d["populations"].items()
        ),
    )


@lru_cache(maxsize=MEMO_SIZE)
def population(condition: str) -> Population:
    """Population a condition concerns (first matching rule), else ``condition``."""
    for pop, pattern in vocab().populations:
        if pattern.search(condition):
            return pop
    return Population.condition


def strip_filler(text: str) -> str:
    """Leading filler ("in patients with", "known") removed."""
    text = strip_outer(text)
    for _ in range(8):
        stripped = vocab().filler.sub("", text)
        if stripped == text:
            break
        text = stripped
    return text


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
