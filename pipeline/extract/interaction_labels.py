"""Labels and headings in interaction text: which name an agent, which grade the agents
listed under them, and which only say "interactions".

``**Warfarin:** ...`` names its agent; ``**Avoid combining with:** A, B`` grades A and B;
``**Drug Interactions:**`` names none. A class label may carry its members in its text
(``**Anticoagulants:** warfarin may ...``).
"""

from __future__ import annotations

import re

from pipeline.extract.agent_vocab import vocab as agent_vocab
from pipeline.extract.agents import known_type, split_agents
from pipeline.extract.grammar import PLAIN_LABEL_PAREN, grammar
from pipeline.extract.identity import Identity
from pipeline.extract.interaction_cues import EFFECT, severity, vocab
from pipeline.extract.units import Unit
from pipeline.models import AgentType, SectionKind, Severity
from pipeline.normalize import normalize_term, parentheticals, sentences, strip_outer
from pipeline.sections import classify, is_known_heading

#: A sub-heading longer than this (in words) names a topic, not an agent.
MAX_HEADING_AGENT_WORDS = 4
_GENERIC_LABEL = re.compile(r"\binteract\w*", re.I)
#: A class label's only member: one name, nothing more ("warfarin", "St. John's wort" is two).
_SINGLE_NAME = re.compile(r"[^\W\d_][\w'’-]*\Z")


def plain_label(text: str) -> re.Match[str] | None:
    """``Label: text`` written without bold (``PLAIN_LABEL_PAREN``)."""
    if ":" not in text and " -" not in text and " –" not in text and " —" not in text:
        return None  # (no label mark: most units)
    return PLAIN_LABEL_PAREN.match(text)


def names_interactions(label: str) -> bool:
    """A label that only names interactions ("Drug interactions", "Interactions with other
    medications"); not one awaiting agents ("Interacts with: A; B": a lead-in)."""
    return (
        is_generic_label(label)
        and not awaits_agents(label)
        and classify(label) is SectionKind.interactions
    )


def label_type(label: str) -> AgentType:
    return known_type(normalize_term(parentheticals(label)[0]))


def members(label: str, rest: str) -> list[str]:
    """``**Antacids:** aluminium hydroxide, magnesium hydroxide``: after a class label, a bare
    list of short names opening the text is the class's members."""
    if not rest or label_type(label) is not AgentType.drug_class:
        return []
    return bare_names(rest)


def bare_names(rest: str) -> list[str]:
    """A bare list of short names opening ``rest``. Text with a verb, effect wording or a
    preposition is a sentence ("Antacids: may reduce absorption"), read as one."""
    said = sentences(rest)
    if not said:  # "- **Interactions with:**" over a nested list: the items name the agents
        return []
    first = said[0]
    core = parentheticals(first)[0]
    if (
        grammar().statement.search(core)
        or grammar().preposition.search(core)
        or EFFECT.search(core)
        or vocab().subject_verbs.search(core)
        or vocab().triggers.search(core)
    ):
        return []
    members = split_agents(strip_outer(first))
    if len(members) == 1:  # one member: only a single name ("**Anticoagulants:** warfarin")
        return members if _single_member(parentheticals(members[0])[0]) else []
    if not members or any(len(parentheticals(m)[0].split()) > 3 for m in members):
        return []
    return members


#: Endings of effect nouns ("hypokalemia", "bradycardia", "toxicity", "sedation").
_EFFECT_NOUN = re.compile(r"(?:ia|is|ion|ness|ity)$", re.I)


def _single_member(word: str) -> bool:
    """One name, not a word of the interaction ("Contraindicated", "Hypokalemia", "Additive")."""
    return bool(
        _SINGLE_NAME.match(word)
        and not grammar().adjective.match(word)
        and not _EFFECT_NOUN.search(word)
        and severity(word) is Severity.unspecified
    )


def heading_agent(unit: Unit, ident: Identity) -> str | None:
    """The sub-heading or bold line right above a unit when it names an agent: short, not a
    section, a grade, a component or generic wording ("### Clarithromycin")."""
    if not unit.labels or unit.labels[-1].opens_list:
        return None
    head = unit.labels[-1].text
    if (
        len(head.split()) > MAX_HEADING_AGENT_WORDS
        or head.rstrip().endswith("?")
        or (is_known_heading(head) and classify(head) is not SectionKind.interactions)
        or is_generic_label(head)
        or is_grade(head)
        or awaits_agents(head)  # "Avoid combining with": a lead-in of the list below
        or ident.component_in(head)
    ):
        return None
    return head


def under_lead_in(unit: Unit) -> bool:
    """Right under a label that grades or awaits agents ("Avoid combining with:")."""
    return bool(unit.labels) and (
        is_grade(unit.labels[-1].text) or awaits_agents(unit.labels[-1].text)
    )


def awaits_agents(label: str) -> bool:
    """A label ending in list wording ("Avoid combining with", "Interacts with")."""
    ends = [m.end() for m in vocab().triggers.finditer(label)]
    return bool(ends) and not label[ends[-1] :].strip(" :.-–—")


def is_grade(label: str) -> bool:
    """A label that only grades what follows ("Contraindicated", "Use with caution",
    "Major"): its words are all severity or grade words."""
    return vocab().grade.fullmatch(normalize_term(label)) is not None


def is_generic_label(label: str) -> bool:
    """Labels that name no agent: "Drug Interactions", "Other medications"."""
    return bool(_GENERIC_LABEL.search(label)) or normalize_term(label) in agent_vocab().unspecific
