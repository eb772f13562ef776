"""Phrases -> agents: splitting, cutting, typing (``pipeline.extract.agents``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.agents import (
    MAX_AGENT_WORDS,
    agent_type,
    agents,
    distribute,
    known_type,
    split_agents,
)
from pipeline.extract.identity import Identity

_IDENT = Identity("Testamol", "testamol", ("testamol",))


def names(phrase: str) -> list[str]:
    return [agent for _, agent in agents(phrase, _IDENT)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("zelfarin, tromboxil, or pexaban", ["zelfarin", "tromboxil", "pexaban"]),
        (
            "aluminium, calcium, or magnesium salts",
            ["aluminium salts", "calcium salts", "magnesium salts"],
        ),
        (
            "strong or moderate CYP3A inhibitors",
            ["strong cyp3a inhibitors", "moderate cyp3a inhibitors"],
        ),
        # a class named by effect is one agent; the list goes on with a known kind
        ("drugs that lower blood pressure or MAOIs", ["drugs that lower blood pressure", "maois"]),
        ("those affecting the liver or kidneys", []),
        ("herbal remedies you are taking", []),
        ("testamol tablets", []),  # the monograph's own drug
        ("to", []),
        ("topical application", []),
        ("to check for interactions", []),
        ("diabetes", []),  # what "those used for" treat, not an agent
        ("increased respiratory depression", []),
        ("diabetes medications", ["diabetes medications"]),  # a class keeps its disease
        ("either zelfarin", ["zelfarin"]),
        ("other nephrotoxic or ototoxic drugs", ["nephrotoxic drugs", "ototoxic drugs"]),
    ],
)
def test_agents_of_a_phrase(phrase: str, expected: list[str]) -> None:
    assert names(phrase) == expected


def test_split_keeps_parentheses_whole() -> None:
    assert split_agents("zelfarin (a blood thinner, oral) and tromboxil") == [
        "zelfarin (a blood thinner, oral)",
        "tromboxil",
    ]


def test_a_known_class_shares_no_head() -> None:
    """ "warfarin or beta blockers": a class the lexicon knows whole is no shared head."""
    assert distribute(["zelfarin", "beta blockers"]) == ["zelfarin", "beta blockers"]
    assert distribute(["calcium", "magnesium salts"]) == ["calcium salts", "magnesium salts"]


@given(st.text(alphabet=st.sampled_from("abc xyz,()-'andor"), max_size=80))
def test_agents_are_short_nonempty_and_normalized(phrase: str) -> None:
    for raw, agent in agents(phrase, _IDENT):
        assert raw.strip() and agent
        assert agent == agent.lower().strip()
        assert len(agent.split()) <= MAX_AGENT_WORDS


@pytest.mark.parametrize(
    ("agent", "kind"),
    [
        ("phenothiazines", "drug_class"),  # a drug is never written in the plural
        ("vitamin d analogs", "drug_class"),
        ("tcas", "drug_class"),
        ("estrogens/progestins", "drug_class"),
        ("zelfarin", "drug"),
        ("digitalis", "drug"),  # singular words ending in s
        ("cannabis", "herbal"),
        ("drowsiness", "drug"),
    ],
)
def test_a_plural_is_a_class(agent: str, kind: str) -> None:
    assert agent_type(agent).value == kind


def test_filters_read_only_what_the_lexicon_knows() -> None:
    """A plural alone makes no agent where only known kinds count ("cause drowsiness or
    seizures": the class named by its effect, never "seizures")."""
    assert known_type("seizures").value == "drug"
    assert names("drugs that cause drowsiness or seizures") == ["drugs that cause drowsiness"]


def test_the_monographs_own_combination_is_no_agent() -> None:
    """ "amoxicillin/clavulanate" in Amoxycillin + Potassium Clavulanate: its own drug."""
    ident = Identity(
        "Amoxycillin + Potassium Clavulanate",
        "amoxycillin + potassium clavulanate",
        ("amoxycillin", "potassium clavulanate"),
    )
    assert [a for _, a in agents("amoxicillin/clavulanate", ident)] == []
    assert [a for _, a in agents("ampicillin/sulbactam", ident)] == ["ampicillin/sulbactam"]
