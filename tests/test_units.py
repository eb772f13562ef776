"""Sections -> units: the labels a unit is read under."""

from __future__ import annotations

import pytest
from support import extract_text, plain

from pipeline.sections import without_numbering


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("7.1 NSAIDs", "NSAIDs"),
        ("4.8 Undesirable effects", "Undesirable effects"),
        ("Section 4: Contraindications", "Contraindications"),
        ("Lithium", "Lithium"),
        ("5-HT3 antagonists", "5-HT3 antagonists"),
    ],
)
def test_a_heading_label_says_its_words_without_numbering(heading: str, label: str) -> None:
    assert without_numbering(heading) == label


def test_numbered_sub_headings_name_their_agents() -> None:
    """A label-style layout ("7.1 NSAIDs" under "7 DRUG INTERACTIONS"): the sub-heading
    names the agent, its number does not."""
    text = (
        "# Testamol\n\n## 7 DRUG INTERACTIONS\n### 7.1 NSAIDs\n"
        "Co-administration may result in deterioration of renal function. Monitor renal function.\n"
        "### 7.2 Lithium\nIncreases in serum lithium have been reported. Monitor lithium levels.\n"
    )
    assert plain(extract_text(text).interactions, "agent", "agent_type") == [
        ("nsaids", "drug_class"),
        ("lithium", "drug"),
    ]
