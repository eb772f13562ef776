"""The words of contraindications: restricting wordings, filler, populations.

The vocabulary of the contraindications extractor (``lexicons/contraindications.toml``):
where the first restricting wording of a text is and how strict it is
(``first_trigger``), denied wordings ("No dose adjustment is needed"), filler
("in patients with"), and the population a condition concerns. Splitting a
phrase into conditions is ``pipeline.extract.condition_lists``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from pipeline import lexicon
from pipeline.extract.grammar import grammar, starts
from pipeline.extract.prechecks import FirstWorded, Keywords
from pipeline.extract.reading import Opened
from pipeline.lexicon import openers
from pipeline.models import Population, Strength
from pipeline.normalize import (
    MEMO_SIZE,
    strip_outer,
)

#: Conditions longer than this (in words) are sentences, not conditions.
MAX_CONDITION_WORDS = 14


class Trigger(NamedTuple):
    """One list of restricting wordings."""

    pattern: re.Pattern[str]
    strength: Strength
    subject_only: bool  # only a subject can be its condition
    openers: frozenset[str]  # the first word of each of its phrases (``reading.openers``)


@dataclass(frozen=True)
class Vocab:
    triggers: tuple[Trigger, ...]
    any_trigger: Opened  # all trigger phrases in one pattern: where the first one is
    named_population: re.Pattern[str]  # "avoid pregnancy": the wording names its condition
    population_words: Keywords  # a telling word of each of those wordings ("pregnancy")
    negators: Keywords  # a word every negator holds (``grammar.negator_word``'s words)
    label_only: re.Pattern[str]
    keywords: Keywords  # a word every phrase needs: a sentence without one matches none
    filler: re.Pattern[str]
    cutters: re.Pattern[str]
    reason: re.Pattern[str]  # "due to", "though": the conditions have ended
    manner: FirstWorded  # "based on their age and weight": how, never who
    drug_subjects: frozenset[str]
    person: re.Pattern[str]
    vague: frozenset[str]
    #: "specific health conditions", "women with certain conditions": a kind of condition
    #: left unnamed.
    unnamed: re.Pattern[str]
    pointers: frozenset[str]
    heads: frozenset[str]  # nouns a bare noun before "or" shares ("alcohol or drug abuse")
    adjective_heads: frozenset[str]  # ... and an adjective ("ocular or periocular infection")
    refers_back: re.Pattern[str]  # "these conditions", "such patients": the label named them
    condition_words: re.Pattern[str]  # stems that make a phrase a condition ("disease")
    supervisors: re.Pattern[str]  # who oversees the use: never a condition
    instruction: FirstWorded  # ", and stop ...": an instruction follows the conditions
    clause: re.Pattern[str]  # "; it may also ...", ", which is ...": the conditions have ended
    cutter_clause: re.Pattern[str]  # ", due to the risk of A and B": a cutter after a comma
    category_heads: re.Pattern[str]
    organ_tail: re.Pattern[str]
    organ_alone: re.Pattern[str]  # an organ without its noun, after qualifiers ("severe liver")
    organ_head: re.Pattern[str]  # an organ opening a phrase, before its noun ("kidney disease")
    noun_organs: frozenset[str]  # organs that end a phrase as its noun ("broken skin")
    ordinals: frozenset[str]  # "first and second trimesters": each takes the noun
    open_end: re.Pattern[str]  # "history of", "those taking": the object is still to come
    non_condition_subject: re.Pattern[str]  # "The risk of ...", "Discuss ...": no condition
    qualifiers: frozenset[str]  # words that qualify a condition's noun ("acute", "severe")
    duration: re.Pattern[str]  # "longer than prescribed": how long, never a condition
    non_condition_labels: frozenset[str]
    populations: tuple[tuple[Population, re.Pattern[str]], ...]
    any_population: re.Pattern[str]  # the words of every population rule
    person_and: re.Pattern[str]  # "elderly patients and those with X": a second group
    monitoring: re.Pattern[str]  # a wording of monitoring: only people are its object
    hedge: re.Pattern[str]  # an exception allowed: "unless", "without consulting a doctor"
    hedge_openers: Keywords  # the first words of the hedges
    examples: FirstWorded  # ``grammar.examples``: "such as", "including", "e.g."
    application: re.Pattern[str]  # "do not apply": only a damaged site is its condition

    def population_wording(self, text: str) -> re.Match[str] | None:
        """``named_population.search(text)``, tried only on text holding the telling word of
        one of its wordings (its population: "pregnant", "breastfeed"; a whole word in a
        match), far rarer than their first words ("not", "avoid")."""
        if not self.population_words.found(text):
            return None
        return self.named_population.search(text)


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


@lru_cache(maxsize=MEMO_SIZE)  # a text is asked again (its strength, its label's, its clause's)
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
    # a list matches there only if a phrase of it opens with the word there (in ASCII text:
    # elsewhere a letter may match as another, see ``reading``)
    word = _WORD.match(text, at) if text.isascii() else None
    opener = word.group().lower() if word is not None else None
    best: tuple[re.Match[str], Strength, bool] | None = None
    for trigger in v.triggers:
        if opener is not None and opener not in trigger.openers:
            continue
        m = trigger.pattern.match(text, at)
        if m is not None and (best is None or m.end() > best[0].end()):
            best = (m, trigger.strength, trigger.subject_only)
    return best


#: A word as ``reading.openers`` reads a phrase's first one: a run of ASCII letters and digits.
_WORD = re.compile(r"[A-Za-z0-9]+")


#: Characters before a wording that a negator may take ("no need to avoid", "who do not").
_NEGATOR_SPAN = 24


def denied(text: str, at: int) -> bool:
    """Whether the wording starting at ``at`` is denied ("No dose adjustment is needed")."""
    return grammar().negated.search(text, max(0, at - _NEGATOR_SPAN), at) is not None


def without_denials(text: str) -> str:
    """``text`` from after the clause of its last leading denied wording: "No dose
    adjustment is needed in X, but use caution in Y" -> "but use caution in Y". A denied
    clause names no condition, and neither does its object."""
    if not vocab().negators.found(text):  # (``grammar.negator_word``, a few times faster)
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
    found = [m for m in (v.any_trigger.search(text), v.population_wording(text)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _keywords(phrases: list[str]) -> Keywords:
    """Each phrase's least common word: a sentence without any of them matches no phrase."""
    anchors = set()
    for phrase in phrases:
        words = [w for w in phrase.lower().split() if w not in _COMMON_WORDS]
        anchors.add(max(words, key=len) if words else phrase.split()[-1])
    return Keywords.of(anchors)


def _trigger(
    phrases: list[str], sequences: list[list[list[str]]], strength: Strength, *, subject_only: bool
) -> Trigger:
    """A list of phrases and sequences (``lexicon.phrases_pattern``) restricting as strictly."""
    firsts = lexicon.with_contractions(phrases) + [w for parts in sequences for w in parts[0]]
    return Trigger(
        lexicon.phrases_pattern(phrases, sequences), strength, subject_only, openers(firsts)
    )


@cache
def vocab() -> Vocab:
    d = lexicon.load("contraindications")
    grammar_words = lexicon.load("grammar")
    filler = lexicon.alternation(d["filler"])
    dose = [d["relative_dose_wording"], d["relative_caution_wording"]]
    subject_dose = [d["relative_subject_wording"]]
    absolute_subject = [d["absolute_subject_wording"]]
    absolute = d["absolute"] + d["application"]
    every_trigger = absolute + d["absolute_subject"] + d["relative"] + d["relative_subject"]
    advice = re.compile(
        rf"(?<![\w-])(?:{lexicon.alternation(d['advice_verbs'])})(?![\w-])[^.;:]{{0,80}}?"
        r"\bif\s+you(?:['’]re|['’]ve(?:\s+ever)?\s+had|\s+(?:are|have(?:\s+ever)?(?:\s+had)?"
        r"|suffer\s+from))(?![\w-])",
        re.I,
    )
    return Vocab(
        triggers=(
            _trigger(absolute, [], Strength.absolute, subject_only=False),
            _trigger(d["absolute_subject"], absolute_subject, Strength.absolute, subject_only=True),
            _trigger(d["relative"], dose, Strength.relative, subject_only=False),
            _trigger(d["relative_subject"], subject_dose, Strength.relative, subject_only=True),
            Trigger(advice, Strength.relative, False, openers(d["advice_verbs"])),
        ),
        any_trigger=Opened(
            re.compile(
                lexicon.phrases_source(every_trigger, dose + subject_dose + absolute_subject)
                + "|"
                + advice.pattern,
                re.I,
            ),
            # (a sequence opens with its first part; the advice pattern with its verb)
            openers(
                lexicon.with_contractions(every_trigger)
                + [w for parts in dose + subject_dose + absolute_subject for w in parts[0]]
                + d["advice_verbs"]
            ),
        ),
        named_population=lexicon.phrases_pattern(d["absolute_population"]),
        population_words=_keywords(lexicon.with_contractions(d["absolute_population"])),
        negators=Keywords.of(set(grammar_words["negator_anchors"])),
        label_only=lexicon.phrases_pattern(d["label_only"]),
        # every dose wording holds one of its first part's phrases
        # each sequence by its most telling part: a sentence without one of those words
        # holds none of its wordings ("monitoring" rather than "may require")
        # (an application wording's "avoid", "not" or "never" is already a keyword: its "apply"
        # would let every "Apply a thin layer" through)
        keywords=_keywords(
            lexicon.with_contractions(
                [p for p in every_trigger if p not in d["application"]] + d["absolute_population"]
            )
            + d["relative_dose_wording"][0]
            + d["relative_caution_wording"][0]
            + d["relative_subject_wording"][-1]
            + d["absolute_subject_wording"][-1]
            + d["advice_verbs"]
        ),
        filler=re.compile(rf"^(?:{filler})(?![\w-])[\s,:]*", re.I),
        cutters=lexicon.words_pattern(d["cutters"]),
        reason=lexicon.words_pattern(d["reason_cutters"]),
        manner=FirstWorded(
            lexicon.words_pattern(d["manner_cutters"]),
            Keywords.of({p.split()[0] for p in d["manner_cutters"]}),
        ),
        cutter_clause=re.compile(
            r",\s*(?!as\s+well\s+as\b)" + lexicon.words_pattern(d["clause_cutters"]).pattern, re.I
        ),
        drug_subjects=frozenset(d["drug_subjects"]),
        person=lexicon.words_pattern(d["person_words"]),
        vague=frozenset(d["vague"]),
        unnamed=re.compile(
            rf"^(?:(?:{lexicon.alternation(d['unnamed_people'])})\s+with\s+)?"
            # a quantifier, a kind or both ("certain conditions", "(certain) health conditions")
            rf"(?:(?:{lexicon.alternation(d['unnamed_quantifiers'])})\s+"
            rf"(?:(?:{lexicon.alternation(d['unnamed_kinds'])})\s+){{0,2}}"
            rf"|(?:(?:{lexicon.alternation(d['unnamed_kinds'])})\s+){{1,2}})"
            rf"(?:{lexicon.alternation(d['unnamed_nouns'])})$"
        ),
        pointers=frozenset(d["pointers"]),
        heads=frozenset(d["shared_heads"]),
        adjective_heads=frozenset(d["adjective_heads"]),
        refers_back=re.compile(
            rf"(?<![\w-])(?:{lexicon.alternation(d['pointers'])})\s+"
            rf"(?:{lexicon.alternation(d['pointer_nouns'])})(?![\w-])|\bany\s+of\s+(?:these|the\s+above)\b",
            re.I,
        ),
        condition_words=lexicon.words_pattern(d["condition_words"], prefix=True),
        supervisors=lexicon.words_pattern(d["supervisors"]),
        instruction=FirstWorded(
            re.compile(
                r",?\s+(?:and|then)\s+"
                + lexicon.words_pattern(grammar_words["instructions"]).pattern,
                re.I,
            ),
            Keywords.of({"and", "then"}),
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
        organ_head=re.compile(
            rf"^\s*(?:{lexicon.alternation(d['organ_compounds'] + d['organs'])})(?=\s)", re.I
        ),
        noun_organs=frozenset(d["noun_organs"]),
        ordinals=frozenset(d["ordinal_like"] + grammar_words["ordinals"]),
        open_end=re.compile(
            r"(?<![\w-])(?:"
            + lexicon.alternation(d["needs_object"] + grammar_words["prepositions"] + ["for", "by"])
            + r")\s*$",
            re.I,
        ),
        non_condition_subject=starts(d["non_condition_subject_starts"] + d["advice_verbs"]),
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
        monitoring=lexicon.words_pattern(d["monitoring_words"]),
        hedge=re.compile(
            lexicon.words_pattern(d["hedges"]).pattern
            + rf"|(?<![\w-])without\s+(?:\S+\s+){{0,3}}?(?:{lexicon.alternation(d['hedge_without'])})"
            r"(?![\w-])",
            re.I,
        ),
        hedge_openers=Keywords.of({h.split()[0] for h in d["hedges"]} | {"without"}),
        examples=FirstWorded(
            grammar().examples,
            Keywords.of({m.split()[0] for m in grammar_words["example_markers"]}),
        ),
        application=lexicon.phrases_pattern(d["application"]),
        populations=tuple(
            (Population(p), lexicon.words_pattern(words, prefix=True))
            for p, words in d["populations"].items()
        ),
        any_population=lexicon.words_pattern(
            [w for words in d["populations"].values() for w in words], prefix=True
        ),
    )


_CLAUSE_END = re.compile(r";|[.!?](?=\s|$)")


def hedged(text: str, start: int, end: int) -> bool:
    """Whether the wording at ``text[start:end]`` allows an exception: a hedge in its clause
    (between the semicolons or sentence ends around it; ``text`` has its parentheses masked, so a hedge in
    them is left to the condition it follows)."""
    v = vocab()
    if not v.hedge_openers.found(text):
        return False  # (a cheap test first: a hedge opens with one of these words)
    lo = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    hi = _CLAUSE_END.search(text, end)
    return v.hedge.search(text, lo, hi.start() if hi else len(text)) is not None


def soften(strength: Strength, text: str, start: int = 0, end: int = 0) -> Strength:
    """``strength``, relative when the wording at ``text[start:end]`` (by default, the
    text's first clause) is ``hedged``."""
    if strength is Strength.absolute and hedged(text, start, end):
        return Strength.relative
    return strength


@lru_cache(maxsize=MEMO_SIZE)
def population(condition: str) -> Population:
    """Population a condition concerns (first matching rule), else ``condition``."""
    if vocab().any_population.search(condition) is None:
        return Population.condition  # (one search of every rule's words first: most match none)
    for pop, pattern in vocab().populations:
        if pattern.search(condition):
            return pop
    return Population.condition


@lru_cache(maxsize=MEMO_SIZE)  # a phrase is stripped again at each step of its split
def strip_filler(text: str) -> str:
    """Leading filler ("in patients with", "known") removed."""
    text = strip_outer(text)
    for _ in range(8):
        stripped = vocab().filler.sub("", text)
        if stripped == text:
            break
        text = stripped
    return text
