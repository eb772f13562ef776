"""Contraindications, precautions and pregnancy sections -> contraindications rows.

Everything under a Contraindications label or heading is a condition
(``absolute`` unless its words say otherwise). Elsewhere in those sections,
sentences that prohibit or restrict use name conditions: after the wording
("contraindicated in A, B and C") or before it, as a subject ("Patients with
A should use caution"). Population labels ("Elderly Patients:") followed by
restrictive wording are conditions too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pipeline import lexicon
from pipeline.extract.identity import Identity
from pipeline.extract.units import Unit, component_of, first_of_each, source_sections, walk
from pipeline.models import Population, SectionKind, Strength
from pipeline.normalize import (
    mask_parens,
    normalize_term,
    parentheticals,
    sentences,
    split_list,
    strip_outer,
)
from pipeline.sections import classify, normalize_heading
from pipeline.tree import Document

Row = dict[str, Any]

_SOURCES = frozenset(
    {SectionKind.contraindications, SectionKind.precautions, SectionKind.pregnancy}
)
#: Conditions longer than this (in words) are sentences, not conditions.
MAX_CONDITION_WORDS = 14
_EXAMPLES = re.compile(r",?\s*\b(?:such as|including|like|e\.g\.,?)\s+", re.I)
_JOIN = re.compile(r"\s*(?:\band\b|\bor\b|/|&)\s*", re.I)
_PERSON_AND = re.compile(
    r"\s+(?:and|or)\s+(?=(?:those|individuals|patients|people|persons|anyone|women|men|children)\b)",
    re.I,
)
_AUX_TAIL = re.compile(
    r"(?:,?\s*\b(?:and|but|or)\b)?(?:\s+\b(?:should|must|may|might|can|will|would|also|generally|"
    r"usually|only|still|therefore|always|often|strictly|absolutely)\b)*\s*$",
    re.I,
)
_GERUND = re.compile(
    r"^(?:using|taking|starting|beginning|applying|giving|administering|receiving)\b.*?"
    r"\b(?:during|if|in|while|when|for)\s+",
    re.I,
)
_RELATIVE = re.compile(r"\b(?:who|that)\s*$", re.I)
_BODY_SITE = re.compile(
    r"^(?:on|to|near|around|in the eyes?|into|treating|applying|driving|operating)\b", re.I
)
_IF_YOU = re.compile(r"\bif you(?:'re| are| have(?: had)?|'ve had)\b", re.I)
_CLAUSE = re.compile(r";|,\s+(?=\w+\s+(?:is|are|should|may|can|must)\b)")


@dataclass(frozen=True)
class _Vocab:
    triggers: tuple[tuple[re.Pattern[str], Strength, bool], ...]  # pattern, strength, subject-only
    label_only: re.Pattern[str]
    keywords: re.Pattern[str]
    filler: re.Pattern[str]
    cutters: re.Pattern[str]
    drug_subjects: frozenset[str]
    person: re.Pattern[str]
    vague: frozenset[str]
    category_heads: re.Pattern[str]
    organ_tail: re.Pattern[str]
    non_condition_labels: frozenset[str]
    populations: tuple[tuple[Population, re.Pattern[str]], ...]


_COMMON_WORDS = frozenset(
    {
        "is",
        "are",
        "be",
        "should",
        "must",
        "may",
        "in",
        "with",
        "a",
        "the",
        "if",
        "to",
        "for",
        "your",
        "of",
        "only",
        "under",
        "can",
        "need",
        "needs",
        "use",
        "used",
        "using",
        "before",
    }
)


def _keywords(phrases: list[str]) -> re.Pattern[str]:
    """Each phrase's least common word: a sentence without any of them matches no phrase."""
    anchors = set()
    for phrase in phrases:
        words = [w for w in phrase.lower().split() if w not in _COMMON_WORDS]
        anchors.add(max(words, key=len) if words else phrase.split()[-1])
    return lexicon.words_pattern(sorted(anchors))


@cache
def _vocab() -> _Vocab:
    d = lexicon.load("contraindications")
    filler = "|".join(re.escape(f) for f in sorted(d["filler"], key=len, reverse=True))
    return _Vocab(
        triggers=(
            (lexicon.phrases_pattern(d["absolute"]), Strength.absolute, False),
            (lexicon.phrases_pattern(d["absolute_subject"]), Strength.absolute, True),
            (lexicon.phrases_pattern(d["relative"]), Strength.relative, False),
            (lexicon.phrases_pattern(d["relative_subject"]), Strength.relative, True),
        ),
        label_only=lexicon.phrases_pattern(d["label_only"]),
        keywords=_keywords(
            d["absolute"] + d["absolute_subject"] + d["relative"] + d["relative_subject"]
        ),
        filler=re.compile(rf"^(?:{filler})(?![\w-])[\s,:]*", re.I),
        cutters=lexicon.words_pattern(d["cutters"]),
        drug_subjects=frozenset(d["drug_subjects"]),
        person=lexicon.words_pattern(d["person_words"]),
        vague=frozenset(d["vague"]),
        category_heads=re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in d["category_heads"]) + r")\s*$", re.I
        ),
        organ_tail=re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in d["organs"]) + r")\s*$", re.I
        ),
        non_condition_labels=frozenset(d["non_condition_labels"]),
        populations=tuple(
            (Population(p), lexicon.words_pattern(words, prefix=True))
            for p, words in d["populations"].items()
        ),
    )


def population(condition: str) -> Population:
    """Population a condition concerns (first matching rule), else ``condition``."""
    for pop, pattern in _vocab().populations:
        if pattern.search(condition):
            return pop
    return Population.condition


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


#: Labels inside a source section whose text is about something else.
_NOT_SOURCES = frozenset({SectionKind.interactions, SectionKind.faq, SectionKind.dosage})


def _unit_rows(unit: Unit, kind: SectionKind, ident: Identity) -> list[Row]:
    component = component_of(unit, ident)
    if unit.label is not None and classify(unit.label) in _NOT_SOURCES:
        return []
    if _under_ci(unit, kind):
        pairs = _ci_block(unit, ident)
    else:
        pairs = [p for s in sentences(unit.text) for p in _sentence_conditions(s, ident)]
    rows = _rows(pairs, component, unit.line, ident)
    if not rows:  # the label is the condition only when the text names none
        rows = _rows(_label_conditions(unit), component, unit.line, ident)
    return rows


def _rows(
    pairs: list[tuple[str, Strength]], component: str | None, line: int, ident: Identity
) -> list[Row]:
    return [
        {
            "component": component,
            "condition": cond,
            "condition_raw": cond_raw,
            "population": population(cond),
            "strength": strength,
            "line": line,
        }
        for raw, strength in pairs
        for cond_raw, cond in _conditions(raw, ident)
    ]


def _ci_block(unit: Unit, ident: Identity) -> list[tuple[str, Strength]]:
    """Text under a Contraindications label: every condition counts, absolute by default."""
    found: list[tuple[str, Strength]] = []
    for i, sentence in enumerate(sentences(unit.text)):
        hits = _sentence_conditions(sentence, ident)
        if hits:
            found += hits
        elif i == 0 and (unit.is_item or unit.label) and not _STATEMENT.search(sentence):
            found.append((sentence, Strength.absolute))
    return found


def _label_conditions(unit: Unit) -> list[tuple[str, Strength]]:
    """``**Elderly Patients:** Use with caution`` -> the label is the condition."""
    label = unit.label
    if label is None or not unit.text:
        return []
    key = normalize_heading(label)
    if key in _vocab().non_condition_labels or classify(label) in (
        SectionKind.side_effects,
        SectionKind.usage,
    ):
        return []
    strength = _strength(unit.text)
    if strength is None:
        return []
    if population(key) is Population.condition and not _CONDITION_WORD.search(key):
        return []
    return [(label, strength)]


_ALNUM = re.compile(r"[^\W_]")  # a condition needs a letter or digit
_STATEMENT = re.compile(r"\b(?:is|are|was|were|has|have|can|may|should|will)\b", re.I)
_CONDITION_WORD = re.compile(
    r"\b(?:disease|diseases|disorders?|impairment|insufficiency|failure|conditions?|problems?|"
    r"function|dysfunction|history|patients|syndrome|deficiency|allerg\w*|hypersensitivity|"
    r"ulcers?|bleeding|asthma|diabetes|epilepsy|seizures?|hypertension|glaucoma|surgery)\b",
    re.I,
)
_SUBORDINATE = re.compile(
    r"^\s*(?:while|although|though|since|because|as|if|when|however|but|also|additionally|"
    r"furthermore|moreover|in addition|therefore)\b[^,]*,\s*",
    re.I,
)


def _strength(text: str) -> Strength | None:
    v = _vocab()
    found = [(m.start(), s) for p, s, _ in v.triggers for m in [p.search(text)] if m]
    if found:
        return min(found, key=lambda f: f[0])[1]
    return Strength.relative if v.label_only.search(text) else None


def _sentence_conditions(sentence: str, ident: Identity) -> list[tuple[str, Strength]]:
    """Conditions a sentence names around its prohibiting/restricting wording."""
    if not _vocab().keywords.search(sentence):
        return []  # cheap pre-check: no word any restricting phrase needs
    masked = mask_parens(sentence)
    hits = [
        (m, strength, subject_only)
        for pattern, strength, subject_only in _vocab().triggers
        for m in [pattern.search(masked)]
        if m is not None
    ]
    if not hits:
        return []
    m, strength, subject_only = min(hits, key=lambda h: (h[0].start(), -len(h[0].group(0))))
    subject = _subject(sentence[: m.start()], ident)
    if subject or subject_only:
        return [(subject, strength)] if subject else []
    target = _object(sentence[m.end() :])
    return [(target, strength)] if target else []


def _subject(before: str, ident: Identity) -> str | None:
    """The condition a restriction is about when it is the sentence's subject."""
    clause = before.split(";")[-1]
    clause = _SUBORDINATE.sub("", clause)
    clause = strip_outer(_AUX_TAIL.sub("", clause))
    if not clause:
        return None
    key = normalize_heading(clause)
    if not key:
        return None
    first = key.split()[0]
    drug_words = {n.split()[0] for n in _drug_names(ident)}
    if key in _vocab().drug_subjects or first in _DRUG_WORDS or first in drug_words:
        return None
    if not (_vocab().person.search(clause) or population(key) is not Population.condition):
        return None
    return clause


def _drug_names(ident: Identity) -> set[str]:
    return {normalize_term(n) for n in (*ident.components, ident.title or "") if normalize_term(n)}


_DRUG_WORDS = frozenset({"it", "this", "these", "the", "its", "they", "there", "that"})


def _object(after: str) -> str | None:
    """The conditions written after the wording: "in patients with A, B and C"."""
    text = strip_outer(after)
    if _BODY_SITE.match(text):  # "avoid use on broken skin": where, not who
        return None
    anchor = _IF_YOU.search(text)
    if anchor is not None:  # "before starting X if you have A" -> A
        text = text[anchor.end() :]
    gerund = _GERUND.match(text)
    if gerund is not None:  # "before using this medication during pregnancy" -> pregnancy
        text = text[gerund.end() :]
    return text or None


def _strip_filler(text: str) -> str:
    """Leading filler ("in patients with", "known") removed."""
    text = strip_outer(text)
    for _ in range(8):
        stripped = _vocab().filler.sub("", text)
        if stripped == text:
            break
        text = stripped
    return text


def _clean(raw: str) -> str:
    """Filler removed from the front, clauses cut from the back."""
    v = _vocab()
    text, _ = parentheticals(raw)
    text = _strip_filler(text)
    masked = mask_parens(text)
    for m in v.cutters.finditer(masked):
        if _RELATIVE.search(masked[: m.start()]):
            continue  # "women who may become pregnant": the clause belongs to the condition
        text = strip_outer(text[: m.start()])
        break
    return strip_outer(text)


def _conditions(raw: str, ident: Identity) -> list[tuple[str, str]]:
    """Split a list of conditions into (as written, normalized) pairs."""
    v = _vocab()
    text = strip_outer(raw)
    cut = _CLAUSE.search(mask_parens(text))
    if cut is not None and cut.start() > 0:
        text = text[: cut.start()]
    names = {c.lower() for c in ident.components}
    out: list[tuple[str, str]] = []
    for piece in _merge_allergens(split_list(text), names):
        for part in _expand(_strip_filler(piece)):
            cond = normalize_term(_clean(part))
            if not _ALNUM.search(cond) or len(cond.split()) > MAX_CONDITION_WORDS or cond in v.vague:
                continue
            if cond in names or "side effect" in cond:
                continue
            out.append((strip_outer(part), cond))
    return out


def _merge_allergens(elements: list[str], names: set[str]) -> list[str]:
    """Keep "hypersensitivity to A, B, or any of its components" whole: what follows an
    allergy is more allergens while the elements name components, ingredients or the drug."""
    out: list[str] = []
    for element in elements:
        if (
            out
            and _ALLERGY_TO.search(out[-1])
            and (_ALLERGEN_TAIL.search(element) or normalize_term(element) in names)
        ):
            out[-1] = f"{out[-1]}, {element}"
        else:
            out.append(element)
    return out


_ALLERGY_TO = re.compile(r"\b(?:hypersensitiv\w*|allerg\w*)\b[^,;]*\bto\b", re.I)
_ALLERGEN_TAIL = re.compile(
    r"^(?:(?:or|and)\s+)?(?:any|other|related|its|their|the)\b|"
    r"\b(?:components?|ingredients?|excipients?|formulation)\b",
    re.I,
)


def _expand(piece: str) -> list[str]:
    """One list element -> conditions: examples, person groups and populations split out."""
    m = _EXAMPLES.search(mask_parens(piece))
    head, examples = (piece[: m.start()], [piece[m.end() :]]) if m else (piece, [])
    parts: list[str] = []
    if examples:
        # "heart conditions such as A or B": the examples are the conditions.
        if not _vocab().category_heads.search(_clean(head)) and _clean(head):
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
        for person_part in _PERSON_AND.split(part):
            for half in _split_conj(person_part):
                out += _split_populations(half)
    return out


def _split_conj_examples(text: str) -> list[str]:
    """Examples split on or/and unless an organ shares the noun after it."""
    masked = mask_parens(text)
    m = _OR_AND.search(masked)
    if m is None or _vocab().organ_tail.search(text[: m.start()]):
        return [text]
    return [text[: m.start()], *_split_conj_examples(text[m.end() :])]


def _split_conj(text: str) -> list[str]:
    """``A or B`` -> both, unless the words before share the noun after them:
    an organ ("severe liver or kidney disease") or a lone adjective ("pregnant or
    breastfeeding women", split by population instead)."""
    masked = mask_parens(text)
    m = _OR_AND.search(masked)
    if m is None:
        return [text]
    left, right = text[: m.start()], text[m.end() :]
    if (
        _ALLERGEN_TAIL.match(right.strip())
        or _vocab().organ_tail.search(left)
        or _ALLERGY_TO.search(left)  # "allergy to fish or shellfish": one allergy, two allergens
    ):
        return [text]
    words = parentheticals(left)[0].split()
    if len(words) == 1 and _ADJECTIVE.match(words[0]) and not _ARTICLE.match(right):
        return [text]
    return [left, *_split_conj(right)]


_ADJECTIVE = re.compile(r"^[a-z-]+(?:al|ic|ive|ous|ary|ant|ent|ed|ful|less|ile|ular)$", re.I)
_ARTICLE = re.compile(r"^\s*(?:a|an|the)\s", re.I)


_OR_AND = re.compile(r"\s+(?:and|or)\s+", re.I)


def _split_populations(text: str) -> list[str]:
    """``pregnant and breastfeeding women`` -> pregnancy, breastfeeding: two populations."""
    words = _JOIN.split(parentheticals(text)[0])
    pops = [population(w) for w in words if w.strip()]
    if len(pops) >= 2 and len(set(pops)) == len(pops) and Population.condition not in pops:
        named = {Population.pregnancy: "pregnancy", Population.breastfeeding: "breastfeeding"}
        return [named.get(p, w) for p, w in zip(pops, [w for w in words if w.strip()], strict=True)]
    return [text]
