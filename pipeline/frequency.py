"""Frequency bands, percentages and seriousness: pure functions over text.

Band rules (the spec's four, first that applies): a percentage or ratio;
frequency words on the item; frequency words of the group; else unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import lexicon
from pipeline.lexicon import openers
from pipeline.models import FrequencyBand
from pipeline.normalize import MEMO_SIZE

_NUM = r"(\d+(?:[.,]\d+)?)"
_GT = r"(?:>=?|≥|=>|more than|greater than|over|above|at least|exceeding|in excess of)"
_LT = r"(?:<=?|≤|=<|less than|fewer than|under|below|up to|no more than)"
_PCT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range", re.compile(rf"(?:between\s+)?{_NUM}\s*%?\s*(?:-|–|—|to|and)\s*{_NUM}\s*%", re.I)),
    ("gt", re.compile(rf"{_GT}\s*{_NUM}\s*%", re.I)),
    ("lt", re.compile(rf"{_LT}\s*{_NUM}\s*%", re.I)),
    ("one", re.compile(rf"(?<![\d.]){_NUM}\s*%", re.I)),
]
# "1 in 100 people", "up to 1 in 10", "≥1/1,000": a comparison before it makes a bound.
_RATIO = re.compile(
    rf"(?:(?P<gt>{_GT})\s*|(?P<lt>{_LT})\s*)?(?<![\d.])(\d+)\s*(?:in|out of|/)\s*"
    r"(\d{1,3}(?:,\d{3})+|\d+)(?:\s+(?:patients|people|users|persons))?",
    re.I,
)
#: Between the two ratios of a range ("1 in 100 to 1 in 1,000", "1/100 - 1/10").
_RANGE_JOINT = re.compile(r"\s*(?:-|–|—|to|and)\s*", re.I)
_DIGIT = re.compile(r"\d")
#: A word, as ``pipeline.extract.reading`` reads one: a run of ASCII letters and digits.
_words = re.compile(r"[a-z0-9]+").findall
_COMPARISON = re.compile(r"\s+than\b", re.I)
_RATIO_CONTEXT = re.compile(r"\b(?:patients|people|users|persons|individuals)\b", re.I)


@dataclass(frozen=True, slots=True)
class Percent:
    """Stated percentage bounds and the words they came from."""

    low: float | None
    high: float | None
    text: str

    @property
    def band(self) -> FrequencyBand:
        return band_for_percent(self.low, self.high)


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def band_for_percent(low: float | None, high: float | None) -> FrequencyBand:
    """Band of a stated percentage: the lower bound decides; an upper bound alone sits below it."""
    if low is not None:
        if low >= 10:
            return FrequencyBand.very_common
        if low >= 1:
            return FrequencyBand.common
        if low >= 0.1:
            return FrequencyBand.uncommon
        if low >= 0.01:
            return FrequencyBand.rare
        return FrequencyBand.very_rare
    if high is None:
        return FrequencyBand.unknown
    if high <= 0.01:
        return FrequencyBand.very_rare
    if high <= 0.1:
        return FrequencyBand.rare
    if high <= 1:
        return FrequencyBand.uncommon
    return FrequencyBand.common


def find_percent(text: str) -> Percent | None:
    """The first percentage or ratio stated in ``text``, as bounds."""
    if "%" not in text:
        return _find_ratio(text) if _DIGIT.search(text) else None
    for kind, pattern in _PCT_PATTERNS:
        m = pattern.search(text)
        if m is None:
            continue
        if kind == "range":
            low, high = sorted((_num(m.group(1)), _num(m.group(2))))
            return Percent(low, high, m.group(0))
        value = _num(m.group(1))
        if kind == "gt":
            return Percent(value, None, m.group(0))
        if kind == "lt":
            return Percent(None, value, m.group(0))
        return Percent(value, value, m.group(0))
    return _find_ratio(text)


def _ratio_value(m: re.Match[str]) -> float | None:
    num, den = int(m.group(3)), int(m.group(4).replace(",", ""))
    if 0 < num < den and den in (10, 100, 1000, 10000, 100000):
        return round(100 * num / den, 6)
    return None


def _find_ratio(text: str) -> Percent | None:
    """``1 in 100 patients``, ``1/1000 people``, ``up to 1 in 10``: a ratio as a percentage
    (after a comparison, as a lower or upper bound). A range of two ratios ("1 in 100 to
    1 in 1,000", "≥1/100 to <1/10") gives both bounds, whichever order it is written in."""
    m = _RATIO.search(text)
    bound = m is not None and (m.group("gt") or m.group("lt"))
    if m is None or not (m.group(0).find("/") < 0 or bound or _RATIO_CONTEXT.search(text)):
        return None
    value = _ratio_value(m)
    if value is None:
        return None
    joint = _RANGE_JOINT.match(text, m.end())
    other = _RATIO.match(text, joint.end()) if joint else None
    # (two bounds of one side are no range: "more than 1 in 10 and more than 1 in 100")
    same_side = other is not None and any(other.group(k) and m.group(k) for k in ("gt", "lt"))
    if other is not None and not same_side and (second := _ratio_value(other)):
        low, high = sorted((value, second))
        return Percent(low, high, text[m.start() : other.end()])
    if m.group("gt"):
        return Percent(value, None, m.group(0))
    if m.group("lt"):
        return Percent(None, value, m.group(0))
    return Percent(value, value, m.group(0))


@cache
def _band_lookup() -> tuple[re.Pattern[str], dict[str, FrequencyBand]]:
    """One alternation of every frequency phrase (longest first) and phrase -> band."""
    bands = lexicon.load("frequency")["bands"]
    table = {p.lower(): FrequencyBand(b) for b, ps in bands.items() for p in ps}
    return lexicon.words_pattern(list(table)), table


@dataclass(frozen=True, slots=True)
class BandWords:
    band: FrequencyBand
    text: str
    start: int


@lru_cache(maxsize=MEMO_SIZE)  # half the calls repeat a text (a label over many items)
def find_band_words(text: str, *, last: bool = False) -> BandWords | None:
    """The earliest (or, with ``last``, the latest) frequency phrase in ``text``.

    The alternation tries longer phrases first, so "less common" wins over the
    "common" inside it; "less common than ..." compares and states no band.
    """
    pattern, table = _band_lookup()
    found: BandWords | None = None
    for m in pattern.finditer(text):
        if _COMPARISON.match(text, m.end()):
            continue
        found = BandWords(table[m.group(0).lower()], m.group(0), m.start())
        if not last:
            break
    return found


#: Words an urgent verb and its adverb may stand apart ("contact your doctor immediately").
_URGENT_GAP = 5


#: Characters before an urgent wording that its negator may take ("doesn't need to ").
_NEGATOR_SPAN = 20


@cache
def _serious_patterns() -> tuple[
    re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]
]:
    """Mild words, serious words, urgent care wordings, and text ending in a negator."""
    data = lexicon.load("frequency")
    words, urgent = data["serious"], data["urgent"]
    verbs, adverbs = lexicon.alternation(urgent["verbs"]), lexicon.alternation(urgent["adverbs"])
    gap = rf"(?:\s+[\w'’-]+){{0,{_URGENT_GAP}}}\s+"
    care = re.compile(
        rf"(?<![\w-])(?:(?:{verbs}){gap}(?:{adverbs})|(?:{adverbs})\s+(?:{verbs}))(?![\w-])", re.I
    )
    denied = re.compile(rf"(?<![\w-])(?:{lexicon.alternation(urgent['negators'])})\s+$", re.I)
    return (
        lexicon.words_pattern(words["mild"]),
        lexicon.words_pattern(words["serious"]),
        care,
        denied,
    )


@cache
def _serious_openers() -> frozenset[str]:
    """The first word of every mild, serious and urgent-care wording."""
    data = lexicon.load("frequency")
    words, urgent = data["serious"], data["urgent"]
    return openers([*words["mild"], *words["serious"], *urgent["verbs"], *urgent["adverbs"]])


def find_serious(text: str) -> bool | None:
    """True when ``text`` says serious/severe (or asks for care without delay), False when
    mild/minor, else None."""
    # Four texts in five say neither: a wording opens with one of its first words, a whole
    # word of the text (``reading``), so an ASCII text without one is not searched.
    if text.isascii() and _serious_openers().isdisjoint(_words(text.lower())):
        return None
    mild, serious, care, denied = _serious_patterns()
    spans = [m.span() for m in mild.finditer(text)]
    # "not serious" is a mild phrase: a serious word inside one does not count.
    for m in serious.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            return True  # "mild to severe": the text does say it can be serious
    for m in care.finditer(text):  # "no need to call your doctor right away" asks for none
        if not denied.search(text, max(0, m.start() - _NEGATOR_SPAN), m.start()):
            return True
    return False if spans else None
