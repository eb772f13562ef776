"""The agent vocabulary: the interactions lexicon's word lists, compiled once.

``lexicons/interactions.toml`` (and ``grammar.toml``) become the patterns and sets
``agents`` reads phrases with: what names no agent, the kinds of agents the lexicon
knows, class heads, descriptions, words referring back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline import lexicon
from pipeline.extract.grammar import starts
from pipeline.models import AgentType


@dataclass(frozen=True)
class AgentVocab:
    unspecific: frozenset[str]  # phrases that name no agent ("other medications")
    vague_heads: re.Pattern[str]
    types: tuple[tuple[frozenset[str], AgentType], ...]
    class_heads: re.Pattern[str]
    shared_heads: re.Pattern[str]
    leading: re.Pattern[str]
    cut: re.Pattern[str]
    phrase_cut: re.Pattern[str]  # "in patients with ...": cuts a phrase before its split
    tail_words: re.Pattern[str]
    vague_tail: re.Pattern[str]
    not_agent_words: frozenset[str]
    describing: re.Pattern[str]  # "those affecting ...", "drugs that ...": a description
    body_words: frozenset[str]  # organs and body functions: "(those affecting) the kidneys"
    qualifiers: frozenset[str]
    never_alone: frozenset[str]  # never an agent alone ("reduced", "avoided", "true")
    function_words: frozenset[str]  # grammar only: never an agent on their own ("to", "but")
    prepositions: frozenset[str]  # never an agent's first word
    condition_words: re.Pattern[str]  # diseases and effects: no agent without a class head
    effect_word: re.Pattern[str]  # one word ending like an effect ("methemoglobinemia")
    singular_s: frozenset[str]  # singular words ending in a plural-looking s ("diabetes")
    refer_back: re.Pattern[str]  # "these medications", "any of the above": never an agent
    used_together: re.Pattern[str]  # "if (both are) used concurrently": refers back too
    refer_subject: re.Pattern[str]  # "This may alter their effects": refers back too
    mechanism_heads: frozenset[str]  # "inhibitors", "inducers": heads a list may share
    list_opener: re.Pattern[str]  # "These include ...": a list standing for the sentence before
    similar: re.Pattern[str]  # "Similar interactions are possible with ...": graded as before
    described_heads: frozenset[str]  # "medications (that cause ...)": a head a description names
    use_head: re.Pattern[str]  # "medications for ", "drugs used to treat ": a class by use
    generic_head: re.Pattern[str]  # "(antiplatelet) medications": a head adding nothing
    member_head: re.Pattern[str]  # "(an MAO) inhibitor": one member of a class
    described: re.Pattern[str]  # "that cause X", "metabolized by CYP3A4": a class's description
    other_drugs: re.Pattern[str]  # "many (other) medications": unspecific drugs by a quantifier
    other_drugs_quantifier: re.Pattern[str]  # "many ", "other ": a quantifier opening a phrase
    bare_cue: re.Pattern[str]  # "Close monitoring is essential.": only a cue, refers back


@cache
def vocab() -> AgentVocab:
    d = lexicon.load("interactions")
    return AgentVocab(
        unspecific=frozenset(d["unspecific"]),
        vague_heads=re.compile(r"^(?:" + lexicon.alternation(d["vague_heads"]) + r")\s+\w", re.I),
        types=(
            (frozenset(d["alcohol"]), AgentType.alcohol),
            (frozenset(d["food"]), AgentType.food),
            (frozenset(d["herbal"]), AgentType.herbal),
            (frozenset(d["other"]), AgentType.other),
            (frozenset(d["drug_classes"]), AgentType.drug_class),
        ),
        class_heads=lexicon.words_pattern(d["class_heads"]),
        shared_heads=re.compile(
            r"^(?P<first>\S+)\s+(?P<head>" + lexicon.alternation(d["shared_heads"]) + r")$",
            re.I,
        ),
        leading=starts(d["agent_leading"], r"\s*[:,]?\s*"),
        cut=re.compile(
            r"\s*" + lexicon.words_pattern(d["agent_cutters"]).pattern + ".*$", re.I | re.S
        ),
        phrase_cut=lexicon.words_pattern(d["phrase_cutters"]),
        tail_words=re.compile(
            r"\s+" + lexicon.words_pattern(d["agent_tail_words"]).pattern + "$", re.I
        ),
        vague_tail=re.compile(lexicon.words_pattern(d["vague_tails"]).pattern + "$", re.I),
        not_agent_words=frozenset(d["not_agent_words"]),
        describing=re.compile(
            r"(?<=\S)\s+" + lexicon.words_pattern(d["describing_words"]).pattern, re.I
        ),
        qualifiers=frozenset(d["qualifiers"]),
        never_alone=frozenset(d["never_alone"]),
        body_words=frozenset(d["body_words"]),
        function_words=frozenset(
            w
            for key in ("articles", "prepositions", "pronouns", "subordinators", "clause_openers")
            for w in lexicon.load("grammar")[key]
        ),
        prepositions=frozenset(lexicon.load("grammar")["prepositions"]),
        condition_words=lexicon.words_pattern(d["condition_words"]),
        effect_word=re.compile(rf"^\S+(?:{lexicon.alternation(d['effect_suffixes'])})$"),
        singular_s=frozenset(d["singular_s"]),
        refer_back=lexicon.words_pattern(d["refer_back"]),
        used_together=re.compile(
            rf"\b(?:(?:{lexicon.alternation(d['use_together_openers'])})\s+"
            # (a short subject and "is/are": "when both medications are used")
            r"(?:(?:[\w-]+\s+){1,3}(?:is|are)\s+)?"
            rf"(?:{lexicon.alternation(d['use_together_verbs'])})\s+"
            rf"(?:{lexicon.alternation(d['use_together_adverbs'])})"
            rf"|{lexicon.alternation(d['use_together_nouns'])})\b"
            # ("used concurrently with other medications": any drug, not those named)
            r"(?!\s+(?:with|of)\s+(?!th(?:ese|em|ose)\b))",
            re.I,
        ),
        refer_subject=re.compile(
            rf"^\s*(?:{lexicon.alternation(d['refer_back_subjects'])})\s+"
            rf"(?:{lexicon.alternation(lexicon.load('grammar')['modals'])})\b",
            re.I,
        ),
        mechanism_heads=frozenset(d["mechanism_heads"]),
        list_opener=re.compile(
            rf"{starts(d['list_openers']).pattern}"
            rf"|^\s*(?:(?:{lexicon.alternation(d['list_subject_words'])})\s+){{0,3}}"
            rf"(?:(?<![\w-])(?:{lexicon.alternation(d['list_subject_heads'])})"
            # ("examples of (potential) interactions")
            r"(?:\s+of\s+(?:\w+\s+)?interactions)?\s+)?"
            rf"(?<=\s)(?:(?:{lexicon.alternation(lexicon.load('grammar')['modals'])})\s+)?"
            rf"(?:{lexicon.alternation(d['list_verbs'])})\b",
            re.I,
        ),
        similar=starts(d["similar_openers"]),
        other_drugs_quantifier=re.compile(
            rf"(?:{lexicon.alternation(d['other_drug_quantifiers'])})\s", re.I
        ),
        bare_cue=re.compile(
            rf"\s*(?:(?:{lexicon.alternation(d['bare_cue_modifiers'])})\s+)?"
            rf"(?:{lexicon.alternation(d['bare_cue_nouns'])})\s+"
            rf"(?:{lexicon.alternation(d['bare_cue_verbs'])})\s+"
            rf"(?:(?:{lexicon.alternation(d['bare_cue_adverbs'])})\s+)*"
            rf"(?:{lexicon.alternation(d['bare_cue_predicates'])})\s*[.!]?\s*",
            re.I,
        ),
        other_drugs=re.compile(
            rf"(?:{lexicon.alternation(d['other_drug_quantifiers'])})\s+(?:other\s+)?"
            rf"(?:{lexicon.alternation(d['other_drug_nouns'])})\s*",
            re.I,
        ),
        described_heads=frozenset(d["described_heads"]),
        use_head=re.compile(
            rf"^\s*(?:(?:other|certain|some)\s+)?(?:{lexicon.alternation(d['use_heads'])})"
            rf"\s+(?:{lexicon.alternation(d['use_words'])})\s+",
            re.I,
        ),
        generic_head=re.compile(rf"(?<=\S) (?:{lexicon.alternation(d['generic_heads'])})\Z"),
        member_head=re.compile(rf"(?<=\S)( (?:{lexicon.alternation(d['member_heads'])}))\Z"),
        described=re.compile(
            rf"\b(?:(?:that|which)\s+(?:(?:can|may|might|could|also|commonly|often)\s+)?"
            rf"(?:{lexicon.alternation(d['class_verbs'])})\s+\w"
            rf"|(?:{lexicon.alternation(d['class_clearance'])})\s+(?:[\w-]+\s+){{0,3}}?"
            rf"(?:{lexicon.alternation(d['clearance_objects'])})(?![\w-])"
            r"|used\s+(?:to\s+treat|for)\s+\w)",
            re.I,
        ),
    )


#: A last word (or last of a/b) ending in a plural ``s``: not ss, is, us ("digitalis").
_PLURAL = re.compile(r"[a-z0-9'-]{2}[^\W_siu]s\Z")


def names_group(agent: str) -> bool:
    """A normalized agent written in the plural ("phenothiazines", "tcas"): a group of
    drugs, as one named drug is never written in the plural."""
    if _PLURAL.search(agent) is None:
        return False
    return agent.rsplit(" ", 1)[-1].rsplit("/", 1)[-1] not in vocab().singular_s
