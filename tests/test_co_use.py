"""A contraindicated co-use names interaction agents (pipeline/extract/co_use.py)."""

from __future__ import annotations

from support import extract_text, plain


def ix(body: str, title: str = "Testamol") -> list[tuple[object, ...]]:
    text = f"# {title}\n\n### Side Effects\n* Nausea\n\n{body}\n"
    return plain(extract_text(text).interactions, "agent", "agent_type", "severity")


def test_contraindicated_co_use_is_an_interaction_to_avoid() -> None:
    got = ix(
        "### Contraindications\n"
        "* Recent use of ergot derivatives or other 5-HT1 agonists (within 24 hours).\n"
        "* Recent use of MAO inhibitors (within 2 weeks).\n"
        "* Peripheral vascular disease.\n"
    )
    assert got == [
        ("ergot derivatives", "drug_class", "avoid"),
        ("5-ht1 agonists", "drug_class", "avoid"),
        ("mao inhibitors", "drug_class", "avoid"),
    ]


def test_a_relative_co_use_is_caution_and_grades_an_agent_named_before() -> None:
    got = ix(
        "### Precautions\n"
        "* **Drug Interactions:** Testamol may interact with other medications, including"
        " anticoagulants and zelfarin.\n"
        "* **Bleeding:** Use with caution in patients with bleeding disorders or those taking"
        " anticoagulants.\n"
        "* **Contraindications:** Recent use of MAO inhibitors.\n"
    )
    assert got == [
        ("anticoagulants", "drug_class", "caution"),  # merely listed, graded by the caution
        ("zelfarin", "drug", "unspecified"),
        ("mao inhibitors", "drug_class", "avoid"),
    ]


def test_the_allergy_before_a_co_use_does_not_swallow_it() -> None:
    got = ix(
        "### Contraindications\n"
        "* Hypersensitivity to testamol; concurrent use of MAO inhibitors or other"
        " antidepressants.\n"
    )
    assert ("mao inhibitors", "drug_class", "avoid") in got


def test_what_is_taken_must_be_a_known_kind_of_agent() -> None:
    # after "on" or "receiving" a bare word may be anything: a diet, a procedure
    assert (
        ix(
            "### Precautions\n"
            "* **Warnings:** Use with caution in those on a sodium-restricted diet or receiving"
            " anesthesia.\n"
        )
        == []
    )
