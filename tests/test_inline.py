"""Inline markdown: plain text and bold lead-in labels (``pipeline.inline``)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.inline import _lead, plain, split_lead


@pytest.mark.parametrize(
    ("raw", "label", "rest"),
    [
        ("**Common:** nausea, rash", "Common", "nausea, rash"),
        ("**Common**: nausea", "Common", "nausea"),
        ("**Warfarin** - more bleeding", "Warfarin", "more bleeding"),
        ("**Side Effects**", "Side Effects", ""),
        ("**Tromboxil**\nUse with caution.", "Tromboxil", "Use with caution."),  # line break
        ("***Rare*** – hepatitis", "Rare", "hepatitis"),  # bold italic
        ("*Zelfarin:* pregnancy", "Zelfarin", "pregnancy"),  # italic, with its colon
    ],
)
def test_lead_ins(raw: str, label: str, rest: str) -> None:
    assert split_lead(raw) == (label, rest)


@pytest.mark.parametrize(
    "raw",
    [
        "**Nausea** and vomiting",  # bold words in a sentence
        "*Clostridioides difficile*-associated diarrhea",  # italic without a colon
        "*Rarely, patients faint.*",  # an italic sentence
        "Plain text: no markup",
    ],
)
def test_no_lead_in(raw: str) -> None:
    assert split_lead(raw) == (None, raw)


def test_plain_removes_markup_and_collapses_space() -> None:
    assert plain("**Nausea**  and _mild_\nheadache") == "Nausea and mild headache"


#: What ``inline._lead`` reads, as one pattern: the reference for its faster reading.
_LEAD = re.compile(
    r"\A\s*(?P<q>\*\*\*|\*\*|__|\*|_)(?P<label>(?:(?!(?P=q)).)+?)(?P=q)"
    r"(?P<sep>[ \t]*[:\-–—]\s*|[ \t]*\n\s*)?[ \t]*(?P<rest>.*)\Z",
    re.S,
)
_LEAD_TEXT = st.lists(
    st.sampled_from(
        ["*", "**", "***", "_", "__", " ", "\t", "\n", ":", "-", "–", "a", "Bc", "\u2003"]
    ),
    max_size=12,
).map("".join)


def assert_lead_as_pattern(raw: str) -> None:
    m = _LEAD.match(raw)
    assert _lead(raw) == (m.group("q", "label", "sep", "rest") if m else None)


@pytest.mark.parametrize(
    "raw",
    [
        "**A:** b",
        "***Rare*** - x",
        "*x*",
        "****",
        "**a",
        "** **",
        "  __a__\n b",
        "*C. diff*-x",
        "_",
    ],
)
def test_lead_is_read_as_the_pattern_reads_it(raw: str) -> None:
    assert_lead_as_pattern(raw)


@settings(max_examples=2000, deadline=None)
@given(_LEAD_TEXT)
def test_generated_leads_are_read_as_the_pattern_reads_them(raw: str) -> None:
    assert_lead_as_pattern(raw)
