"""Interaction sections and interaction-labelled precautions -> interactions rows.

Agents come from lists after interaction wording ("interacts with a, b and
c", "including a, b"), from subjects of interaction verbs ("Antacids may
reduce ..."), from lead-in labels naming an agent (``**Warfarin:** ...``,
``**Alcohol Consumption:** ...``) and from short list items. Outside an
interaction label, explicit interaction wording ("interacts with", "taken
with") names any agent, weaker wording ("avoid") only agents the lexicon
knows (alcohol, foods, herbals, drug classes). Links to other monographs are
made later (``pipeline.link``), when every monograph of the run is known; a phrase
is cleaned into agents by ``pipeline.extract.agents``. Severity cues are read by
``interaction_cues``, labels by ``interaction_labels``, sentences by
``interaction_clauses``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pipeline.extract.agent_vocab import vocab as agent_vocab
from pipeline.extract.agents import agent_type, agents, known_type
from pipeline.extract.columns import agent_cells
from pipeline.extract.identity import Identity
from pipeline.extract.interaction_clauses import refers_back, sentence_agents
from pipeline.extract.interaction_cues import EFFECT, cue, inherited, severity, strongest, vocab
from pipeline.extract.interaction_labels import (
    awaits_agents,
    bare_names,
    heading_agent,
    is_generic_label,
    is_grade,
    label_type,
    members,
    names_interactions,
    plain_label,
    under_lead_in,
)
from pipeline.extract.own_drug import spelled_as_drug
from pipeline.extract.units import Label, Unit, component_of, source_sections, walk
from pipeline.models import AgentType, SectionKind, Severity
from pipeline.normalize import (
    MEMO_SIZE,
    mask_parens,
    parentheticals,
    sentences,
    strip_outer,
)
from pipeline.sections import classify
from pipeline.tree import Document

Row = dict[str, Any]

_SOURCES = (SectionKind.interactions, SectionKind.precautions)


def extract(doc: Document, ident: Identity) -> list[Row]:
    rows: list[Row] = []
    for section, labels in source_sections(doc, _SOURCES):
        # the rows of the list just read: items in a row that each named agents, under
        # the same labels (a paragraph after other items refers to those, not to agents)
        listed: list[Row] = []
        list_labels: tuple[Label, ...] = ()
        for unit in walk(section, labels):
            got = _unit_rows(
                unit,
                _in_context(unit, section.kind),
                ident,
                by_heading=section.kind is SectionKind.interactions,
                # the labels inside the section: the headings above it grade nothing
                inherited=inherited(unit.labels[len(labels) :]),
                # the unit's own ("**Contraindications:** concomitant use with A": avoid)
                own=inherited(_own_label(unit)),
            )
            if unit.is_item:
                same = bool(listed) and unit.labels == list_labels
                listed = [*listed, *got] if got and same else got
                list_labels = unit.labels
                rows += got
                continue
            if not got and listed and list_labels[: len(unit.labels)] == unit.labels:
                # a paragraph after a list referring back to it ("Close monitoring is
                # needed with any of these medications") grades the list's agents
                cue = _referring_cue(unit.text)
                for row in listed:
                    row["severity"] = strongest(row["severity"], cue)
            listed = []
            rows += got
    return [row for row in _strongest_of_each(rows) if not spelled_as_drug(row["agent"], ident)]


def _graded(said: Severity, own: Severity) -> Severity:
    """``said`` when the text gives a cue, else the unit's own label's."""
    return own if said is Severity.unspecified else said


def _own_label(unit: Unit) -> tuple[Label, ...]:
    return (Label(unit.label, unit.line),) if unit.label is not None else ()


def _referring_cue(text: str) -> Severity:
    """The strongest cue of the sentences of ``text`` that refer back."""
    return strongest(*(severity(s) for s in sentences(text) if refers_back(s)))


def _strongest_of_each(rows: Iterable[Row]) -> list[Row]:
    """One row per agent (and component), the first; its severity the strongest cue of
    all its mentions (the contract's severity is the text's strongest for the agent)."""
    rows = list(rows)
    named = _abbreviated(rows)
    firsts: dict[tuple[str, str | None], Row] = {}
    for row in rows:
        agent: str = named.get(row["agent"]) or row["agent"]
        key = (_class_key(agent), row["component"])
        first = firsts.setdefault(key, row)
        if first is not row:
            first["severity"] = strongest(first["severity"], row["severity"])
        elif agent != row["agent"]:  # ("MAOIs" before "monoamine oxidase inhibitors (MAOIs)")
            full = next(r for r in rows if r["agent"] == agent)
            row.update({k: full[k] for k in ("agent", "agent_raw", "agent_type")})
    return list(firsts.values())


def _class_key(agent: str) -> str:
    """One key for the ways of naming one class: "antiplatelet medications" and
    "antiplatelet therapies", "an MAO inhibitor" and "MAO inhibitors"."""
    v = agent_vocab()
    return v.member_head.sub(r"\1s", v.generic_head.sub("", agent))


#: An abbreviation in parentheses after an agent: one token with two capitals or more.
_ABBREVIATION = re.compile(r"\(\s*([\w-]{2,10})\s*\)")


def _abbreviated(rows: list[Row]) -> dict[str, str]:
    """Abbreviations the rows define ("monoamine oxidase inhibitors (MAOIs)"): the
    abbreviation's agent -> the agent it stands for (a later "MAOIs" is the same agent, and
    so are "an MAOI" and "MAOI treatment", one of the class and its use)."""
    out: dict[str, str] = {}
    for row in rows:
        raw = row["agent_raw"]
        if "(" not in raw:
            continue
        for m in _ABBREVIATION.finditer(raw):
            short = m.group(1)
            if sum(c.isupper() for c in short) >= 2 and short.lower() != row["agent"]:
                for form in _FORMS_OF.get(short.lower()[-1:], ("{}",)):
                    out.setdefault(form.format(short.lower().removesuffix("s")), row["agent"])
    return out


#: What a plural abbreviation's class is also written as: one member, and its use.
_FORMS_OF = {"s": ("{}s", "{}", "{} treatment", "{} therapy")}


def _in_context(unit: Unit, kind: SectionKind) -> bool:
    """In an interactions section, or under a label naming interactions."""
    return kind is SectionKind.interactions or any(
        classify(lab.text) is SectionKind.interactions for lab in unit.labels
    )


def _unit_rows(
    unit: Unit,
    in_context: bool,
    ident: Identity,
    *,
    by_heading: bool,
    inherited: Severity = Severity.unspecified,
    own: Severity = Severity.unspecified,
) -> list[Row]:
    """Rows of one unit; ``by_heading``: in an interactions section, where a sub-heading or
    bold line over the text may name its agent ("### Clarithromycin", "**Colchicine**");
    ``inherited``: the cue of the labels the unit is listed under; ``own``: its own label's,
    which grades an agent whose sentence says nothing of its own ("**Contraindications:**
    concomitant use with A"; not "... Use caution with B": B's sentence speaks for B)."""
    component = component_of(unit, ident)
    label = unit.label
    if label is not None:
        kind = classify(label)
        if kind in (SectionKind.faq, SectionKind.side_effects, SectionKind.dosage):
            return []
        if kind is SectionKind.interactions:
            in_context = True
    # (agent as written, text it came from, whether an agent unknown to the lexicon counts)
    found: list[tuple[str, str, bool]] = []
    # a table row's cells but the first; not one that only grades ("| Drug | Severity |")
    text = (
        "; ".join(c for _, c in unit.columns[1:] if c and not is_grade(c))
        if unit.columns
        else unit.text
    )
    # "**Avoid Alcohol:** Combining it with ... can increase drowsiness": outside an
    # interaction context, a label telling to avoid or limit a kind of agent names it
    says_avoid = not in_context and label is not None and vocab().weak.match(label) is not None
    if not in_context and not says_avoid and not _may_name_agents(text):
        return []  # (outside an interaction context, nothing here could name an agent)
    agent_cell, effect_cell = agent_cells(unit.columns)
    if agent_cell is not None and in_context:  # "| Severity | Drug |": the drug column's cell
        # (the first cell, read as the row's label, is one of the row's words: "Avoid")
        found.append((agent_cell, f"{label}: {unit.text}" if label else unit.text, True))
        label = None
    if label is not None and in_context and (is_grade(label) or awaits_agents(label)):
        # "**Contraindicated:** A, B", "**Avoid combining with:** A, B": the label says how
        # severe, the text names the agents; the label is no agent itself
        found += [(name, f"{label}: {unit.text}", True) for name in bare_names(text)]
        label = None
    if label is not None and in_context and not is_generic_label(label):
        found.append((label, unit.text, True))
        found += [(member, unit.text, True) for member in members(label, text)]
    elif label is None and by_heading and (head := heading_agent(unit, ident)) is not None:
        found.append((head, unit.text, True))
    m = plain_label(text) if label is None else None
    if m is not None and names_interactions(m.group(1)):
        # "Interactions with other drugs:  A may ... B should be avoided": a plain label
        # naming interactions opens an interactions unit; it names no agent itself
        in_context, text = True, m.group(2)
    elif (
        in_context
        and m is not None
        and not is_generic_label(m.group(1))
        # (in a paragraph, only a label naming a known kind of agent: "Note: ..." names none)
        and (unit.is_item or label_type(m.group(1)) not in (AgentType.drug, AgentType.other))
    ):
        found.append((m.group(1), m.group(2), True))
        found += [(member, m.group(2), True) for member in members(m.group(1), m.group(2))]
        text = m.group(2)
    if says_avoid and label is not None:
        found += [
            (a, f"{label} ; {cues}", ok) for a, ok, cues in sentence_agents(label, False, ident)
        ]
    before = ""  # the sentence before, when it named no agent
    last = ""  # the sentence before
    said_all = sentences(text)
    # (one sentence passed the unit's test already; of several, those with a cue are read)
    cued = _cued(text, said_all) if not in_context and len(said_all) > 1 else None
    for i, sentence in enumerate(said_all):
        said = sentence_agents(sentence, in_context, ident) if cued is None or cued[i] else []
        names = any(agents(a, ident) for a, _, _ in said)
        if not names and found and refers_back(sentence):
            # "Close monitoring is needed with any of these medications": the sentence's
            # cues grade the agents named before it
            found = [(a, f"{cues} ; {sentence}", ok) for a, cues, ok in found]
        if names and before and agent_vocab().list_opener.match(sentence):
            # "X interacts with many drugs, increasing their effects. These include A, B":
            # the list stands for the sentence before, and takes its cues
            said = [(a, ok, f"{cues} ; {before}") for a, ok, cues in said]
        elif names and last and agent_vocab().similar.match(sentence):
            # "Strong CYP3A4 inhibitors can increase its levels. Similar interactions are
            # possible with P-gp inhibitors": graded as the sentence before
            said = [(a, ok, f"{cues} ; {last}") for a, ok, cues in said]
        found += [(a, cues, ok) for a, ok, cues in said]
        before = "" if names else sentence
        last = sentence
    if unit.is_item and in_context and label is None and not found:
        core = parentheticals(text)[0]
        if len(core.split()) <= 4:
            found.append((text, text, True))
    elif not unit.is_item and in_context and label is None and not found and under_lead_in(unit):
        # "**Avoid combining with:**" over a plain paragraph "A, B and C": a list of agents
        found += [(name, text, True) for name in bare_names(text)]
    rows: list[Row] = []
    named = ""  # the last agent named by a mechanism with its enzyme ("cyp3a4 inducers")
    for raw, context, any_agent in found:
        for agent_raw, agent in agents(raw, ident):
            if " " in agent and agent.rsplit(" ", 1)[1] in agent_vocab().mechanism_heads:
                named = agent
            elif named and agent in agent_vocab().mechanism_heads:
                agent = _with_enzyme_of(named, agent)
            if not any_agent and known_type(agent) in (AgentType.drug, AgentType.other):
                continue  # after weak wording only alcohol, foods, herbals and classes count
            rows.append(
                {
                    "component": component,
                    "agent": agent,
                    "agent_raw": agent_raw,
                    "agent_type": agent_type(agent),
                    "effect": effect_cell if effect_cell is not None else _effect(context),
                    "severity": _graded(strongest(cue(context), inherited), own),
                    "linked_monograph_id": None,
                    "line": unit.line,
                }
            )
    return rows


def _with_enzyme_of(named: str, head: str) -> str:
    """ "inhibitors" after "strong cyp3a4 inducers" in one unit: the enzyme's inhibitors
    ("cyp3a4 inhibitors"); a qualifier of strength belongs to the class it was said of."""
    words = named.split()[:-1]
    while words and words[0] in agent_vocab().qualifiers:
        words = words[1:]
    return " ".join([*words, head]) if words else head


def _cued(text: str, said: list[str]) -> list[bool]:
    """Which of the sentences ``said`` of ``text`` may name agents: one search of the
    whole text, its matches placed in the sentences (a sentence not found as written, or
    avoid wording, is tested on its own)."""
    starts = [m.start() for m in vocab().any_cue.finditer(text)]
    avoided = _avoid_wording(text)
    out: list[bool] = []
    pos = 0
    for sentence in said:
        at = text.find(sentence, pos)
        if at < 0 or avoided:
            out.append(_may_name_agents(sentence))
            continue
        pos = at + len(sentence)
        out.append(any(at <= start < pos for start in starts))
    return out


def _may_name_agents(text: str) -> bool:
    """Outside an interaction context: interaction wording, or avoid wording with a kind of
    agent the lexicon knows ("Live vaccines should be avoided"). Cheap tests first."""
    v = vocab()
    if v.any_cue.search(text):
        return True
    return (
        _avoid_wording(text)  # (a cheap test first)
        and v.avoid_verbs.search(text) is not None
        and v.known_kinds.search(text) is not None
    )


def _avoid_wording(text: str) -> bool:
    """Whether ``text`` may hold an avoid verb: each says "avoided" or "should be"."""
    low = text.lower()
    return "avoided" in low or "should be" in low


@lru_cache(maxsize=MEMO_SIZE)  # the agents of one list share their context
def _effect(text: str) -> str | None:
    m = EFFECT.search(mask_parens(text))
    return strip_outer(text[m.start() : m.end()]) or None if m else None
