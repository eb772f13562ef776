"""Sentences -> the conditions around their restricting wording.

"Testamol is contraindicated in A, B and C" names its conditions after the
wording (its object); "Patients with A should use caution" before it (its
subject); "It passes into breast milk, so breastfeeding is not recommended"
in the clause the wording belongs to. The phrases found here are split into
conditions by ``pipeline.extract.conditions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import lexicon
from pipeline.extract.agents import named_agent
from pipeline.extract.conditions import (
    first_trigger,
    population,
    soften,
    vocab,
    without_denials,
)
from pipeline.extract.grammar import grammar, starts
from pipeline.extract.identity import Identity
from pipeline.extract.prechecks import FirstWorded, Keywords, without_auxiliaries
from pipeline.models import Population, Strength
from pipeline.normalize import MEMO_SIZE, mask_parens, split_list, strip_outer
from pipeline.sections import normalize_heading

_IF_YOU = re.compile(r"\bif you(?:['’]re| are| have(?: had)?|['’]ve had)\b", re.I)


def _if_you_conditions(text: str) -> list[str]:
    """The conditions of "if you have A, or if you are B" (each if-clause's, to its end)."""
    clauses = [c for c in _IF_YOU.split(text) if c.strip(" ,;.")]
    return [re.sub(r"[,;]?\s*(?:or|and)?\s*$", "", c.strip(" .")) for c in clauses]


#: "If you have asthma, (you) ..." before the wording: the condition is the if-clause's.
_IF_YOU_CLAUSE = re.compile(
    r"^\s*" + _IF_YOU.pattern + r"\s+(?P<condition>[^,]+),\s*(?:you\s*)?$", re.I
)


@dataclass(frozen=True)
class Words:
    site: re.Pattern[str]  # an object that says where, not who
    damaged_site: re.Pattern[str]  # a site that is a condition ("broken skin")
    gerund: re.Pattern[str]  # "before using it during" -> what follows "during" (or "giving it to")
    use: re.Pattern[str]  # "before taking this supplement": the use itself, no condition
    opener: re.Pattern[str]  # "if" before a gerund ("if using it during X")
    symptom: re.Pattern[str]  # "you notice", "gets worse": what happens, not a condition
    condition_columns: frozenset[str]  # table columns of conditions
    relative_cells: re.Pattern[str]
    absolute_cells: re.Pattern[str]
    list_openers: re.Pattern[str]  # an intro's last words before the list of its conditions
    drug_object: re.Pattern[str]  # "this medicine in ...": the drug as the wording's object
    mentions: dict[Population, re.Pattern[str]]  # words a sentence about a population holds
    safe: re.Pattern[str]  # what such a sentence says of no risk ("compatible with")
    object_preposition: re.Pattern[str]  # what follows the drug there


@cache
def words() -> Words:
    d = lexicon.load("contraindications")
    return Words(
        site=starts(d["site_words"]),
        damaged_site=lexicon.words_pattern(d["damaged_site_words"]),
        gerund=re.compile(
            rf"{starts(d['gerunds']).pattern}.*?\b(?:during|if|in|while|when|for)\s+"
            rf"|{starts(d['giving']).pattern}.*?\bto\s+",
            re.I,
        ),
        use=starts(d["gerunds"]),
        opener=starts(d["gerund_openers"], r"\s+(?=\w+ing\b)"),
        symptom=lexicon.words_pattern(d["symptom_verbs"]),
        condition_columns=frozenset(d["condition_columns"]),
        relative_cells=lexicon.words_pattern(d["relative_cells"]),
        absolute_cells=lexicon.words_pattern(d["absolute_cells"]),
        list_openers=lexicon.words_pattern(d["list_openers"]),
        drug_object=re.compile(
            rf"^(?:{lexicon.alternation(d['drug_subjects'])})\s+"
            rf"(?=(?:{lexicon.alternation(d['object_prepositions'])})(?![\w-]))",
            re.I,
        ),
        object_preposition=starts(d["object_prepositions"]),
        mentions={
            Population(p): lexicon.words_pattern(
                words + d["population_mentions"].get(p, []), prefix=True
            )
            for p, words in d["populations"].items()
        },
        safe=lexicon.words_pattern(d["population_safe"]),
    )


@lru_cache(maxsize=MEMO_SIZE)  # (once per monograph: every subject is asked)
def _first_words(names: frozenset[str]) -> frozenset[str]:
    """The first word of each of the drug's names."""
    return frozenset(n.split()[0] for n in names)


def _named_object(text: str, names: frozenset[str]) -> int:
    """Length of the monograph's own drug opening ``text`` as a wording's object ("do not
    use Testamol in ..."), else 0. (A plain prefix test: one pattern per monograph would
    be compiled thousands of times.)"""
    low = text.lower()
    for name in names:
        if low.startswith(f"{name} ") and words().object_preposition.match(low[len(name) :]):
            return len(name) + 1
    return 0


def strength_of(text: str) -> Strength | None:
    """Strength of the first restricting wording (see ``first_trigger``), else of a label-only
    wording ("use with caution"): relative. Denied wordings count for nothing."""
    text = without_denials(text)
    found, rest = first_trigger(text), text
    while found is not None and vocab().application.match(found[0].group(0)):
        # "avoid applying it to the nipples if breastfeeding": where, not how strictly
        rest = rest[found[0].end() :]
        found = first_trigger(rest)
    if found is not None:
        strength = soften(found[1], mask_parens(rest), found[0].start(), found[0].end())
        return _second_verb(strength, rest[found[0].end() :].lstrip())[0]
    return Strength.relative if vocab().label_only.search(text) else None


def sentence_conditions(sentence: str, ident: Identity) -> list[tuple[str, Strength]]:
    """Conditions a sentence names around its prohibiting/restricting wording."""
    if not vocab().keywords.found(sentence):
        return []  # cheap pre-check: no word any restricting phrase needs
    sentence = without_denials(sentence)
    masked = mask_parens(sentence)
    named = vocab().population_wording(masked)
    if named is not None and not grammar().relative_opener.search(
        masked, max(0, named.start() - 12), named.start()
    ):
        # "Women should avoid pregnancy; it is contraindicated in X": around it may be more
        pop = population(named.group(0)).value
        return [
            *sentence_conditions(sentence[: named.start()], ident),
            (pop, soften(Strength.absolute, masked, named.start(), named.end())),
            *sentence_conditions(sentence[named.end() :], ident),
        ]
    found = first_trigger(masked)
    if found is None:
        return []
    m, strength, subject_only = found
    v = vocab()
    strength = soften(strength, masked, m.start(), m.end())
    # "A, B and C are contraindications": the subject is conditions whatever its words
    any_subject = "contraindication" in m.group(0).lower()
    applied = v.application.match(m.group(0)) is not None
    subject = (
        None  # "mothers should avoid applying it to the breast": where, for whom it is meant
        if applied
        else _subject(
            sentence[: m.start()], ident, any_subject=any_subject, subject_only=subject_only
        )
    )
    if subject:
        return [(subject, strength)]
    if subject_only:
        if_you = _IF_YOU.search(sentence, m.end())
        if if_you is not None and not sentence[m.end() : if_you.start()].count(","):
            # "You should not use X if you have A, or if you are B": the if-clauses name them
            return [(c, strength) for c in _if_you_conditions(sentence[if_you.start() :])]
        # "This combination may need dose adjustments or be contraindicated in X"
        return sentence_conditions(sentence[m.end() :], ident)
    strength, after = _second_verb(strength, sentence[m.end() :].lstrip())
    if after.startswith(","):  # "aren't recommended, but caution is advised in X": read on
        further = sentence_conditions(after[1:], ident)
        if further:
            return further
    second = _second_wording(after)
    if second is not None:
        # "Use cautiously in mild X; contraindicated in severe X", "... to the drug and is
        # contraindicated during pregnancy": the second wording restricts what follows it
        head, tail = after[: second[0]], after[second[1] :]
        if head.strip(" ,;"):
            return [*_own_object(head, strength, ident), *sentence_conditions(tail, ident)]
        # "Use with caution or avoid in X": a choice of two, the weaker allowed
        return [
            (cond, Strength.relative if Strength.relative in (strength, other) else other)
            for cond, other in sentence_conditions(tail, ident)
        ]
    return _own_object(after, strength, ident, wording=m, applied=applied)


def _own_object(
    after: str,
    strength: Strength,
    ident: Identity,
    *,
    wording: re.Match[str] | None = None,
    applied: bool = False,
) -> list[tuple[str, Strength]]:
    """The conditions a wording's object names (``after``: the text after the wording)."""
    v = vocab()
    if _AS_ROLE.match(after):
        return []  # "do not use it as a sunscreen": a role it is not for, not a condition
    target = _object(after, ident)
    if target and wording and v.monitoring.search(wording.group(0)) and not v.person.search(target):
        return []  # "monitoring is needed during the first weeks for signs of X"
    if target and applied:
        # "do not apply to open wounds, eyes, or ears": a damaged site is a condition, the
        # places it goes are not
        target = ", ".join(e for e in split_list(target) if words().damaged_site.search(e))
    return [(target, strength)] if target else []


_AS_ROLE = re.compile(r"^(?:(?:it|this|them)\s+)?as\s+(?:a|an)\s", re.I)

#: What joins a second wording to the object before it as a new clause: "; ", ", and is",
#: " and it should be", ". It is also" (a sentence the splitter missed).
_JOIN_BEFORE = re.compile(
    r"(?P<join>^(?:(?:and|or)\s+)?|;\s*|(?:,\s*|\s+)(?:and|but|or|while|whereas)\s+|[,.]\s+(?=it|they|its|use))"
    r"(?:(?:it|they|its\s+use|use)(?:['’]s)?\s+)?"
    r"(?:(?:is|are|should|must|may|can|would)\s+(?:(?:\w+ly|also|still|not)\s+)*(?:be\s+)?)?"
    r"(?:(?:\w+ly|also|still)\s+)*$",
    re.I,
)


def _second_wording(after: str) -> tuple[int, int] | None:
    """Where a second restricting wording stands in a wording's object, as (end of the object
    before it, start of the wording); None when there is none."""
    found = first_trigger(mask_parens(after))
    if found is None or found[2] or found[0].start() == 0:
        return None
    start = found[0].start()
    join = _JOIN_BEFORE.search(after, 0, start)
    # only a clause boundary before it ("; ", ", and is", "and should") makes a new restriction
    return (join.start(), start) if join is not None else None


#: ", so X is not recommended": X's clause is new, and so is "..., and use in Y is ...".
#: So is one after ", but", unless people stand before it without a verb: "Generally safe,
#: but Y should avoid it" is about Y, "Patients with A, but not those with B, should avoid
#: it" about A.
_CLAUSE_JOIN = re.compile(
    r",\s*(?:so|therefore|thus|hence)\s+|,\s*and\s+(?=(?:its\s+|the\s+)?use\b)", re.I
)


_BUT_JOIN = re.compile(r",\s*(?:but|yet)\s+", re.I)


def _last_clause(text: str) -> str:
    clause = _CLAUSE_JOIN.split(text)[-1]
    start = 0
    for m in _BUT_JOIN.finditer(clause):
        before = clause[start : m.start()]
        if not vocab().person.search(before) or grammar().statement.search(before):
            start = m.end()
    return clause[start:]


#: A second verb joined to a wording ("should be avoided or carefully managed", "... or used
#: with caution", "..., or avoided altogether,"): it shares the wording's subject and object,
#: it names nothing.
_COORDINATED_VERB = re.compile(
    r"^(?P<comma>,\s*)?(?:or|and)\s+(?:\w+ly\s+)?(?:be\s+)?\w+(?:ed|en)\b(?:\s+(?:with|under)\s+(?:\w+\s+){0,2}?"
    r"(?:caution|care|supervision|monitoring)\b)?(?:\s+(?:\w+ly|altogether)\b)?"
    # (then its object, or nothing: never "and modified dosage under ...")
    r"(?=\s*(?:$|[,.;]|(?:in|for|during|by|with|among|when|if|while|unless|on|to)\b))",
    re.I,
)


def _second_verb(strength: Strength, after: str) -> tuple[Strength, str]:
    """``strength`` and the text after a wording, past a second verb joined to it ("should be
    avoided or used with caution in X": relative, the weaker choice being allowed; "in X")."""
    verb = _COORDINATED_VERB.match(after)
    if verb is None:
        return strength, after
    other = first_trigger(verb.group(0))
    if other is not None and other[1] is Strength.relative:
        strength = Strength.relative
    rest = after[verb.end() :].lstrip()
    if verb.group("comma"):  # ", or avoided altogether, in X": the commas enclose the verb
        rest = rest.removeprefix(",").lstrip()
    return strength, rest


#: "(Its|The) use (of X) during/in/by Y" as a subject: the restriction is about Y.
_USE_IN = re.compile(
    r"^(?:(?:its|the|their|this|[\w-]+['’]s)\s+)?use(?:\s+of\s+[^,]+?)?\s+"
    r"(?:during|in|by|for|while|among)\s+(?P<condition>.+)$",
    re.I,
)


#: A finite verb after a subject (not in its relative clause: "women who are pregnant").
_SUBJECT_VERB = FirstWorded(
    re.compile(r"(?<!\bwho)(?<!\bthat)(?<!\bwhich)\s(?:is|are|was|were)\s", re.I),
    Keywords.of({"is", "are", "was", "were"}),
)
_VERB = re.compile(r"\s(?:is|are|was|were|has|have|had|requires?|remains?)\b", re.I)


def _subject(
    before: str, ident: Identity, *, any_subject: bool = False, subject_only: bool = False
) -> str | None:
    """The condition a restriction is about when it is the sentence's subject (a condition
    itself, no people named, only before a wording that takes no object: ``subject_only``)."""
    if not before.strip():
        return None  # a wording opening its sentence ("Avoid in X") has no subject
    clause = _last_clause(before.split(";")[-1])
    if_you = _IF_YOU_CLAUSE.match(clause)
    if if_you is not None:
        return if_you.group("condition")
    clause = grammar().clause_opener.sub("", clause)
    verb = _SUBJECT_VERB.search(mask_parens(clause))
    if verb is not None:  # "Children are more sensitive to it and (may require ...)"
        clause = clause[: verb.start()]
    clause = strip_outer(without_auxiliaries(clause))
    if not clause or _ENDS_RELATIVE.search(clause):
        return None  # "X and Y pose risks that (should be weighed)": the risks are weighed
    use = _USE_IN.match(clause)
    if use is not None:  # "Its use in children (is not recommended)": the children
        condition = use.group("condition")  # (up to its own verb: "should be considered and")
        masked = mask_parens(condition)
        cuts = [m.start() for m in (vocab().cutters.search(masked), _VERB.search(masked)) if m]
        return condition[: min(cuts)] if cuts else condition
    key = normalize_heading(clause)
    if not key:
        return None
    first = key.split()[0]
    if (
        key in vocab().drug_subjects
        or first in grammar().pronouns
        or first in _first_words(ident.drug_names)
    ):
        return None
    if first in _WEIGHED:  # "Risks to the fetus should be carefully considered": what is weighed
        return None
    if any_subject:
        return clause
    if not (
        vocab().person.search(clause)
        or population(key) is not Population.condition
        or (subject_only and _names_a_condition(key))
    ):
        return None
    return clause


def _names_a_condition(key: str) -> bool:
    """A subject that is a condition itself ("Impaired kidney function may require dose
    adjustments"): a short phrase with a condition's word, opening with no determiner."""
    return (
        len(key.split()) <= _MAX_SUBJECT_WORDS
        and bool(vocab().condition_words.search(key))
        and not vocab().non_condition_subject.match(key)
        and not _RELATIVE_WORD.search(key)  # "conditions that put them (at increased risk)"
    )


_ENDS_RELATIVE = re.compile(r"\b(?:that|which)\s*$", re.I)

#: First words of a subject that is weighed, not restricted ("Risks to the fetus ...").
_WEIGHED = frozenset({"risk", "risks", "benefit", "benefits"})

#: Words a subject that is itself a condition has at most.
_MAX_SUBJECT_WORDS = 6
_RELATIVE_WORD = re.compile(r"\b(?:that|which|who|whose)\b", re.I)


#: The object of a co-use: "(used) with A", "in combination with A", "with certain
#: medications, including A" (not "concurrent use with A": a use, the condition gives).
_CO_USE = re.compile(
    r"^(?:in\s+combination\s+)?with\s+"
    r"(?:(?:certain|other|some)\s+(?:other\s+)?(?:medications|drugs|medicines)\s*,?\s*"
    r"(?:(?:including|such\s+as|like)\s+(?:\(but\s+not\s+limited\s+to\)\s*)?)?)?",
    re.I,
)


#: One element of a list and what ends it ("A, ", "B or ", "C (used for X)").
_AGENT_RUN = re.compile(
    r"\s*(?:(?:and|or|and/or)\s+)?([^,;.]+?)(?:\s*[,;.]\s*|\s+(?:and|or|and/or)\s+|\s*$)",
    re.I,
)


def _co_used_agents(text: str) -> int | None:
    """Where the agents a co-use wording names ("with A, B, ...") end in ``text``: at the
    end of their clause, or before the first element that is no agent; None when ``text``
    names no co-used agent."""
    co_use = _CO_USE.match(text)
    if co_use is None:
        return None
    masked = mask_parens(text)
    # (the list ends with its clause: "; refer to ...", "due to the risk of X")
    reason = vocab().reason.search(masked, co_use.end())
    stop = reason.start() if reason is not None else len(masked)
    semicolon = masked.find(";", co_use.end(), stop)
    stop = semicolon if semicolon >= 0 else stop
    end = co_use.end()
    for m in _AGENT_RUN.finditer(masked, co_use.end(), stop):
        if m.start() != end or not named_agent(text[m.start(1) : m.end(1)]):
            break
        end = m.end()
    if end == co_use.end():
        return None
    return len(text) if end >= stop else end


def co_use_only(sentence: str) -> bool:
    """A restriction whose object is only co-used agents ("It should not be used with A or
    B"): it names no condition, and is no list of conditions either."""
    found = first_trigger(mask_parens(sentence))
    if found is None:
        return False
    after = strip_outer(sentence[found[0].end() :])
    drug = words().drug_object.match(after)
    after = after[drug.end() :] if drug else after
    return _co_used_agents(after) == len(after)


def _object(after: str, ident: Identity) -> str | None:
    """The conditions written after the wording: "in patients with A, B and C"."""
    text = strip_outer(after)
    # "do not use Testamol in X", "avoid this medicine during X": X is the condition
    drug = words().drug_object.match(text)
    text = text[drug.end() :] if drug else text[_named_object(text, ident.drug_names) :]
    agents_end = _co_used_agents(text)
    if agents_end is not None:
        # "should not be used with pimozide, cisapride", "contraindicated for concurrent use
        # with A, B": what the drug is used with is an agent (an interaction), no condition;
        # conditions may follow the agents ("caution with A, coronary artery disease")
        text = text[agents_end:]
        if not text.strip(" ,;."):
            return None
    site = words().site.match(text)
    if site and not vocab().person.search(text):
        if not words().damaged_site.search(text):
            # "avoid use on the face": where, not who ("do not give to children": who; "do
            # not apply to broken skin": a site that is a condition)
            return None
        if site.group(0).endswith("ing"):  # "not suitable for treating eye infections"
            text = text[site.end() :].lstrip()
    if grammar().statement.match(text):  # "... is advised": no object
        return None
    cut = vocab().cutter_clause.search(mask_parens(text))
    if cut is not None:  # "in A or B, as it may raise X and Y": the conditions end at the comma
        text = text[: cut.start()]
    anchor = _IF_YOU.search(text)
    if anchor is not None:  # "before starting X if you have A" -> A
        text = text[anchor.end() :]
    opened = words().opener.sub("", text)  # "(if) using it during X"
    gerund = words().gerund.match(mask_parens(opened))  # (never a word in parentheses)
    if gerund is not None:  # "before using this medication during pregnancy" -> pregnancy
        text = opened[gerund.end() :]
    elif words().use.match(opened):  # "before taking this supplement": no condition
        return None
    return text or None
