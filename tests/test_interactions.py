"""Interactions: agents from lists, subjects, labels and items; types, severity, links."""

from __future__ import annotations

import pyarrow as pa
import pytest
from support import extract_text, plain

from pipeline.extract.agents import agent_type
from pipeline.extract.interaction_cues import severity
from pipeline.link import link_interactions
from pipeline.models import AgentType, Severity
from pipeline.tables import rows_to_arrow


def ix(
    body: str, title: str = "Testamol", heading: str = "Precautions"
) -> list[tuple[object, ...]]:
    text = f"# {title}\n\n### Side Effects\n* Nausea\n\n### {heading}\n{body}\n"
    return plain(extract_text(text).interactions, "agent", "agent_type", "severity")


def test_prose_list_in_drug_interactions_item() -> None:
    got = ix(
        "* **Drug Interactions:** Notable interactions include those with cimetidine, propranolol, "
        "beta-blockers, and MAO inhibitors. Tell your doctor about other medications.\n"
    )
    assert got == [
        ("cimetidine", "drug", "unspecified"),
        ("propranolol", "drug", "unspecified"),
        ("beta-blockers", "drug_class", "unspecified"),
        ("mao inhibitors", "drug_class", "unspecified"),
    ]


def test_interactions_heading_nested_in_precautions_is_read() -> None:
    got = ix("Use with care.\n\n#### Drug Interactions\nMay interact with warfarin and aspirin.\n")
    assert [row[0] for row in got] == ["warfarin", "aspirin"]


def test_semicolons_separate_agents_unless_a_clause_follows() -> None:
    got = ix("Interacts with: warfarin; aspirin; alcohol.", heading="Drug Interactions")
    assert [row[0] for row in got] == ["warfarin", "aspirin", "alcohol"]
    got = ix("May interact with warfarin; discuss all your medicines.", heading="Drug Interactions")
    assert [row[0] for row in got] == ["warfarin"]


@pytest.mark.parametrize(
    "item",
    [
        "* Warfarin (Coumadin): more bleeding",
        "* **Warfarin** (Coumadin): more bleeding",
        "* Warfarin - more bleeding",
        "* Warfarin – more bleeding",
    ],
)
def test_agent_label_with_a_parenthetical_or_a_dash(item: str) -> None:
    assert [row[0] for row in ix(item, heading="Drug Interactions")] == ["warfarin"]


def test_interaction_section_with_agent_labels() -> None:
    got = ix(
        "* **Warfarin:** increased risk of bleeding; avoid combining.\n"
        "* **Grapefruit juice:** may raise blood levels.\n"
        "* **St. John's wort** - may reduce the effect.\n",
        heading="Drug Interactions",
    )
    assert got == [
        ("warfarin", "drug", "avoid"),
        ("grapefruit juice", "food", "caution"),
        ("st. john's wort", "herbal", "caution"),
    ]


def test_subject_and_object_agents_and_unspecific_phrases() -> None:
    got = ix(
        "* **Interactions:** Testamol may decrease the effects of beta-2 agonists, while "
        "antihistamines may reduce its effectiveness. Avoid using it with herbal supplements "
        "or over-the-counter drugs.\n"
    )
    assert [a for a, _, _ in got] == ["beta-2 agonists", "antihistamines"]


def test_alcohol_label_and_avoid_sentence_elsewhere_in_precautions() -> None:
    got = ix(
        "* **Alcohol Consumption:** Excessive alcohol may worsen dizziness.\n"
        "* **Other Precautions:** Avoid grapefruit during treatment.\n"
    )
    assert got == [("alcohol", "alcohol", "caution"), ("grapefruit", "food", "avoid")]


def test_outside_interaction_labels_unknown_drugs_are_not_agents() -> None:
    assert (
        ix("* **Allergies:** Avoid if allergic to penicillin.\n* **Kidneys:** Avoid dehydration.\n")
        == []
    )


def test_shared_head_is_distributed() -> None:
    got = ix("* **Drug Interactions:** Interacts with aluminium, calcium, or magnesium salts.\n")
    assert [a for a, _, _ in got] == ["aluminium salts", "calcium salts", "magnesium salts"]


def test_own_drug_is_not_an_agent() -> None:
    got = ix(
        "* **Drug Interactions:** Benzoyl peroxide may decrease the effectiveness of testamol.\n"
    )
    assert [a for a, _, _ in got] == ["benzoyl peroxide"]


def test_effect_as_written() -> None:
    text = "# T\n\n### Side Effects\n* x\n\n### Drug Interactions\n* **Lithium:** may increase lithium levels.\n"
    (row,) = extract_text(text).interactions
    assert row["effect"] == "may increase lithium levels"


@pytest.mark.parametrize(
    ("agent", "kind"),
    [
        ("alcohol", AgentType.alcohol),
        ("grapefruit juice", AgentType.food),
        ("ginkgo biloba", AgentType.herbal),
        ("nsaids", AgentType.drug_class),
        ("comt inhibitors", AgentType.drug_class),
        ("warfarin", AgentType.drug),
    ],
)
def test_agent_type(agent: str, kind: AgentType) -> None:
    assert agent_type(agent) is kind


@pytest.mark.parametrize(
    ("text", "sev"),
    [
        ("Do not combine with warfarin.", Severity.avoid),
        # the noun says what the verb says
        ("Strict avoidance of alcohol is the main precaution.", Severity.avoid),
        ("Monitor INR closely.", Severity.monitor),
        ("May increase the risk of bleeding.", Severity.caution),
        ("Interacts with warfarin.", Severity.unspecified),
    ],
)
def test_severity(text: str, sev: Severity) -> None:
    assert severity(text) is sev


def test_linking_to_monographs_of_the_run() -> None:
    mono = rows_to_arrow(
        "monographs",
        [
            {
                "monograph_id": m,
                "title": t,
                "generic_name": t.lower(),
                "components": [t.lower()],
                "is_combination": False,
                "source_path": f"{m}.md",
                "status": "ok",
            }
            for m, t in (
                ("w/warfarin", "Warfarin"),
                ("a/aspirin", "Aspirin"),
                ("i/insulin", "Insulin"),
                ("a/alcohol", "Alcohol"),
            )
        ],
    )
    agents = [
        ("warfarin", "drug"),
        ("warfarin sodium tablets", "drug"),  # the longest leading words that name one
        ("aspirin", "drug"),  # the monograph itself: no link
        ("nsaids", "drug_class"),
        ("insulin", "drug_class"),  # a monograph's generic name is a drug
        ("alcohol", "alcohol"),  # linked, but keeps its type
    ]
    rows = [
        {
            "monograph_id": "a/aspirin",
            "item_no": i,
            "agent": a,
            "agent_raw": a,
            "agent_type": t,
            "severity": "avoid",
            "line": 3,
        }
        for i, (a, t) in enumerate(agents, start=1)
    ]
    linked = link_interactions(rows_to_arrow("interactions", rows), mono)
    assert isinstance(linked, pa.Table)
    assert linked.column("linked_monograph_id").to_pylist() == [
        "w/warfarin",
        "w/warfarin",
        None,
        None,
        "i/insulin",
        "a/alcohol",
    ]
    assert [str(v) for v in linked.column("agent_type").to_pylist()] == [
        "drug",
        "drug",
        "drug",
        "drug_class",
        "drug",
        "alcohol",
    ]


def test_a_list_of_subjects_keeps_its_first_name() -> None:
    """ "A, B, and C may ...": every name is an agent; only an opener before a comma is not."""
    got = ix(
        "* **Drug Interactions:** Zelfarin, tromboxil, and pexaban may increase bleeding. "
        "Specifically, rifomycin may lower levels.\n"
    )
    assert [row[0] for row in got] == ["zelfarin", "tromboxil", "pexaban", "rifomycin"]


def test_class_label_with_its_members_inline() -> None:
    """The members after a class label are agents; effect wording after one is not."""
    got = ix(
        "* **Blood thinners:** zelfarin, tromboxil\n"
        "* Antifungals: ketomazole and fluvazole\n"
        "* **Antacids:** may reduce absorption of Testamol.\n"
        "* **Diuretics:** increased risk of dehydration\n",
        heading="Drug Interactions",
    )
    assert [row[0] for row in got] == [
        "blood thinners",
        "zelfarin",
        "tromboxil",
        "antifungals",
        "ketomazole",
        "fluvazole",
        "antacids",
        "diuretics",
    ]


def test_class_label_with_a_single_member() -> None:
    """One bare name after a class label is its member; a bare phrase is not."""
    got = ix(
        "* **Anticoagulants:** zelfarin\n"
        "* **Antacids:** separate the doses\n"
        "* **Diuretics:** Monitor.\n",
        heading="Drug Interactions",
    )
    assert [row[0] for row in got] == ["anticoagulants", "zelfarin", "antacids", "diuretics"]


def test_a_relative_clause_names_no_agents() -> None:
    got = ix("Testamol interacts with lithor and drugs that damage the kidneys or liver.\n")
    assert [row[0] for row in got] == ["lithor"]


def test_a_list_goes_on_after_a_relative_clause_with_known_agents() -> None:
    """ "drugs that lower blood pressure or MAOIs": the lexicon's agents after the clause."""
    got = ix("Testamol interacts with lithor and drugs that lower blood pressure or MAOIs.\n")
    assert [row[0] for row in got] == ["lithor", "drugs that lower blood pressure", "maois"]


@pytest.mark.parametrize(
    ("sentence", "agents"),
    [
        # organs and body functions a described class acts on
        ("Testamol may interact with drugs affecting the liver, kidneys, or blood clotting.", []),
        # the list goes on after a description with other kinds of agents
        (
            "Testamol interacts with drugs affecting the heart and other QT-prolonging agents.",
            ["qt-prolonging agents"],
        ),
        # a qualifier shares the next element's head
        (
            "Avoid use with strong or moderate CYP3A inhibitors.",
            ["strong cyp3a inhibitors", "moderate cyp3a inhibitors"],
        ),
        # properties of a drug, not drugs
        ("Testamol may interact with zelfarin, decreasing its effectiveness.", ["zelfarin"]),
        # a route of use, not an agent
        ("Interactions are unlikely with topical application.", []),
        # what "you are taking" ends
        (
            "Testamol interacts with other medicines, so list all medicines, vitamins, and "
            "herbal remedies you are taking.",
            [],
        ),
        # a parenthesis does not cut the agent before it
        (
            "Testamol interacts with potent inducers (drugs that speed up metabolism).",
            ["potent inducers"],
        ),
    ],
)
def test_phrases_that_name_no_agent(sentence: str, agents: list[str]) -> None:
    got = ix(f"* **Drug Interactions:** {sentence}\n")
    assert [row[0] for row in got] == agents


@pytest.mark.parametrize(
    ("item", "agents"),
    [
        ("* Use caution with alpha or beta blockers.", ["alpha blockers", "beta blockers"]),
        ("* Avoid with ACE or MAO inhibitors.", ["ace inhibitors", "mao inhibitors"]),
        ("* **MAO inhibitors:** Contraindicated.", ["mao inhibitors"]),
        ("* **Diuretics:** Hypokalemia.", ["diuretics"]),
        ("* **Medicines used for gout, such as allopurinol:** avoid combining.", ["allopurinol"]),
        ("* Avoid medications associated with methemoglobinemia.", []),
        ("* Avoid moderate or heavy alcohol use.", ["moderate alcohol", "heavy alcohol"]),
    ],
)
def test_review_regressions(item: str, agents: list[str]) -> None:
    assert [row[0] for row in ix(item, heading="Drug Interactions")] == agents


_HEAD = "# Testamol\n\n## Side Effects\n* Nausea\n\n## Interactions\n"


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "| Drug | Effect |\n|---|---|\n| Zelfarin | Increased bleeding risk |\n\n"
            "| Severity | Drug | What happens |\n|---|---|---|\n"
            "| Major | Ketomazole, fluvazole | Raised Testamol levels; avoid |\n",
            [
                ("zelfarin", "caution", "Increased bleeding risk"),
                ("ketomazole", "avoid", "Raised Testamol levels; avoid"),
                ("fluvazole", "avoid", "Raised Testamol levels; avoid"),
            ],
        ),
        # the first cell is read as the row's label; its words still give the severity
        (
            "| Severity | Drug | Effect |\n|---|---|---|\n"
            "| Avoid | Zelfarin | Increased bleeding |\n| Monitor | Lithor | Higher lithium levels |\n",
            [
                ("zelfarin", "avoid", "Increased bleeding"),
                ("lithor", "monitor", "Higher lithium levels"),
            ],
        ),
    ],
)
def test_tables_with_drug_severity_and_effect_columns(
    table: str, expected: list[tuple[str, str, str]]
) -> None:
    got = plain(extract_text(_HEAD + table).interactions, "agent", "severity", "effect")
    assert got == expected


def test_labels_that_grade_or_await_the_agents_after_them() -> None:
    """ "**Contraindicated:** A, B" and "**Avoid combining with:** A": the label gives the
    severity, the text the agents; neither label is an agent."""
    got = ix(
        "* **Contraindicated:** zelfarin, tromboxil.\n"
        "* **Use with caution:** pexaban.\n"
        "* **Avoid combining with:** rifomycin.\n",
        heading="Drug Interactions",
    )
    assert [(row[0], row[2]) for row in got] == [
        ("zelfarin", "avoid"),
        ("tromboxil", "avoid"),
        ("pexaban", "caution"),
        ("rifomycin", "avoid"),
    ]


def test_a_severity_grade_column_names_no_agent() -> None:
    text = (
        "# Testamol\n\n## Side Effects\n* Nausea\n\n## Interactions\n"
        "| Drug | Severity | Effect |\n|---|---|---|\n"
        "| Zelfarin | Major | Raises Testamol levels |\n| Antacids | Minor | Delayed absorption |\n\n"
        "| Effect | Agent |\n|---|---|\n| Low potassium | Tromboxil |\n"
    )
    got = plain(extract_text(text).interactions, "agent", "effect")
    assert got == [
        ("zelfarin", "Raises Testamol levels"),
        ("antacids", "Delayed absorption"),
        ("tromboxil", "Low potassium"),
    ]


def test_a_sub_heading_or_bold_line_names_the_agent_of_its_text() -> None:
    """Interactions written one agent per sub-heading or bold line; known headings
    ("Storage") and questions name none."""
    text = (
        "# Testamol\n\n## Side Effects\n* Nausea\n\n## Drug Interactions\n"
        "### Zelfarin\nAvoid; raises Testamol levels.\n\n"
        "**Tromboxil**\nUse with caution; more bleeding.\n\n"
        "**Grapefruit juice**\n\nAvoid; raises plasma levels.\n\n"
        "### Storage\nKeep at room temperature.\n\n"
        "### What else?\nNothing is known.\n"
    )
    got = plain(extract_text(text).interactions, "agent", "severity")
    assert got == [("zelfarin", "avoid"), ("tromboxil", "caution"), ("grapefruit juice", "avoid")]


@pytest.mark.parametrize(
    ("body", "agents"),
    [
        ("### Clinical significance\nFew interactions matter.\n", []),
        ("### Laboratory tests\nMonitor levels.\n", []),
        ("* Concomitant use with anticoagulants raises the bleeding risk.\n", ["anticoagulants"]),
    ],
)
def test_review_round_three(body: str, agents: list[str]) -> None:
    assert [row[0] for row in ix(body, heading="Drug Interactions")] == agents


@pytest.mark.parametrize("heading", ["Precautions", "Drug Interactions"])
def test_a_lead_in_item_with_no_text_of_its_own_reads_its_nested_list(heading: str) -> None:
    """ "- **Interactions with:**" over a nested list: no sentence of its own (it raised
    IndexError and the file lost its interactions); the nested items are the agents."""
    result = extract_text(
        f"# Testamol\n\n### Side Effects\n* Nausea\n\n### {heading}\n"
        "- **Interactions with:**\n  - zelfarin\n  - grapefruit juice\n"
    )
    assert not result.issues
    assert [row["agent"] for row in result.interactions] == ["zelfarin", "grapefruit juice"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a lead-in item's severity grades every item of its nested list
        (
            "- **Avoid combining with:**\n  - zelfarin\n  - tromboxil\n"
            "- **Monitor closely when used with:**\n  - pexaban\n",
            [("zelfarin", "avoid"), ("tromboxil", "avoid"), ("pexaban", "monitor")],
        ),
        # an intro line opening a list
        (
            "Do not take Testamol with the following:\n\n* zelfarin\n* tromboxil\n",
            [("zelfarin", "avoid"), ("tromboxil", "avoid")],
        ),
    ],
)
def test_a_lead_in_grades_the_items_it_introduces(
    body: str, expected: list[tuple[str, str]]
) -> None:
    got = ix(body, heading="Drug Interactions")
    assert [(a, sev) for a, _, sev in got] == expected


def test_a_contraindications_label_says_avoid() -> None:
    got = ix("**Contraindications:**\n\n* Allergy to testamol.\n* Concomitant use with zelfarin.\n")
    assert [(a, sev) for a, _, sev in got] == [("zelfarin", "avoid")]


def test_no_cue_leaks_from_another_agents_clause() -> None:
    got = ix(
        "* **Other Precautions:** Avoid alcohol during treatment, and use backup birth control "
        "if you take oral contraceptives, as Testamol can affect their effectiveness.\n"
        "* **Drug Interactions:** Use with strong CYP3A4 inducers is contraindicated, while use "
        "with zelfarin requires monitoring.\n"
    )
    assert [(a, sev) for a, _, sev in got] == [
        ("alcohol", "avoid"),
        ("oral contraceptives", "caution"),
        ("strong cyp3a4 inducers", "avoid"),
        ("zelfarin", "monitor"),
    ]


@pytest.mark.parametrize(
    "follow_up",
    [
        "Concomitant use should be avoided.",
        "Avoid combining Testamol with any of these medications.",
        "Testamol may interact with zelfarin; avoid combining these medications.",
    ],
)
def test_a_sentence_referring_back_grades_the_agents_before_it(follow_up: str) -> None:
    got = ix(f"* **Drug Interactions:** Testamol may interact with zelfarin. {follow_up}\n")
    assert [(a, sev) for a, _, sev in got] == [("zelfarin", "avoid")]


def test_the_strongest_cue_of_all_mentions() -> None:
    got = ix(
        "* **Drug Interactions:** Testamol may interact with alcohol and zelfarin.\n"
        "* **Alcohol:** Avoid alcohol while taking Testamol.\n"
    )
    assert [(a, sev) for a, _, sev in got] == [("alcohol", "avoid"), ("zelfarin", "unspecified")]


@pytest.mark.parametrize(
    ("body", "agents"),
    [
        ("No known interactions with food.", []),
        ("There are no significant interactions with alcohol or grapefruit juice.", []),
        ("Zelfarin does not interact with Testamol.", []),
        # a denial reaches only to the next comma
        ("While no specific interactions are listed, use caution with opioids.", ["opioids"]),
        (
            "No significant interactions with other drugs are known, but avoid alcohol.",
            ["alcohol"],
        ),
    ],
)
def test_a_denial_names_no_agent(body: str, agents: list[str]) -> None:
    assert [row[0] for row in ix(body, heading="Drug Interactions")] == agents


def test_mechanism_heads_share_their_modifiers() -> None:
    got = ix("Avoid strong CYP3A4 inhibitors and inducers.", heading="Drug Interactions")
    assert [row[0] for row in got] == ["strong cyp3a4 inhibitors", "strong cyp3a4 inducers"]


@pytest.mark.parametrize(
    ("body", "agents"),
    [
        # outside an interaction label: a known kind acting on the drug is an agent
        (
            "* **Other considerations:** Immunosuppressive therapies may reduce the vaccine's "
            "effectiveness; concurrent use should be avoided.\n",
            [("immunosuppressive therapies", "avoid")],
        ),
        # ... not what the drug's own class does, nor an unknown name
        ("* **Warnings:** Antidepressants may increase the risk of suicidal thoughts.\n", []),
        ("* **Warnings:** Zelfarin may reduce the effectiveness of Testamol.\n", []),
    ],
)
def test_subjects_outside_an_interaction_label(body: str, agents: list[tuple[str, str]]) -> None:
    assert [(a, sev) for a, _, sev in ix(body)] == agents


def test_a_paragraph_after_a_list_referring_back_grades_the_list() -> None:
    got = ix(
        "Testamol may interact with:\n\n* zelfarin\n* tromboxil\n\n"
        "Close monitoring is needed with any of these medications.\n",
        heading="Drug Interactions",
    )
    assert [(a, sev) for a, _, sev in got] == [("zelfarin", "monitor"), ("tromboxil", "monitor")]


def test_a_paragraph_after_other_items_refers_to_none_of_their_agents() -> None:
    got = ix(
        "* **Interactions:** May interact with zelfarin.\n* **Diabetes:** May affect blood sugar.\n\n"
        "Always check with a pharmacist before combining these medications.\n"
    )
    assert [(a, sev) for a, _, sev in got] == [("zelfarin", "unspecified")]


def test_a_plain_paragraph_under_a_lead_in_is_a_list_of_agents() -> None:
    got = ix(
        "**Avoid combining with:**\n\nzelfarin, tromboxil and pexaban\n",
        heading="Drug Interactions",
    )
    assert [(a, sev) for a, _, sev in got] == [
        ("zelfarin", "avoid"),
        ("tromboxil", "avoid"),
        ("pexaban", "avoid"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a list opened by "These include" stands for the sentence before, and takes its cues
        (
            "Testamol can interact with many medications, potentially increasing their "
            "effects. These include zelfarin and tromboxil.",
            [("zelfarin", "caution"), ("tromboxil", "caution")],
        ),
        # so does any short subject naming the interactions or examples ("Notable
        # interactions include those with", "Some examples might include")
        (
            "Testamol can interact with several drugs, possibly raising or lowering its "
            "effects. Notable interactions include those with zelfarin and tromboxil.",
            [("zelfarin", "caution"), ("tromboxil", "caution")],
        ),
        (
            "Testamol may interact with other medicines, which can reduce its effect. Some "
            "examples might include zelfarin and tromboxil.",
            [("zelfarin", "caution"), ("tromboxil", "caution")],
        ),
        # a bare demonstrative subject before a modal refers back to the interaction just
        # named, and its consequence grades the agents
        (
            "Testamol may interact with warfarin and digoxin. This may alter their effects.",
            [("warfarin", "caution"), ("digoxin", "caution")],
        ),
        # a numeral standing for the drugs ("one or both medications") is no agent, so the
        # sentence still names none and its cues go to the list after it
        (
            "Many drugs can interact with Testamol, potentially decreasing the effectiveness "
            "of one or both medications. Examples include zelfarin, each antibiotic and "
            "tromboxil.",
            [("zelfarin", "caution"), ("tromboxil", "caution")],
        ),
        # a stated consequence "affecting their levels" grades the list after it
        (
            "Testamol can interact with many medications, affecting their levels in the body."
            " Examples include zelfarin and tromboxil.",
            [("zelfarin", "caution"), ("tromboxil", "caution")],
        ),
        # "It" is the drug: the sentence before grades nothing after it
        (
            "* **Testamol:** Should be avoided in tendon disorders. It can interact with "
            "other medications, including antacids.",
            [("antacids", "unspecified")],
        ),
        (
            "Testamol may interact with zelfarin. This interaction can affect the efficacy.",
            [("zelfarin", "caution")],
        ),
    ],
)
def test_a_list_standing_for_the_sentence_before(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert [(a, sev) for a, _, sev in ix(body, heading="Drug Interactions")] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # explicit wording with an adverb inside it, outside any interaction label
        (
            "* **Warnings:** Numerous interactions exist. Testamol should be used cautiously "
            "with beta-blockers, MAO inhibitors and zelfarin.\n",
            [("beta-blockers", "caution"), ("mao inhibitors", "caution"), ("zelfarin", "caution")],
        ),
        (
            "* **Contraindications:** It should be avoided in severe acidosis, especially in "
            "people concomitantly using zelfarin.\n",
            [("zelfarin", "avoid")],
        ),
        # an allergy's element names no agent; the element after it may
        (
            "* **Contraindications:** Do not use in people allergic to testamol or its "
            "excipients, those currently taking MAO inhibitors, or those with liver disease.\n",
            [("mao inhibitors", "avoid")],
        ),
        # giving the drug with another; a description's verb does not end the list
        (
            "* **Caution:** Use caution when administering testamol with medicines that can "
            "raise neutrophil counts, such as zelfarin.\n",
            [("medicines that can raise neutrophil counts", "caution"), ("zelfarin", "caution")],
        ),
        # a list of conditions: the next elements are conditions, the wording's own is agents
        (
            "* **Contraindications:** Contraindicated in hypersensitivity to testamol, "
            "concomitant use with zelfarin in patients with diabetes or renal impairment, "
            "pregnancy, and hyperthyroidism.\n",
            [("zelfarin", "avoid")],
        ),
        # "used with caution", and patients using the drug itself: no agent
        ("* **Warnings:** Testamol should be used with extreme caution in gout or anemia.\n", []),
        (
            "* **Increased Risk:** Patients using testamol have a higher risk of hypotension, "
            "falls and dizziness.\n",
            [],
        ),
    ],
)
def test_explicit_wording_in_any_precautions_text(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert [(a, sev) for a, _, sev in ix(body)] == expected


def test_the_examples_of_an_unspecific_head_are_agents() -> None:
    """Outside an interaction label "such as" is no trigger: the element holds the head."""
    got = ix(
        "* **Warnings:** Testamol may interact with many other drugs such as zelfarin, "
        "protease inhibitors, and statins; ask a doctor.\n"
    )
    assert [a for a, _, _ in got] == ["zelfarin", "protease inhibitors", "statins"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a topic label: the agent is the subject of its text's avoid wording
        (
            "* **Immunizations:** Live vaccines should generally be avoided during treatment.\n",
            [("live vaccines", "avoid")],
        ),
        (
            "* **Other Warnings:** Avoid vaccination unless a doctor agrees.\n",
            [("vaccination", "avoid")],
        ),
        # only a kind the lexicon knows; never what is avoided in a population
        ("* **Other Warnings:** Strenuous exercise should be avoided.\n", []),
        ("* **Pregnancy:** Tetracyclines should be avoided during pregnancy.\n", []),
        ("* **Pregnancy:** Avoid vaccination during pregnancy.\n", []),
    ],
)
def test_the_subject_of_avoid_wording_in_any_precautions_text(
    body: str, expected: list[tuple[str, str]]
) -> None:
    assert [(a, sev) for a, _, sev in ix(body)] == expected


@pytest.mark.parametrize(
    ("body", "agents"),
    [
        # a class named by what its drugs do or how they are cleared is one agent
        (
            "Particular caution is needed with other medicines that cause drowsiness.",
            ["medicines that cause drowsiness"],
        ),
        (
            "Testamol may interact with other drugs, especially those metabolized by "
            "the liver enzyme CYP2D6.",
            ["those metabolized by the liver enzyme cyp2d6"],
        ),
        # (a drug's name ends the uses: an unknown word would read as one more use)
        (
            "May interact with drugs used to treat gout, and warfarin.",
            ["drugs used to treat gout", "warfarin"],
        ),
        # what merely affects something, or an enzyme not named, stays vague
        ("May interact with medications that affect the kidneys.", []),
        ("May interact with drugs metabolized by the same enzymes.", []),
    ],
)
def test_a_class_named_by_effect_or_clearance(body: str, agents: list[str]) -> None:
    got = ix(body, heading="Drug Interactions")
    assert [(a, t) for a, t, _ in got] == [
        (a, "drug_class") if a not in ("zelfarin", "warfarin") else (a, "drug") for a in agents
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a description's verb says which drugs, not what the combination does
        (
            "* **Drug Interactions:** Testamol may interact with zelfarin and drugs that "
            "prolong the QT interval.\n",
            [("zelfarin", "unspecified"), ("drugs that prolong the qt interval", "unspecified")],
        ),
        (
            "* **Drug Interactions:** Use with zelfarin or other drugs that prolong the QT "
            "interval should be avoided.\n",
            [("zelfarin", "avoid"), ("drugs that prolong the qt interval", "avoid")],
        ),
        (
            "* **Drug Interactions:** Use with pexaban or medicines that affect clotting "
            "increases the risk of bleeding.\n",
            [("pexaban", "caution")],
        ),
        # limiting is a caution, avoiding an avoid
        (
            "* **Tyramine:** Patients should limit tyramine-rich foods during treatment.\n",
            [("tyramine-rich foods", "caution")],
        ),
        ("* **Other Precautions:** Avoiding alcohol is advised.\n", [("alcohol", "avoid")]),
    ],
)
def test_severity_words_and_descriptions(body: str, expected: list[tuple[str, str]]) -> None:
    assert [(a, sev) for a, _, sev in ix(body)] == expected


def test_insulin_is_one_drug() -> None:
    assert agent_type("insulin") is AgentType.drug


@pytest.mark.parametrize(
    ("body", "agents"),
    [
        ("* **Hearing:** Risk is higher in those receiving high doses or prolonged therapy.\n", []),
        (
            "* **Drug Interactions:** It may raise the absorption of zelfarin at high doses.\n",
            ["zelfarin"],
        ),
        (
            "* **Contraindications:** Concomitant use with large doses of CNS depressants.\n",
            ["cns depressants"],
        ),
    ],
)
def test_doses_are_no_agents(body: str, agents: list[str]) -> None:
    assert [a for a, _, _ in ix(body)] == agents


def test_the_drug_by_its_abbreviation_is_no_agent() -> None:
    """ "Zelfarin (ZLF) ...": ZLF is the drug itself, not what it interacts with."""
    got = extract_text(
        "# Zelfarin\n\nZelfarin (ZLF) is an anticoagulant.\n\n## Precautions\n"
        "* **Drug Interactions:** ZLF may interact with aspirin and other NSAIDs.\n"
    ).interactions
    assert [row["agent"] for row in got] == ["aspirin", "nsaids"]


@pytest.mark.parametrize(
    "body",
    [
        "* **Interactions:** Testamol is well tolerated and doesn't interact significantly with "
        "other medicines when used as directed.",
        "* **Interactions:** Testamol don't interact with common drugs.",
        "* **Interactions:** Testamol isn't known to interact with other drugs.",
        "* **Interactions:** Testamol is not known to interact with other products.",
        "* **Interactions:** Testamol won't interact with most medicines.",
    ],
)
def test_a_contracted_denial_names_no_agent(body: str) -> None:
    assert ix(body) == []


def test_a_plain_interactions_label_inside_an_item() -> None:
    """ "Interactions with other drugs:  A ... B should be avoided": the label names no agent,
    the text after it is read as an interactions unit (its subjects are agents)."""
    got = ix(
        "* Interactions with other drugs:  Thiazide diuretics (such as zelfarin) may increase "
        "the risk of hypokalemia when used with testamol. Tromboxil (oral) should be avoided "
        "because of added toxicity.\n"
    )
    assert [(a, s) for a, _, s in got] == [
        ("thiazide diuretics", "caution"),
        ("tromboxil", "avoid"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Specific interactions involve zelfarin, tromboxil, and loop diuretics.",
        "Notable interactions involving zelfarin, tromboxil, and loop diuretics are reported.",
    ],
)
def test_interactions_involve_lists_agents(sentence: str) -> None:
    got = ix(f"* **Drug Interactions:** Testamol may interact with other drugs. {sentence}\n")
    assert [a for a, _, _ in got] == ["zelfarin", "tromboxil", "loop diuretics"]


def test_the_drugs_own_components_are_no_agents() -> None:
    """ "A and B (components of Testamol) may decrease the effect of C": the agent is C."""
    got = ix(
        "* **Interactions:** Glycolic acid and urea (components of testamol) might decrease the "
        "effectiveness of zelfarin.\n"
    )
    assert [a for a, _, _ in got] == ["zelfarin"]


def test_the_drug_combined_with_another_is_no_agent() -> None:
    """ "Testamol/tromboxil may interact with ...": the drug's own product by its full name."""
    got = ix("* **Drug interactions:** Testamol/tromboxil may interact with zelfarin.\n")
    assert [a for a, _, _ in got] == ["zelfarin"]


def test_the_drugs_own_ingredients_are_no_agent() -> None:
    assert (
        ix("* **Interactions:** Some ingredients might interact with certain medications.\n") == []
    )


def test_co_therapy_is_no_interaction() -> None:
    """ "because it is used in combination with A": the regimen it belongs to, no agent."""
    got = ix(
        "* **Pregnancy:** Testamol is not recommended during pregnancy because it is used in "
        "combination with zelfarin or tromboxil, which are contraindicated in pregnancy.\n"
    )
    assert got == []
    # ... and so does "should only be used in combination with A"
    got = ix(
        "* **Warnings:** Testamol should only be used in combination with a zelfarin inhibitor"
        " and not as monotherapy.\n"
    )
    assert got == []
    # a restriction on the combination still names its agents, and so does a permission
    # with a cue
    got = ix("* Testamol should not be used in combination with zelfarin.\n")
    assert [a for a, _, _ in got] == ["zelfarin"]
    got = ix(
        "* **Interactions:** Testamol can be used together with zelfarin, but blood pressure"
        " should be monitored.\n"
    )
    assert [(a, sev) for a, _, sev in got] == [("zelfarin", "monitor")]


@pytest.mark.parametrize(
    "body",
    [
        "* **Interactions:** When applied to the skin, interactions with other medicines are less "
        "likely than with oral decongestants.",
        "* **Interactions:** Testamol, like other vasodilators, might interact with drugs affecting "
        "the heart.",
        "* **Interactions:** As with other sedatives, Testamol may interact with some medicines.",
    ],
)
def test_a_comparison_names_no_agent(body: str) -> None:
    assert ix(body) == []


def test_an_abbreviation_given_in_parentheses_is_the_same_agent() -> None:
    """ "monoamine oxidase inhibitors (MAOIs)", later "MAOIs": one agent, its first name."""
    got = ix(
        "* Avoid monoamine oxidase inhibitors (MAOIs) and the 14 days after them.\n"
        "* Caution with certain medications, including MAOIs and zelfarin.\n",
        heading="Drug Interactions",
    )
    assert [a for a, _, _ in got] == ["monoamine oxidase inhibitors", "zelfarin"]


@pytest.mark.parametrize(
    "body",
    [
        # the drug's possessive, its plural, a property of it as the subject
        "* **Interactions:** Testamol's oral use might interact with zelfarin.",
        "* **Interactions:** Testamols may interact with zelfarin.",
        "* **Drug Interactions:** The plasma concentration of testamol may increase when taken "
        "with zelfarin.",
    ],
)
def test_the_drug_by_another_form_of_its_name_is_no_agent(body: str) -> None:
    assert [a for a, _, _ in ix(body)] == ["zelfarin"]


def test_a_property_of_another_drug_names_that_drug() -> None:
    got = ix("* **Drug Interactions:** Blood levels of zelfarin may increase with testamol.")
    assert [a for a, _, _ in got] == ["zelfarin"]


@pytest.mark.parametrize(
    ("body", "agents"),
    [
        (
            "* **Drug Interactions:** Provide your doctor with a complete list of all medicines "
            "you take.",
            [],
        ),
        (
            "* **Interactions:** Caution is advised, particularly in people taking multiple "
            "medications.",
            [],
        ),
        (
            "* **Other medications:** Interactions are possible. Especially note any other "
            "NSAIDs or zelfarin.",
            ["nsaids", "zelfarin"],
        ),
    ],
)
def test_advice_words_are_no_part_of_an_agent(body: str, agents: list[str]) -> None:
    assert [a for a, _, _ in ix(body)] == agents


@pytest.mark.parametrize(
    ("body", "agents"),
    [
        # an example after "like" inside an element is no part of the class (but an example)
        (
            "Testamol may interact with other vasodilators like zelfarin, and NSAIDs.",
            ["vasodilators", "zelfarin", "nsaids"],
        ),
        # "being taken to ..." says whose, not what
        (
            "Testamol interacts with zelfarin. Check with a pharmacist about vitamins or herbal "
            "remedies being taken to avoid problems.",
            ["zelfarin"],
        ),
        # a lone participle or adjective after list wording is no agent
        ("Interactions include reduced effects of zelfarin.", ["zelfarin"]),
        ("This is especially critical for patients taking zelfarin.", ["zelfarin"]),
        # the drug by its route ("oral testamol") is the drug
        (
            "Concomitant use of oral testamol and activated charcoal may reduce absorption.",
            ["activated charcoal"],
        ),
    ],
)
def test_phrases_that_are_no_agents(body: str, agents: list[str]) -> None:
    assert [a for a, _, _ in ix(f"* **Drug Interactions:** {body}")] == agents


@pytest.mark.parametrize(
    "sentence",
    [
        "Testamol may interact with components of this combination.",
        "Use with zelfarin needs careful consideration.",
        "Interactions include, but aren't limited to, zelfarin.",
        "Testamol may interact with zelfarin, decreasing the bioavailability of tromboxil.",
        "Avoid zelfarin due to the lack of regulatory approval.",
        "Testamol may reduce the effectiveness of the medication zelfarin.",
        "An interaction between zelfarin and testamol has been reported.",
    ],
)
def test_words_that_are_never_part_of_an_agent(sentence: str) -> None:
    got = [a for a, _, _ in ix(f"* **Drug Interactions:** {sentence}")]
    assert all(len(a.split()) == 1 for a in got), got


def test_what_follows_a_changes_in_lead_or_precedes_needs_is_the_agent() -> None:
    got = ix(
        "* **Drug Interactions:** Major changes in zelfarin intake can affect its effect. The "
        "co-administration of strong or moderate CYP2C9 inducers needs careful consideration."
    )
    assert [a for a, _, _ in got] == [
        "zelfarin",
        "strong cyp2c9 inducers",
        "moderate cyp2c9 inducers",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # a verb and its article, a pronoun last
        "Zelfarin may interact, reducing the effect.",
        "Use with zelfarin, contraindicating its use.",
        # effects and diseases named after list wording
        "Combining it with zelfarin may cause stomach irritation or ischemic colitis.",
        "Testamol may interact with zelfarin, particularly toxic psychosis.",
        # advice words
        "Zelfarin should be avoided altogether.",
        "Interactions with zelfarin, albeit rare, are possible.",
        "Avoid zelfarin, meaning it should not be combined.",
    ],
)
def test_verbs_effects_and_advice_are_no_agents(sentence: str) -> None:
    got = [a for a, _, _ in ix(f"* **Drug Interactions:** {sentence}")]
    assert got == ["zelfarin"]


def test_the_drug_in_another_spelling_is_no_agent() -> None:
    got = extract_text(
        "# Amoxycillin + Zelfarin\n\n## Precautions\n"
        "* **Drug Interactions:** Amoxicillin can interact with probenecid and the vaccine "
        "may interact with existing treatments or other transporters.\n"
    ).interactions
    assert [row["agent"] for row in got] == ["probenecid"]


@pytest.mark.parametrize(
    ("sentence", "agents"),
    [
        (
            "Testamol may interact with alpha- and beta-agonists.",
            ["alpha-agonists", "beta-agonists"],
        ),
        ("This is especially true with zelfarin, and more.", ["zelfarin"]),
        ("Testamol can interact with drugs, most notably zelfarin.", ["zelfarin"]),
        ("Opioids may add to sedation, with a risk of coma and death.", ["opioids"]),
    ],
)
def test_hanging_hyphens_and_lone_words(sentence: str, agents: list[str]) -> None:
    assert [a for a, _, _ in ix(f"* **Drug Interactions:** {sentence}")] == agents


def test_reference_style_severity_headings_grade_the_drugs_below() -> None:
    """ "### Serious - Use Alternative" (a reference site's grade) over a list of drugs:
    each drug is an agent the grade marks avoid; the heading names none."""
    text = (
        "# Testamol\n\n## Interactions\n\n### Serious - Use Alternative\n- tramadol\n- fentanyl\n\n"
        "### Minor\n- caffeine\n"
    )
    assert plain(extract_text(text).interactions, "agent", "severity") == [
        ("tramadol", "avoid"),
        ("fentanyl", "avoid"),
        ("caffeine", "unspecified"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a consequence in the passive names its agents after "by"
        (
            "Its serum concentration can be increased by salicylates, zelfarin, and probenecid.",
            [
                ("salicylates", "drug_class", "caution"),
                ("zelfarin", "drug", "caution"),
                ("probenecid", "drug", "caution"),
            ],
        ),
        (
            "Testamol's effects can be enhanced by beta-blockers. Concurrent use requires"
            " careful monitoring.",
            [("beta-blockers", "drug_class", "monitor")],
        ),
        # ... but "drugs affected by X" describes drugs: X is no agent
        (
            "Testamol can interact with other drugs, particularly those affected by changes"
            " in stomach acid.",
            [],
        ),
    ],
)
def test_a_passive_consequence_names_its_agents_after_by(
    sentence: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ix(f"* **Drug Interactions:** {sentence}") == expected


def test_a_bare_mechanism_head_takes_the_enzyme_past_examples() -> None:
    got = ix(
        "* **Drug Interactions:** Testamol may interact with strong CYP3A4 inhibitors"
        " (e.g., itraconazole) and inducers (e.g., rifampin)."
    )
    assert [a for a, _, _ in got] == ["strong cyp3a4 inhibitors", "strong cyp3a4 inducers"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The effects of Testamol may be counteracted by certain medications, such as clonidine.",
        "The hypotensive effects of Testamol may be enhanced by other medications, such as"
        " clonidine.",
        "The growth-promoting effects of Testamol can be inhibited by clonidine.",
    ],
)
def test_an_effect_counteracted_or_enhanced_is_a_stated_consequence(sentence: str) -> None:
    assert ix(f"* **Interactions:** {sentence}") == [("clonidine", "drug", "caution")]


def test_examples_of_an_effect_are_no_agents_and_some_combinations_refer_back() -> None:
    got = ix(
        "* **Drug Interactions:** Testamol interacts with MAOIs and SSRIs. Tell your doctor"
        " about all medicines. Some combinations can increase the risk of serious side"
        " effects, such as cardiac arrhythmias or serotonin syndrome."
    )
    assert got == [("maois", "drug_class", "caution"), ("ssris", "drug_class", "caution")]


def test_effects_affected_or_altered_by_an_agent_are_a_stated_consequence() -> None:
    got = ix(
        "* **Drug Interactions:** Testamol's effects can be altered by several other"
        " medications, including beta-blockers and MAO inhibitors."
    )
    assert got == [
        ("beta-blockers", "drug_class", "caution"),
        ("mao inhibitors", "drug_class", "caution"),
    ]


def test_a_contracted_should_not_is_avoid() -> None:
    got = ix("* **Contraindications:** Testamol shouldn't be used with some antifungals.")
    assert got == [("antifungals", "drug_class", "avoid")]


def test_a_therapy_or_substrates_by_kind_are_classes() -> None:
    got = ix(
        "* **Interactions:** Testamol may interact with anticoagulant therapy and substrates"
        " of P-glycoprotein."
    )
    assert [(a, t) for a, t, _ in got] == [
        ("anticoagulant therapy", "drug_class"),
        ("substrates of p-glycoprotein", "drug_class"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Testamol's sedative effects can be intensified by opioids.",
        "The effects of opioids may be amplified when used with Testamol.",
        "Particular attention should be paid to interactions with opioids.",
        # a lost effect
        "Testamol may lose its effectiveness in patients taking opioids.",
    ],
)
def test_an_effect_intensified_or_attention_paid_is_caution(sentence: str) -> None:
    assert ix(f"* **Drug Interactions:** {sentence}") == [("opioids", "drug_class", "caution")]


def test_to_avoid_an_effect_is_a_purpose_not_an_avoid_cue() -> None:
    got = ix(
        "* **Interactions:** Testamol enhances the effect of heparin. Concurrent use requires"
        " close monitoring of clotting times to avoid excessive bleeding.\n"
        "* **Other Medications:** Tell your doctor about all your medicines to avoid harmful"
        " interactions. This includes NSAIDs.\n"
        "* **Alcohol:** It is advisable to avoid alcohol during treatment."
    )
    assert got == [
        ("heparin", "drug", "monitor"),
        ("nsaids", "drug_class", "unspecified"),
        ("alcohol", "alcohol", "avoid"),
    ]


def test_used_concurrently_refers_back_unless_it_has_its_own_subject() -> None:
    got = ix(
        "* **Drug Interactions:** Testamol may reduce the effect of antidiabetic medications."
        " Blood glucose should be monitored closely if used concurrently.\n"
        "* **Warnings:** Use caution in those receiving other immunosuppressants. Vaccines"
        " should not be given concurrently."
    )
    assert got == [
        ("antidiabetic medications", "drug_class", "monitor"),
        ("immunosuppressants", "drug_class", "caution"),
    ]


def test_co_use_list_continues_over_drug_names_only() -> None:
    got = ix(
        "* **Contraindications:** Testamol is contraindicated in patients with hypersensitivity"
        " to it, those using meperidine (a painkiller), tramadol, methadone, other MAO"
        " inhibitors, and dextromethorphan.\n"
        "* **Warnings:** Contraindicated in glaucoma, those taking lithium, severe liver"
        " disease, and asthma."
    )
    assert [a for a, _, _ in got] == [
        "meperidine",
        "tramadol",
        "methadone",
        "mao inhibitors",
        "dextromethorphan",
        "lithium",
    ]


def test_an_items_own_contraindications_label_grades_its_agents() -> None:
    got = ix("* **Contraindications:** Concomitant use with isoflurane and quinidine.")
    assert got == [("isoflurane", "drug", "avoid"), ("quinidine", "drug", "avoid")]


def test_symptoms_and_people_are_no_agents() -> None:
    got = ix(
        "* **Drug Interactions:** Avoid use with metoclopramide due to increased adverse"
        " effects, particularly extrapyramidal symptoms. Interactions with other medications,"
        " risks for nursing mothers and electrolyte imbalances were considered."
    )
    assert [a for a, _, _ in got] == ["metoclopramide"]


def test_use_before_or_after_the_drug_names_agents() -> None:
    got = ix(
        "* **Contraindications:** Contraindicated with concurrent or recent use of"
        " linezolid; glaucoma.\n"
        "* **Warnings:** It should not be used within 14 days of stopping a monoamine oxidase"
        " inhibitor (MAOI). There are risks from concomitant use with benzodiazepines."
    )
    assert got == [
        ("linezolid", "drug", "avoid"),
        ("monoamine oxidase inhibitor", "drug_class", "avoid"),
        ("benzodiazepines", "drug_class", "caution"),
    ]


def test_a_list_opener_with_its_hedge_takes_the_cues_before() -> None:
    got = ix(
        "* **Drug Interactions:** Many medications can interact with Testamol, increasing the"
        " risk of side effects. These include, but are not limited to: ACE inhibitors and"
        " NSAIDs."
    )
    assert got == [("ace inhibitors", "drug_class", "caution"), ("nsaids", "drug_class", "caution")]


def test_one_member_and_use_of_an_abbreviated_class_are_the_class() -> None:
    got = ix(
        "* **Drug Interactions:** Avoid monoamine oxidase inhibitors (MAOIs) and SSRIs. Do not"
        " use within 14 days of stopping MAOI treatment or an MAOI."
    )
    assert got == [
        ("monoamine oxidase inhibitors", "drug_class", "avoid"),
        ("ssris", "drug_class", "avoid"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Testamol can cause additive sedation when combined with opioids.",
        "Concomitant use of Testamol with opioids may lead to respiratory depression.",
    ],
)
def test_may_cause_or_lead_to_is_a_stated_consequence(sentence: str) -> None:
    assert ix(f"* **Drug Interactions:** {sentence}") == [("opioids", "drug_class", "caution")]


def test_similar_interactions_are_graded_as_the_sentence_before() -> None:
    got = ix(
        "* **Drug Interactions:** Strong CYP3A4 inhibitors can increase Testamol levels."
        " Similar interactions are possible with P-gp inhibitors."
    )
    assert got == [
        ("strong cyp3a4 inhibitors", "drug_class", "caution"),
        ("p-gp inhibitors", "drug_class", "caution"),
    ]


def test_a_class_for_each_condition_it_is_used_for() -> None:
    got = ix(
        "* **Interactions:** Testamol may increase the effects of medications for diabetes,"
        " heart conditions, or seizures. It may decrease the effects of drugs used to treat"
        " gout or migraine. Use caution in those using antiplatelet or anticoagulant"
        " therapies, or antiplatelet medications."
    )
    assert [a for a, _, _ in got] == [
        "medications for diabetes",
        "medications for heart conditions",
        "medications for seizures",
        "drugs used to treat gout",
        "drugs used to treat migraine",
        "antiplatelet therapies",
        "anticoagulant therapies",
    ]


def test_what_the_drug_does_to_another_names_it_outside_an_interaction_label() -> None:
    got = ix(
        "* **Pregnancy:** Testamol is not studied in pregnancy. It might reduce the"
        " effectiveness of hormonal contraceptives.\n"
        "* Testamol may increase the anticoagulant effects of warfarin."
    )
    assert got == [
        ("hormonal contraceptives", "drug_class", "caution"),
        ("warfarin", "drug", "caution"),
    ]


def test_an_agents_own_note_grades_it_alone() -> None:
    got = ix(
        "* **Drug Interactions:** Testamol may interact with probenecid (increasing Testamol"
        " levels), warfarin (increasing bleeding risk), and thiazide diuretics."
    )
    assert got == [
        ("probenecid", "drug", "caution"),
        ("warfarin", "drug", "caution"),
        ("thiazide diuretics", "drug_class", "unspecified"),
    ]


def test_one_member_of_a_listed_class_is_that_class() -> None:
    got = ix(
        "* **Drug Interactions:** Interactions include beta-blockers and MAO inhibitors. Do"
        " not take it within 14 days of stopping an MAO inhibitor."
    )
    assert got == [
        ("beta-blockers", "drug_class", "unspecified"),
        ("mao inhibitors", "drug_class", "avoid"),
    ]


def test_a_label_saying_to_avoid_or_limit_a_kind_names_it() -> None:
    got = ix(
        "* **Avoid Alcohol:** Combining it with Testamol can increase drowsiness.\n"
        "* **Avoid Driving:** Testamol causes drowsiness.\n"
        "* **Older Adults:** Dose changes may be needed. Grapefruit juice should be minimized"
        " during treatment."
    )
    assert got == [("alcohol", "alcohol", "avoid"), ("grapefruit juice", "food", "caution")]


def test_a_slash_title_names_the_drug_by_each_part() -> None:
    # "Zorbamide" is the drug of "Zorbamide/ Zorbamine": no row, and its sentence names
    # no agent, so the list after it takes its stated consequence
    got = ix(
        "* **Interactions:** Zorbamide can interact with several medications, possibly "
        "raising its effects. Notable interactions include those with zelfarin.\n",
        title="Zorbamide/ Zorbamine (Topical)",
    )
    assert got == [("zelfarin", "drug", "caution")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a call for precautions with the agent is caution
        (
            "* **Other Medications:** Specific precautions apply to those taking zelfarin.\n",
            [("zelfarin", "caution")],
        ),
        # a list's lead-in calling for precautions in general grades no agent of the list
        (
            "Several precautions are necessary when taking Testamol:\n\n"
            "* **Drug Interactions:** Testamol may interact with zelfarin.\n",
            [("zelfarin", "unspecified")],
        ),
    ],
)
def test_precautions_with_an_agent(body: str, expected: list[tuple[str, str]]) -> None:
    assert [(a, sev) for a, _, sev in ix(body)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the drug's own kind, said to interact with unspecific drugs: no agent
        (
            "* **Drug Interactions:** Many antifungal lotions can interact with other drugs. "
            "Zorbic acid may interact dangerously with other substances. "
            "Quorbate can interfere with certain medications, including zelfarin.\n",
            ["zelfarin"],
        ),
        # unspecific drugs said to interact with a name: that name is the drug itself
        (
            "* **Interactions:** Many medications can interact with plain testamol, either "
            "raising or lowering its effect. Some drugs may interact with zelfarin.\n",
            [],
        ),
        # a substance of a kind the lexicon knows stays an agent, and so do named sides
        (
            "* **Interactions:** Alcohol can interact with many medications. "
            "Zelfarin can interact with testamol.\n",
            ["alcohol", "zelfarin"],
        ),
    ],
)
def test_an_interaction_with_unspecific_drugs_names_the_drug_itself(
    body: str, expected: list[str]
) -> None:
    assert [a for a, _, _ in ix(body)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "* **Interactions:** The use of zelfarin concurrently can raise its levels.\n",
            [("zelfarin", "caution")],
        ),
        (
            "* **Contraindications:** Testamol is contraindicated in those with gout and "
            "those receiving the quorbate vaccine concomitantly.\n",
            [("quorbate vaccine", "avoid")],
        ),
        (
            "* **Other Precautions:** Avoid using other nasal medications at the same time.\n",
            [("nasal medications", "avoid")],
        ),
        # ... and so do "on the (treated area)" and "depending on ..."
        (
            "* **Interactions:** Avoid zelfarin on the same day, and CYP3A4 inhibitors and "
            "inducers depending on the dose.\n",
            [("zelfarin", "avoid"), ("cyp3a4 inhibitors", "avoid"), ("cyp3a4 inducers", "avoid")],
        ),
    ],
)
def test_an_adverb_of_use_together_ends_the_agent(
    body: str, expected: list[tuple[str, str]]
) -> None:
    # "concurrently", "at the same time" say when, not what: the agent ends before them
    assert [(a, sev) for a, _, sev in ix(body)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "* **Bleeding Risk:** The risk is higher with concomitant administration of "
            "zelfarin.\n",
            [("zelfarin", "caution")],
        ),
        (
            "* **Other Precautions:** Simultaneous use with quorbate may raise its levels.\n",
            [("quorbate", "caution")],
        ),
        (
            "* **Warnings:** The combined use of testamol and zelfarin should be avoided.\n",
            [("zelfarin", "avoid")],
        ),
        # a use together that is recommended, needed or safe is the regimen, no interaction
        (
            "* **Vaccines:** Simultaneous administration of other routine vaccines is "
            "generally recommended. Concurrent administration of zelfarin is essential.\n",
            [],
        ),
    ],
)
def test_nouns_of_use_together_name_their_agents(
    body: str, expected: list[tuple[str, str]]
) -> None:
    # "concomitant administration of", "simultaneous use with", "combined use of" say
    # what "concomitant use of" says
    assert [(a, sev) for a, _, sev in ix(body)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "* **Bleeding:** The risk rises with concomitant use of zelfarin. Close "
            "monitoring is essential.\n",
            [("zelfarin", "monitor")],
        ),
        (
            "* **Interactions:** Quorbate may interact with testamol. Caution is advised.\n",
            [("quorbate", "caution")],
        ),
        # a cue about people is no cue for the agent before it
        (
            "* **Interactions:** Testamol may interact with zelfarin. Close monitoring is "
            "essential in the elderly.\n",
            [("zelfarin", "unspecified")],
        ),
    ],
)
def test_a_bare_cue_sentence_grades_the_agents_before_it(
    body: str, expected: list[tuple[str, str]]
) -> None:
    # "Close monitoring is essential." names nothing: it speaks of what was just said
    assert [(a, sev) for a, _, sev in ix(body)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "those" stands for the medications the sentence names: each use is a class
        (
            "* **Drug Interactions:** Testamol can interact with many medications, including "
            "those for gout, heart conditions, and others.\n",
            ["medications for gout", "medications for heart conditions"],
        ),
        (
            "* **Drug Interactions:** Testamol may interact with several medications, "
            "including those used to treat epilepsy, gout, and certain antibiotics.\n",
            [
                "medications used to treat epilepsy",
                "medications used to treat gout",
                "antibiotics",
            ],
        ),
        # the list of uses ends at unspecific words ("other conditions")
        (
            "* **Drug Interactions:** Testamol interacts with drugs for asthma, other "
            "conditions, and zelfarin.\n",
            ["drugs for asthma", "zelfarin"],
        ),
    ],
)
def test_those_named_by_their_use_are_classes_of_medications(
    body: str, expected: list[str]
) -> None:
    assert [a for a, _, _ in ix(body)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a quantifier says how many, not what: "several statins" is the class statins
        (
            "* **Drug Interactions:** Testamol interacts with several statins, various "
            "immunosuppressants, and many prescription drugs.\n",
            ["statins", "immunosuppressants"],
        ),
        (
            "* **Drug Interactions:** Testamol is not known to interact with most medications, "
            "but it interacts with numerous others and several other drug classes.\n",
            [],
        ),
    ],
)
def test_a_leading_quantifier_is_not_part_of_the_agent(body: str, expected: list[str]) -> None:
    assert [a for a, _, _ in ix(body)] == expected


def test_a_time_of_use_ends_the_agent() -> None:
    # "immediately before or after applying it" says when, not what
    got = ix(
        "* **Dairy Products:** Avoid consuming dairy products immediately before or after "
        "applying testamol, as they may interfere with its absorption.\n"
    )
    assert got == [("dairy", "food", "avoid")]


def test_an_aside_for_example_opens_no_list() -> None:
    # "Certain antibiotics, for example, can ...": the aside names no agents, the subject does
    got = ix(
        "* **Interactions:** Testamol may interact with other medications. Certain "
        "antibiotics, for example, can reduce the absorption of testamol.\n"
    )
    assert got == [("antibiotics", "drug_class", "caution")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "* **Drug Interactions:** Strong CYP3A4 inducers can reduce testamol levels, while "
            "inhibitors can increase them.\n",
            ["strong cyp3a4 inducers", "cyp3a4 inhibitors"],
        ),
        (
            "* **Drug Interactions:** Use with strong CYP2C8 inhibitors and inducers requires "
            "careful management.\n",
            ["strong cyp2c8 inhibitors", "cyp2c8 inducers"],
        ),
    ],
)
def test_a_bare_mechanism_head_takes_the_enzyme_named_before(
    body: str, expected: list[str]
) -> None:
    # "inhibitors" alone, after "CYP3A4 inducers", are CYP3A4 inhibitors (how strong is
    # said of the class before, not of them)
    assert [a for a, _, _ in ix(body)] == expected
