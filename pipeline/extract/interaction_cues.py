"""How strongly interaction text warns: severity cues, from a clause, a label or a list's
lead-in.

The contract's order: ``avoid`` (avoid, do not combine, contraindicated with), then
``monitor``, then ``caution`` (use caution, a stated consequence: "may increase the levels
of"), else ``unspecified`` (merely listed). The cue words come from
``lexicons/interactions.toml``; this module compiles them once and reads a text's
strongest cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import lexicon
from pipeline.extract.grammar import grammar
from pipeline.extract.units import Label
from pipeline.models import SectionKind, Severity
from pipeline.normalize import MEMO_SIZE
from pipeline.sections import classify


@dataclass(frozen=True)
class _Vocab:
    clauses: re.Pattern[str]
    triggers: re.Pattern[str]
    explicit: re.Pattern[str]
    weak: re.Pattern[str]
    subject_verbs: re.Pattern[str]
    avoid_verbs: re.Pattern[str]  # "should (generally) be avoided" after a subject
    description: re.Pattern[str]  # "(drugs) that prolong the QT interval": says which drugs
    severity: tuple[tuple[re.Pattern[str], Severity], ...]
    grade: re.Pattern[str]  # a label of severity words only ("Use with caution", "Major")
    denial: re.Pattern[str]  # "no known interactions", "does not interact": no agents follow
    acts_on_drug: re.Pattern[str]  # "... the effectiveness of", "... its levels"
    any_cue: re.Pattern[str]  # explicit or weak wording or what an agent acts on: one pass
    known_kinds: re.Pattern[str]  # a name of a kind the lexicon knows (alcohol, food, class)
    effect_examples: re.Pattern[str]  # "side effects, such as" (at the end of a text)
    drugs_described: re.Pattern[str]  # "those (that are) affected" (at the end of a text)
    purpose: re.Pattern[str]  # "to avoid potential interactions": what is avoided is no agent


@cache
def vocab() -> _Vocab:
    d = lexicon.load("interactions")
    return _Vocab(
        # clause breaks: a semicolon that opens a clause, or ", but X may ..."
        clauses=re.compile(
            grammar().new_clause.pattern + r"\s*|,\s+(?:while|whereas)\s+|,\s+(?:but|and)\s+"
            r"(?=[\w'-]+(?:\s+[\w'-]+){0,4}\s+(?:may|can|could|might|will|should)\b)"
            # ", and use caution with ...": an instruction opens a clause of its own
            r"|(?P<instruction>,\s+(?:and\s+|but\s+)?(?="
            + lexicon.alternation(lexicon.load("grammar")["instructions"] + d["instruction_verbs"])
            + r"\b))",
            re.I,
        ),
        triggers=lexicon.words_pattern(d["list_triggers"]),
        explicit=_with_adverbs(
            d["explicit_triggers"], d["trigger_adverbs"], d["object_with_verbs"]
        ),
        weak=lexicon.words_pattern(d["weak_triggers"]),
        subject_verbs=lexicon.words_pattern(d["subject_verbs"]),
        avoid_verbs=lexicon.phrases_pattern(d["avoid_verbs"]),
        description=re.compile(
            rf"\b(?P<head>{lexicon.alternation(d['described_heads'])})"
            # (up to the next clause mark or the main clause's verb: "drugs that prolong
            # the QT interval should be avoided" keeps its avoid)
            r"\s+(?:that|which)\s+(?:(?:can|may|might|could|also)\s+)?[^,.;:()]*?"
            r"(?=\s+(?:should|must|is|are|will|would|may|can|could|might|need|increases|"
            r"decreases|raises|reduces|enhances|heightens|leads|results|causes)\b|[,.;:()]|$)",
            re.I,
        ),
        severity=tuple(
            # ("shouldn't be combined" says what "should not be combined" says)
            (lexicon.words_pattern(lexicon.with_contractions(d["severity"][k])), Severity(k))
            for k in ("avoid", "monitor", "caution")
        ),
        grade=re.compile(rf"(?:(?:{lexicon.alternation(d['grade_words'])})(?:\s+|$))+", re.I),
        acts_on_drug=lexicon.words_pattern(d["drug_properties"]),
        any_cue=_with_adverbs(
            d["explicit_triggers"] + d["weak_triggers"] + d["drug_properties"],
            d["trigger_adverbs"],
            d["object_with_verbs"],
        ),
        known_kinds=lexicon.words_pattern(
            [w for key in ("alcohol", "food", "herbal", "drug_classes") for w in d[key]]
        ),
        effect_examples=re.compile(
            rf"\b(?:{lexicon.alternation(d['effect_nouns'])})"
            r"\s*,?\s*(?:such\s+as|including|like|e\.g\.,?)\s*\Z",
            re.I,
        ),
        drugs_described=re.compile(
            rf"\b(?:{lexicon.alternation(d['described_drugs'])})"
            r"(?:\s+(?:that|which)\s+(?:are|is|may\s+be|can\s+be))?(?:\s+[a-z]+ly)?\s*$",
            re.I,
        ),
        purpose=re.compile(
            r"\bto\s+(?:help\s+)?avoid\s+(?:[\w-]+\s+){0,4}?"
            rf"(?:{lexicon.alternation(d['effect_nouns'] + d['purpose_objects'])})\b",
            re.I,
        ),
        denial=re.compile(
            rf"\bno\s+(?:(?:{lexicon.alternation(d['denial_qualifiers'])})\s+){{0,3}}interactions?\b"
            # ("doesn't interact", "isn't known to interact": contracted forms too)
            rf"|\b(?:{lexicon.alternation(lexicon.with_contractions(d['denials']))})\b",
            re.I,
        ),
    )


def _with_adverbs(words: list[str], adverbs: list[str], verbs: list[str]) -> re.Pattern[str]:
    """Any of ``words`` at word boundaries, one of ``adverbs`` allowed at each space
    ("used cautiously with", "those currently taking"), or one of ``verbs``, a drug and
    "with" ("administering tbo-filgrastim with", "combining this medication with")."""
    space = rf"\s+(?:(?:{lexicon.alternation(adverbs)})\s+)?"
    # the verbs go into the one trie (a second branch tried at every position cost a
    # quarter more time), the drug written as a placeholder that becomes its regex
    given = [f"{verb} {_DRUG} with" for verb in verbs]
    trie = lexicon.alternation(words + given, space=space).replace(
        re.escape(_DRUG), r"(?:this\s+)?[\w-]+"
    )
    return re.compile(
        rf"(?<![\w-])(?:{trie})(?![\w-])"
        # "used with (extreme) caution in patients with X": a manner, no agent follows
        r"(?!\s+(?:[\w-]+\s+)?(?:caution|care)\b)",
        re.I,
    )


#: Stands for the drug's name in ``_with_adverbs``' phrases (no lexicon word holds it).
_DRUG = "~"


def severity(text: str) -> Severity:
    if "avoid" in text:  # (a purpose avoids an effect, not an agent: no avoid cue)
        text = vocab().purpose.sub("", text)
    for pattern, sev in vocab().severity:
        if pattern.search(text):
            return sev
    return Severity.unspecified


@lru_cache(maxsize=MEMO_SIZE)
def cue(context: str) -> Severity:
    """The severity of an agent's context, its descriptions left out: in "those that
    prolong the QT interval" the verb says which drugs, not what the combination does."""
    if "that" in context or "which" in context:  # (most contexts describe nothing)
        context = vocab().description.sub(r"\g<head>", context)
    return severity(context)


#: The contract's precedence: avoid, then monitor, then caution, else unspecified.
_RANK = {Severity.unspecified: 0, Severity.caution: 1, Severity.monitor: 2, Severity.avoid: 3}


def strongest(*sevs: Severity) -> Severity:
    return max(sevs, key=_RANK.__getitem__, default=Severity.unspecified)


def inherited(labels: Sequence[Label]) -> Severity:
    """The strongest cue of the labels, lead-ins and sub-headings a unit is listed under
    (``Avoid combining with:``, ``**Contraindications:**``): it grades every item."""
    if not labels:
        return Severity.unspecified
    return strongest(*(_label_severity(lab.text) for lab in labels))


@cache
def _label_severity(label: str) -> Severity:
    """A label's cue: its severity words; a contraindications label (not one mixed with
    precautions or warnings) says avoid."""
    if classify(label) is SectionKind.contraindications and not _MIXED_LABEL.search(label):
        return Severity.avoid
    return severity(label)


_MIXED_LABEL = re.compile(r"(?:precaution|warning|caution)", re.I)


#: Wording that states what an interaction does ("may increase the levels of X").
EFFECT = re.compile(
    r"\b(?:(?:may|can|could|might|will|to)\s+(?:also\s+)?(?:increase|decrease|reduce|enhance|"
    r"potentiate|diminish|lower|raise|affect|alter|prolong|inhibit|intensify|exacerbate|worsen|"
    r"interfere|cause|lead)|(?:increases|decreases|reduces|enhances|potentiates|diminishes|lowers|"
    r"raises|affects|alters|prolongs|inhibits|intensifies|exacerbates|worsens|interferes))\b[^.;]*"
    r"|\b(?:increased|higher|greater)\s+risk\s+of\s+[^.;,]*",
    re.I,
)
