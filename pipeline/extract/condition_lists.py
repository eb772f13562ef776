"""Condition phrases -> conditions: one row's worth each.

The pure splitting of "in patients with A, B, or C" into one condition each:
never inside parentheses; an organ or a modifier sharing its noun ("severe
liver or kidney disease", "viral, fungal, or bacterial skin infections");
an allergen list kept with its components; two populations ("pregnant and
breastfeeding women") split; filler and trailing clauses removed. The words
come from ``pipeline.extract.conditions``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from pipeline.extract.agents import vocab as agent_vocab
from pipeline.extract.condition_sentences import words as sentence_words
from pipeline.extract.conditions import (
    MAX_CONDITION_WORDS,
    population,
    strip_filler,
    vocab,
)
from pipeline.extract.grammar import ALNUM, OR_AND, grammar
from pipeline.extract.identity import Identity
from pipeline.models import AgentType, Population
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

#: Words the longest filler before a condition has ("in patients who have had").
MAX_FILLER_WORDS = 6


_JOIN = re.compile(r"\s*(?:\band\b|\bor\b|/|&)\s*", re.I)


_RELATIVE = re.compile(r"\b(?:who|that)\s*$", re.I)
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
    return strip_outer(_before_cutter(strip_filler(text)))


def conditions(raw: str, ident: Identity) -> list[tuple[str, str]]:
    """Split a list of conditions into (as written, normalized) pairs."""
    v = vocab()
    text = strip_outer(raw)
    masked = mask_parens(text)
    slot = _NEW_SLOT.search(masked, 1)
    if slot is not None and _ALLERGY_TO.search(re.split(r"[,;]", masked[: slot.start()])[-1]):
        # "hypersensitivity to the drug and during an acute asthma attack": the allergens
        # end where a conjunction opens another slot of the wording (an element of its own)
        text = f"{text[: slot.start()]}; {text[slot.end() :]}"
        masked = mask_parens(text)
    for clause in (v.clause, v.instruction, v.manner):
        cut = clause.search(masked)
        if clause is v.manner and cut is not None and grammar().examples.search(masked, cut.end()):
            continue  # "depending on the patient's history, including A and B": A and B are
        if cut is not None and cut.start() > 0:
            text, masked = text[: cut.start()], masked[: cut.start()]
    reason = v.reason.search(masked, 1)  # "A and B due to X and Y": X and Y are why
    if reason is not None and (
        _WHY.match(masked, reason.end()) or not _SEPARATOR.search(masked, reason.end())
    ):  # (not a cause naming a condition: "hypertension due to venous disease, and X")
        end = masked.find(";", reason.end())  # "A due to its X; B": B is another
        text = text[: reason.start()] + (text[end:] if end >= 0 else "")
    names = {c.lower() for c in ident.components}
    out: list[tuple[str, str]] = []
    elements = _share_modifier_noun(_share_organ_noun(split_list(text)))
    for piece in _merge_allergens(elements, names):
        for part in _expand(strip_filler(piece)):
            cond = normalize_term(_clean(part))
            if not ALNUM.search(cond) or len(cond.split()) > MAX_CONDITION_WORDS or cond in v.vague:
                continue
            if grammar().sentence_adverb.match(cond) and population(cond) is Population.condition:
                continue  # "Similarly, patients with X ...", "; thus, ...": no condition ("elderly" is)
            if v.hedge.match(cond) or _WEIGHING.match(cond):
                continue  # "only if the benefits outweigh ...", "clearly outweighs the risk": a hedge
            if (_POINTER_OF.sub("", cond).split() or [""])[0] in v.pointers:
                # "these populations", "any of these": named elsewhere (a label, a list)
                _, colon, listed = part.partition(":")
                if colon and listed.strip():  # "these conditions: asthma": the list follows
                    out += conditions(listed, ident)
                continue
            if cond in names or "side effect" in cond or v.supervisors.search(cond):
                continue
            if _uses_unspecific(cond) or (
                v.duration.match(cond) and population(cond) is Population.condition
            ):  # ("more than 6 months pregnant" is a population)
                continue  # "(are) taking other medications": an interaction; "longer than": time
            out.append((strip_outer(part), cond))
    return out


#: "and in those with", "or during": a conjunction opening another slot of the wording,
#: never one more allergen of the allergy before it (after a comma it ends the list anyway).
_NEW_SLOT = re.compile(r"(?<![,;])\s+(?:and|or)\s+(?=(?:during|in|while|when|with|within)\s)", re.I)


def points_back(raw: str) -> bool:
    """A condition slot naming nothing but pointing at conditions named before it ("in
    individuals with these conditions", "in such patients", "any of the above")."""
    v = vocab()
    for piece in split_list(strip_outer(raw)):
        cond = normalize_term(_clean(strip_filler(piece)))
        if v.refers_back.match(_POINTER_OF.sub("", cond)) or v.refers_back.match(cond):
            return True
    return False


def _share_organ_noun(elements: list[str]) -> list[str]:
    """ "severe liver, kidney, or heart disease": organs before the last one share its noun,
    and the words before the first such organ ("severe") qualify the bare organs after it."""
    if len(elements) < 3:
        return elements
    last = strip_outer(re.sub(r"^\s*(?:and|or)\s+", "", elements[-1]))
    words = last.split()
    if len(words) < 2 or not vocab().organ_tail.search(words[0]):
        return elements
    noun = " ".join(words[1:])
    head: list[str] | None = None  # the words before the first organ without its noun
    out = []
    for e in elements[:-1]:
        organ = parentheticals(strip_filler(e))[0].split()  # "hepatic (liver)"
        if not vocab().organ_alone.match(" ".join(organ)):
            out.append(e)
            continue
        if head is None:
            head = organ[:-1]
        out.append(" ".join([*head, *organ, noun]) if len(organ) == 1 else f"{e.rstrip()} {noun}")
    if head:
        lead = re.match(r"^\s*(?:and|or)\s+", elements[-1])
        return [*out, (lead.group(0) if lead else "") + " ".join([*head, last])]
    return [*out, elements[-1]]


def _lone_modifier(word: str) -> bool:
    """A word that only qualifies the noun after it: "acute", "viral", "second-"."""
    return _modifier_kind(word) is not None


def _modifier_kind(word: str) -> str | None:
    """What makes ``word`` a modifier: a damaged site's ("broken"), a qualifier ("acute"),
    a hyphen ("second-"), or its adjective ending ("-al" of "viral"); None when it is none
    of these."""
    if word.endswith("-") or word.lower() in vocab().qualifiers:
        return "site" if sentence_words().damaged_site.fullmatch(word) else "qualifier"
    m = grammar().adjective.match(word)
    if m is None:
        return "plain" if word.lower() in grammar().plain_adjectives else None
    return m.group("suffix").lower()


def _share_modifier_noun(elements: list[str]) -> list[str]:
    """ "viral, fungal, or bacterial skin infections": lone modifiers right before a phrase
    that starts with one share its noun (never a population: "pregnant, ... women" is split
    by population instead); words qualifying the first of them qualify every one
    ("untreated fungal, bacterial, or viral infections": untreated bacterial infections)."""
    if len(elements) < 2:
        return elements
    # "in viral", "or viral": the filler and the joining word are no words of it
    bare = [_UNJOINED.sub("", strip_filler(e)) for e in elements]
    out = list(elements)
    end = 0
    while (end := end + 1) < len(elements):
        words = parentheticals(bare[end])[0].split()
        kind = _modifier_kind(words[0]) if len(words) >= 2 else None
        if kind is None or not _one_modifier(bare[end - 1]):
            continue
        start = end - 1
        while start > 0 and _one_modifier(bare[start - 1]):
            start -= 1
        if all(_modifier_kind(parentheticals(b)[0].strip()) is None for b in bare[start:end]):
            continue  # organs only: "eyes, mouth, or mucous membranes" are three places
        lead = _qualifiers(bare[start - 1]) if start > 0 else None
        # parallel modifiers: two or more ("viral, fungal, or parasitic"), or one of the
        # same kind as the next ("acute, or chronic"; never "colic, or abdominal pain")
        if (
            lead is None
            and end - start == 1
            and _modifier_kind(bare[start])
            not in (
                kind,
                "qualifier",
            )
        ):
            continue
        noun = " ".join(words[1:])
        for i in range(start, end):
            out[i] = f"{lead} {bare[i]} {noun}" if lead else f"{elements[i].rstrip()} {noun}"
        if lead:
            out[start - 1] = f"{elements[start - 1].rstrip()} {noun}"
            at = _UNJOINED.match(elements[end])
            cut = at.end() if at else 0
            out[end] = f"{elements[end][:cut]}{lead} {elements[end][cut:].lstrip()}"
    return out


#: A list element's joining word ("or viral infections").
_UNJOINED = re.compile(r"^\s*(?:(?:and|or)\s+)?", re.I)


def _one_modifier(text: str) -> bool:
    """``text`` is one word qualifying a noun and naming no population ("viral", not
    "pregnant")."""
    text = parentheticals(text)[0].strip()  # "hepatic (liver)"
    return (
        " " not in text
        and not text.endswith("ment")  # a noun ("impairment"), not an "-ent" adjective
        and (_modifier_kind(text) is not None or _organ_alone(text))  # ("breast, uterine")
        and population(text) is Population.condition
    )


def _qualifiers(text: str) -> str | None:
    """The words before the last of ``text`` when all of them and the last are modifiers
    ("untreated fungal", "systemic or local bacterial"): what qualifies a modifier list."""
    *lead, last = parentheticals(text)[0].split() or [""]
    if not lead or len(lead) > 3 or not _one_modifier(last):
        return None
    if lead[0].lower() in ("or", "and") or not all(
        _one_modifier(w) or w.lower() in ("or", "and") for w in lead
    ):
        return None
    return " ".join(lead)


#: "(any) of these", "one of the above": what points at conditions named elsewhere.
_POINTER_OF = re.compile(
    r"^(?:(?:any|all|one|either|each|none)\s+)?(?:of\s+)?(?:the\s+(?=above\b))?"
)

#: A condition that is taking something else: "(those) currently taking X", "recent use of
#: X", "concurrent use with X", "treatment with X", "those on X".
_USE_OF = re.compile(
    r"^(?:(?:those|patients|people|individuals)\s+)?(?:who\s+are\s+)?"
    r"(?:(?:currently|concurrently|concomitantly|also)\s+)?"
    r"(?:taking|using|receiving|on"
    r"|(?:(?:recent|current|concurrent|concomitant|simultaneous)\s+)?use\s+(?:of|with)"
    r"|(?:(?:concurrent|concomitant|simultaneous)\s+)?(?:treatment|therapy)\s+with)\s+"
    r"(?P<what>.+)$",
    re.I,
)


def co_used(condition: str) -> str | None:
    """What a condition says is taken with the drug ("recent use of MAO inhibitors" -> "MAO
    inhibitors"), else None."""
    m = _USE_OF.match(strip_outer(condition))
    # ("those taking medications that increase this risk should use it cautiously")
    return _CLAUSE_AFTER.split(m.group("what"), 1)[0] if m is not None else None


#: A verb after a co-used agent: the clause about the people who take it.
_CLAUSE_AFTER = re.compile(r"\s+(?:should|must|need|needs|require|requires)\b", re.I)


def _uses_unspecific(condition: str) -> bool:
    """ "(those) taking other medications", "concurrent use with certain medications",
    "other medications": unspecific drugs taken with it, an interaction naming nothing."""
    return (co_used(condition) or condition) in agent_vocab().unspecific


def _merge_allergens(elements: list[str], names: set[str]) -> list[str]:
    """Keep "hypersensitivity to A, B, or any of its components" whole: what follows an
    allergy is more allergens while the elements name components, ingredients or the drug."""
    out: list[str] = []
    allergy = -1  # index in ``out`` of the last allergy element
    for element in elements:
        if (
            out
            and _ALLERGY_TO.search(out[-1])
            and (
                _ALLERGEN_TAIL.search(element)
                or normalize_term(element) in names
                or _drug_class(element)
            )
        ):
            out[-1] = f"{out[-1]}, {element}"
        elif allergy >= 0 and _COMPONENTS_TAIL.match(element):
            between = out[allergy + 1 :]
            if any(vocab().condition_words.search(e) for e in between):
                # "allergy to A, liver disease, or any component": the disease stays apart
                out[allergy] = f"{out[allergy]}, {element}"
            else:  # "allergy to A, B, or any component of it": B was another allergen
                out[allergy:] = [", ".join([*out[allergy:], element])]
        else:
            out.append(element)
        if _ALLERGY_TO.search(out[-1]):
            allergy = len(out) - 1
    return out


def _drug_class(element: str) -> bool:
    """ "sulfonamides", "macrolide antibiotics": a class of drugs, so an allergen after an
    allergy ("allergy to A, sulfonamides, or B"), never a condition of its own."""
    v = agent_vocab()
    term = normalize_term(element)
    classes = next(words for words, kind in v.types if kind is AgentType.drug_class)
    return term in classes or (len(term.split()) <= 3 and bool(v.class_heads.search(term)))


_ALLERGY_TO = re.compile(r"\b(?:hypersensitiv\w*|allerg\w*)\b[^,;]*?\bto\b", re.I)


_COMPONENT = r"(?:components?|ingredients?|excipients?)"


#: "(or) any (other) component(s) of ...": the end of an allergen list, never a condition.
_COMPONENTS_TAIL = re.compile(
    rf"^(?:(?:or|and)\s+)?(?:any|all)\s+(?:\w+\s+){{0,2}}?{_COMPONENT}\b", re.I
)


#: What may follow an allergy's first allergen: more of them ("other penems", "its components").
_ALLERGEN_TAIL = re.compile(
    rf"^(?:(?:or|and)\s+)?(?:any|other|related|its|their|the)\b|\b(?:{_COMPONENT}|formulation)\b",
    re.I,
)


def _split_allergy(piece: str) -> list[str] | None:
    """ "allergy to A, B, or any of its components" -> an allergy to each (A, B, and the
    components); None when ``piece`` is no allergy to two or more named allergens ("allergy
    to A or any of its components" stays one condition)."""
    masked = mask_parens(piece)
    m = _ALLERGY_TO.search(masked)
    if m is None or (not OR_AND.search(masked, m.end()) and "," not in masked[m.end() :]):
        return None
    head = piece[: m.end()]
    allergens = [
        strip_outer(_TO.sub("", a))
        for element in split_list(piece[m.end() :])
        for a in _split_top(element)
    ]
    allergens = [a if _UNNAMED_ALLERGEN.match(a) else _EITHER.sub("", a) for a in allergens if a]
    if sum(not _UNNAMED_ALLERGEN.match(a) for a in allergens) < 2 or any(
        vocab().person.search(a) or _PREPOSITION.match(a) for a in allergens
    ):
        return None  # (an element about people or after filler is another condition)
    return [f"{head} {a}" for a in allergens]


#: An allergy noun without its object ("hypersensitivity", "known allergies").
_BARE_ALLERGY = re.compile(
    r"^(?:(?:severe|serious|known)\s+)?(?:hypersensitiv\w*|allerg\w*|sensitivity)\s*$", re.I
)
_TO_OBJECT = re.compile(r"\bto\s+\S", re.I)

_PREPOSITION = re.compile(r"^(?:in|during|with|for|while|when|if|on)\b", re.I)
_TO = re.compile(r"^\s*(?:(?:and|or)\s+)?(?:to\s+)?", re.I)
_EITHER = re.compile(r"^(?:either|both)\s+", re.I)

#: An allergen named by its relation to the drug ("its components", "related compounds"):
#: with one named allergen it stays part of that allergy.
_UNNAMED_ALLERGEN = re.compile(
    rf"^(?:(?:any|all|its|their|the|this|other|either)\s+)*(?:[\w'’]+\s+){{0,3}}?"
    rf"(?:{_COMPONENT}|formulation|constituents?)\b"
    r"|^(?:any\s+)?(?:related|similar)\s+(?:compounds?|drugs?|medications?|medicines?|substances?)\b"
    r"|^other\s",  # "penicillin or other beta-lactams": the named one's kind
    re.I,
)


def _split_top(text: str) -> list[str]:
    """``text`` split on every "and"/"or" outside parentheses."""
    masked = mask_parens(text)
    out, start = [], 0
    for m in OR_AND.finditer(masked):
        out.append(text[start : m.start()])
        start = m.end()
    return [*out, text[start:]]


@lru_cache(maxsize=MEMO_SIZE)  # half the elements recur ("any of its components")
def _expand(piece: str) -> tuple[str, ...]:
    """One list element -> conditions: examples, person groups and populations split out."""
    allergies = _split_allergy(piece)
    if allergies is not None:
        return tuple(allergies)
    m = grammar().examples.search(mask_parens(piece))
    head, examples = (piece[: m.start()], [piece[m.end() :]]) if m else (piece, [])
    parts: list[str] = []
    if examples:
        # "heart conditions such as A or B": the examples are the conditions.
        if not vocab().category_heads.search(_clean(head)) and _clean(head):
            parts.append(head)
        parts += [
            e
            for piece in split_list(examples[0])
            for e in _split_conj_examples(piece)
            if strip_outer(e)
        ]
    else:
        parts.append(piece)
    out: list[str] = []
    for part in parts:
        for person_part in vocab().person_and.split(part):
            for half in _split_conj(person_part):
                out += _split_populations(half)
    return tuple(out)


def _split_conj_examples(text: str) -> list[str]:
    """Examples split on or/and; organs before the noun after them each take it."""
    masked = mask_parens(text)
    m = OR_AND.search(masked)
    if m is None:
        return [text]
    left, right = text[: m.start()], text[m.end() :]
    if vocab().organ_tail.search(left):
        return _share_organ(text, m, _split_conj_examples)
    return [left, *_split_conj_examples(right)]


def _share_organ(text: str, m: re.Match[str], split: Callable[[str], list[str]]) -> list[str]:
    """ "severe liver or kidney disease" (``m`` its "or") -> severe liver disease, severe
    kidney disease: the organ before "or" takes the noun after the second organ, which takes
    the words before the first ("severe", "impaired", "history of"). Kept whole when the
    second half does not open with an organ and a noun."""
    left = text[: m.start()]
    first, *rest = split(text[m.end() :])
    organ = vocab().organ_head.match(first)
    if organ is None and left.split()[-1].lower() not in vocab().noun_organs:
        organ = _kind_head(first)  # "renal or neuromuscular disease" (not "skin or broken skin")
    noun = first[organ.end() :].strip() if organ else ""
    if not noun:  # "broken skin or open wounds": two phrases; "impaired liver or ...": one
        whole = organ is None and left.split()[-1].lower() in vocab().noun_organs
        return [left, first, *rest] if whole else [text]
    before = left.split()[:-1]
    return [f"{left} {noun}", " ".join([*before, first]), *rest]


#: A relative clause's head ("women who"), a second verb phrase of it ("may become
#: pregnant", "plan to become pregnant"), a copula waiting for its complement ("who are"),
#: and the complement a "become" gives it.
_WHO = re.compile(r"^.*?\bwho\b", re.I)
_VERB_PHRASE = re.compile(
    r"^\s*(?:may|might|could|are|is|plan|plans|planning|intend|intends|intending|wish|suspect"
    r"|trying|attempting)\b",
    re.I,
)
_COPULA_END = re.compile(r"\b(?:are|is)\s*$", re.I)
_WHO_IS = re.compile(r"^.*?\bwho\s+(?:are|is)\b", re.I)
_BECOME = re.compile(r"\bbecome\s+([\w-]+)\s*$", re.I)

#: "inability to stand": the verbs after it are coordinated, not conditions.
_INABILITY = re.compile(
    r"\b(?:inability|unable|unability|failure|difficulty)\s+(?:to\s+)?[\w-]+\s*$", re.I
)

#: Modifiers that name no kind: degrees ("acute or severe asthma" is one condition), and
#: endings nouns share ("self-treatment", "patient").
_NOT_KINDS = frozenset({None, "qualifier", "ent", "ant"})

#: "... of the eye": a phrase whose last words name an organ after "of".
_OF_ORGAN = re.compile(r"\bof\s+(?:the\s+)?[\w-]+\s*$", re.I)


def _organ_alone(text: str) -> bool:
    """``text`` is one organ word and nothing else ("ear", "the kidneys")."""
    word = re.sub(r"^\s*(?:the\s+)?", "", strip_outer(text)).lower()
    v = vocab()
    return word in v.noun_organs or (" " not in word and v.organ_alone.match(word) is not None)


#: A first word that names a kind of the noun after it ("genitourinary obstruction").
_FIRST_WORD = re.compile(r"^\s*[\w-]+(?=\s+\w)")


def _kind_head(phrase: str) -> re.Match[str] | None:
    """The first word of ``phrase`` when it says which kind of the noun after it is meant
    (a site's state or an adjective: "genitourinary obstruction", "irritated skin"); never a
    degree ("severe"), which leaves one condition ("acute or severe asthma")."""
    m = _FIRST_WORD.match(phrase)
    if m is None or _modifier_kind(m.group(0).strip()) in _NOT_KINDS:
        return None
    last = parentheticals(phrase)[0].split()[-1]
    # a noun follows ("local bacterial, fungal, or viral infections": not yet)
    return None if _lone_modifier(last) and not vocab().condition_words.match(last) else m


def _split_conj(text: str) -> list[str]:
    """``A or B`` -> both; an organ before shares the noun after ("severe liver or kidney
    disease": two conditions); a lone adjective shares it too ("pregnant or breastfeeding
    women", split by population instead)."""
    masked = mask_parens(text)
    m = OR_AND.search(masked)
    if m is None:
        return [text]
    left, right = text[: m.start()], text[m.end() :]
    if _ALLERGEN_TAIL.match(right.strip()) or _ALLERGY_TO.search(left):
        return [text]  # "allergy to fish or shellfish": one allergy, two allergens
    if _BARE_ALLERGY.match(strip_filler(left)) and _TO_OBJECT.search(right):
        return [text]  # "hypersensitivity or idiosyncrasy to X": two nouns, one object
    if _INABILITY.search(left):
        return [text]  # "inability to stand or sit upright": one inability, two verbs
    who = _WHO.match(left)
    if who is not None and _VERB_PHRASE.match(right):
        # "women who are (pregnant) or may become pregnant": the second verb shares "who"
        first, *rest = _split_conj(right)
        if _COPULA_END.search(left) and (complement := _BECOME.search(first)) is not None:
            left = f"{left.rstrip()} {complement.group(1)}"
        subject = who.group(0).rstrip()
        if first.split()[0].lower().endswith("ing") and (cop := _WHO_IS.match(left)) is not None:
            subject = cop.group(0)  # "who are pregnant or planning to ...": who are planning
        return [left, f"{subject} {first.strip()}", *rest]
    if _OF_ORGAN.search(left) and _organ_alone(right):
        return [text]  # "infections of the eye or ear": one phrase, two organs after "of"
    if vocab().organ_tail.search(left):
        return _share_organ(text, m, _split_conj)
    words = parentheticals(left)[0].split()
    if len(words) == 1 and words[0].lower() in vocab().ordinals:
        # "first and second trimesters": each ordinal takes the (singular) noun
        first, *rest = _split_conj(right)
        ordinal, _, noun = first.partition(" ")
        if "-" in ordinal and ordinal.partition("-")[0].lower() in vocab().ordinals:
            # "second or third-degree AV block": one condition, as "second- or third-degree"
            return [f"{text[: m.end()]}{first}", *rest]
        if ordinal.lower() in vocab().ordinals and noun:
            one = re.sub(r"(?<=[a-z])s\b", "", noun, count=1)
            return [f"{words[0]} {one}", f"{ordinal} {one}", *rest]
    if (
        len(words) == 1
        and _modifier_kind(words[0]) not in _NOT_KINDS
        and population(words[0]) is Population.condition
        and (kind := _kind_head(strip_outer(right))) is not None
    ):
        # "spinal or cervical cord compression", "broken or irritated skin": two kinds of one
        # noun, a condition each (the noun after the second kind is the first's too)
        first, *rest = _split_conj(strip_outer(right))
        return [f"{left.rstrip()}{first[kind.end() :]}", first, *rest]
    if len(words) == 1 and _lone_modifier(words[0]) and not grammar().article.match(right):
        # "acute or severe asthma or X": the modifier shares the next noun, and X is apart;
        # unless that phrase ends in a modifier too ("active or suspected ocular or ...")
        right = _before_cutter(right)
        first, *rest = _split_conj(right)
        last = parentheticals(first)[0].split()[-1:]
        if rest and last and _lone_modifier(last[0]) and not vocab().condition_words.match(last[0]):
            return [text[: m.end()] + right]
        return [text[: m.end()] + first, *rest]
    head = _shared_head(words, right)
    if head is not None:  # "history of alcohol or drug abuse": the alcohol abuse too
        return [f"{left.rstrip()} {head}", *_split_conj(right)]
    return [left, *_split_conj(right)]


def _shared_head(left_words: list[str], right: str) -> str | None:
    """The head noun a bare noun before "or" shares with the two-word phrase after it
    ("alcohol or drug abuse", "fish or shellfish allergies"); None when the noun is a
    condition itself, a plural or a gerund ("smoking or alcohol abuse")."""
    right_words = parentheticals(strip_outer(right))[0].split()
    if len(right_words) != 2 or not left_words or right_words[1].lower() not in vocab().heads:
        return None
    noun = left_words[-1].lower()
    if noun.endswith(("s", "ing")) or not noun.isalpha() or vocab().condition_words.match(noun):
        return None
    return right_words[1]


def _before_cutter(text: str) -> str:
    """``text`` up to a clause that ends its conditions ("unless ...", "due to ..."); not
    in a relative clause ("women who may become pregnant": it belongs to the condition)."""
    masked = mask_parens(text)
    for m in vocab().cutters.finditer(masked):
        if not _RELATIVE.search(masked[: m.start()]):
            return text[: m.start()]
    return text


def _split_populations(text: str) -> list[str]:
    """``pregnant and breastfeeding women`` -> pregnancy, breastfeeding: two populations."""
    words = _JOIN.split(parentheticals(text)[0])
    pops = [population(w) for w in words if w.strip()]
    if len(pops) >= 2 and len(set(pops)) == len(pops) and Population.condition not in pops:
        named = {Population.pregnancy: "pregnancy", Population.breastfeeding: "breastfeeding"}
        return [named.get(p, w) for p, w in zip(pops, [w for w in words if w.strip()], strict=True)]
    return [text]
