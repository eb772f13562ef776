"""Phrases -> agents: what an interaction list element names, cleaned and typed.

A phrase found by the interactions extractor ("other QT-prolonging agents",
"drugs that lower blood pressure or MAOIs", "herbal remedies you are taking")
is split into elements, cut at a description or clause, stripped of leading
filler and trailing property words, and kept only when it still names a drug,
class, food or substance (``lexicons/interactions.toml``). Pure functions of
text, memoized: most phrases recur across monographs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.drug_names import is_drug_name
from pipeline.extract.agent_vocab import names_group, vocab
from pipeline.extract.grammar import ALNUM, grammar
from pipeline.extract.identity import Identity
from pipeline.extract.own_drug import after_own_parts, names_drug
from pipeline.models import AgentType
from pipeline.normalize import (
    MEMO_SIZE,
    mask_parens,
    normalize_term,
    parentheticals,
    split_list,
    strip_outer,
)

#: Agents longer than this (in words) are phrases, not agents.
MAX_AGENT_WORDS = 6


@lru_cache(maxsize=MEMO_SIZE)
def agent_type(agent: str) -> AgentType:
    """Type of a normalized agent, as the table gives it: ``known_type``, and a class for
    a drug whose last word is a plural ("phenothiazines", "vitamin d analogs", "tcas"):
    one named drug is never written in the plural."""
    kind = known_type(agent)
    if kind is AgentType.drug and names_group(agent):
        return AgentType.drug_class
    return kind


@lru_cache(maxsize=MEMO_SIZE)
def known_type(agent: str) -> AgentType:
    """Type of a normalized agent by what the lexicon knows: its lists first, then a class
    head, else a drug. Filters use it (a plural alone makes no agent)."""
    for words, kind in vocab().types:
        if agent in words:
            return kind
    # the words before or after each space: "grapefruit juice" -> "grapefruit", "juice"
    spaces = [i for i, ch in enumerate(agent) if ch == " "]
    for words, kind in vocab().types:
        if kind is AgentType.drug_class:
            continue  # classes are recognized by their head noun below
        if any(agent[i + 1 :] in words or agent[:i] in words for i in spaces):
            return kind
    if vocab().class_heads.search(agent) or vocab().described.search(agent):
        return AgentType.drug_class
    return AgentType.drug


def agents(raw: str, ident: Identity) -> list[tuple[str, str]]:
    """Clean one phrase into agents (as written, normalized); unspecific phrases and the
    monograph's own drug give none."""
    names = ident.own_names
    if "(" in raw and " of " in raw:
        raw = after_own_parts(raw, names)
    return [(text, agent) for text, agent in _candidates(raw) if not names_drug(agent, names)]


@lru_cache(maxsize=MEMO_SIZE)
def _candidates(raw: str) -> tuple[tuple[str, str], ...]:
    """The agents of a phrase, whichever monograph writes it (60% of phrases recur)."""
    v = vocab()
    text = strip_outer(raw)
    if (
        v.use_head.match(text)
        and not grammar().examples.search(text)  # ("... used for gout, such as A": A)
        and len(parts := split_agents(text)) > 1
    ):
        # "drugs used to treat gout or migraine": a class for each use (``_used_for``)
        return tuple(c for part in parts for c in _candidates(part))
    whose = v.phrase_cut.search(mask_parens(text))
    if whose is not None:  # "aliskiren in patients with diabetes or renal impairment"
        text = text[: whose.start()]
    rel = v.describing.search(mask_parens(text))
    known: list[str] = []
    described: list[tuple[str, str]] = []
    if rel is not None:  # "drugs that cause A or B": the description is no list of agents,
        # but its examples are ("used for gout, such as allopurinol"), and a list may go on
        # after it with known kinds of agents ("... or MAOIs")
        tail = text[rel.end() :]
        example = grammar().examples.search(mask_parens(tail))
        if example is not None:
            known = split_agents(tail[example.end() :])
        else:
            known = _known_tail(split_agents(tail)[1:])
            described = _described_class(text[: rel.end()], tail)
        text = text[: rel.start()]
    # the head's own agents, the class it describes, then the list going on
    cleaned = [_cleaned(piece) for piece in split_agents(text)]
    cleaned += [*described, *(_cleaned(piece) for piece in known)]
    return tuple(c for c in cleaned if c is not None)


#: Leading words stripped from a phrase at most this many times ("such as other NSAIDs").
LEADING_ROUNDS = 4


def _without_leading(text: str) -> str:
    """``text`` without its leading filler words, stripped; stops as soon as a round
    changes nothing (most phrases: the first)."""
    for _ in range(LEADING_ROUNDS):
        shorter = strip_outer(vocab().leading.sub("", text))
        if shorter == text:
            break
        text = shorter
    return text


def _cleaned(piece: str) -> tuple[str, str] | None:
    """One element cleaned into (as written, normalized), or None when it names no agent."""
    v = vocab()
    text = _examples_of_unspecific(strip_outer(piece))
    text = _without_leading(text)
    cut = v.cut.search(mask_parens(text))  # a cutter inside parentheses cuts nothing
    text = strip_outer(text[: cut.start()] if cut else text)
    core = parentheticals(text)[0]
    agent = v.tail_words.sub("", normalize_term(core))
    if ALNUM.search(agent) and not _not_an_agent(agent):
        return text, agent
    return None


#: A described class longer than this (in words) is a sentence, not a class.
MAX_DESCRIBED_WORDS = 9


def _described_class(head: str, tail: str) -> list[tuple[str, str]]:
    """ "other medications that cause drowsiness", "those metabolized by the liver enzyme
    CYP3A4": a vague head and a description saying what its drugs do or how they are
    cleared name one class (``head`` ends with the describing word; ``tail`` follows it)."""
    v = vocab()
    parts = split_agents(head)
    if not parts or not tail.strip():
        return []
    last = strip_outer(parts[-1])
    last = _without_leading(last)
    words = last.split()
    if len(words) < 2 or words[0].lower() not in v.described_heads:
        return []
    written = strip_outer(f"{last} {split_agents(tail)[0].strip()}")
    written = parentheticals(written)[0] if "(" in written else written
    agent = normalize_term(written)
    if len(agent.split()) > MAX_DESCRIBED_WORDS or not (
        v.described.search(agent) or v.use_head.match(agent)  # ("medications for gout")
    ):
        return []
    if agent.startswith("those ") and v.use_head.match(agent):
        # "(including) those for gout": the pronoun stands for the medications named before
        agent = f"medications{agent[len('those') :]}"
    return [(written, agent)]


#: A word every example marker holds ("such as", "including", "like", "e.g.", "for example").
_EXAMPLE_WORDS = ("such", "includ", "like", "e.g", "example")


def _examples_of_unspecific(text: str) -> str:
    """ "several other medications such as penicillins": after an unspecific head its
    example is the agent (after a class, "anticoagulants such as warfarin", the class is)."""
    low = text.lower()
    if not any(marker in low for marker in _EXAMPLE_WORDS):  # (most pieces: a cheap test)
        return text
    ex = grammar().examples.search(mask_parens(text))
    if ex is None or ex.start() == 0:
        return text
    head = normalize_term(text[: ex.start()])
    for _ in range(LEADING_ROUNDS):
        shorter = vocab().leading.sub("", head)
        if shorter == head:
            break  # (most heads: no leading words; the rounds after would change nothing)
        head = shorter
    if head in vocab().unspecific or vocab().vague_heads.search(head):
        return text[ex.end() :]
    return text


def _not_an_agent(agent: str) -> bool:
    """A cleaned phrase that still names no agent: vague, grammar, a body part, a property,
    a condition ("(those for) diabetes") or an effect ("respiratory depression")."""
    v = vocab()
    words = agent.split()
    return (
        len(words) > MAX_AGENT_WORDS
        or agent in v.unspecific
        or bool(v.refer_back.search(agent))
        or bool(v.vague_heads.search(agent) or v.vague_tail.search(agent))
        or words[0] in grammar().pronouns
        or words[0] in v.prepositions  # "to check for interactions"
        or all(w in v.function_words for w in words)
        or agent in v.body_words
        or words[-1] in v.body_words
        or any(w in v.not_agent_words or w.endswith("ly") for w in words)
        or (len(words) == 1 and agent.endswith("ing"))  # "avoid combining"
        # a participle's clause: "(, ) affecting their levels" (never "sleeping pills")
        or (len(words) > 1 and words[0].endswith("ing") and words[1] in v.function_words)
        or (len(words) == 1 and (agent in v.never_alone or len(agent) < 2))  # "reduced", "D"
        or (bool(v.condition_words.search(agent)) and known_type(agent) is AgentType.drug)
        or bool(v.effect_word.match(words[-1]))  # "hepatitis", "ischemic colitis"
        # a verb's object cut short: "reducing the", "contraindicating its", "meaning it"
        or (len(words) > 1 and words[-1] in grammar().pronouns)
    )


def _lexicon_knows(phrase: str) -> bool:
    term = normalize_term(phrase)
    return any(term in words for words, _ in vocab().types)


def opens_with_own_drug(phrase: str, ident: Identity) -> bool:
    """ "alcuronium have an increased risk of ...": the phrase starts with the monograph's
    own drug (after "patients using", it says who takes it, not what it is taken with)."""
    term = vocab().leading.sub("", normalize_term(phrase))
    if " with " in term:  # "(co-administration of) zelfarin with A": A is an agent
        return False
    if term.split(" ", 1)[0] in ("it", "this"):  # "this medication are at risk of"
        return True
    return any(term == n or term.startswith(f"{n} ") for n in ident.own_names)


def known_kind(piece: str) -> bool:
    """An agent the lexicon knows, or any kind of agent but a lone drug name ("other
    QT-prolonging agents"): in a description's tail, a lone word is its object."""
    term = vocab().leading.sub("", normalize_term(piece))
    return known_type(term) is not AgentType.drug if term else False


def named_agent(piece: str) -> bool:
    """A kind of agent ``known_kind`` knows, or one drug by its name (``drug_names``)."""
    if known_kind(piece):
        return True
    term = vocab().leading.sub("", parentheticals(normalize_term(piece))[0]).strip()
    return bool(term) and is_drug_name(term)


def _known_tail(pieces: list[str]) -> list[str]:
    """The last of ``pieces`` that are known kinds of agents, in order (none after one that
    is not: "cause drowsiness or dizziness" ends with no agent)."""
    out: list[str] = []
    for piece in reversed(pieces):
        if not known_kind(piece):
            break
        out.insert(0, piece)
    return out


def _qualified(parts: list[str]) -> list[str]:
    """ "strong or moderate CYP3A inhibitors": a lone qualifier takes the head of the next
    element when that one starts with a qualifier too."""
    q = vocab().qualifiers
    out = list(parts)
    for i in range(len(out) - 2, -1, -1):
        words, after = out[i].split(), out[i + 1].split()
        if len(words) == 1 and words[0].lower() in q and len(after) > 1 and after[0].lower() in q:
            out[i] = f"{out[i]} {' '.join(after[1:])}"
    return out


def split_agents(text: str) -> list[str]:
    """Split a phrase on commas and and/or; distribute a shared head ("calcium or magnesium salts")."""
    parts: list[str] = []
    for element in split_list(text):
        parts += [p for p in re.split(r"\s+(?:and|or|and/or)\s+", mask_parens(element)) if p]
    # recover the original text of each part (masking kept offsets)
    out: list[str] = []
    pos = 0
    masked = mask_parens(text)
    for part in parts:
        idx = masked.find(part, pos)
        if idx < 0:  # cannot happen (masking keeps offsets); never return masked text
            out.append(part.replace("\0", ""))
            continue
        out.append(text[idx : idx + len(part)])
        pos = idx + len(part)
    return distribute(out)


_LEADING_JOIN = re.compile(r"^\s*(?:and|or|and/or)\s+", re.I)


def _shared_modifiers(parts: list[str]) -> list[str]:
    """ "CYP3A4 inhibitors and inducers": a bare mechanism head after a phrase ending in
    another takes that phrase's modifiers ("cyp3a4 inducers"), examples in parentheses
    aside ("strong CYP3A4 inhibitors (e.g., A) and inducers (e.g., B)")."""
    heads = vocab().mechanism_heads
    out = list(parts)
    for i in range(1, len(out)):
        own = _LEADING_JOIN.sub("", out[i])
        words, before = parentheticals(own)[0].split(), parentheticals(out[i - 1])[0].split()
        if (
            len(words) == 1
            and words[0].lower() in heads
            and len(before) > 1
            and before[-1].lower() in heads
            and before[-1].lower() != words[0].lower()
        ):
            out[i] = " ".join([*before[:-1], own.strip()])
    return out


def _suspended(parts: list[str]) -> list[str]:
    """ "alpha- and beta-agonists": a word left hanging on its hyphen takes what follows
    the last element's first hyphen ("alpha-agonists")."""
    if len(parts) < 2 or "-" not in parts[-1]:
        return parts
    tail = parts[-1].split("-", 1)[1]
    return [
        f"{p.strip()}{tail}" if p.strip().endswith("-") and " " not in p.strip() else p
        for p in parts[:-1]
    ] + [parts[-1]]


def _modifier(word: str) -> bool:
    """An adjective by its ending, or an "anti-" word that is no plural noun ("antiplatelet
    or anticoagulant therapies"; not "antibiotics or oral contraceptives")."""
    low = word.lower()
    return bool(grammar().adjective.match(word)) or (
        low.startswith("anti") and not low.endswith("s")
    )


def _used_for(parts: list[str]) -> list[str]:
    """ "medications for diabetes, heart conditions, or seizures", "drugs used to treat gout
    or migraine": the elements after a class named by its use are more uses of the same
    class, up to the first agent ("..., or beta-blockers")."""
    out = list(parts)
    for i, part in enumerate(parts[:-1]):
        m = vocab().use_head.match(part)
        if m is None:
            continue
        for j in range(i + 1, len(parts)):
            own = _LEADING_JOIN.sub("", parts[j]).strip()
            if named_agent(own) or vocab().use_head.match(own):
                break
            if (
                vocab().other_drugs_quantifier.match(own)
                or normalize_term(own) in vocab().unspecific
            ):
                break  # "..., other conditions, and A", "..., and others": the uses end
            out[j] = f"{m.group(0)}{own}"
        break
    return out


def distribute(parts: list[str]) -> list[str]:
    """ "aluminium, calcium, or magnesium salts", "anticholinergic or cholinergic properties":
    single words before a two-word phrase share its head noun; not before a name the
    lexicon knows whole ("warfarin or beta blockers": "beta" is no modifier)."""
    if len(parts) > 1 and "-" in parts[-1]:
        parts = _suspended(parts)
    if len(parts) > 1 and any(" for " in p or " treat " in p for p in parts[:-1]):
        parts = _used_for(parts)
    parts = _shared_modifiers(_qualified(parts))
    bare = [strip_outer(vocab().leading.sub("", p)) for p in parts[:-1]]  # "other nephrotoxic"
    if len(parts) < 2 or not all(len(b.split()) == 1 for b in bare):
        return parts
    single = all(len(p.split()) == 1 for p in parts[:-1])  # (a shared head: no leading words)
    written = strip_outer(parts[-1])
    last = parentheticals(written)[0]  # "neurotoxic drugs (e.g., ...)"
    if _lexicon_knows(last):  # "alpha or beta blockers" share; "warfarin or beta blockers" not
        head = " ".join(last.split()[1:])
        if head and all(_lexicon_knows(f"{b} {head}") for b in bare):
            return [f"{p} {head}" for p in parts[:-1]] + [parts[-1]]
        return parts
    m = vocab().shared_heads.match(written) if single else None
    if m is None and not (len(last.split()) == 2 and all(_modifier(b) for b in bare)):
        return parts
    head = m.group("head") if m is not None else last.split()[-1]
    return [f"{p} {head}" for p in parts[:-1]] + [parts[-1]]
