"""Inline markdown: plain text and bold lead-in labels (``pipeline.inline``)."""

from __future__ import annotations

import pytest

from pipeline.inline import plain, split_lead


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
