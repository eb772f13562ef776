"""Condition phrases -> conditions: one row's worth each.

The pure splitting of "in patients with A, B, or C" into one condition each:
never inside parentheses; coordinated phrases distributed
(``pipeline.extract.coordination``); allergies one per allergen
(``pipeline.extract.allergens``); two populations ("pregnant and breastfeeding
women") split; examples, filler, pointers and trailing clauses removed. The
words come from ``pipeline.extract.conditions``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from functools import cache, lru_cache

from pipeline import lexicon
from pipeline.extract.agent_vocab import vocab as agent_vocab
from pipeline.extract.allergens import allergy_to, merge_allergens, split_allergy
from pipeline.extract.co_use import co_used
from pipeline.extract.conditions import (
    MAX_CONDITION_WORDS,
    population,
    strip_filler,
    vocab,
)
from pipeline.extract.coordination import (
    before_cutter,
    condition_before_allergy,
    lone_modifier,
    share_modifier_noun,
    share_organ_noun,
    split_conj,
    split_conj_examples,
)
from pipeline.extract.grammar import ALNUM, grammar
from pipeline.extract.identity import Identity
from pipeline.extract.prechecks import FirstWorded
from pipeline.models import Population
from pipeline.normalize import (
    MEMO_SIZE,
    mask_parens,
    normalize_term,
    parentheticals,
    split_list,
    strip_outer,
)

#: The rest of a hedge cut at its wording ("(only if the potential benefit) clearly
#: outweighs the risk to the fetus"): never a condition.
_WEIGHING = re.compile(r"^(?:clearly\s+)?(?:outweighs?|justif(?:y|ies))\b")


_JOIN = re.compile(r"\s*(?:\band\b|\bor\b|/|&)\s*", re.I)


_SEPARATOR = re.compile(r"[,;]")
#: Words that open a reason rather than a cause that names a condition.
_WHY = re.compile(
    r"\s*(?:the|its|their|this|these|a|an|potential|possible|risks?|increased|concerns?|lack"
    r"|limited|unknown|insufficient|it|they|there)\b",
    re.I,
)


@lru_cache(maxsize=MEMO_SIZE)
def _clean(raw: str) -> str:
    """Filler removed from the front, clauses cut from the back."""
    text, _ = parentheticals(raw)
    return strip_outer(before_cutter(strip_filler(text)))


class _Asked:
    """The drug's component names, recording each term asked about and the answer."""

    __slots__ = ("_names", "answers")

    def __init__(self, names: frozenset[str]) -> None:
        self._names = names
        self.answers: dict[object, bool] = {}

    def __contains__(self, term: object) -> bool:
        found = term in self._names
        self.answers[term] = found
        return found


#: A list of conditions -> its conditions, and the questions about the drug's names its
#: reading asked, with their answers (least recently read first, ``MEMO_SIZE`` kept).
_READ: OrderedDict[str, tuple[tuple[tuple[str, str], ...], tuple[tuple[object, bool], ...]]] = (
    OrderedDict()
)


def conditions(raw: str, ident: Identity) -> list[tuple[str, str]]:
    """Split a list of conditions into (as written, normalized) pairs.

    Memoized: half the lists recur across monographs ("hypersensitivity to any of its
    components"). A list is read the same for another drug unless the drug's names answer
    one of the questions its reading asked (is this element a component?) otherwise."""
    names = frozenset(c.lower() for c in ident.components)
    kept = _READ.get(raw)
    if kept is not None and all((term in names) is answer for term, answer in kept[1]):
        _READ.move_to_end(raw)
        return list(kept[0])
    asked = _Asked(names)
    found = _conditions(raw, asked)
    _READ[raw] = (tuple(found), tuple(asked.answers.items()))
    if len(_READ) > MEMO_SIZE:
        _READ.popitem(last=False)
    return found


def _conditions(raw: str, names: _Asked) -> list[tuple[str, str]]:
    v = vocab()
    text = strip_outer(raw)
    masked = mask_parens(text)
    lead = masked.find(":")
    if 0 < lead < len(masked) - 1 and not _SEPARATOR.search(masked, 0, lead):
        # "a history of or current: A, B", "several situations: A": the words before a colon
        # lead in to the list after it, and name no condition of their own
        text, masked = text[lead + 1 :].strip(), masked[lead + 1 :].strip()
    low = masked.lower()  # (collapsed: its only space is " ")
    slot = _NEW_SLOT.search(masked, 1) if " and " in low or " or " in low else None
    if slot is not None and allergy_to(re.split(r"[,;]", masked[: slot.start()])[-1]):
        # "hypersensitivity to the drug and during an acute asthma attack": the allergens
        # end where a conjunction opens another slot of the wording (an element of its own)
        text = f"{text[: slot.start()]}; {text[slot.end() :]}"
        masked = mask_parens(text)
    clauses: tuple[re.Pattern[str] | FirstWorded, ...] = (v.clause, v.instruction, v.manner)
    for clause in clauses:
        cut = clause.search(masked)
        if clause is v.manner and cut is not None and grammar().examples.search(masked, cut.end()):
            continue  # "depending on the patient's history, including A and B": A and B are
        while cut is not None and cut.start() > 0:
            # a clause ends its own ";" element: "A; B where X could be harmful; C": C is another
            end = masked.find(";", cut.end())
            if end < 0:
                text, masked = text[: cut.start()], masked[: cut.start()]
                break
            text, masked = text[: cut.start()] + text[end:], masked[: cut.start()] + masked[end:]
            cut = clause.search(masked, cut.start() + 1)
    reason = v.reason.search(masked, 1)  # "A and B due to X and Y": X and Y are why
    if reason is not None and (
        _WHY.match(masked, reason.end()) or not _SEPARATOR.search(masked, reason.end())
    ):  # (not a cause naming a condition: "hypertension due to venous disease, and X")
        end = masked.find(";", reason.end())  # "A due to its X; B": B is another
        text = text[: reason.start()] + (text[end:] if end >= 0 else "")
    out: list[tuple[str, str]] = []
    elements = share_modifier_noun(share_organ_noun(split_list(text)))
    for piece in merge_allergens(elements, names, text):
        for part in _expand(strip_filler(piece)):
            cond = normalize_term(_clean(part))
            if _no_condition(cond):
                continue
            if v.unnamed.match(cond) and not _with_examples(part):
                continue  # "specific health conditions": a kind left unnamed
            if _points_elsewhere(cond):
                # "these populations", "any of these": named elsewhere (a label, a list)
                _, colon, listed = part.partition(":")
                if colon and listed.strip():  # "these conditions: asthma": the list follows
                    out += _conditions(listed, names)
                continue
            if cond in names or _something_else(cond):
                continue
            out.append((strip_outer(part), cond))
    return out


@lru_cache(maxsize=MEMO_SIZE)  # (a condition's words are judged once: they recur, "pregnancy")
def _no_condition(cond: str) -> bool:
    """Words that name no condition: no word, too many, vague, an adverb or a hedge."""
    v = vocab()
    return bool(
        not ALNUM.search(cond)
        or len(cond.split()) > MAX_CONDITION_WORDS
        or cond in v.vague
        # "Similarly, patients with X ...", "; thus, ...": no condition
        or _ADVERB.fullmatch(cond)
        or cond in _sentence_adverbs()
        # "only if the benefits outweigh ...", "clearly outweighs the risk": a hedge
        or v.hedge.match(cond)
        or _WEIGHING.match(cond)
    )


@lru_cache(maxsize=MEMO_SIZE)
def _points_elsewhere(cond: str) -> bool:
    """ "these populations", "any of these": conditions named elsewhere (a label, a list)."""
    return (_POINTER_OF.sub("", cond).split() or [""])[0] in vocab().pointers


@lru_cache(maxsize=MEMO_SIZE)
def _something_else(cond: str) -> bool:
    """A side effect, a supervisor, unspecific drugs taken with it ("(are) taking other
    medications": an interaction) or how long ("longer than"): no condition."""
    v = vocab()
    return bool(
        "side effect" in cond
        or v.supervisors.search(cond)
        or _uses_unspecific(cond)
        # ("more than 6 months pregnant" is a population)
        or (v.duration.match(cond) and population(cond) is Population.condition)
    )


def _with_examples(text: str) -> bool:
    """ "underlying health conditions (heart, liver disease)", "(e.g., asthma)": a kind
    followed by examples in parentheses names them, so it stays."""
    return any("," in p or grammar().examples.match(p) for p in parentheticals(text)[1])


#: The last "and"/"or" joining two phrases (never "and/or" inside one).
_LAST_JOIN = re.compile(r"\s(?:and|or)\s(?!.*\s(?:and|or)\s)", re.I)


#: "and in those with", "or during": a conjunction opening another slot of the wording,
#: never one more allergen of the allergy before it (after a comma it ends the list anyway).
_NEW_SLOT = re.compile(r"(?<![,;])\s+(?:and|or)\s+(?=(?:during|in|while|when|with|within)\s)", re.I)


#: An adverb by its ending ("concurrently", "intravenously", "generally"); never a
#: condition in "-aly" ("acromegaly") or a population in "-erly" ("elderly").
_ADVERB = re.compile(r"[a-z]+(?:ally|ously|ently|antly|ately|ively|ely|fully|ily|arly)")


@cache
def _sentence_adverbs() -> frozenset[str]:
    """One-word and two-word sentence openers ("thus", "for example", grammar.toml)."""
    return frozenset(lexicon.load("grammar")["sentence_adverbs"])


def points_back(raw: str) -> bool:
    """A condition slot naming nothing but pointing at conditions named before it ("in
    individuals with these conditions", "in such patients", "any of the above")."""
    v = vocab()
    for piece in split_list(strip_outer(raw)):
        cond = normalize_term(_clean(strip_filler(piece)))
        if v.refers_back.match(_POINTER_OF.sub("", cond)) or v.refers_back.match(cond):
            return True
    return False


#: "(any) of these", "one of the above": what points at conditions named elsewhere.
_POINTER_OF = re.compile(
    r"^(?:(?:any|all|one|either|each|none)\s+)?(?:of\s+)?(?:the\s+(?=above\b))?"
)


def _uses_unspecific(condition: str) -> bool:
    """ "(those) taking other medications", "concurrent use with certain medications",
    "other medications": unspecific drugs taken with it, an interaction naming nothing."""
    return (co_used(condition) or condition) in agent_vocab().unspecific


@lru_cache(maxsize=MEMO_SIZE)  # half the elements recur ("any of its components")
def _expand(piece: str) -> tuple[str, ...]:
    """One list element -> conditions: examples, person groups and populations split out."""
    apart = condition_before_allergy(piece)
    if apart is not None:  # "severe liver disease or hypersensitivity to A or B"
        return (*_expand(apart[0]), *_expand(apart[1]))
    allergies = split_allergy(piece)
    if allergies is not None:
        return tuple(allergies)
    m = vocab().examples.search(mask_parens(piece))
    head, examples = (piece[: m.start()], [piece[m.end() :]]) if m else (piece, [])
    parts: list[str] = []
    if examples:
        # "heart conditions such as A or B": the examples are the conditions.
        if not vocab().category_heads.search(_clean(head)) and _clean(head):
            parts.append(head)
        elif (joined := _LAST_JOIN.search(mask_parens(head))) is not None:
            # "immunocompromised patients and patients with conditions such as A": only the
            # last phrase is the kind its examples name; the one before it is a condition
            before = head[: joined.start()]
            words = _clean(before).split()
            if (
                words
                and not (len(words) == 1 and lone_modifier(words[0]))
                and not (vocab().category_heads.search(_clean(before)))
            ):  # ("severe or unstable heart conditions like A": "severe" qualifies them)
                parts.append(before)
        parts += [
            e
            for piece in split_list(examples[0])
            for e in split_conj_examples(piece)
            if strip_outer(e)
        ]
    else:
        parts.append(piece)
    out: list[str] = []
    for part in parts:
        for person_part in vocab().person_and.split(part):
            for half in split_conj(person_part):
                out += _split_populations(half)
    return tuple(out)


def _split_populations(text: str) -> list[str]:
    """``pregnant and breastfeeding women`` -> pregnancy, breastfeeding: two populations."""
    base = parentheticals(text)[0]
    low = base.lower()
    if "and" not in low and "or" not in low and "/" not in base and "&" not in base:
        return [text]  # (a cheap test first: ``_JOIN`` cannot split it)
    words = _JOIN.split(base)
    pops = [population(w) for w in words if w.strip()]
    if len(pops) >= 2 and len(set(pops)) == len(pops) and Population.condition not in pops:
        named = {Population.pregnancy: "pregnancy", Population.breastfeeding: "breastfeeding"}
        return [named.get(p, w) for p, w in zip(pops, [w for w in words if w.strip()], strict=True)]
    return [text]
