"""What a group label or item says: percentages, frequency, seriousness, component, category.

Shared by the side-effects extractor (bands, categories) and the others
(components). Results are cached: the same labels recur across the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import NamedTuple

from pipeline import lexicon
from pipeline.extract.grammar import grammar, starts
from pipeline.extract.identity import Identity
from pipeline.frequency import BandWords, Percent, find_band_words, find_percent, find_serious
from pipeline.normalize import MEMO_SIZE, collapse, parentheticals
from pipeline.sections import normalize_heading

#: Group labels longer than this are sentences, never a category.
MAX_CATEGORY_WORDS = 6


@dataclass(frozen=True)
class Vocab:
    advice_labels: frozenset[str]
    advice_starts: re.Pattern[str]
    imperative_starts: re.Pattern[str]
    group_nouns: re.Pattern[str]
    filler: re.Pattern[str]
    categories: frozenset[str]
    triggers: re.Pattern[str]
    copula: re.Pattern[str]
    list_tails: re.Pattern[str]
    item_tails: re.Pattern[str]
    comma_tails: re.Pattern[str]
    list_enders: re.Pattern[str]
    statement_verbs: re.Pattern[str]
    leading_frequency: re.Pattern[str]
    #: "in about" before a percentage that ends an item ("Dizziness in about 2% of patients").
    percent_lead: re.Pattern[str]
    organ_words: frozenset[str]


@cache
def vocab() -> Vocab:
    d = lexicon.load("side_effects")
    return Vocab(
        advice_labels=frozenset(d["advice_labels"]),
        advice_starts=starts(d["advice_starts"], hyphen_ends=True),
        imperative_starts=starts(d["imperative_starts"], hyphen_ends=True),
        group_nouns=lexicon.words_pattern(d["group_nouns"]),
        filler=lexicon.words_pattern(d["label_filler"]),
        categories=frozenset(d["categories"]),
        triggers=lexicon.words_pattern(d["list_triggers"]),
        copula=lexicon.words_pattern(d["copulas"]),
        list_tails=lexicon.phrases_pattern(d["list_tails"]),
        item_tails=lexicon.words_pattern(d["item_tails"]),
        comma_tails=re.compile(
            r",\s*(?:" + lexicon.alternation(d["comma_tails"]) + r")(?![\w-])", re.I
        ),
        list_enders=re.compile(
            r",\s*(?:" + lexicon.alternation(d["list_enders"]) + r")(?![\w-])", re.I
        ),
        statement_verbs=grammar().statement,
        leading_frequency=starts(d["leading_frequency"], r"[\s,:]*"),
        percent_lead=re.compile(
            rf"[\s,]+(?:{lexicon.alternation(d['percent_leads'])})"
            rf"(?:\s+(?:{lexicon.alternation(d['percent_qualifiers'])}))?\s*$",
            re.I,
        ),
        organ_words=frozenset(d["organ_words"]),
    )


def is_organ_label(text: str) -> bool:
    """A label naming only body systems, sites or routes ("Endocrine and metabolic")."""
    words = [w for w in re.split(r"[^a-z]+", text.lower()) if w and w not in ("and", "or")]
    return bool(words) and all(w in vocab().organ_words for w in words)


class Group(NamedTuple):
    """What the labels above an item say, innermost winning.

    (A named tuple, not a frozen dataclass: as immutable and hashable, and built several
    times faster; one is built for every label an item stands under.)"""

    percent: Percent | None = None
    band: BandWords | None = None
    serious: bool | None = None
    component: str | None = None
    category: str | None = None

    def under(self, inner: LabelInfo) -> Group:
        return Group(
            inner.percent or self.percent,
            inner.band or self.band,
            inner.serious if inner.serious is not None else self.serious,
            inner.component or self.component,
            inner.category or self.category,
        )


@dataclass(frozen=True)
class LabelInfo:
    """One label read for meaning."""

    text: str
    advice: bool
    group_like: bool
    percent: Percent | None
    band: BandWords | None
    serious: bool | None
    component: str | None
    category: str | None


def is_imperative(text: str) -> bool:
    """Advice addressed to the reader ("If you ...", "Contact your doctor ..."): never items."""
    return bool(vocab().imperative_starts.match(text.strip(" *_\"'")))


def is_advice(text: str) -> bool:
    """A sentence or bullet of advice rather than an effect."""
    return bool(vocab().advice_starts.match(text.strip(" *_\"'")))


@cache
def _seriousness_words() -> re.Pattern[str]:
    """Seriousness words, dropped from a category."""
    words = lexicon.load("frequency")["serious"]
    return lexicon.words_pattern([*words["serious"], *words["mild"], "potentially"])


#: A connector left at an end, or doubled, once the words around it are gone.
_LOOSE_CONNECTOR = re.compile(
    r"^(?:(?:and|or|but)\b\s*)+|(?:\s*\b(?:and|or|but))+$|\b(?:and|or|but)\s+(?=(?:and|or|but)\b)"
)
#: "Endocrine & metabolic", "endocrine/metabolic": one category, written "and".
_AND_SIGN = re.compile(r"\s*&\s*|(?<=[a-z])/(?=[a-z])")


def _category(norm: str, band: BandWords | None, residual: str) -> str | None:
    """The label minus its frequency and seriousness words, when content words remain
    ("Neuromuscular and skeletal" keeps its "and"; "Rare but serious reactions" does not)."""
    if not residual and norm not in vocab().categories:
        return None
    text = norm.replace(band.text.lower(), " ") if band is not None else norm
    text = collapse(_seriousness_words().sub(" ", _AND_SIGN.sub(" and ", text)))
    for _ in range(3):
        text = collapse(_LOOSE_CONNECTOR.sub("", text)).strip(" ,;-–—")
    return text or None


#: Seriousness and frequency words that leave no content in a label (one search, not one per
#: word: no word holds another, so removing them in turn removes the same).
_RANKING_WORDS = re.compile(r"\b(?:serious|severe|mild|minor|life-threatening|rare|common)\b")


def read_label(text: str, ident: Identity) -> LabelInfo:
    """Read a group label (bold lead-in, intro line or sub-heading)."""
    component = ident.component_in(text)
    info = _read_label_text(text)
    if component is None:
        return info
    # a label naming a component is a group over it, never a category
    return replace(info, component=component, group_like=True, category=None)


@lru_cache(maxsize=MEMO_SIZE)
def _read_label_text(text: str) -> LabelInfo:
    """What a label says without the monograph's components (shared by every file)."""
    v = vocab()
    norm = normalize_heading(text)
    base, _ = parentheticals(text)
    percent = find_percent(text)
    band = find_band_words(text)
    serious = find_serious(text)
    advice = norm in v.advice_labels or norm.startswith(("q:", "q.")) or is_advice(base)
    # Residual content words: what is left once frequency, seriousness and filler are gone.
    residual = normalize_heading(base)
    if percent is not None:  # "4%": a frequency, never a category
        residual = residual.replace(percent.text.lower(), " ")
    if band is not None:
        residual = residual.replace(band.text.lower(), " ")
    residual = v.filler.sub(" ", residual)
    residual = _RANKING_WORDS.sub(" ", residual)
    residual = collapse(re.sub(r"[^a-z0-9' -]", " ", residual))
    # a sentence ("These require attention", "Seek help if you experience") names no group
    sentence_like = (
        v.triggers.search(base)
        or v.statement_verbs.search(base)
        or grammar().anaphora.match(base)
        or is_imperative(base)
    )
    category = (
        None
        # "A + B": a product's name, never a category
        if sentence_like or len(base.split()) > MAX_CATEGORY_WORDS or "+" in base
        else _category(normalize_heading(base), band, residual)
    )
    group_like = bool(
        percent
        or band
        or v.group_nouns.search(base)
        or normalize_heading(base) in v.categories
        or (serious is not None and not residual)
    )
    return LabelInfo(text, advice, group_like, percent, band, serious, None, category)
