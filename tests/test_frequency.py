"""Frequency bands, percentages and seriousness."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.frequency import band_for_percent, find_band_words, find_percent, find_serious
from pipeline.models import FrequencyBand as B


@pytest.mark.parametrize(
    ("text", "low", "high", "band"),
    [
        (">10%", 10, None, B.very_common),
        ("occurring in more than 10% of patients", 10, None, B.very_common),
        ("≥ 10%", 10, None, B.very_common),
        ("1-10%", 1, 10, B.common),
        ("1 to 10%", 1, 10, B.common),
        ("between 0.1% and 1%", 0.1, 1, B.uncommon),
        ("<1%", None, 1, B.uncommon),
        ("less than 0.1%", None, 0.1, B.rare),
        ("0.01-0.1%", 0.01, 0.1, B.rare),
        ("up to 5%", None, 5, B.common),
        ("in 2% of patients", 2, 2, B.common),
        ("1 in 100 patients", 1, 1, B.common),
        ("1 in 1,000 people", 0.1, 0.1, B.uncommon),
        ("may affect up to 1 in 10 people", None, 10, B.common),
        ("may affect more than 1 in 10 people", 10, None, B.very_common),
        ("Common (≥1/10)", 10, None, B.very_common),
        ("Common (≥1/100 to <1/10)", 1, 10, B.common),
        ("Uncommon (≥1/1,000 to <1/100)", 0.1, 1, B.uncommon),
        ("affects 1 in 100 to 1 in 1,000 people", 0.1, 1, B.uncommon),
        ("between 1 in 10 and 1 in 100 patients", 1, 10, B.common),
        ("Common (<1/10 and ≥1/100)", 1, 10, B.common),
        ("Very rare (<1/10,000)", None, 0.01, B.very_rare),
    ],
)
def test_find_percent(text: str, low: float | None, high: float | None, band: B) -> None:
    pct = find_percent(text)
    assert pct is not None
    assert (pct.low, pct.high, pct.band) == (low, high, band)


def test_no_percent() -> None:
    assert find_percent("common side effects") is None
    assert find_percent("take up to 1/2 tablet") is None


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("Common Side Effects", B.common),
        ("Less common but serious", B.uncommon),
        ("Very rare", B.very_rare),
        ("Rarely, it may cause", B.rare),
        ("most common", B.common),
        ("Occasional", B.uncommon),
        ("though less common than with other forms", None),
        ("Serious side effects", None),
    ],
)
def test_band_words(text: str, band: B | None) -> None:
    found = find_band_words(text)
    assert (found.band if found else None) == band


def test_last_band_word() -> None:
    found = find_band_words("Less common side effects are possible, though rare", last=True)
    assert found is not None and found.band is B.rare


@pytest.mark.parametrize(
    ("text", "serious"),
    [
        ("Rare but serious", True),
        ("requires immediate medical attention", True),
        ("life-threatening", True),
        ("usually mild", False),
        ("not serious", False),
        ("from mild rash to severe anaphylaxis", True),
        ("Common", None),
    ],
)
def test_serious(text: str, serious: bool | None) -> None:
    assert find_serious(text) is serious


@given(st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=100))
def test_band_is_monotonic_in_the_lower_bound(a: float, b: float) -> None:
    order = list(B)  # unknown, then rarest to most frequent
    low, high = sorted((a, b))
    # a larger lower bound never gives a rarer band
    assert order.index(band_for_percent(high, None)) >= order.index(band_for_percent(low, None))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Consult a doctor immediately if it spreads", True),
        ("Immediately consult your doctor", True),
        ("Tell your doctor right away", True),
        ("No need to call your doctor right away", None),
        ("You may not see clearly right away after applying", None),
        ("Mild stinging", False),
    ],
)
def test_care_sought_without_delay_says_serious(text: str, expected: bool | None) -> None:
    assert find_serious(text) is expected


# Seriousness read without the word pre-check (the reference for it): every pattern searched.
def _serious_always_searched(text: str) -> bool | None:
    from pipeline.frequency import _NEGATOR_SPAN, _serious_patterns

    mild, serious, care, denied = _serious_patterns()
    spans = [m.span() for m in mild.finditer(text)]
    if any(not any(a <= m.start() < b for a, b in spans) for m in serious.finditer(text)):
        return True
    for m in care.finditer(text):
        if not denied.search(text, max(0, m.start() - _NEGATOR_SPAN), m.start()):
            return True
    return False if spans else None


_SERIOUS_PIECES = ["Severe", "mild", "non-serious", "life-threatening", "call", "your doctor",
                   "right away", "at once", "x", "-", "_", ".", ",", "(", " ", "  ", "\n", "K",
                   "\u212a", "é", "emergency", "no need to", "nausea", "CALL 911", "2%"]  # fmt: skip


@given(st.lists(st.sampled_from(_SERIOUS_PIECES), max_size=10).map("".join))
@example("pre-serious")
@example("x_mild")
@example("Seek help \u212aindly at once")
@settings(max_examples=1000)
def test_seriousness_pre_check_reads_as_every_pattern(text: str) -> None:
    """A text holding none of the wordings' first words is not searched: it says nothing."""
    assert find_serious(text) is _serious_always_searched(text)
