"""Function-word patterns shared by the extractors, built from ``lexicons/grammar.toml``.

One definition each of "starts with an article", "a subordinate clause",
"examples follow", "a lone adjective": the extractors used to carry their
own slightly different copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline import lexicon


def starts(words: list[str], rest: str = "", *, hyphen_ends: bool = False) -> re.Pattern[str]:
    """Text starting with one of ``words`` (whole words), then ``rest``.

    With ``hyphen_ends`` a word may be followed by a hyphen ("generally well-tolerated"
    starts with "generally well").
    """
    end = r"(?!\w)" if hyphen_ends else r"(?![\w-])"
    return re.compile(rf"^\s*(?:{lexicon.alternation(words)}){end}{rest}", re.I)


@dataclass(frozen=True)
class Grammar:
    article: re.Pattern[str]
    subordinate: re.Pattern[str]
    clause_opener: re.Pattern[str]
    sentence_adverb: re.Pattern[str]  # a one-word opener ("Thus", "Specifically")
    anaphora: re.Pattern[str]
    examples: re.Pattern[str]
    examples_start: re.Pattern[str]
    preposition: re.Pattern[str]
    adjective: re.Pattern[str]
    #: Adjectives with no adjective ending ("deep", "high", "endocrine").
    plain_adjectives: frozenset[str]
    auxiliary_tail: re.Pattern[str]
    statement: re.Pattern[str]
    pronouns: frozenset[str]
    #: A semicolon that opens a clause ("; it may also ...", "; consult your doctor"), not a
    #: list element ("asthma; liver disease"): a verb or an instruction before the next one.
    new_clause: re.Pattern[str]
    #: Text ending in a negator: the wording after it is denied.
    negated: re.Pattern[str]
    #: A word every negator holds: text without one denies nothing (a cheap test first).
    negator_word: re.Pattern[str]
    clause_break: re.Pattern[str]
    #: Text ending in "who (do)": the wording after it is a relative clause.
    relative_opener: re.Pattern[str]


@cache
def grammar() -> Grammar:
    d = lexicon.load("grammar")
    return Grammar(
        article=starts(d["articles"], r"\s"),
        subordinate=starts(d["subordinators"]),
        clause_opener=starts(d["clause_openers"], r"[^,]*,\s*"),
        sentence_adverb=re.compile(
            rf"^\s*(?:{lexicon.alternation(d['sentence_adverbs'])}|[a-z]+ly)\s*$", re.I
        ),
        anaphora=starts(d["anaphora"]),
        examples=re.compile(
            rf",?\s*(?<![\w-])(?:{lexicon.alternation(d['example_markers'])})\s+", re.I
        ),
        examples_start=starts(d["example_markers"] + d["emphasis"]),
        preposition=lexicon.words_pattern(d["prepositions"]),
        adjective=re.compile(
            rf"^[a-z-]+(?P<suffix>{lexicon.alternation(d['adjective_suffixes'])})$", re.I
        ),
        plain_adjectives=frozenset(d["plain_adjectives"]),
        auxiliary_tail=re.compile(
            rf"(?:,?\s*\b(?:and|but|or)\b)?(?:\s+\b(?:{lexicon.alternation(d['auxiliaries'])})\b)*\s*$",
            re.I,
        ),
        statement=lexicon.words_pattern(d["statement_verbs"]),
        pronouns=frozenset(d["pronouns"]),
        new_clause=re.compile(
            r";(?=[^;]*(?:"
            + lexicon.words_pattern(d["statement_verbs"]).pattern
            + "|"
            + lexicon.words_pattern(d["instructions"]).pattern
            + r"|\b(?:it|this|that|there)['’]s\b))",
            re.I,
        ),
        negated=re.compile(rf"(?<![\w-])(?:{lexicon.alternation(d['negators'])})\s+$", re.I),
        negator_word=lexicon.words_pattern(d["negator_anchors"]),
        clause_break=re.compile(rf"(?:{lexicon.alternation(d['clause_breaks'])})\s*"),
        relative_opener=re.compile(
            rf"(?<![\w-])(?:{lexicon.alternation(d['relative_openers'])})\s+$", re.I
        ),
    )


#: A letter or digit: text without one is a leftover marker, never a term.
ALNUM = re.compile(r"[^\W_]")
#: ``Label: rest`` written without bold.
PLAIN_LABEL = re.compile(r"^([^:()]{2,60}):\s+(\S.*)$", re.S)
#: The same, the label ending in one parenthetical (``Common (1-10%): rest``).
PAREN_LABEL = re.compile(r"^([^:()]{2,60}\s*\([^():]{1,60}\)):\s+(\S.*)$", re.S)
#: The same, where the label may end in one parenthetical (``Warfarin (Coumadin): rest``)
#: and be followed by a dash instead (``Warfarin - more bleeding``).
PLAIN_LABEL_PAREN = re.compile(
    r"^([^:()]{2,60}?(?:\s*\([^():]{1,60}\))?)(?::|\s+[-–—])\s+(\S.*)$", re.S
)
#: A dash or colon after a term or condition: what follows explains it ("Hypotension -
#: dizziness", "Asthma: may worsen").
DASH_DETAIL = re.compile(r"\s+[-–—]\s+|:\s+")
#: A bare ``and``/``or`` between two phrases.
OR_AND = re.compile(r"\s+(and|or)\s+", re.I)
