"""Contraindications, precautions and pregnancy sections -> contraindications rows.

Everything under a Contraindications label or heading is a condition
(``absolute`` unless its words say otherwise). Elsewhere in those sections,
sentences that prohibit or restrict use name conditions: after the wording
("contraindicated in A, B and C") or before it, as a subject ("Patients with
A should use caution"). Population labels ("Elderly Patients:") followed by
restrictive wording are conditions too. A sentence is read around its wording
by ``pipeline.extract.condition_sentences``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pipeline.extract.condition_lists import conditions, points_back
from pipeline.extract.condition_sentences import (
    co_use_only,
    sentence_conditions,
    strength_of,
    words,
)
from pipeline.extract.conditions import (
    MAX_CONDITION_WORDS,
    first_trigger,
    population,
    soften,
    strip_filler,
    vocab,
    without_denials,
)
from pipeline.extract.grammar import DASH_DETAIL, PLAIN_LABEL, grammar
from pipeline.extract.identity import Identity
from pipeline.extract.units import Unit, component_of, first_of_each, source_sections, walk
from pipeline.models import Population, SectionKind, Strength
from pipeline.normalize import (
    MEMO_SIZE,
    mask_parens,
    parentheticals,
    sentences,
    strip_outer,
)
from pipeline.sections import classify, normalize_heading
from pipeline.tree import Document

Row = dict[str, Any]

_SOURCES = frozenset(
    {SectionKind.contraindications, SectionKind.precautions, SectionKind.pregnancy}
)
#: "(If) you have asthma" under a Contraindications label: what you have is the condition.
#: ("* are pregnant" under "Do not take it if you:": the "you" is the label's.)
_YOU_HAVE = re.compile(
    r"^\s*(?:if\s+)?(?:you(?:['’]re|['’]ve(?:\s+ever)?\s+had)|(?:you\s+)?(?:are|have(?:\s+ever)?"
    r"(?:\s+had)?))\s+",
    re.I,
)


def extract(doc: Document, ident: Identity) -> list[Row]:
    rows = (
        row
        for section, labels in source_sections(doc, _SOURCES)
        for unit in walk(section, labels)
        for row in _unit_rows(unit, section.kind, ident)
    )
    return first_of_each(rows, lambda r: (_dedupe_key(r), r["component"]))


_PLAIN_POPULATIONS = frozenset(
    {
        "pregnancy",
        "pregnant",
        "pregnant women",
        "pregnant woman",
        "breastfeeding",
        "breast-feeding",
        "breastfeeding women",
        "breastfeeding mothers",
        "lactation",
        "nursing mothers",
        "nursing women",
        "lactating women",
    }
)


def _dedupe_key(row: Row) -> str:
    """Restating a population ("pregnant women" after "pregnancy") adds no row."""
    cond = str(row["condition"])
    return str(row["population"]) if cond in _PLAIN_POPULATIONS else cond


def _under_ci(unit: Unit, kind: SectionKind) -> bool:
    labels = [lab.text for lab in unit.labels] + ([unit.label] if unit.label else [])
    return kind is SectionKind.contraindications or any(
        classify(t) is SectionKind.contraindications for t in labels
    )


#: Words at most in a plain (unbolded) label naming populations ("Pregnancy and lactation:").
MAX_POPULATION_LABEL_WORDS = 4
#: Characters a plain label and its colon take at most (``grammar.PLAIN_LABEL``).
_PLAIN_LABEL_SPAN = 61

#: Labels inside a source section whose text is about something else.
_NOT_SOURCES = frozenset({SectionKind.interactions, SectionKind.faq, SectionKind.dosage})


def _unit_rows(unit: Unit, kind: SectionKind, ident: Identity) -> list[Row]:
    unit = _plain_population_label(unit)
    if unit.label is not None and classify(unit.label) in _NOT_SOURCES:
        return []
    if unit.columns and unit.label and _is_condition_column(unit.columns[0][0]):
        # "| Asthma | Avoid |": the condition cell is the condition; the others say how strictly
        strength = _cell_strength(unit.text, under_ci=_under_ci(unit, kind))
        return _rows([(unit.label, strength)], unit, ident) if strength else []
    if _under_ci(unit, kind):
        pairs = _ci_block(unit, ident)
    else:
        pairs = [p for s in sentences(unit.text) for p in sentence_conditions(s, ident)]
    rows = _rows(pairs, unit, ident)
    if not rows:  # items after "X should be used with caution in patients with:"
        rows = _rows(_listed_after(unit), unit, ident)
    if not rows:  # the label is the condition only when the text names none
        rows = _rows(_label_conditions(unit, kind, ident), unit, ident)
    elif unit.label is not None and not _label_populations(unit.label) <= {
        row["population"] for row in rows
    }:
        # or a population of it the text does not name, but restricts in a sentence of its own
        named = {row["population"] for row in rows}
        for row in _rows(_label_conditions(unit, kind, ident), unit, ident):
            pop = row["population"]
            if pop is not Population.condition and pop not in named:
                others = _label_populations(unit.label) - {pop}
                strength = _population_strength(unit.text, pop, row["strength"], others)
                if strength is not None:
                    rows.append({**row, "strength": strength})
                    named.add(pop)
    return rows


def _plain_population_label(unit: Unit) -> Unit:
    """ "Pregnancy and lactation: The safety ... is unknown": a label, if not a bold one."""
    if unit.label is not None or ":" not in unit.text[:_PLAIN_LABEL_SPAN]:
        return unit  # (the cheap test first: most units open with no label)
    plain = PLAIN_LABEL.match(unit.text)
    if (
        plain is None
        or len(plain.group(1).split()) > MAX_POPULATION_LABEL_WORDS
        or not _label_populations(plain.group(1))
    ):
        return unit
    return unit._replace(label=plain.group(1), text=plain.group(2))


def _population_strength(
    text: str, pop: Population, default: Strength, others: frozenset[Population] = frozenset()
) -> Strength | None:
    """How strictly the text restricts a label's population: as a sentence mentioning it
    says ("Do not use it in pregnancy"); none when such a sentence says it is safe or that
    nothing is known ("compatible with breastfeeding", "not known whether it passes into
    breast milk"); else as the text does (``default``) when it restricts in a sentence not
    about one of the label's ``others``. A restriction of another population only is not
    this one's ("Pregnancy and Breastfeeding: Category C, a risk to the fetus. Breastfeeding
    should be avoided"): a risk the text states for it is relative, and without one, none."""
    w = words()
    general = mentioned = False
    for sentence in sentences(text):
        if w.mentions[pop].search(sentence):
            strength = strength_of(sentence)
            if strength is not None:
                return strength
            if w.safe.search(sentence):
                return None
            mentioned = True
        elif not general and not any(w.mentions[o].search(sentence) for o in others):
            general = strength_of(sentence) is not None
    if general:
        return default
    return Strength.relative if mentioned else None


def _listed_after(unit: Unit) -> list[tuple[str, Strength]]:
    """A unit listed under a label whose restricting wording still awaits its conditions
    ("Use with caution in patients with:", "**Do not use if you have:** a, b"): it names them."""
    if unit.label is not None:
        label, text = unit.label, unit.text
    elif unit.is_item and unit.labels:
        label, text = unit.labels[-1].text, unit.text
    else:
        return []
    strength = _awaits_conditions(label)
    if strength is None and unit.label is None and unit.labels[-1].intro.endswith(":"):
        # "**Warnings:** X should be used with caution in patients with:" over the list: the
        # label's lead-in awaits them
        strength = _awaits_conditions(unit.labels[-1].intro)
    if strength is None or not text:
        return []
    head = DASH_DETAIL.split(sentences(text)[0])[0]
    people = _PEOPLE_WITH.match(head)  # "In patients with A, B": a list, whatever its verbs
    you = _YOU_HAVE.match(head)
    if you is not None:
        head = head[you.end() :]
    elif not people and words().symptom.search(head):  # "(you) notice yellowing": a sign
        return []
    # (a sentence with wording of its own was read as one)
    listed = people or _names_conditions(head)
    return [(head, strength)] if listed and not first_trigger(head) else []


#: A label ending in "if you have" / "if you are": the items below are the conditions.
_IF_YOU_END = re.compile(r"\bif\s+you(?:\s+(?:have|are|had|were))?\s*:?\s*$", re.I)


@lru_cache(maxsize=MEMO_SIZE)  # every item under the label asks again
def _awaits_conditions(label: str) -> Strength | None:
    """Strength of a label's restricting wording when nothing but filler follows it."""
    found = first_trigger(mask_parens(label))
    if found is not None and found[2] and _IF_YOU_END.search(label):
        return found[1]  # "You should not use X if you are allergic to it, or if you have:"
    if found is None or found[2]:  # no wording, or one whose conditions are its subject
        return None
    after = strip_outer(parentheticals(label[found[0].end() :])[0])
    if words().site.match(after):  # "Avoid use on:": where, not who
        return None
    rest = words().opener.sub("", strip_filler(after)) + " "
    gerund = words().gerund.match(rest)  # "before using this medication if you have"
    rest = strip_filler(rest[gerund.end() :] if gerund else rest)
    return found[1] if not words().list_openers.sub(" ", rest).strip(" :,.") else None


def _rows(pairs: list[tuple[str, Strength]], unit: Unit, ident: Identity) -> list[Row]:
    found = [
        (cond_raw, cond, strength)
        for raw, strength in pairs
        for cond_raw, cond in conditions(raw, ident)
    ]
    if not found:
        return []
    component = component_of(unit, ident)  # (only for rows: most units give none)
    return [
        {
            "component": component,
            "condition": cond,
            "condition_raw": cond_raw,
            "population": population(cond),
            "strength": _excepted(strength, cond_raw),
            "line": unit.line,
        }
        for cond_raw, cond, strength in found
    ]


def _excepted(strength: Strength, raw: str) -> Strength:
    """A condition whose own parenthetical allows an exception ("heart block (unless a
    pacemaker is in place)") is relative."""
    if (
        strength is Strength.absolute
        and "(" in raw
        and any(vocab().hedge.search(inner) for inner in parentheticals(raw)[1])
    ):
        return Strength.relative
    return strength


def _ci_block(unit: Unit, ident: Identity) -> list[tuple[str, Strength]]:
    """Text under a Contraindications label: every condition counts, absolute by default
    (relative under a label saying so: "Relative contraindications:", "Use with caution")."""
    strength = Strength.absolute
    for text in ([unit.label] if unit.label else []) + [lab.text for lab in reversed(unit.labels)]:
        if words().relative_cells.search(text):  # the innermost label saying either wins
            strength = Strength.relative
            break
        if words().absolute_cells.search(text):
            break
    found: list[tuple[str, Strength]] = []
    said = sentences(unit.text)
    # a paragraph of one short sentence is read like an item ("Severe renal impairment.")
    short = len(said) == 1 and len(said[0].split()) <= MAX_CONDITION_WORDS
    for i, sentence in enumerate(said):
        hits = sentence_conditions(sentence, ident)
        if hits:
            found += hits
        elif i == 0 and (unit.is_item or unit.label or short) and not co_use_only(sentence):
            # (a sentence whose restriction named no condition, "It should not be used with
            # A, B", is no list of conditions either)
            said_strength = soften(strength, mask_parens(sentence))
            you = _YOU_HAVE.match(sentence)
            if you is not None:  # "* You are allergic to penicillin" under "Do not use if:"
                found.append((sentence[you.end() :], said_strength))
            elif _names_conditions(sentence) or _PEOPLE_WITH.match(sentence):
                found.append((sentence, said_strength))
    return found


#: "(In) patients with A, B, those taking C": under a label that states strength, what
#: follows names conditions, whatever verbs its elements hold.
_PEOPLE_WITH = re.compile(
    r"^\s*(?:(?:in|for|among)\s+)?(?:patients|individuals|people|persons|those|anyone)\s+"
    r"(?:with|who\s+have|who\s+are|having)\b",
    re.I,
)


def _names_conditions(sentence: str) -> bool:
    """A sentence under a Contraindications label that lists conditions: no verb, or
    examples of them ("Conditions where motility could be harmful, such as A or B")."""
    masked = mask_parens(sentence)
    # a verb in a clause about people qualifies them ("women who may become pregnant"); a
    # "that" clause may run on into the main verb ("Conditions that would X are not known")
    main = _RELATIVE_CLAUSE.sub(" ", masked)
    return not grammar().statement.search(main) or bool(grammar().examples.search(masked))


_RELATIVE_CLAUSE = re.compile(r"(?<=\w)\s+(?:who|whom|whose)\s+[^,;:.]*", re.I)


@lru_cache(maxsize=MEMO_SIZE)
def _label_populations(label: str) -> frozenset[Population]:
    """The populations a label names ("Pregnancy and Breastfeeding": both)."""
    key = normalize_heading(label)
    return frozenset(pop for pop, pattern in vocab().populations if pattern.search(key))


def _label_conditions(unit: Unit, kind: SectionKind, ident: Identity) -> list[tuple[str, Strength]]:
    """``**Elderly Patients:** Use with caution`` -> the label is the condition. Under a
    pregnancy heading (often such a label, promoted to a pseudo-heading) the heading is."""
    label = unit.label
    if label is None and kind is SectionKind.pregnancy and unit.labels:
        label = unit.labels[-1].text
    if label is None or not unit.text:
        return []
    key = normalize_heading(label)
    if key in vocab().non_condition_labels or classify(label) in (
        SectionKind.side_effects,
        SectionKind.usage,
    ):
        return []
    strength = strength_of(unit.text)
    if strength is None:
        return []
    if (
        population(key) is Population.condition
        and not vocab().condition_words.search(key)
        and not _points_back(unit.text, ident)
    ):
        return []
    return [(label, strength)]


def _points_back(text: str, ident: Identity) -> bool:
    """The text restricts use in "these conditions" or "such patients": the ones its label
    names (a label naming no condition word is still the condition then)."""
    return any(
        points_back(raw) for s in sentences(text) for raw, _ in sentence_conditions(s, ident)
    )


def _is_condition_column(header: str) -> bool:
    return normalize_heading(header) in words().condition_columns


def _cell_strength(text: str, *, under_ci: bool) -> Strength | None:
    """Strength a table row's other cells give its condition (None: they restrict nothing)."""
    text = without_denials(text)
    found = first_trigger(text)
    if found is not None:
        return found[1]
    if words().relative_cells.search(text):
        return Strength.relative
    if under_ci or words().absolute_cells.search(text):
        return Strength.absolute
    return None
