"""Sentences of interaction text -> agents with the words that grade them.

A sentence is cut into clauses; each clause's interaction wording names the agents of its
list or subject ("interacts with A and B", "A may reduce ..."). Not agents: what a
comparison names ("less likely than with A"), the regimen the drug is given in ("is used
in combination with A"), what a denial names ("no known interactions with food"), and
the people a restriction is about ("in neonates").
"""

from __future__ import annotations

import re

from pipeline.extract.agent_vocab import vocab as agent_vocab
from pipeline.extract.agents import (
    agents,
    distribute,
    known_type,
    named_agent,
    opens_with_own_drug,
)
from pipeline.extract.grammar import grammar
from pipeline.extract.identity import Identity
from pipeline.extract.interaction_cues import vocab
from pipeline.models import AgentType
from pipeline.normalize import mask_parens, normalize_term, split_list


def _clauses(sentence: str) -> list[tuple[str, str]]:
    """(clause, masked clause) pairs of a sentence, split at top-level clause breaks."""
    masked = mask_parens(sentence)
    out: list[tuple[str, str]] = []
    start = 0
    for m in vocab().clauses.finditer(masked):
        before = masked[start : m.start()]
        if (
            m.group("instruction") is None
            and re.match(r",\s*and\b", m.group(0))
            and not (grammar().statement.search(before) or vocab().subject_verbs.search(before))
        ):
            continue  # "A, B, and C may ...": the last element of a list, not a new clause
        out.append((sentence[start : m.start()], masked[start : m.start()]))
        start = m.end()
    out.append((sentence[start:], masked[start:]))
    return out


def sentence_agents(
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
        found = per_clause[0][1]
        return [(p, ok, _own_notes(sentence, p, found)) for p, ok in found]
    free = " ; ".join(
        clause for clause, found in per_clause if not any(agents(p, ident) for p, _ in found)
    )
    return [
        (p, ok, f"{_own_notes(clause, p, found)} ; {free}")
        for clause, found in per_clause
        for p, ok in found
    ]


def _own_notes(text: str, phrase: str, found: list[tuple[str, bool]]) -> str:
    """``text`` without the parenthetical notes of the other agents listed with ``phrase``:
    "probenecid (increasing its levels), and certain vaccines" says nothing of vaccines."""
    if len(found) < 2 or "(" not in text:
        return text
    return _NOTE.sub(lambda m: m.group(0) if m.group(0) in phrase else " ", text)


#: A parenthetical note (one level).
_NOTE = re.compile(r"\([^()]*\)")


def refers_back(text: str) -> bool:
    """Words standing for agents named before ("these medications", "any of the above",
    "concurrent use", "if used concurrently"), or a sentence that is only a cue ("Close
    monitoring is essential.")."""
    v = agent_vocab()
    return bool(
        v.refer_back.search(text)
        or v.used_together.search(text)
        or v.refer_subject.match(text)
        or v.bare_cue.fullmatch(text)
    )


def _clause_agents(
    clause: str, cmask: str, in_context: bool, ident: Identity, *, allergy: bool = False
) -> list[tuple[str, bool]]:
    v = vocab()
    out: list[tuple[str, bool]] = []
    # "There are no known interactions with food", "While no interactions are listed, ...":
    # a denial names no agent up to the next comma
    denied = _denied(cmask)
    if in_context:
        hits = [
            (m, True)
            for m in v.triggers.finditer(cmask)
            if not _after_person(cmask, m) and not _aside(cmask, m)
        ]
    else:
        hits = sorted(
            [(m, True) for m in v.explicit.finditer(cmask)]
            + [(m, False) for m in v.weak.finditer(cmask)],
            key=lambda h: h[0].start(),
        )
        # ("Avoid taking with milk": explicit wording and the weak "avoid" it opens with
        # start together; the explicit one, sorted first, reads the list)
        hits = [h for i, h in enumerate(hits) if i == 0 or h[0].start() != hits[i - 1][0].start()]
    if denied is not None:
        hits = [h for h in hits if not denied[0] <= h[0].start() < denied[1]]
    # "less likely than with A", "Testamol, like other B, ...": what the drug is compared
    # with names no agent; "it is used in combination with C": the regimen, no interaction
    compared = _comparisons(cmask) if _may_compare(cmask) else []
    if compared:
        hits = [h for h in hits if not any(a <= h[0].start() < b for a, b in compared)]
    if hits and ("used" in cmask or "given" in cmask or "administered" in cmask):
        hits = [h for h in hits if not _co_therapy(cmask, h[0].start())]
    # "the risk of serious side effects, such as A or B": examples of an effect, no agents
    hits = [h for h in hits if not v.effect_examples.search(cmask, 0, h[0].end())]
    if allergy:  # what one is allergic to is no agent: only wording of an element of its own
        hits = [h for h in hits if not _ALLERGY.search(_element_before(cmask, h[0].start()))]
    for i, (m, any_agent) in enumerate(hits):
        end = hits[i + 1][0].start() if i + 1 < len(hits) else len(clause)
        if not any_agent and _POPULATION.search(cmask, m.end(), end):
            continue  # "avoid vaccination during pregnancy": where not to use it, no agent
        word = m.group(0)
        if _interacts(word) and _unspecific_subject(cmask[: m.start()]):
            continue  # "Many medications can interact with X": X is the drug itself
        if word.endswith(_OF_WITH) and _USE_NOUN.search(word) and _ENDORSED.search(cmask, m.end()):
            continue  # "Simultaneous administration of A is recommended": the regimen
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
            # "Patients using zelfarin have a risk of A, B": who takes the drug (not "the
            # combined use of zelfarin and A": the drug's own name is dropped later, A kept)
            if opens_with_own_drug(elements[0], ident) and not _USE_OF.search(m.group(0)):
                continue
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
        if not _self_subject(before, subj, cmask):
            out += [(p, in_context) for p in distribute(split_list(_subject(before)))]
    return out


def _interacts(words: str) -> bool:
    """Interaction verbs: one drug interacts with another, each side the other's agent
    (a piece of each word, as written: the test runs on every trigger)."""
    return "nteract" in words or "nterfer" in words


#: The last words of a noun of use together (a cheap test before ``_USE_NOUN``).
_OF_WITH = (" of", " with", " OF", " WITH", " Of", " With")
#: The modals and adverbs between a subject and its verb ("Many drugs can also ").
_MODALS = re.compile(
    r"(?:\s+(?:can|may|might|could|will|also|potentially|sometimes|possibly))*\s*\Z", re.I
)
#: Longest clause start (in characters) an unspecific subject and its modals fill.
_MAX_SUBJECT = 60
#: The other side of an interaction verb: "(significantly) with (the absorption of) X", to
#: a comma.
_OTHER_SIDE = re.compile(
    r"\s*(?:\w+ly\s+)?(?:with\s+)?(?:the\s+(?:[\w-]+\s+){0,4}?of\s+)?([^,;:.()]*)", re.I
)
#: Kinds that stay agents on either side of an interaction with unspecific drugs
#: ("Alcohol can interact with many medications": the monograph's drug is one of them).
_OWN_AGENT_KINDS = (AgentType.alcohol, AgentType.food, AgentType.herbal, AgentType.other)


def _unspecific(phrase: str) -> bool:
    """A phrase naming unspecific other drugs by a quantifier ("many medications", "several
    other drugs"); never the drug itself ("this medication", "the drug")."""
    # (the phrase as written, spaces trimmed: normalizing every object cost more)
    return agent_vocab().other_drugs.fullmatch(phrase.strip()) is not None


def _unspecific_subject(before: str) -> bool:
    """``before`` (a clause up to its interaction verb) is unspecific drugs and modals
    only: the other side of "Many medications can interact with X" is the monograph's drug,
    under whatever name (a salt, its kind, a misspelling), never an agent."""
    if len(before) > _MAX_SUBJECT:
        return False  # (a long subject is never "many medications can")
    modals = _MODALS.search(before)
    return modals is not None and _unspecific(before[: modals.start()])


def _self_subject(before: str, verb: re.Match[str], cmask: str) -> bool:
    """ "Many antifungal lotions can interact with other drugs": a subject said to interact
    with unspecific drugs is the monograph's drug (its kind, a component, another name),
    not an agent; alcohol, foods and other substances the lexicon knows stay agents."""
    if not _interacts(verb.group(0)):
        return False
    other = _OTHER_SIDE.match(cmask, verb.end())
    if other is None or not _unspecific(other.group(1)):
        return False
    subject = agent_vocab().leading.sub("", normalize_term(_subject(before)))
    return known_type(subject) not in _OWN_AGENT_KINDS


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
    # "should only / must always be used in combination with A" (never "should not be used
    # with A", nor "can be used together with A, but ... monitored": a permission)
    r"|\b(?:should|must|can|may)\s+(?:only|always)\s+be\s+(?:used|given|administered)\s+"
    r"(?:in\s+combination|together)\s+with\b",
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
    """The first of ``pieces`` as long as each is a kind of agent the lexicon knows or a
    drug's name ("those using A, B, C": more drugs; "those using A, liver disease": no)."""
    out: list[str] = []
    for piece in pieces:
        if not named_agent(piece):
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
    m = vocab().denial.search(cmask)
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
#: An example marker set off by commas ("Certain antibiotics, for example, can ..."): an
#: aside, no list of examples (read from two characters before the marker).
_ASIDE = re.compile(r", for (?:example|instance),", re.I)


def _aside(cmask: str, m: re.Match[str]) -> bool:
    """A trigger that is an aside set off by commas (``_ASIDE``); most triggers are no
    "for ...": a cheap test first."""
    return m.group(0)[:1] in "fF" and _ASIDE.match(cmask, max(0, m.start() - 2)) is not None


#: A relative pronoun right before a verb: the verb describes the noun before it.
_RELATIVE = re.compile(r"\b(?:that|which|who)\s+\Z", re.I)


def _subject(before: str) -> str:
    """The agents before an interaction verb, without an opening adverb or clause
    ("Specifically, antacids ..." -> antacids; "A, B or C increase ..." -> all three)."""
    head, _, rest = before.partition(",")
    if rest and (grammar().sentence_adverb.match(head) or grammar().clause_opener.match(before)):
        return rest
    return before


#: A noun of use together ("simultaneous administration of", "concomitant therapy with").
_USE_NOUN = re.compile(r"\b(?:use|administration|therapy|treatment|intake)\s+(?:of|with)\Z", re.I)
#: What makes a use together the regimen: it is recommended, needed or safe (never "is not
#: recommended": a warning).
_ENDORSED = re.compile(
    r"\b(?:is|are)\s+(?:(?:generally|usually|often|absolutely|considered|also)\s+)*"
    r"(?:recommended|essential|required|necessary|needed|safe|acceptable|indicated)\b",
    re.I,
)
#: A noun of use ending in "of" ("combined use of"): the drug itself may open its list.
_USE_OF = re.compile(r"\b(?:use|administration)\s+of\Z", re.I)
#: A conjunction left at the end of a list cut before its verb ("A and" of "A and B may ...").
_LAST_JOIN = re.compile(r"[\s,]+(?:and|or|and/or)\s*$", re.I)
_ALLERGY = re.compile(r"\b(?:allerg\w*|hypersensitiv\w*)", re.I)
_PERSON_BEFORE = re.compile(
    r"\b(?:individuals|patients|people|persons|those|anyone|women|men|children|adults)\s*$", re.I
)


def _after_person(masked: str, m: re.Match[str]) -> bool:
    """ "patients with epilepsy": a ``with`` after people introduces a condition, not an agent;
    "drugs affected by stomach acid": a passive "by" after drugs describes them, it names none."""
    word = m.group(0).lower()
    if word == "with":
        return bool(_PERSON_BEFORE.search(masked[: m.start()]))
    return word.endswith(" by") and bool(vocab().drugs_described.search(masked, 0, m.start()))
