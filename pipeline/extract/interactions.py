"""Interaction sections and interaction-labelled precautions -> interactions rows.

Agents come from lists after interaction wording ("interacts with a, b and
c", "including a, b"), from subjects of interaction verbs ("Antacids may
reduce ..."), from lead-in labels naming an agent (``**Warfarin:** ...``,
``**Alcohol Consumption:** ...``) and from short list items. Outside an
interaction label, explicit interaction wording ("interacts with", "taken
with") names any agent, weaker wording ("avoid") only agents the lexicon
knows (alcohol, foods, herbals, drug classes). Links to other monographs are
made later (``pipeline.link``), when every monograph of the run is known; a phrase
is cleaned into agents by ``pipeline.extract.agents``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from pipeline import lexicon
from pipeline.extract.agents import (
    agent_type,
    agents,
    distribute,
    known_kind,
    known_type,
    opens_with_own_drug,
    spelled_as_drug,
    split_agents,
)
from pipeline.extract.agents import vocab as agent_vocab
from pipeline.extract.columns import agent_cells
from pipeline.extract.grammar import PLAIN_LABEL_PAREN, grammar
from pipeline.extract.identity import Identity
from pipeline.extract.units import Label, Unit, component_of, source_sections, walk
from pipeline.models import AgentType, SectionKind, Severity
from pipeline.normalize import (
    MEMO_SIZE,
    mask_parens,
    normalize_term,
    parentheticals,
    sentences,
    split_list,
    strip_outer,
)
from pipeline.sections import classify, is_known_heading
from pipeline.tree import Document

Row = dict[str, Any]

_SOURCES = (SectionKind.interactions, SectionKind.precautions)
#: A sub-heading longer than this (in words) names a topic, not an agent.
MAX_HEADING_AGENT_WORDS = 4
_GENERIC_LABEL = re.compile(r"\binteract\w*", re.I)
#: A class label's only member: one name, nothing more ("warfarin", "St. John's wort" is two).
_SINGLE_NAME = re.compile(r"[^\W\d_][\w'’-]*\Z")
_EFFECT = re.compile(
    r"\b(?:(?:may|can|could|might|will|to)\s+(?:also\s+)?(?:increase|decrease|reduce|enhance|"
    r"potentiate|diminish|lower|raise|affect|alter|prolong|inhibit|intensify|exacerbate|worsen|"
    r"interfere|cause|lead)|(?:increases|decreases|reduces|enhances|potentiates|diminishes|lowers|"
    r"raises|affects|alters|prolongs|inhibits|intensifies|exacerbates|worsens|interferes))\b[^.;]*"
    r"|\b(?:increased|higher|greater)\s+risk\s+of\s+[^.;,]*",
    re.I,
)


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


@cache
def _vocab() -> _Vocab:
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
            (lexicon.words_pattern(d["severity"][k]), Severity(k))
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
    for pattern, sev in _vocab().severity:
        if pattern.search(text):
            return sev
    return Severity.unspecified


@lru_cache(maxsize=MEMO_SIZE)
def _cue(context: str) -> Severity:
    """The severity of an agent's context, its descriptions left out: in "those that
    prolong the QT interval" the verb says which drugs, not what the combination does."""
    if "that" in context or "which" in context:  # (most contexts describe nothing)
        context = _vocab().description.sub(r"\g<head>", context)
    return severity(context)


#: The contract's precedence: avoid, then monitor, then caution, else unspecified.
_RANK = {Severity.unspecified: 0, Severity.caution: 1, Severity.monitor: 2, Severity.avoid: 3}


def strongest(*sevs: Severity) -> Severity:
    return max(sevs, key=_RANK.__getitem__, default=Severity.unspecified)


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
                inherited=_inherited(unit.labels[len(labels) :]),
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


def _referring_cue(text: str) -> Severity:
    """The strongest cue of the sentences of ``text`` that refer back."""
    return strongest(*(severity(s) for s in sentences(text) if _refers_back(s)))


def _strongest_of_each(rows: Iterable[Row]) -> list[Row]:
    """One row per agent (and component), the first; its severity the strongest cue of
    all its mentions (the contract's severity is the text's strongest for the agent)."""
    rows = list(rows)
    named = _abbreviated(rows)
    firsts: dict[tuple[str, str | None], Row] = {}
    for row in rows:
        agent: str = named.get(row["agent"]) or row["agent"]
        key = (agent, row["component"])
        first = firsts.setdefault(key, row)
        if first is not row:
            first["severity"] = strongest(first["severity"], row["severity"])
        elif key[0] != row["agent"]:  # ("MAOIs" before "monoamine oxidase inhibitors (MAOIs)")
            full = next(r for r in rows if r["agent"] == key[0])
            row.update({k: full[k] for k in ("agent", "agent_raw", "agent_type")})
    return list(firsts.values())


#: An abbreviation in parentheses after an agent: one token with two capitals or more.
_ABBREVIATION = re.compile(r"\(\s*([\w-]{2,10})\s*\)")


def _abbreviated(rows: list[Row]) -> dict[str, str]:
    """Abbreviations the rows define ("monoamine oxidase inhibitors (MAOIs)"): the
    abbreviation's agent -> the agent it stands for (a later "MAOIs" is the same agent)."""
    out: dict[str, str] = {}
    for row in rows:
        raw = row["agent_raw"]
        if "(" not in raw:
            continue
        for m in _ABBREVIATION.finditer(raw):
            short = m.group(1)
            if sum(c.isupper() for c in short) >= 2 and short.lower() != row["agent"]:
                out.setdefault(short.lower(), row["agent"])
    return out


def _inherited(labels: Sequence[Label]) -> Severity:
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
) -> list[Row]:
    """Rows of one unit; ``by_heading``: in an interactions section, where a sub-heading or
    bold line over the text may name its agent ("### Clarithromycin", "**Colchicine**");
    ``inherited``: the cue of the labels the unit is listed under."""
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
        "; ".join(c for _, c in unit.columns[1:] if c and not _is_grade(c))
        if unit.columns
        else unit.text
    )
    if not in_context and not _may_name_agents(text):
        return []  # (outside an interaction context, nothing here could name an agent)
    agent_cell, effect_cell = agent_cells(unit.columns)
    if agent_cell is not None and in_context:  # "| Severity | Drug |": the drug column's cell
        # (the first cell, read as the row's label, is one of the row's words: "Avoid")
        found.append((agent_cell, f"{label}: {unit.text}" if label else unit.text, True))
        label = None
    if label is not None and in_context and (_is_grade(label) or _awaits_agents(label)):
        # "**Contraindicated:** A, B", "**Avoid combining with:** A, B": the label says how
        # severe, the text names the agents; the label is no agent itself
        found += [(name, f"{label}: {unit.text}", True) for name in _bare_names(text)]
        label = None
    if label is not None and in_context and not _is_generic_label(label):
        found.append((label, unit.text, True))
        found += [(member, unit.text, True) for member in _members(label, text)]
    elif label is None and by_heading and (head := _heading_agent(unit, ident)) is not None:
        found.append((head, unit.text, True))
    m = _plain_label(text) if label is None else None
    if m is not None and _names_interactions(m.group(1)):
        # "Interactions with other drugs:  A may ... B should be avoided": a plain label
        # naming interactions opens an interactions unit; it names no agent itself
        in_context, text = True, m.group(2)
    elif (
        in_context
        and m is not None
        and not _is_generic_label(m.group(1))
        # (in a paragraph, only a label naming a known kind of agent: "Note: ..." names none)
        and (unit.is_item or _label_type(m.group(1)) not in (AgentType.drug, AgentType.other))
    ):
        found.append((m.group(1), m.group(2), True))
        found += [(member, m.group(2), True) for member in _members(m.group(1), m.group(2))]
        text = m.group(2)
    before = ""  # the sentence before, when it named no agent
    said_all = sentences(text)
    # (one sentence passed the unit's test already; of several, those with a cue are read)
    cued = _cued(text, said_all) if not in_context and len(said_all) > 1 else None
    for i, sentence in enumerate(said_all):
        said = _sentence_agents(sentence, in_context, ident) if cued is None or cued[i] else []
        names = any(agents(a, ident) for a, _, _ in said)
        if not names and found and _refers_back(sentence):
            # "Close monitoring is needed with any of these medications": the sentence's
            # cues grade the agents named before it
            found = [(a, f"{cues} ; {sentence}", ok) for a, cues, ok in found]
        if names and before and agent_vocab().list_opener.match(sentence):
            # "X interacts with many drugs, increasing their effects. These include A, B":
            # the list stands for the sentence before, and takes its cues
            said = [(a, ok, f"{cues} ; {before}") for a, ok, cues in said]
        found += [(a, cues, ok) for a, ok, cues in said]
        before = "" if names else sentence
    if unit.is_item and in_context and label is None and not found:
        core = parentheticals(text)[0]
        if len(core.split()) <= 4:
            found.append((text, text, True))
    elif not unit.is_item and in_context and label is None and not found and _under_lead_in(unit):
        # "**Avoid combining with:**" over a plain paragraph "A, B and C": a list of agents
        found += [(name, text, True) for name in _bare_names(text)]
    rows: list[Row] = []
    for raw, context, any_agent in found:
        for agent_raw, agent in agents(raw, ident):
            if not any_agent and known_type(agent) in (AgentType.drug, AgentType.other):
                continue  # after weak wording only alcohol, foods, herbals and classes count
            rows.append(
                {
                    "component": component,
                    "agent": agent,
                    "agent_raw": agent_raw,
                    "agent_type": agent_type(agent),
                    "effect": effect_cell if effect_cell is not None else _effect(context),
                    "severity": strongest(_cue(context), inherited),
                    "linked_monograph_id": None,
                    "line": unit.line,
                }
            )
    return rows


def _cued(text: str, said: list[str]) -> list[bool]:
    """Which of the sentences ``said`` of ``text`` may name agents: one search of the
    whole text, its matches placed in the sentences (a sentence not found as written, or
    avoid wording, is tested on its own)."""
    starts = [m.start() for m in _vocab().any_cue.finditer(text)]
    avoided = "avoided" in text.lower()
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
    v = _vocab()
    if v.any_cue.search(text):
        return True
    return (
        "avoided" in text.lower()  # (every avoid verb says it: a cheap test first)
        and v.avoid_verbs.search(text) is not None
        and v.known_kinds.search(text) is not None
    )


def _plain_label(text: str) -> re.Match[str] | None:
    """``Label: text`` written without bold (``PLAIN_LABEL_PAREN``)."""
    if ":" not in text and " -" not in text and " –" not in text and " —" not in text:
        return None  # (no label mark: most units)
    return PLAIN_LABEL_PAREN.match(text)


def _names_interactions(label: str) -> bool:
    """A label that only names interactions ("Drug interactions", "Interactions with other
    medications"); not one awaiting agents ("Interacts with: A; B": a lead-in)."""
    return (
        _is_generic_label(label)
        and not _awaits_agents(label)
        and classify(label) is SectionKind.interactions
    )


def _label_type(label: str) -> AgentType:
    return known_type(normalize_term(parentheticals(label)[0]))


def _members(label: str, rest: str) -> list[str]:
    """``**Antacids:** aluminium hydroxide, magnesium hydroxide``: after a class label, a bare
    list of short names opening the text is the class's members."""
    if not rest or _label_type(label) is not AgentType.drug_class:
        return []
    return _bare_names(rest)


def _bare_names(rest: str) -> list[str]:
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
        or _EFFECT.search(core)
        or _vocab().subject_verbs.search(core)
        or _vocab().triggers.search(core)
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


def _heading_agent(unit: Unit, ident: Identity) -> str | None:
    """The sub-heading or bold line right above a unit when it names an agent: short, not a
    section, a grade, a component or generic wording ("### Clarithromycin")."""
    if not unit.labels or unit.labels[-1].opens_list:
        return None
    head = unit.labels[-1].text
    if (
        len(head.split()) > MAX_HEADING_AGENT_WORDS
        or head.rstrip().endswith("?")
        or (is_known_heading(head) and classify(head) is not SectionKind.interactions)
        or _is_generic_label(head)
        or _is_grade(head)
        or _awaits_agents(head)  # "Avoid combining with": a lead-in of the list below
        or ident.component_in(head)
    ):
        return None
    return head


def _under_lead_in(unit: Unit) -> bool:
    """Right under a label that grades or awaits agents ("Avoid combining with:")."""
    return bool(unit.labels) and (
        _is_grade(unit.labels[-1].text) or _awaits_agents(unit.labels[-1].text)
    )


def _awaits_agents(label: str) -> bool:
    """A label ending in list wording ("Avoid combining with", "Interacts with")."""
    ends = [m.end() for m in _vocab().triggers.finditer(label)]
    return bool(ends) and not label[ends[-1] :].strip(" :.-–—")


def _is_grade(label: str) -> bool:
    """A label that only grades what follows ("Contraindicated", "Use with caution",
    "Major"): its words are all severity or grade words."""
    return _vocab().grade.fullmatch(normalize_term(label)) is not None


def _is_generic_label(label: str) -> bool:
    """Labels that name no agent: "Drug Interactions", "Other medications"."""
    return bool(_GENERIC_LABEL.search(label)) or normalize_term(label) in agent_vocab().unspecific


def _clauses(sentence: str) -> list[tuple[str, str]]:
    """(clause, masked clause) pairs of a sentence, split at top-level clause breaks."""
    masked = mask_parens(sentence)
    out: list[tuple[str, str]] = []
    start = 0
    for m in _vocab().clauses.finditer(masked):
        before = masked[start : m.start()]
        if (
            m.group("instruction") is None
            and re.match(r",\s*and\b", m.group(0))
            and not (grammar().statement.search(before) or _vocab().subject_verbs.search(before))
        ):
            continue  # "A, B, and C may ...": the last element of a list, not a new clause
        out.append((sentence[start : m.start()], masked[start : m.start()]))
        start = m.end()
    out.append((sentence[start:], masked[start:]))
    return out


def _sentence_agents(
    sentence: str, in_context: bool, ident: Identity
) -> list[tuple[str, bool, str]]:
    """Agent phrases of one sentence, each with whether any agent may count there and the
    text whose cues grade it: its own clause and the clauses that name no agent ("Avoid
    alcohol, and use caution with zelfarin": no avoid for zelfarin).

    In an interaction context: lists after each trigger, and interaction subjects.
    Elsewhere: lists after explicit interaction wording (any agent) or weak
    wording like "avoid" (only agents the lexicon knows); in an allergy sentence only
    wording outside the allergy's own list element ("allergy to X, or those taking Y").
    """
    allergy = not in_context and _ALLERGY.search(sentence) is not None
    per_clause = [
        (clause, _clause_agents(clause, cmask, in_context, ident, allergy=allergy))
        for clause, cmask in _clauses(sentence)
    ]
    if len(per_clause) == 1:
        return [(p, ok, sentence) for p, ok in per_clause[0][1]]
    free = " ; ".join(
        clause for clause, found in per_clause if not any(agents(p, ident) for p, _ in found)
    )
    return [(p, ok, f"{clause} ; {free}") for clause, found in per_clause for p, ok in found]


def _refers_back(text: str) -> bool:
    """Words standing for agents named before ("these medications", "any of the above",
    "concurrent use")."""
    return bool(agent_vocab().refer_back.search(text))


def _clause_agents(
    clause: str, cmask: str, in_context: bool, ident: Identity, *, allergy: bool = False
) -> list[tuple[str, bool]]:
    v = _vocab()
    out: list[tuple[str, bool]] = []
    # "There are no known interactions with food", "While no interactions are listed, ...":
    # a denial names no agent up to the next comma
    denied = _denied(cmask)
    if in_context:
        hits = [(m, True) for m in v.triggers.finditer(cmask) if not _after_person(cmask, m)]
    else:
        hits = sorted(
            [(m, True) for m in v.explicit.finditer(cmask)]
            + [(m, False) for m in v.weak.finditer(cmask)],
            key=lambda h: h[0].start(),
        )
    if denied is not None:
        hits = [h for h in hits if not denied[0] <= h[0].start() < denied[1]]
    # "less likely than with A", "Testamol, like other B, ...": what the drug is compared
    # with names no agent; "it is used in combination with C": the regimen, no interaction
    compared = _comparisons(cmask) if _may_compare(cmask) else []
    if compared:
        hits = [h for h in hits if not any(a <= h[0].start() < b for a, b in compared)]
    if hits and ("used" in cmask or "given" in cmask or "administered" in cmask):
        hits = [h for h in hits if not _co_therapy(cmask, h[0].start())]
    if allergy:  # what one is allergic to is no agent: only wording of an element of its own
        hits = [h for h in hits if not _ALLERGY.search(_element_before(cmask, h[0].start()))]
    for i, (m, any_agent) in enumerate(hits):
        end = hits[i + 1][0].start() if i + 1 < len(hits) else len(clause)
        if not any_agent and _POPULATION.search(cmask, m.end(), end):
            continue  # "avoid vaccination during pregnancy": where not to use it, no agent
        if allergy and (more := _ALLERGY.search(cmask, m.end(), end)) is not None:
            end = more.start()  # "..., those taking Y, or allergic to Z": Z is no agent
        if denied is not None and m.start() < denied[0]:
            end = min(end, denied[0])
        verb = v.subject_verbs.search(cmask, m.end(), end)
        if (
            verb is not None
            and _RELATIVE.search(cmask, m.end(), verb.start())
            and grammar().examples.search(cmask, verb.end(), end)
        ):
            verb = None  # "with drugs that may increase X, such as A": a description's verb
        if verb is not None:  # "with A, B and C may affect the safety of D": the list ends
            end = verb.start()
        listed = _LAST_JOIN.sub("", clause[m.end() : end].lstrip(" :,"))
        elements = split_list(listed)
        if not in_context and elements:
            if opens_with_own_drug(elements[0], ident):
                continue  # "Patients using zelfarin have a risk of A, B": who takes the drug
            if _opens_element(cmask, m.start()):
                # "contraindicated in A, those taking B or C, and D": a list of conditions
                # whose element names agents; the next elements are conditions, unless
                # the lexicon knows them as agents
                elements = elements[:1] + _known_run(elements[1:])
        out += [(p, any_agent) for p in distribute(elements)]
    # the subject of an interaction verb; outside an interaction context only a kind the
    # lexicon knows, acting on the drug ("Immunosuppressive therapies may reduce the
    # vaccine's effectiveness"; not "Antidepressants may increase the risk of ...", which
    # says what the drug's own class does)
    subj = (
        v.subject_verbs.search(cmask)
        if in_context or v.acts_on_drug.search(cmask)  # (the rarer test first)
        else None
    )
    if subj is not None and not in_context and not v.acts_on_drug.search(cmask, subj.end()):
        subj = None
    if subj is None and not in_context and not allergy:
        # "**Vaccination:** Live vaccines should generally be avoided": a known kind only
        subj = v.avoid_verbs.search(cmask)
        if subj is not None and _POPULATION.search(cmask, subj.end()):
            subj = None  # "Tetracyclines should be avoided during pregnancy": who, not with what
    if allergy:
        subj = None
    if denied is not None and subj is not None and subj.start() < denied[1]:
        subj = None  # "Zelfarin does not interact with ..."
    if subj is not None and subj.start() > 0 and not (hits and hits[0][0].start() < subj.start()):
        before = _without(clause[: subj.start()], compared)
        out += [(p, in_context) for p in distribute(split_list(_subject(before)))]
    return out


def _may_compare(text: str) -> bool:
    """A comparison is rare: a piece of each of its words, as written, is tested before
    ``_COMPARISON`` (lowering the text, or a loop over the pieces, cost more)."""
    return (
        "than" in text
        or "ompared" in text
        or "as with" in text
        or "As with" in text
        or "ike other" in text
        or "nlike" in text
        or "ontrast" in text
    )


#: Words that open a comparison: what follows, to the next comma, is compared with, not
#: taken with ("less likely than with A", "compared with B", "as with other C",
#: "Testamol, like other D, ...").
_COMPARISON = re.compile(
    r"\b(?:than|compared\s+(?:with|to)|in\s+contrast\s+to|unlike)\b"
    # (at the start of a clause or element: "as well as with A" lists A)
    r"|(?:^|[,;])\s*(?:as\s+with|like\s+(?:other|many|most|all))\b",
    re.I,
)


def _comparisons(cmask: str) -> list[tuple[int, int]]:
    """Spans of a clause's comparisons: from the comparison word to the next comma."""
    spans: list[tuple[int, int]] = []
    for m in _COMPARISON.finditer(cmask):
        stop = _COMMA.search(cmask, m.end())
        spans.append((m.start(), stop.start() if stop else len(cmask)))
    return spans


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans blanked (offsets kept)."""
    for a, b in spans:
        if a < len(text):
            text = text[:a] + " " * (min(b, len(text)) - a) + text[b:]
    return text


#: A verb of giving in a statement ("it is used in combination with A", "is given with"):
#: what the drug is given with as treatment, not a combination to avoid or watch.
_REGIMEN = re.compile(
    r"\b(?:is|are)\s+(?:\w+ly\s+)?(?:used|given|administered)\s+(?:\w+ly\s+)?"
    r"(?:(?:in\s+combination|together|along|concomitantly|concurrently)\s+)?with\b"
    # "should only be used in combination with A" (never "should not be used with A")
    r"|\b(?:should|must|can|may)\s+(?:only\s+|always\s+)?be\s+(?:used|given|administered)\s+"
    r"(?:only\s+)?(?:in\s+combination|together)\s+with\b",
    re.I,
)
#: A condition before the statement makes it one of when to take care ("when it is used
#: with A"): an interaction.
_CONDITIONAL = re.compile(r"\b(?:when|whenever|if|while|once|where)\b", re.I)
#: How far before interaction wording its statement's verb may start.
_REGIMEN_REACH = 60


def _co_therapy(cmask: str, at: int) -> bool:
    """Interaction wording at ``at`` that is part of a statement of the regimen ("because it
    is used in combination with"), not of a condition ("when it is used with")."""
    start = max(0, at - _REGIMEN_REACH)
    for m in _REGIMEN.finditer(cmask, start, at + _REGIMEN_REACH):
        if m.start() <= at < m.end():
            return not _CONDITIONAL.search(_element_before(cmask, m.start()))
    return False


def _opens_element(cmask: str, at: int) -> bool:
    """Wording at the start of an element of a longer list (after a comma or semicolon and
    at most a few words: ", and those currently taking", "; concomitant use of")."""
    return _COMMA.search(cmask, 0, at) is not None and len(_element_before(cmask, at).split()) <= 3


def _known_run(pieces: list[str]) -> list[str]:
    """The first of ``pieces`` as long as each is a kind of agent the lexicon knows."""
    out: list[str] = []
    for piece in pieces:
        if not known_kind(piece):
            break
        out.append(piece)
    return out


def _element_before(cmask: str, at: int) -> str:
    """The list element ``at`` is in, up to ``at``: the text since the last comma or semicolon."""
    return re.split(r"[,;]", cmask[:at])[-1]


def _denied(cmask: str) -> tuple[int, int] | None:
    """The span a denial covers: from its words to the next comma or semicolon."""
    if "interact" not in cmask.lower():  # (every denial says interact: a cheap test first)
        return None
    m = _vocab().denial.search(cmask)
    if m is None:
        return None
    stop = _COMMA.search(cmask, m.end())
    return m.start(), stop.start() if stop else len(cmask)


_COMMA = re.compile(r"[,;]")
#: A population a restriction is about ("during pregnancy", "in neonates"): what is avoided
#: there is the drug or a form of it, not an agent taken with it.
_POPULATION = re.compile(
    r"\b(?:in|during|for)\s+(?:the\s+)?(?:pregnan\w*|neonates|newborns|infants|children|"
    r"breast-?feeding|lactation|nursing|elderly)",
    re.I,
)
#: A relative pronoun right before a verb: the verb describes the noun before it.
_RELATIVE = re.compile(r"\b(?:that|which|who)\s+\Z", re.I)


def _subject(before: str) -> str:
    """The agents before an interaction verb, without an opening adverb or clause
    ("Specifically, antacids ..." -> antacids; "A, B or C increase ..." -> all three)."""
    head, _, rest = before.partition(",")
    if rest and (grammar().sentence_adverb.match(head) or grammar().clause_opener.match(before)):
        return rest
    return before


#: A conjunction left at the end of a list cut before its verb ("A and" of "A and B may ...").
_LAST_JOIN = re.compile(r"[\s,]+(?:and|or|and/or)\s*$", re.I)
_ALLERGY = re.compile(r"\b(?:allerg\w*|hypersensitiv\w*)", re.I)
_PERSON_BEFORE = re.compile(
    r"\b(?:individuals|patients|people|persons|those|anyone|women|men|children|adults)\s*$", re.I
)


def _after_person(masked: str, m: re.Match[str]) -> bool:
    """ "patients with epilepsy": a ``with`` after people introduces a condition, not an agent."""
    return m.group(0).lower() == "with" and bool(_PERSON_BEFORE.search(masked[: m.start()]))


@lru_cache(maxsize=MEMO_SIZE)  # the agents of one list share their context
def _effect(text: str) -> str | None:
    m = _EFFECT.search(mask_parens(text))
    return strip_outer(text[m.start() : m.end()]) or None if m else None
