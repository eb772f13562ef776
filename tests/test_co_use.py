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
        "* **Drug Interactions:** Testamol can interact with other medications, including"
        " blood thinners.\n"
        "* **Bleeding:** Use with caution in patients with bleeding disorders or those taking"
        " blood thinners or other medications that increase bleeding risk should use it"
        " carefully.\n"
    )
    assert ("blood thinners", "drug_class", "caution") in got
    assert all("should" not in str(agent) for agent, _, _ in got)


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
