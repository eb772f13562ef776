"""Section kinds: heading lexicon, inheritance, and pseudo-headings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.issues import Problems
from pipeline.parse import parse
from pipeline.sections import _PAREN_TAIL, assign_kinds, classify, normalize_heading
from pipeline.tree import Document, build_tree
from tests.support import extract_text, plain


def kinds(text: str) -> list[tuple[str, str, bool]]:
    doc: Document = build_tree(parse(text, Problems()).tokens)
    assign_kinds(doc)
    return [(s.heading, s.kind.value, s.is_group) for s in doc.walk()]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Side Effects", "side_effects"),
        ("**Side Effects:**", "side_effects"),
        ("Side Effects (Individual Components)", "side_effects"),
        ("3. Adverse Reactions", "side_effects"),
        ("Atorvastatin Side Effects", "side_effects"),
        ("How it Works", "mechanism"),
        ("Drug Interactions", "interactions"),
        ("Alcohol Consumption", "interactions"),
        ("Pregnancy and Breastfeeding", "pregnancy"),
        ("Contraindications", "contraindications"),
        ("Warnings and Precautions", "precautions"),
        ("Use with caution", "precautions"),
        ("FAQs", "faq"),
        ("Q: Are there any side effects?", "faq"),
        ("Generic Name", "generic_name"),
        ("Brand Names", "alternate_names"),
        ("Usage", "usage"),
        ("Causes of headache", "other"),
        ("Storage", "other"),
        ("Atorvastatin", "other"),
        ("Side\u2011Effects", "side_effects"),  # non-breaking hyphen
        ("Side\u200bEffects", "side_effects"),  # zero-width space
        ("Sideeffects", "side_effects"),
        ("Taking Atorvastatin with other medicines", "interactions"),
        ("Medicines to avoid", "interactions"),
        ("Interacting drugs", "interactions"),
        ("Who should avoid Atorvastatin?", "contraindications"),
        ("When not to use", "contraindications"),
        ("Questions and answers", "faq"),
        ("Section 4: Adverse Reactions", "side_effects"),
        ("4.8 Undesirable effects", "side_effects"),
        ("SIDE EFFECTS", "side_effects"),
        ("**Side Effects** \u26a0\ufe0f", "side_effects"),
        ("Unwanted effects", "side_effects"),
        ("Contra-indications", "contraindications"),
        ("Who shouldn't take Zentoprin", "contraindications"),
        ("Who can and cannot take Zentoprin", "contraindications"),
        ("Before you take Zentoprin", "precautions"),
        ("Pediatric use", "precautions"),
        ("Drug and food interactions", "interactions"),
        ("Foods to avoid", "interactions"),
        ("Can I drink alcohol with Zentoprin?", "interactions"),
        ("Use in pregnancy and lactation", "pregnancy"),
        ("Common questions about Zentoprin", "faq"),
    ],
)
def test_classify(heading: str, kind: str) -> None:
    assert classify(heading).value == kind


def test_normalize_heading() -> None:
    assert normalize_heading("**2. Side Effects (Oral):**") == "side effects"
    assert normalize_heading("Section 4: Adverse Reactions") == "adverse reactions"
    assert normalize_heading("Step 3 - Side Effects") == "side effects"
    assert normalize_heading("(3) Side Effects") == "side effects"


def test_sub_headings_inherit_or_keep_their_kind() -> None:
    got = kinds(
        "# T\n## Side Effects\n#### Common Side Effects\nx\n#### Fenofibrate\ny\n"
        "#### Drug Interactions\nz\n"
    )
    assert got == [
        ("Side Effects", "side_effects", False),
        ("Common Side Effects", "side_effects", True),
        ("Fenofibrate", "side_effects", True),
        ("Drug Interactions", "interactions", False),
    ]


def test_bold_only_paragraphs_act_as_headings() -> None:
    got = kinds(
        "# T\n\n**Usage:**\nFor pain.\n\n**Side Effects:**\n\n* Nausea\n\n**Storage:**\nDry.\n"
    )
    assert [(h, k) for h, k, _ in got] == [("Usage", "usage"), ("Side Effects", "side_effects")]


def test_bullet_lead_ins_open_sections_at_top_level_only() -> None:
    got = kinds(
        "# T\n\n* **Usage:** For pain.\n* **Side Effects:** Common side effects include a and b.\n"
        "* **Precautions:**\n  * **Drug Interactions:** warfarin\n"
    )
    assert [(h, k) for h, k, _ in got] == [
        ("Usage", "usage"),
        ("Side Effects", "side_effects"),
        ("Precautions", "precautions"),
    ]


def test_labels_nested_in_precautions_stay_labels() -> None:
    got = kinds(
        "# T\n### Precautions\n**Contraindications:**\n\n* Pregnancy\n\n**Side Effects:**\n\n* x\n"
    )
    assert [(h, k) for h, k, _ in got] == [
        ("Precautions", "precautions"),
        ("Side Effects", "side_effects"),
    ]


def test_component_sections_hold_pseudo_sections() -> None:
    got = kinds(
        "# A + B\n### A\n**Usage:** x\n\n**Side Effects:** Nausea.\n\n### B\n**Side Effects:** Rash.\n"
    )
    assert [(h, k) for h, k, _ in got] == [
        ("A", "other"),
        ("Usage", "usage"),
        ("Side Effects", "side_effects"),
        ("B", "other"),
        ("Side Effects", "side_effects"),
    ]


def test_parts_of_faqs_and_overdose_are_never_sections() -> None:
    # answers repeat effects: a sub-heading or a question label in them is part of the answer
    got = kinds(
        "# T\n## FAQs\n### Side Effects\n* x\n### What are the side effects of T?\ny\n"
        "**Can T interact with alcohol?**\nz\n## Overdose\n**Side Effects:** coma\n"
        "### Symptoms\nw\n"
    )
    assert [k for _, k, _ in got] == ["faq", "faq", "faq", "other", "other"]
    # a bold heading after the answers that asks nothing opens a section of its own
    got = kinds("# T\n## FAQs\n**Q: Is it safe?**\nYes.\n\n**Drug Interactions:**\n* warfarin\n")
    assert [(h, k) for h, k, _ in got] == [("FAQs", "faq"), ("Drug Interactions", "interactions")]
    # a heading that only mentions a closed word is no closed part
    got = kinds("# Naloxone\n## Naloxone in opioid overdose\n### Side Effects\n* nausea\n")
    assert [k for _, k, _ in got] == ["other", "side_effects"]


def test_lead_in_labels_in_summaries_and_dosage_open_no_sections() -> None:
    """A lead-in there repeats what a section says; a bold-only heading is one."""
    got = kinds(
        "# T\n## Overview\n* **Side Effects:** a, b\n\n**Contraindications:**\n* c\n"
        "## Dosage\n**Use in Pregnancy:** 1 mg daily.\n\n**Side Effects**\n* d\n"
        "## Storage\n**Side Effects**\n* e\n"
    )
    assert [(h, k) for h, k, _ in got] == [
        ("Overview", "summary"),
        ("Contraindications", "contraindications"),
        ("Dosage", "dosage"),
        ("Side Effects", "side_effects"),
        ("Storage", "other"),
        ("Side Effects", "side_effects"),
    ]
    # a real sub-heading of a known kind still is one
    got = kinds("# T\n## Dosage\n### Side effects at high doses\n* x\n")
    assert [k for _, k, _ in got] == ["dosage", "side_effects"]


def test_a_heading_written_as_a_lead_in_is_its_label_and_a_paragraph() -> None:
    text = (
        "# T\n### Usage: For pain in adults.\n### Side Effects: Oral form\n### Side Effects: Common side effects include "
        "nausea and dizzy spells, and rash.\n### Zentoprin: an old name\nx\n"
    )
    got = kinds(text)
    assert [(h, k) for h, k, _ in got] == [
        ("Usage", "usage"),
        ("Side Effects: Oral form", "side_effects"),
        ("Side Effects", "side_effects"),
        ("Zentoprin: an old name", "other"),
    ]
    rows = extract_text(text).side_effects
    assert [(r["term"], r["line"]) for r in rows] == [("nausea and dizzy spells", 4), ("rash", 4)]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        (
            "4.5 Interaction with other medicinal products and other forms of interaction",
            "interactions",
        ),
        ("What you need to know before you take Testamol", "precautions"),
        ("What to avoid", "interactions"),
        ("Testamol with food, drink and alcohol", "interactions"),
        ("When you must not use it", "contraindications"),
        ("4.8 Undesirable effects", "side_effects"),
    ],
)
def test_leaflet_headings(heading: str, kind: str) -> None:
    """The long headings of product leaflets and product characteristics summaries."""
    assert classify(heading) == kind


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What other drugs will affect Testamol?", "interactions"),
        ("What should I avoid while taking Testamol?", "interactions"),
        ("Side Effects and Interactions", "side_effects"),
    ],
)
def test_question_headings(heading: str, kind: str) -> None:
    assert classify(heading) == kind


_HEADING_PIECES = ["Side", " ", "(a)", "[b]", "(", ")", "]", ":", "\n", "\u00a0", "x"]


@given(st.lists(st.sampled_from(_HEADING_PIECES), max_size=10).map("".join))
@settings(max_examples=300)
def test_a_paren_tail_is_only_looked_for_where_it_can_be(text: str) -> None:
    # normalize_heading runs its tail pattern only on a text ending in ")" or "]" (before
    # spaces): every text the pattern matches does
    if _PAREN_TAIL.search(text) is not None:
        assert text.rstrip().endswith((")", "]"))


def test_a_severity_sub_heading_under_interactions_is_a_group_of_it() -> None:
    """ "### Contraindicated" under "## Interactions" says how strictly the drugs below it
    are kept apart: they are interactions (avoid), not contraindications."""
    text = (
        "# Testamol\n\n## Interactions\n\n### Contraindicated\n- linezolid\n- selegiline\n\n"
        "### Monitor Closely\n- warfarin\n"
    )
    result = extract_text(text)
    assert result.contraindications == []
    assert plain(result.interactions, "agent", "severity") == [
        ("linezolid", "avoid"),
        ("selegiline", "avoid"),
        ("warfarin", "monitor"),
    ]
