"""Contraindications: one fixture per sentence pattern and list shape."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from support import extract_text, plain

from pipeline.extract.conditions import population
from pipeline.models import Population


def ci(body: str, title: str = "Testamol") -> list[tuple[object, ...]]:
    text = f"# {title}\n\n### Side Effects\n* Nausea\n\n### Precautions\n{body}\n"
    return plain(extract_text(text).contraindications, "condition", "population", "strength")


def test_contraindications_label_with_list_is_absolute() -> None:
    got = ci(
        "**Contraindications:** Testamol is contraindicated in patients with:\n\n"
        "* Known hypersensitivity to testamol or any of its components.\n"
        "* Severe hepatic impairment.\n* Pregnancy (Category X).\n"
    )
    assert got == [
        ("hypersensitivity to testamol or any of its components", "hypersensitivity", "absolute"),
        ("severe hepatic impairment", "condition", "absolute"),
        ("pregnancy", "pregnancy", "absolute"),
    ]


def test_sentence_list_split_into_conditions() -> None:
    got = ci(
        "* **Contraindications:** It is contraindicated in pregnant women, women who may become "
        "pregnant, and breastfeeding women.\n"
    )
    assert got == [
        ("pregnant women", "pregnancy", "absolute"),
        ("women who may become pregnant", "pregnancy", "absolute"),
        ("breastfeeding women", "breastfeeding", "absolute"),
    ]


def test_two_populations_joined_by_and_are_two_rows() -> None:
    got = ci("* **Specific Populations:** Not recommended for pregnant and breastfeeding women.\n")
    assert got == [
        ("pregnancy", "pregnancy", "relative"),
        ("breastfeeding", "breastfeeding", "relative"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Use with caution in patients with asthma, heart disease, or glaucoma.",
            [
                ("asthma", "condition", "relative"),
                ("heart disease", "condition", "relative"),
                ("glaucoma", "condition", "relative"),
            ],
        ),
        (
            "Should not be used by individuals with severe liver or kidney disease.",
            [
                ("severe liver disease", "condition", "absolute"),
                ("severe kidney disease", "condition", "absolute"),
            ],
        ),
        (
            "Do not use if you have a history of angioedema.",
            [("history of angioedema", "condition", "absolute")],
        ),
        (
            "Avoid use in children under 12 years of age.",
            [("children under 12 years of age", "pediatric", "absolute")],
        ),
        ("Not recommended for the elderly.", [("elderly", "elderly", "relative")]),
        (
            "Patients with kidney disease should exercise caution.",
            [("kidney disease", "condition", "relative")],
        ),
        (
            "Elderly patients and those with heart failure require close monitoring.",
            [
                ("elderly patients", "elderly", "relative"),
                ("heart failure", "condition", "relative"),
            ],
        ),
        (
            "Consult your doctor before use if you have diabetes.",
            [("diabetes", "condition", "relative")],
        ),
        (
            "It should generally be avoided during pregnancy.",
            [("pregnancy", "pregnancy", "absolute")],
        ),
    ],
)
def test_sentence_patterns(sentence: str, expected: list[tuple[str, str, str]]) -> None:
    assert ci(sentence) == expected


def test_never_split_inside_parentheses() -> None:
    got = ci("* **Contraindications:** Obstructive disease (e.g., stenosis, atony), glaucoma.\n")
    assert got == [
        ("obstructive disease", "condition", "absolute"),
        ("glaucoma", "condition", "absolute"),
    ]


def test_population_label_is_the_condition_when_the_text_names_none() -> None:
    got = ci("* **Pregnancy and Breastfeeding:** Safety has not been established.\n")
    assert got == [
        ("pregnancy", "pregnancy", "relative"),
        ("breastfeeding", "breastfeeding", "relative"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Use during pregnancy and breastfeeding should be carefully evaluated by a doctor.",
        "The decision to use it should be made in consultation with a physician.",
        "Its use should be discussed with your doctor, weighing the benefits and risks.",
        "Its safety is not fully established.",
        "Use is generally discouraged; other treatments are preferred.",
    ],
)
def test_population_label_with_a_decision_left_to_a_doctor(text: str) -> None:
    """A decision to weigh with a doctor, or safety not known, restricts use (relative)."""
    got = ci(f"* **Pregnancy and Breastfeeding:** {text}\n")
    assert got == [
        ("pregnancy", "pregnancy", "relative"),
        ("breastfeeding", "breastfeeding", "relative"),
    ]


@pytest.mark.parametrize(
    "item",
    [
        "* **Children:** The dose depends on the child's weight.",
        "* **Pregnancy and Breastfeeding:** It is considered safe in pregnancy and breastfeeding.",
    ],
)
def test_population_label_with_neutral_text_gives_no_condition(item: str) -> None:
    assert ci(item + "\n") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Dosage adjustments are recommended for patients with kidney disease.",
        "Dose reductions may be required in kidney disease.",
        "Dosing adjustments might be needed in patients with kidney disease.",
    ],
)
def test_dose_adjustment_wordings_are_relative(sentence: str) -> None:
    assert ci(f"* **Kidneys:** {sentence}\n") == [("kidney disease", "condition", "relative")]


def test_a_denied_wording_restricts_nothing() -> None:
    """ "No dose adjustment is needed in X": X is no condition, and neither is the label."""
    assert (
        ci("* **Kidney disease:** No specific dose adjustment is needed in kidney disease.\n") == []
    )
    for who in ("gout", "the elderly"):  # a person word must not make the denied clause a subject
        got = ci(f"* No dose adjustment is needed in {who}, but use caution in frail patients.\n")
        assert got == [("frail patients", "condition", "relative")], who
    assert ci("| Condition | Note |\n|---|---|\n| Gout | No dose adjustment needed |\n") == []
    assert ci("* There is no need to avoid breastfeeding.\n") == []


def test_no_before_a_condition_is_no_denial() -> None:
    got = ci("* Patients with no spleen should not take this medicine.\n")
    assert got == [("no spleen", "condition", "absolute")]


def test_conditions_end_at_a_clause_after_a_comma() -> None:
    got = ci(
        "* Use with caution in patients with asthma, as it may cause wheezing and chest tightness.\n"
    )
    assert got == [("asthma", "condition", "relative")]


def test_an_allergen_list_keeps_a_disease_apart() -> None:
    got = ci(
        "* Do not use in hypersensitivity to testamol, severe liver disease, or any of the"
        " ingredients.\n"
    )
    assert got == [
        ("hypersensitivity to testamol, any of the ingredients", "hypersensitivity", "absolute"),
        ("severe liver disease", "condition", "absolute"),
    ]


def test_these_conditions_then_a_colon_list() -> None:
    got = ci("* Use with caution in patients with these conditions: asthma, gout.\n")
    assert got == [("asthma", "condition", "relative"), ("gout", "condition", "relative")]


def test_these_conditions_point_at_the_label() -> None:
    got = ci("* **Asthma or gout:** Use with caution in patients with these conditions.\n")
    assert got == [("asthma", "condition", "relative"), ("gout", "condition", "relative")]


def test_taking_the_drug_itself_is_no_condition() -> None:
    got = ci(
        "* **Pregnancy:** Consult your doctor before taking this supplement, as data are few.\n"
    )
    assert got == [("pregnancy", "pregnancy", "relative")]


def test_a_population_wording_in_a_relative_clause_prohibits_nothing() -> None:
    assert ci("* Mothers who do not breastfeed may use it.\n") == []


def test_what_follows_a_population_wording_is_read_too() -> None:
    got = ci("* Avoid breastfeeding and do not use in patients with severe gout.\n")
    assert got == [
        ("breastfeeding", "breastfeeding", "absolute"),
        ("severe gout", "condition", "absolute"),
    ]


def test_a_wording_that_names_its_population() -> None:
    """ "Women should avoid pregnancy": pregnancy, not "women"; what precedes still counts."""
    got = ci(
        "* Women should avoid pregnancy while using it.\n"
        "* It is contraindicated in gout; do not breastfeed during treatment.\n"
    )
    assert got == [
        ("pregnancy", "pregnancy", "absolute"),
        ("gout", "condition", "absolute"),
        ("breastfeeding", "breastfeeding", "absolute"),
    ]


def test_an_allergen_list_ends_with_its_components() -> None:
    got = ci(
        "* Contraindicated in hypersensitivity to testamol, related azoles, or any component"
        " of the formulation.\n"
    )
    # an allergy to each allergen: the components too, which the gold leaves optional
    assert got == [
        ("hypersensitivity to testamol", "hypersensitivity", "absolute"),
        ("hypersensitivity to related azoles", "hypersensitivity", "absolute"),
        ("hypersensitivity to any component of the formulation", "hypersensitivity", "absolute"),
    ]
    # one named allergen and its components: one condition
    got = ci("* Contraindicated in hypersensitivity to testamol or any of its components.\n")
    assert [c for c, _, _ in got] == ["hypersensitivity to testamol or any of its components"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Patients with gout are at increased risk of flares.", "gout"),
        ("Caution is advised when administering it to patients with gout.", "gout"),
        ("Caution is advised if using it during breastfeeding.", "breastfeeding"),
    ],
)
def test_the_condition_without_verbs_and_gerunds(sentence: str, expected: str) -> None:
    assert [c for c, _, _ in ci(f"* {sentence}\n")] == [expected]


def test_how_the_dose_is_chosen_is_no_condition() -> None:
    assert ci("* **Dosing:** Dosage adjustments are needed based on age and weight.\n") == []


def test_the_benefit_risk_clause_names_no_condition() -> None:
    """ "Only if the benefits outweigh the risks": the risks are no condition; the label is."""
    got = ci(
        "* **Pregnancy and Breastfeeding:** It should only be used if the benefits outweigh"
        " the potential risks.\n"
    )
    assert got == [
        ("pregnancy", "pregnancy", "relative"),
        ("breastfeeding", "breastfeeding", "relative"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Use with caution and only under close medical supervision.",
        "It should only be used under the guidance of a healthcare professional.",
        "Use with caution; consult your doctor.",
    ],
)
def test_who_supervises_is_no_condition(text: str) -> None:
    """The supervisor or the supervision a restriction names is advice; the label is the
    condition."""
    assert ci(f"* **Kidney Disease:** {text}\n") == [("kidney disease", "condition", "relative")]


def test_sub_headings_of_other_kinds_under_precautions_are_read() -> None:
    """A Contraindications or Pregnancy heading nested in Precautions is a source of its own."""
    got = ci(
        "Use with care.\n\n#### Contraindications\nDo not use in patients with asthma.\n\n"
        "#### Pregnancy\nIt is contraindicated in pregnancy.\n"
    )
    assert got == [("asthma", "condition", "absolute"), ("pregnancy", "pregnancy", "absolute")]


@pytest.mark.parametrize(
    "layout",
    [
        "### Pregnancy and Breastfeeding\n{text}\n",
        "### Precautions\n#### Pregnancy and Breastfeeding\n{text}\n",
        # a combination product: the bold label becomes a pseudo-heading of the component
        "## Alpha\n\n**Precautions:**\n\n* **Pregnancy and Breastfeeding:** {text}\n\n## Beta\n",
    ],
    ids=["heading", "nested-heading", "pseudo-heading"],
)
def test_a_pregnancy_heading_is_the_condition_when_the_text_names_none(layout: str) -> None:
    body = layout.format(text="Should only be used if the benefits outweigh the risks.")
    text = f"# Alpha + Beta\n\n### Side Effects\n* Nausea\n\n{body}"
    got = plain(extract_text(text).contraindications, "condition", "population", "strength")
    assert got == [
        ("pregnancy", "pregnancy", "relative"),
        ("breastfeeding", "breastfeeding", "relative"),
    ]


def test_an_instruction_after_the_conditions_ends_them() -> None:
    got = ci(
        "* **Other Precautions:** Use caution in patients with hepatic impairment, and monitor"
        " for signs of acidosis and kidney stones.\n"
    )
    assert got == [("hepatic impairment", "condition", "relative")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Testamol shouldn't be used in patients with asthma.",
        "Testamol shouldn’t be used in patients with asthma.",  # typographic apostrophe
        "**Contraindications:** Don’t use in patients with asthma.",
        "Dose changes aren't generally recommended, but caution is advised in asthma.",
    ],
)
def test_contracted_and_typographic_wordings(sentence: str) -> None:
    assert [row[0] for row in ci(sentence)] == ["asthma"]


def test_people_in_general_are_no_condition() -> None:
    assert ci("This medication isn't suitable for everyone.") == []
    assert ci("If you have asthma, you should not take Testamol.") == [
        ("asthma", "condition", "absolute")
    ]


def test_semicolons_separate_conditions_unless_a_clause_follows() -> None:
    assert ci("**Contraindications:** asthma; severe liver disease; pregnancy.") == [
        ("asthma", "condition", "absolute"),
        ("severe liver disease", "condition", "absolute"),
        ("pregnancy", "pregnancy", "absolute"),
    ]
    assert ci("It is contraindicated in asthma; it may also worsen gout.") == [
        ("asthma", "condition", "absolute")
    ]
    assert ci("It is contraindicated in asthma; always follow the label.") == [
        ("asthma", "condition", "absolute")
    ]


def test_you_have_bullets_under_a_do_not_use_label() -> None:
    got = ci(
        "**Do not use if:**\n\n* You have asthma\n* You are allergic to penicillin\n"
        "* You’re pregnant\n* If you have severe liver disease\n"
    )
    assert got == [
        ("asthma", "condition", "absolute"),
        ("allergic to penicillin", "hypersensitivity", "absolute"),
        ("pregnant", "pregnancy", "absolute"),
        ("severe liver disease", "condition", "absolute"),
    ]


@pytest.mark.parametrize(
    "sentence", ["Avoid in patients with asthma.", "Avoid if you have asthma."]
)
def test_avoid_wordings(sentence: str) -> None:
    assert ci(sentence) == [("asthma", "condition", "relative")]


def test_examples_after_a_vague_head_are_the_conditions() -> None:
    got = ci(
        "* **Contraindications:** Not suitable for individuals with certain conditions, such as "
        "epilepsy or a history of stroke.\n"
    )
    assert got == [
        ("epilepsy", "condition", "absolute"),
        ("history of stroke", "condition", "absolute"),
    ]


def test_advice_labels_give_no_rows() -> None:
    assert (
        ci("* **Storage:** Keep away from children.\n* **Driving:** May cause drowsiness.\n") == []
    )


def test_components_of_combination_products() -> None:
    text = (
        "# Alphazine + Betacort\n\n### Side Effects\n* Rash\n\n### Precautions\n"
        "**Betacort:** Betacort is contraindicated in patients with glaucoma.\n"
    )
    got = plain(extract_text(text).contraindications, "condition", "component")
    assert got == [("glaucoma", "betacort")]


@pytest.mark.parametrize(
    ("condition", "pop"),
    [
        ("pregnant women", Population.pregnancy),
        ("lactation", Population.breastfeeding),
        ("children under 6", Population.pediatric),
        ("older adults", Population.elderly),
        ("allergy to penicillin", Population.hypersensitivity),
        ("renal impairment", Population.condition),
    ],
)
def test_population(condition: str, pop: Population) -> None:
    assert population(condition) is pop


def test_odd_subjects_never_raise() -> None:
    result = extract_text(
        "# T\n\n### Side Effects\n* Rash\n\n### Precautions\n(Elderly) should avoid this.\n"
        "\\# should avoid it.\n"
    )
    assert [i["code"] for i in result.issues] == []
    assert plain(result.side_effects, "term") == [("rash",)]


def test_table_with_a_condition_column() -> None:
    """The condition column gives the condition; the notes only say how strictly."""
    text = (
        "# Testamol\n\n## Side Effects\n* Nausea\n\n## Contraindications\n"
        "| Condition | Notes |\n|---|---|\n| Severe liver disease | Avoid |\n"
        "| Glaucoma | Use with caution |\n| Asthma | May worsen breathing |\n\n"
        "## Precautions\n| Patient group | Advice |\n|---|---|\n"
        "| Elderly patients | Start with a lower dose |\n| Driving | May cause drowsiness |\n"
    )
    assert plain(extract_text(text).contraindications, "condition", "strength") == [
        ("severe liver disease", "absolute"),
        ("glaucoma", "relative"),
        ("asthma", "absolute"),
        ("elderly patients", "relative"),
    ]


def test_relative_contraindications_label() -> None:
    text = (
        "# Testamol\n\n## Side Effects\n* Nausea\n\n## Contraindications\n"
        "**Absolute:**\n* Pregnancy\n\n**Relative contraindications:**\n* Gout\n* Mild asthma\n"
    )
    assert plain(extract_text(text).contraindications, "condition", "strength") == [
        ("pregnancy", "absolute"),
        ("gout", "relative"),
        ("mild asthma", "relative"),
    ]


def test_conditions_one_per_line_under_an_intro() -> None:
    text = (
        "# Testamol\n\n## Side Effects\n* Nausea\n\n## Contraindications\n"
        "Do not use if you have:\nAsthma\nNarrow-angle glaucoma\n"
    )
    assert plain(extract_text(text).contraindications, "condition", "strength", "line") == [
        ("asthma", "absolute", 8),
        ("narrow-angle glaucoma", "absolute", 9),
    ]


def test_a_verb_after_the_wording_is_no_condition() -> None:
    """ "..., but use with caution is advised": no object; the label is the condition."""
    got = ci(
        "* **Kidney disease:** No dose adjustments are recommended in kidney disease, but use"
        " with caution is advised.\n"
    )
    assert got == [("kidney disease", "condition", "relative")]


def test_items_under_an_intro_whose_wording_awaits_its_conditions() -> None:
    got = ci(
        "Testamol should be used with caution in patients with the following conditions:\n\n"
        "* Asthma\n* Gout - it may flare\n\n"
        "Testamol is contraindicated (must not be used) in:\n\n* Porphyria\n\n"
        "Tell your doctor if you have:\n\n* a history of seizures\n\n"
        "Avoid use on:\n\n* Broken skin\n\n"
        "**Do not use if you:** are pregnant\n"
    )
    assert got == [
        ("asthma", "condition", "relative"),
        ("gout", "condition", "relative"),
        ("porphyria", "condition", "absolute"),
        ("history of seizures", "condition", "relative"),
        ("pregnant", "pregnancy", "absolute"),
    ]


def test_intros_with_a_gerund_or_a_list_opener_await_their_conditions() -> None:
    got = ci(
        "Ask your doctor before taking Testamol if you have:\n\n* Gout\n\n"
        "Testamol is contraindicated in people with certain conditions, including:\n\n"
        "* Porphyria\n\n"
        "Testamol should be used with caution in patients with a history of:\n\n* Seizures\n"
    )
    assert got == [
        ("gout", "condition", "relative"),
        ("porphyria", "condition", "absolute"),
        ("seizures", "condition", "relative"),
    ]


def test_organs_in_a_list_share_the_last_noun() -> None:
    got = ci("Testamol is contraindicated in severe liver, kidney, or heart disease.\n")
    assert got == [
        ("severe liver disease", "condition", "absolute"),
        ("severe kidney disease", "condition", "absolute"),
        ("severe heart disease", "condition", "absolute"),
    ]
    # an organ with its own words keeps them
    got = ci("Use with caution in enlarged prostate, glaucoma, or thyroid problems.\n")
    assert [c for c, _, _ in got] == ["enlarged prostate", "glaucoma", "thyroid problems"]


def test_warning_signs_under_tell_your_doctor_are_no_conditions() -> None:
    got = ci(
        "Tell your doctor if:\n\n* you notice yellowing of the skin\n* symptoms get worse\n"
        "* you have asthma\n* kidney disease\n"
    )
    assert got == [("asthma", "condition", "relative"), ("kidney disease", "condition", "relative")]


@pytest.mark.parametrize(
    ("body", "conditions"),
    [
        # lone modifiers share the noun after them, whether joined by "or" or by commas
        (
            "Testamol is contraindicated in second- or third-degree heart block or asthma.",
            ["second- or third-degree heart block", "asthma"],
        ),
        (
            "Do not use Testamol in patients with acute or severe bronchial asthma.",
            ["acute or severe bronchial asthma"],
        ),
        (
            "Testamol is contraindicated in viral, fungal, or bacterial skin infections.",
            ["viral skin infections", "fungal skin infections", "bacterial skin infections"],
        ),
        # a population list is still split by population
        (
            "Testamol is not recommended for pregnant or breastfeeding women.",
            ["pregnancy", "breastfeeding"],
        ),
    ],
)
def test_modifiers_share_their_noun(body: str, conditions: list[str]) -> None:
    assert [row[0] for row in ci(body)] == conditions


def test_the_subject_of_a_clause_after_so_is_the_condition() -> None:
    """ "It passes into breast milk, so breastfeeding is not recommended": the subject
    is what follows "so", not the sentence's first clause."""
    got = ci("Testamol passes into breast milk, so breastfeeding is not recommended.")
    assert got == [("breastfeeding", "breastfeeding", "relative")]


def test_activities_functions_and_other_medicines_are_no_conditions() -> None:
    got = ci(
        "* Use caution when driving or operating machinery.\n"
        "* **Liver Function:** Liver function tests should be monitored with caution.\n"
        "* **Impaired Kidney Function:** Use with caution.\n"
        "* Consult a doctor before use if you have gout or are taking other medications.\n"
        "* Do not use Testamol for longer than prescribed.\n"
    )
    assert [row[0] for row in got] == ["impaired kidney function", "gout"]


def test_a_population_label_adds_the_populations_its_text_does_not_name() -> None:
    """ "**Pregnancy and Breastfeeding:**" over text naming only breastfeeding: pregnancy too,
    as strictly as the sentence about it says; not when that sentence restricts nothing."""
    got = ci(
        "* **Pregnancy and Breastfeeding:** Safety in pregnancy is not established. Testamol "
        "passes into breast milk, so breastfeeding is not recommended.\n"
    )
    assert got == [
        ("breastfeeding", "breastfeeding", "relative"),
        ("pregnancy", "pregnancy", "relative"),
    ]
    got = ci(
        "* **Pregnancy and Lactation:** Testamol is compatible with breastfeeding. Do not use "
        "it in pregnancy.\n"
    )
    assert got == [("pregnancy", "pregnancy", "absolute")]
    got = ci(
        "* **Children and elderly:** Not recommended for children under 12. No dose change is "
        "needed in older adults.\n"
    )
    assert got == [("children under 12", "pediatric", "relative")]


@pytest.mark.parametrize(
    ("body", "conditions"),
    [
        # a chain of modifiers stays one condition
        (
            "Do not use in patients with active or suspected ocular or periocular infections.",
            ["active or suspected ocular or periocular infections"],
        ),
        # a clause after the conditions is cut before they are split
        (
            "Use with caution in diabetic or obese patients unless glucose and weight are "
            "monitored.",
            ["diabetic or obese patients"],
        ),
        # a lone noun is no modifier of the next phrase
        (
            "Use with caution in patients with colic, or abdominal pain.",
            ["colic", "abdominal pain"],
        ),
        # counts are no durations
        (
            "Use with caution in patients with more than one risk factor for heart disease.",
            ["more than one risk factor for heart disease"],
        ),
        # ", but" after no whole clause keeps the subject
        ("Patients with asthma, but not those with COPD, should avoid Testamol.", ["asthma"]),
        (
            "Testamol is generally considered safe, but patients with gout should avoid it.",
            ["gout"],
        ),
    ],
)
def test_review_regressions(body: str, conditions: list[str]) -> None:
    assert [row[0] for row in ci(body)] == conditions


def test_short_paragraphs_under_a_contraindications_heading_are_conditions() -> None:
    text = (
        "# Testamol\n\n## Side Effects\n* Nausea\n\n## Contraindications\n"
        "Hypersensitivity to the active substance.\n\nSevere renal impairment.\n"
    )
    got = plain(extract_text(text).contraindications, "condition", "strength")
    assert got == [
        ("hypersensitivity to the active substance", "absolute"),
        ("severe renal impairment", "absolute"),
    ]


def test_talk_to_your_doctor_if_you_then_a_list() -> None:
    got = ci(
        "Talk to your doctor before taking Testamol if you:\n\n"
        "- have a history of seizures\n- are over 65 years old\n"
    )
    assert got == [
        ("history of seizures", "condition", "relative"),
        ("over 65 years old", "elderly", "relative"),
    ]


@pytest.mark.parametrize(
    ("body", "conditions"),
    [
        # what the drug is used with is an agent (an interaction), no condition
        ("Do not use Testamol with MAO inhibitors.", []),
        ("Avoid use with NSAIDs (ibuprofen, naproxen).", []),
        ("Do not use with a perforated eardrum.", ["perforated eardrum"]),
        ("Avoid use with severe kidney disease.", ["severe kidney disease"]),
        ("Not recommended for patients over 75 years of age.", ["over 75 years of age"]),
    ],
)
def test_use_with_another_drug_and_ages(body: str, conditions: list[str]) -> None:
    assert [row[0] for row in ci(body)] == conditions


def test_an_age_over_is_elderly() -> None:
    assert ci("Not recommended for patients over 75 years of age.") == [
        ("over 75 years of age", "elderly", "relative")
    ]


@pytest.mark.parametrize(
    ("body", "conditions"),
    [
        ("Not for use in children under 6 months.", ["children under 6 months"]),
        ("Do not give to children younger than 12 years.", ["children younger than 12 years"]),
        ("Pregnancy category D. Do not use it if you are pregnant.", ["pregnant"]),
    ],
)
def test_leaflet_wordings(body: str, conditions: list[str]) -> None:
    assert [row[0] for row in ci(body)] == conditions


def test_review_round_three() -> None:
    """Numbers that are no ages; a section that names none."""
    for phrase in ("doses over 600 mg", "body weight over 70 kg", "heart rate above 70 beats"):
        assert population(phrase) is Population.condition
    text = "# Testamol\n\n## Side Effects\n* Nausea\n\n## Contraindications\nNone known.\n"
    assert extract_text(text).contraindications == []


def test_you_should_not_use_it_if_you_have_then_a_list() -> None:
    got = ci(
        "You should not use Testamol if you are allergic to it, or if you have:\n\n"
        "* severe kidney disease;\n* a history of stroke.\n"
    )
    assert got == [
        ("severe kidney disease", "condition", "absolute"),
        ("history of stroke", "condition", "absolute"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a restriction allowing an exception is relative; the hedge is no part of the condition
        (
            "Avoid use during pregnancy unless the potential benefits clearly outweigh the risks.",
            [("pregnancy", "pregnancy", "relative")],
        ),
        (
            "Pregnant women should not use Testamol without consulting their doctor.",
            [("pregnant women", "pregnancy", "relative")],
        ),
        (
            "Testamol should not be used in children under 8 years old (without medical"
            " guidance) or in patients with porphyria.",
            [
                ("children under 8 years old", "pediatric", "relative"),
                ("porphyria", "condition", "absolute"),
            ],
        ),
        (
            "Testamol is contraindicated in heart block (unless a pacemaker is in place) and"
            " in sick sinus syndrome.",
            [
                ("heart block", "condition", "relative"),
                ("sick sinus syndrome", "condition", "absolute"),
            ],
        ),
        # an adverb alone allows no exception (as the gold reads it)
        ("It is generally avoided during pregnancy.", [("pregnancy", "pregnancy", "absolute")]),
        # the hedge of another sentence does not count
        (
            "Contraindicated in pregnancy. Avoid in children unless advised by a doctor.",
            [("pregnancy", "pregnancy", "absolute"), ("children", "pediatric", "relative")],
        ),
    ],
)
def test_hedges_make_a_restriction_relative(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


def test_a_hedge_under_a_population_label() -> None:
    got = ci("* **Pregnancy and Breastfeeding:** Safety is unknown. Avoid use unless advised.\n")
    assert got == [
        ("pregnancy", "pregnancy", "relative"),
        ("breastfeeding", "breastfeeding", "relative"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Use with caution in impaired kidney or liver function.",
            ["impaired kidney function", "impaired liver function"],
        ),
        (
            "Use with caution in patients with a history of heart or blood vessel disease.",
            ["history of heart disease", "history of blood vessel disease"],
        ),
        (
            "Use with caution in liver or kidney disease or diabetes.",
            ["liver disease", "kidney disease", "diabetes"],
        ),
        # an organ with no noun after the second one: kept whole
        ("Use with caution in heart or kidney.", ["heart or kidney"]),
    ],
)
def test_organs_share_head_and_modifiers(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Do not use if you are allergic to testamol, sulfonamides, or other NSAIDs.",
            ["allergic to testamol", "allergic to sulfonamides", "allergic to other nsaids"],
        ),
        (
            "Contraindicated in hypersensitivity to either testamol or benzamol.",
            ["hypersensitivity to testamol", "hypersensitivity to benzamol"],
        ),
        (
            "Contraindicated in hypersensitivity to the drug or its components.",
            ["hypersensitivity to the drug or its components"],
        ),
    ],
)
def test_an_allergy_to_each_allergen(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


def test_any_of_these_stands_for_the_label_list() -> None:
    got = ci(
        "* **High Blood Pressure, Glaucoma, Diabetes:** Testamol may worsen these conditions."
        " Discuss its use with your doctor if you have any of these.\n"
    )
    assert got == [
        ("high blood pressure", "condition", "relative"),
        ("glaucoma", "condition", "relative"),
        ("diabetes", "condition", "relative"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # advice to see a doctor "if you have" names conditions after it
        (
            "Discuss its use with a healthcare professional if you have kidney problems or gout.",
            [("kidney problems", "condition", "relative"), ("gout", "condition", "relative")],
        ),
        # caution "would have been necessary for" people
        (
            "Caution would have been necessary for older adults.",
            [("older adults", "elderly", "relative")],
        ),
        # a subject before a past-tense wording
        (
            "Children would likely have required careful monitoring.",
            [("children", "pediatric", "relative")],
        ),
        (
            "Individuals with heart failure would have been strictly prohibited from using it.",
            [("heart failure", "condition", "absolute")],
        ),
        # monitoring during a period or for signs names no condition
        ("Close monitoring is needed during the first weeks for signs of liver damage.", []),
        (
            "Close monitoring is needed for patients with epilepsy.",
            [("epilepsy", "condition", "relative")],
        ),
    ],
)
def test_wordings_of_caution(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a label stating strength governs the people-with list it introduces, verbs and all
        (
            "**Use with Caution:** In patients with hypovolemia, those taking drugs that may"
            " worsen hypotension, or thyroid dysfunction.",
            [
                "hypovolemia",
                "those taking drugs that may worsen hypotension",
                "thyroid dysfunction",
            ],
        ),
        (
            "* **Contraindications:** Patients with severe anemia or glaucoma would have needed"
            " to avoid this drug.",
            ["severe anemia", "glaucoma"],
        ),
        (
            "* **Infection:** Patients with active infections should not receive testamol.",
            ["active infections"],
        ),
    ],
)
def test_a_label_governs_the_people_it_lists(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a subject "(its) use in Y": the restriction is about Y
        ("Its use in children is not recommended.", [("children", "pediatric", "relative")]),
        (
            "The use of testamol during pregnancy and breastfeeding should be carefully"
            " considered and only undertaken under strict medical supervision.",
            [
                ("pregnancy", "pregnancy", "relative"),
                ("breastfeeding", "breastfeeding", "relative"),
            ],
        ),
        (
            "The use of testamol in elderly patients requires caution.",
            [("elderly patients", "elderly", "relative")],
        ),
        # ordinals share their noun
        (
            "Avoid use during the first and second trimesters of pregnancy.",
            [
                ("first trimester of pregnancy", "pregnancy", "absolute"),
                ("second trimester of pregnancy", "pregnancy", "absolute"),
            ],
        ),
        # after a comma too: the "and" between ordinals ends no list
        (
            "Testamol is not recommended during pregnancy, especially during the second and"
            " third trimesters.",
            [
                ("pregnancy", "pregnancy", "relative"),
                ("second trimester", "pregnancy", "relative"),
                ("third trimester", "pregnancy", "relative"),
            ],
        ),
    ],
)
def test_use_in_and_shared_ordinals(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a site that is a condition is one: "on broken skin, open wounds"
        ("Do not use on broken skin or open wounds.", ["broken skin", "open wounds"]),
        (
            "Avoid use on broken, damaged, or irritated skin.",
            ["broken skin", "damaged skin", "irritated skin"],
        ),
        # a plain site is where, not who
        ("Avoid use on the face.", []),
        # an organ used as a modifier keeps its phrase whole
        (
            "Use with caution in impaired liver or severe kidney function.",
            ["impaired liver or severe kidney function"],
        ),
    ],
)
def test_damaged_sites_are_conditions(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a condition as the subject of a wording that takes no object
        (
            "Impaired kidney function may require dosage adjustments.",
            [("impaired kidney function", "condition", "relative")],
        ),
        (
            "Pre-existing liver or kidney disease may require careful monitoring.",
            [
                ("pre-existing liver disease", "condition", "relative"),
                ("pre-existing kidney disease", "condition", "relative"),
            ],
        ),
        # not before a wording with an object, nor a clause or advice
        (
            "Reduced doses and careful monitoring are crucial for patients with gout.",
            [("gout", "condition", "relative")],
        ),
        ("* Conditions that put them at increased risk of seizures.", []),
    ],
)
def test_a_condition_as_subject(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X (may) require(s) (closer) monitoring / adjustments": X is the condition
        (
            "Older adults may require adjustments in dosage.",
            [("older adults", "elderly", "relative")],
        ),
        (
            "Older adults and individuals with gout may require closer monitoring.",
            [("older adults", "elderly", "relative"), ("gout", "condition", "relative")],
        ),
        # the subject ends at its verb
        (
            "Children are particularly sensitive to it and may require lower doses.",
            [("children", "pediatric", "relative")],
        ),
        # a subject-only wording without a subject: the sentence is read on
        (
            "This combination may need dosage adjustments or be contraindicated in patients"
            " with porphyria.",
            [("porphyria", "condition", "absolute")],
        ),
    ],
)
def test_subjects_of_monitoring_and_adjustment(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Severe liver disease also poses a significant contraindication.",
            [("severe liver disease", "condition", "absolute")],
        ),
        (
            "Asthma and gout are relative contraindications.",
            [("asthma", "condition", "relative"), ("gout", "condition", "relative")],
        ),
    ],
)
def test_a_subject_that_is_a_contraindication(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


def test_cases_of_is_filler() -> None:
    """ "in cases of X": the condition is X, as "in patients with X" is."""
    got = ci(
        "* **Contraindications:** It should not be used in cases of intestinal obstruction or"
        " in the case of severe renal impairment.\n"
    )
    assert got == [
        ("intestinal obstruction", "condition", "absolute"),
        ("severe renal impairment", "condition", "absolute"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a first conjunct ending in a preposition or a verb shares the object of the second
        (
            "* **Contraindications:** Contraindicated in patients with a history of or current"
            " myopathy, and in those currently taking or recently stopped taking MAOIs.",
            [
                "history of or current myopathy",
                "those currently taking or recently stopped taking maois",
            ],
        ),
        # the words before a colon lead in to the list after it
        (
            "* **Contraindications:** Contraindicated in individuals with a history of or"
            " current: breast cancer, stroke.",
            ["breast cancer", "stroke"],
        ),
        # "X or other Ys" naming diseases: two conditions
        (
            "* **Contraindications:** Contraindicated in breast cancer or other hormone-sensitive"
            " cancers, and in myasthenia gravis or other neuromuscular disorders.",
            [
                "breast cancer",
                "other hormone-sensitive cancers",
                "myasthenia gravis",
                "other neuromuscular disorders",
            ],
        ),
        # "benign" and "malignant" qualify the noun they share, as "acute or severe" do
        (
            "* **Contraindications:** Contraindicated in benign or malignant liver tumors.",
            ["benign or malignant liver tumors"],
        ),
        # an adjective ending the first shares the noun of the second; a noun does not
        (
            "* **Contraindications:** Contraindicated in active ocular or periocular infection,"
            " and in mania or bipolar disorder.",
            ["active ocular infection", "periocular infection", "mania", "bipolar disorder"],
        ),
        # ... but not more allergens, an allergy both share, or more drugs
        (
            "* **Contraindications:** Contraindicated in a history of penicillin or other"
            " beta-lactam allergy, and with fibrinolytic drugs or other drugs increasing"
            " bleeding risk.",
            [
                "history of penicillin or other beta-lactam allergy",
                "fibrinolytic drugs or other drugs increasing bleeding risk",
            ],
        ),
    ],
)
def test_coordination_of_open_phrases_and_other_kinds(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


@pytest.mark.parametrize(
    ("text", "conditions", "agents"),
    [
        # what the drug must not be used with is an agent, no condition
        (
            "* **Contraindications:** Testamol is contraindicated in patients with known"
            " hypersensitivity to the drug. It is also contraindicated with certain"
            " medications, including pimozide and cisapride. It should not be used with"
            " terfenadine, due to the risk of bleeding.",
            ["hypersensitivity to the drug"],
            [("pimozide", "avoid"), ("cisapride", "avoid"), ("terfenadine", "avoid")],
        ),
        # conditions may follow the agents in one list
        (
            "* **Use with Caution:** Exercise caution with concurrent use of strong CYP3A4"
            " inhibitors, coronary artery disease, and sepsis.",
            ["coronary artery disease", "sepsis"],
            None,
        ),
        # "contraindicated with X" names an agent wherever it is written
        (
            "* **Contraindications:** Testamol is also contraindicated with pimozide.",
            [],
            [("pimozide", "avoid")],
        ),
        # the people one uses it with are no agents
        (
            "* **Contraindications:** Use caution with patients with impaired kidney function.",
            ["impaired kidney function"],
            [],
        ),
    ],
)
def test_co_used_agents_are_interactions_not_conditions(
    text: str, conditions: list[str], agents: list[tuple[str, str]] | None
) -> None:
    got = extract_text(f"# Testamol\n\n### Side Effects\n* Nausea\n\n### Precautions\n{text}\n")
    assert [row["condition"] for row in got.contraindications] == conditions
    if agents is not None:
        assert [(row["agent"], row["severity"]) for row in got.interactions] == agents


def test_a_kind_of_a_condition_is_the_condition() -> None:
    """ "certain types of X", "some forms of X": the condition is X."""
    got = ci(
        "* **Contraindications:** Testamol is contraindicated in severe bradycardia, certain"
        " types of heart block and some forms of glaucoma.\n"
    )
    assert got == [
        ("severe bradycardia", "condition", "absolute"),
        ("heart block", "condition", "absolute"),
        ("glaucoma", "condition", "absolute"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # two kinds of one noun: a condition each
            "* Contraindicated in gastrointestinal or genitourinary obstruction.",
            ["gastrointestinal obstruction", "genitourinary obstruction"],
        ),
        (
            "* Use with caution in patients with sleep apnea or spinal or cervical cord"
            " compression.",
            ["sleep apnea", "spinal cord compression", "cervical cord compression"],
        ),
        (
            "* Use with caution in patients with hearing or balance problems.",
            ["hearing problems", "balance problems"],
        ),
        (
            "* **Contraindications:** It should not be used on broken or irritated skin.",
            ["broken skin", "irritated skin"],
        ),
        (  # words qualifying the first modifier qualify them all, and the noun comes last
            "* Contraindicated in systemic or local bacterial, fungal, or viral infections.",
            [
                "systemic bacterial infections",
                "local bacterial infections",
                "systemic fungal infections",
                "local fungal infections",
                "systemic viral infections",
                "local viral infections",
            ],
        ),
        (
            "* It should not be used with untreated fungal, bacterial, or viral infections in"
            " the nose.",
            [
                "untreated fungal infections in the nose",
                "untreated bacterial infections in the nose",
                "untreated viral infections in the nose",
            ],
        ),
        (  # the modifiers right before the phrase, in a longer list
            "* Use cautiously in patients with glaucoma, ocular herpes simplex, fungal, viral,"
            " or parasitic infections; or asthma.",
            [
                "glaucoma",
                "ocular herpes simplex",
                "fungal infections",
                "viral infections",
                "parasitic infections",
                "asthma",
            ],
        ),
        (  # adjectives with no adjective ending, and modifiers with their parentheticals
            "* Use with caution in patients with high or low blood pressure, or renal, hepatic"
            " (liver), or respiratory impairment.",
            [
                "high blood pressure",
                "low blood pressure",
                "renal impairment",
                "hepatic impairment",
                "respiratory impairment",
            ],
        ),
        (  # an organ's parenthetical does not hide it
            "* Contraindicated in severe hepatic (liver) or renal (kidney) impairment.",
            ["severe hepatic impairment", "severe renal impairment"],
        ),
        (  # organs alone are places, not modifiers
            "* **Contraindications:** Lesions on the lips, eyes, or mucous membranes.",
            ["lesions on the lips", "eyes", "mucous membranes"],
        ),
        (  # an ordinal before a hyphenated one: one condition, as "second- or third-degree"
            "* Contraindicated in second or third-degree heart block, or asthma.",
            ["second or third-degree heart block", "asthma"],
        ),
        (  # an inability's verbs
            "* Contraindicated in hypocalcemia or inability to stand or sit upright for 30"
            " minutes.",
            ["hypocalcemia", "inability to stand or sit upright for 30 minutes"],
        ),
        (  # two organs after "of" end one phrase
            "* **Infections:** It is not suitable for treating viral or fungal infections of the"
            " eye or ear.",
            ["viral infections of the eye or ear", "fungal infections of the eye or ear"],
        ),
        (  # degrees of one condition stay one
            "* Use with caution in patients with acute or severe asthma.",
            ["acute or severe asthma"],
        ),
        (
            "* **Contraindications:** Pregnant or breastfeeding women.",
            ["pregnancy", "breastfeeding"],
        ),
    ],
)
def test_coordinated_modifiers_share_their_noun(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "* **Contraindications:** Do not apply Testamol to broken, damaged, or irritated skin.",
            ["broken skin", "damaged skin", "irritated skin"],
        ),
        (
            "* **Wounds:** Avoid application to open wounds or broken skin.",
            ["open wounds", "broken skin"],
        ),
        (
            "* **Open Wounds:** Avoid applying to broken skin or open wounds.",
            ["broken skin", "open wounds"],
        ),
        # where it goes, or how much, is no condition
        ("* Do not apply to the eyes or mouth.", []),
        ("* Do not apply a thick layer.", []),
        ("* **Application:** Do not apply to open wounds, eyes, or ears.", ["open wounds"]),
    ],
)
def test_application_to_a_damaged_site(text: str, expected: list[str]) -> None:
    """Wording about applying the drug names conditions only when its site is one."""
    assert [c for c, _, _ in ci(text + "\n")] == expected


def test_application_wording_sets_no_population_strength() -> None:
    got = ci(
        "* **Pregnancy and Breastfeeding:** Its use during pregnancy and breastfeeding should be"
        " discussed with a doctor.  Avoid applying Testamol to the nipples if breastfeeding.\n"
    )
    assert got == [
        ("pregnancy", "pregnancy", "relative"),
        ("breastfeeding", "breastfeeding", "relative"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # two allergy nouns share their object
            "* **Contraindications:** Known hypersensitivity or idiosyncrasy to sympathomimetic"
            " amines.",
            ["hypersensitivity or idiosyncrasy to sympathomimetic amines"],
        ),
        (  # "other Xs" after one named allergen extends it
            "* **Allergy:** Do not take Testamol if you are allergic to it or other hydantoins.",
            ["allergic to it or other hydantoins"],
        ),
        (
            "* Patients allergic to penicillin or other cephalosporin antibiotics should avoid it.",
            ["allergic to penicillin or other cephalosporin antibiotics"],
        ),
    ],
)
def test_one_allergy_with_its_shared_object(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "* **Special Populations:** Use with extreme caution in children and neonates due to"
            " the risk of skin staining and absorption.",
            ["children", "neonates"],
        ),
        (
            "* **Wounds:** Avoid applying to broken skin or open wounds as it may cause stinging"
            " and irritation.",
            ["broken skin", "open wounds"],
        ),
        (
            "* **Hepatic Impairment:** Dose adjustments may be necessary for patients with"
            " impaired liver function, though the labeling gives no specific recommendations.",
            ["impaired liver function"],
        ),
        (
            "* Use with caution in patients with sun exposure due to their work; patients with"
            " multiple carcinomas.",
            ["sun exposure", "multiple carcinomas"],
        ),
        (  # a cause that names a condition goes on listing
            "* **Contraindications:** Contraindicated in hypertension due to venous disease,"
            " and valvular defects.",
            ["hypertension", "valvular defects"],
        ),
        (  # a relative clause belongs to its condition
            "* Use with caution in women who are pregnant because of the risk to the fetus.",
            ["women who are pregnant"],
        ),
    ],
)
def test_a_reason_ends_the_conditions(text: str, expected: list[str]) -> None:
    """What follows "due to", "as it", "though" is why, never more conditions."""
    assert [c for c, _, _ in ci(text + "\n")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "*   **Children:** Use in children should be strictly as directed by a physician.",
            [("children", "pediatric", "relative")],
        ),
        (
            "* **Children:** Use in children should be guided by a pediatrician.",
            [("children", "pediatric", "relative")],
        ),
        (
            "* **Pediatric Patients:** Use in children is off-label and carries safety concerns.",
            [("pediatric patients", "pediatric", "relative")],
        ),
        (
            "* **Pregnancy and breastfeeding:** The effects on pregnancy and breastfeeding would"
            " need to be thoroughly investigated before considering use.",
            [
                ("pregnancy", "pregnancy", "relative"),
                ("breastfeeding", "breastfeeding", "relative"),
            ],
        ),
    ],
)
def test_a_population_label_whose_use_is_left_to_a_doctor(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("* Concurrent use with MAOIs should be avoided or carefully managed.", []),
        (
            "* It should be avoided or used with caution in patients with asthma.",
            [("asthma", "condition", "relative")],
        ),
    ],
)
def test_a_second_verb_after_the_wording_is_no_condition(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


def test_a_labels_lead_in_governs_the_list_below() -> None:
    """ "**Warnings:** X should be used with caution in patients with:" then a list: each
    item is a condition the lead-in restricts."""
    got = ci(
        "**Warnings and Precautions:**  Testamol should be used with extreme caution in"
        " patients with:\n\n*   Congestive heart failure\n*   Primary muscular disorders\n"
    )
    assert got == [
        ("congestive heart failure", "condition", "relative"),
        ("primary muscular disorders", "condition", "relative"),
    ]


def test_should_be_particularly_cautious_is_relative() -> None:
    got = ci("* **Specific Warnings:** Patients with asthma should be particularly cautious.\n")
    assert got == [("asthma", "condition", "relative")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "* **Children:** Special care is needed when prescribing Testamol to children.",
            [("children", "pediatric", "relative")],
        ),
        (
            "* **Pregnancy:** Consult your doctor if you have any concerns about using sunscreens"
            " containing it during pregnancy.",
            [("pregnancy", "pregnancy", "relative")],
        ),
    ],
)
def test_the_use_a_restriction_is_about_names_its_condition(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    "wording",
    [
        "should use extreme caution",
        "should exercise particular caution",
        "should exercise extra caution",
    ],
)
def test_an_intensifier_keeps_a_caution_wording(wording: str) -> None:
    """ "extreme", "particular", "extra" only intensify the caution the wording calls for."""
    got = ci(f"* **Stomach:** Patients with peptic ulcers or asthma {wording}.\n")
    assert got == [
        ("peptic ulcers", "condition", "relative"),
        ("asthma", "condition", "relative"),
    ]


def test_these_conditions_stand_for_the_label_they_are_written_under() -> None:
    """A restriction "in individuals with these conditions" names the label's conditions,
    even a label without a condition word; a pointer that is not the restriction's object
    ("monitoring for these conditions") does not make a label a condition."""
    got = ci(
        "* **Pheochromocytoma and Insulinoma:** Testamol is contraindicated in individuals"
        " with these conditions.\n"
        "* **Cardiovascular Issues:** Testamol carries a risk of valve disease. Regular"
        " echocardiograms are crucial to monitor for these conditions.\n"
    )
    assert got == [
        ("pheochromocytoma", "condition", "absolute"),
        ("insulinoma", "condition", "absolute"),
    ]


def test_a_clause_about_people_does_not_make_an_item_a_sentence() -> None:
    """ "women who may become pregnant": the verb qualifies the women; the item under a
    "contraindicated in:" intro still lists conditions."""
    got = ci(
        "Testamol is contraindicated in:\n\n"
        "*   Pregnant women or women who may become pregnant. It harms the fetus.\n"
        "*   Patients under 18 years of age or those who are skeletally immature.\n"
    )
    assert got == [
        ("pregnant women", "pregnancy", "absolute"),
        ("women who may become pregnant", "pregnancy", "absolute"),
        ("under 18 years of age", "pediatric", "absolute"),
        ("skeletally immature", "condition", "absolute"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "* **Warnings:** Use should be approached cautiously in patients with heart failure.",
        "* **Heart:** Individuals with heart failure should use this medication cautiously.",
    ],
)
def test_use_approached_cautiously_is_relative(text: str) -> None:
    assert ci(text + "\n") == [("heart failure", "condition", "relative")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "* **Liver:** Use cautiously in patients with mild liver impairment; contraindicated"
            " in those with severe impairment.",
            [
                ("mild liver impairment", "condition", "relative"),
                ("severe impairment", "condition", "absolute"),
            ],
        ),
        (
            "* **Contraindications:** Testamol is contraindicated in patients with hypersensitivity"
            " to the drug and is absolutely contraindicated during pregnancy.",
            [
                ("hypersensitivity to the drug", "hypersensitivity", "absolute"),
                ("pregnancy", "pregnancy", "absolute"),
            ],
        ),
        (
            "* **Heart:** Testamol should be used with extreme caution, or avoided altogether, in"
            " patients with bradycardia.",
            [("bradycardia", "condition", "relative")],
        ),
        (
            "* **Liver:** Use with caution or avoid in individuals with liver impairment.",
            [("liver impairment", "condition", "relative")],
        ),
        (
            "* **Other:** Avoid applying it to healthy skin, and do not use it as a sunscreen.",
            [],
        ),
    ],
)
def test_a_second_wording_in_the_object_restricts_what_follows_it(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    """A new clause with its own wording ("; contraindicated in", "and is contraindicated
    during") starts a restriction of its own strength; a verb the commas enclose, or one
    coordinated before the object, shares it (the weaker allowed)."""
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "* **Warnings:** Use during pregnancy should be carefully considered.",
            [("pregnancy", "pregnancy", "relative")],
        ),
        (
            "* **Warnings:** Testamol's use during breastfeeding should be discussed with a doctor.",
            [("breastfeeding", "breastfeeding", "relative")],
        ),
        (
            "* **Pregnancy and Breastfeeding:** Testamol is a Category C drug. It is excreted in"
            " breast milk, and use during breastfeeding should be carefully considered.",
            [
                ("breastfeeding", "breastfeeding", "relative"),
                ("pregnancy", "pregnancy", "relative"),
            ],
        ),
        (
            "* **Warnings:** Breastfeeding should be discontinued during treatment.",
            [("breastfeeding", "breastfeeding", "absolute")],
        ),
        (
            "* **Warnings:** Risks to the developing fetus and infant should be carefully"
            " considered. Pregnancy and breastfeeding pose risks that should be carefully weighed.",
            [],
        ),
    ],
)
def test_a_use_to_weigh_and_breastfeeding_to_stop(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    """ "Use during X should be carefully considered" restricts X, relatively; stopping
    breastfeeding for the treatment is absolute; risks that are weighed restrict no one."""
    assert ci(text + "\n") == expected


def test_unspecific_drugs_taken_with_it_are_no_condition() -> None:
    """ "those taking certain medications", "concurrent use of certain medications", "other
    medications": an interaction that names nothing, never a condition."""
    got = ci(
        "* **Warnings:** Use with caution in patients with asthma, those taking certain"
        " medications, concurrent use of certain medications, or other medications.\n"
    )
    assert got == [("asthma", "condition", "relative")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Use with caution in patients with a history of alcohol or drug abuse.",
            ["history of alcohol abuse", "drug abuse"],
        ),
        (
            "Use with caution in patients with fish or shellfish allergies.",
            ["fish allergies", "shellfish allergies"],
        ),
        (
            "Use with caution in patients with mania or bipolar disorder.",
            ["mania", "bipolar disorder"],
        ),
        (
            "Use with caution in patients with smoking or alcohol abuse.",
            ["smoking", "alcohol abuse"],
        ),
    ],
)
def test_a_bare_noun_before_or_shares_the_head_after_it(text: str, expected: list[str]) -> None:
    """ "alcohol or drug abuse": the abuse is of both; "mania or bipolar disorder" are two."""
    assert [c for c, _, _ in ci(f"* **Warnings:** {text}\n")] == expected


def test_a_duration_of_pregnancy_is_the_population() -> None:
    """ "more than 6 months pregnant" opens like a duration ("more than prescribed") but
    names the pregnancy."""
    got = ci("**Do not take Testamol:**\n\n- if you are more than 6 months pregnant\n")
    assert got == [("more than 6 months pregnant", "pregnancy", "absolute")]


def test_if_clauses_after_a_wording_about_you_name_the_conditions() -> None:
    """ "You should not use X if you are allergic to it, or if you have A": the if-clauses
    name the conditions; a list item's closing "; or" names none."""
    got = ci(
        "You should not use Testamol if you are allergic to it, or if you have narrow-angle"
        " glaucoma.\n\nYou should not use Testamol if you have:\n\n* severe kidney disease;\n"
        "* a stomach ulcer; or\n* asthma.\n"
    )
    assert got == [
        ("allergic to it", "hypersensitivity", "absolute"),
        ("narrow-angle glaucoma", "condition", "absolute"),
        ("severe kidney disease", "condition", "absolute"),
        ("stomach ulcer", "condition", "absolute"),
        ("asthma", "condition", "absolute"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "* Pregnancy and lactation: The safety of Testamol is unknown. Consult your doctor.",
            [("pregnancy", "pregnancy", "relative"), ("lactation", "breastfeeding", "relative")],
        ),
        (
            "* Pregnancy: Use only if the potential benefit clearly outweighs the potential risk"
            " to the fetus.",
            [("pregnancy", "pregnancy", "relative")],
        ),
        (
            "* **Pregnancy:** Use with caution, only when the benefits outweigh the risks.",
            [("pregnancy", "pregnancy", "relative")],
        ),
    ],
)
def test_a_plain_population_label_and_a_hedge_that_names_nothing(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    """ "Pregnancy and lactation: ..." unbolded labels the sentence after it like a bold
    label; the rest of a hedge ("clearly outweighs the risk to the fetus") is no condition."""
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # how a dose is chosen is no condition ("based on", "depending on")
        (
            "* **Children:** Dosage adjustments are necessary for children based on their age,"
            " weight, and individual needs.",
            [("children", "pediatric", "relative")],
        ),
        # sentence adverbs open a clause; they are no condition
        (
            "* **Liver:** Similarly, patients with liver problems need careful monitoring."
            " For example, individuals with kidney disease may require adjustment.",
            [
                ("liver problems", "condition", "relative"),
                ("kidney disease", "condition", "relative"),
            ],
        ),
        # what advice to see a doctor is about
        (
            "* **Other:** Use with caution and consult your doctor if you have any concerns"
            " or if symptoms persist or worsen.",
            [],
        ),
    ],
)
def test_manner_adverbs_and_advice_are_no_conditions(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


def test_manner_wording_before_examples_keeps_them() -> None:
    got = ci(
        "* **Contraindications:** Its contraindications vary depending on the patient's"
        " history, including heart disease and asthma.\n"
    )
    assert {("heart disease", "condition", "absolute"), ("asthma", "condition", "absolute")} <= set(
        got
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a conjunction opening another slot ends the allergens
        (
            "Testamol is contraindicated in patients with known hypersensitivity to the drug"
            " and during an acute asthma attack.",
            [
                ("hypersensitivity to the drug", "hypersensitivity", "absolute"),
                ("acute asthma attack", "condition", "absolute"),
            ],
        ),
        (
            "Testamol is contraindicated in hypersensitivity to zelfarin or other digitalis"
            " preparations and in those with ventricular fibrillation.",
            [
                (
                    "hypersensitivity to zelfarin or other digitalis preparations",
                    "hypersensitivity",
                    "absolute",
                ),
                ("ventricular fibrillation", "condition", "absolute"),
            ],
        ),
    ],
)
def test_allergens_end_where_another_slot_opens(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "* **Contraindications:** Women who are or may become pregnant.",
            ["women who are pregnant", "women who may become pregnant"],
        ),
        (
            "* **Contraindications:** Women who are pregnant or planning to become pregnant.",
            ["women who are pregnant", "women who are planning to become pregnant"],
        ),
    ],
)
def test_a_second_verb_of_a_who_clause_shares_its_head(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


def test_a_kind_of_condition_left_unnamed_is_none() -> None:
    got = ci(
        "* **Contraindications:** Testamol should not be used in women with certain"
        " conditions, including ovarian tumors and primary gonadal failure. People with"
        " specific health conditions or other medical conditions should ask a doctor.\n"
    )
    assert [c for c, _, _ in got] == ["ovarian tumors", "primary gonadal failure"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "or other NSAIDs" ending the list: the elements since the allergy were allergens
        (
            "* **Allergy:** Do not use if you are allergic to zelfarin, aspirin, or other NSAIDs.",
            ["allergic to zelfarin", "allergic to aspirin", "allergic to other nsaids"],
        ),
        (
            "* **Contraindications:** In individuals with known allergies to bismuth, aspirin, or"
            " other salicylates; those with active GI bleeding.",
            [
                "allergies to bismuth",
                "allergies to aspirin",
                "allergies to other salicylates",
                "active gi bleeding",
            ],
        ),
        # never a disease, nor the elements before other diseases
        (
            "* **Contraindications:** In hypersensitivity to zelfarin, heart block, or other"
            " conduction disorders.",
            ["hypersensitivity to zelfarin", "heart block", "other conduction disorders"],
        ),
        # ... only in the allergy's own ";" group, and never a population or a disease
        (
            "* **Allergy:** Do not use if allergic to aspirin, pregnancy, or other NSAIDs.",
            ["allergic to aspirin", "pregnancy", "other nsaids"],
        ),
        (
            "* **Contraindications:** Hypersensitivity to zelfarin, acute herpes simplex,"
            " vaccinia, and other viral infections of the cornea.",
            [
                "hypersensitivity to zelfarin",
                "acute herpes simplex",
                "vaccinia",
                "other viral infections of the cornea",
            ],
        ),
    ],
)
def test_other_kind_ending_an_allergy_list(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


def test_one_word_conditions_in_ly_are_kept() -> None:
    # only adverbs are dropped ("Similarly, ..."): "acromegaly" is a condition
    got = ci("### Contraindications\n* Acromegaly\n* Cardiomegaly\n")
    assert [c for c, _, _ in got] == ["acromegaly", "cardiomegaly"]


def test_a_clause_ends_its_own_semicolon_element_only() -> None:
    # "conditions where ... could be harmful" is a clause, not the end of the list
    got = ci(
        "* **Contraindications:** Testamol is contraindicated in individuals with asthma;"
        " conditions where increased muscle activity could be harmful; hyperthyroidism;"
        " and epilepsy.\n"
    )
    assert [c for c, _, _ in got] == ["asthma", "hyperthyroidism", "epilepsy"]


def test_an_allergy_ends_with_its_semicolon_element() -> None:
    # "(depending on the formulation)" names no allergen of the allergy before the ";"
    got = ci(
        "* **Contraindications:** Testamol is contraindicated in patients with hypersensitivity"
        " to testamol or any of its components; and in patients with hereditary fructose"
        " intolerance (depending on the formulation).\n"
    )
    assert [c for c, _, _ in got] == [
        "hypersensitivity to testamol or any of its components",
        "hereditary fructose intolerance",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the restriction is the other population's: a risk stated for pregnancy is relative
        (
            "* **Pregnancy and Breastfeeding:** Testamol is a Category C drug in pregnancy,"
            " meaning its risks to the fetus are unknown. It is excreted in breast milk and"
            " should be avoided by breastfeeding women.",
            [
                ("breastfeeding women", "breastfeeding", "absolute"),
                ("pregnancy", "pregnancy", "relative"),
            ],
        ),
        # ... and where the text says nothing of pregnancy, no pregnancy row
        (
            "* **Pregnancy and Breastfeeding:** Breastfeeding should be avoided during treatment.",
            [("breastfeeding", "breastfeeding", "absolute")],
        ),
        # a restriction naming neither population is both labels'
        (
            "* **Pregnancy and Breastfeeding:** Testamol should not be used.",
            [
                ("pregnancy", "pregnancy", "absolute"),
                ("breastfeeding", "breastfeeding", "absolute"),
            ],
        ),
    ],
)
def test_a_restriction_of_one_population_of_a_label_is_not_the_others(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a condition joined to an allergy by "or" is a condition of its own
        (
            "* **Contraindications:** Patients with severe liver disease or hypersensitivity"
            " to statins or vitamin D should not use Testamol.",
            [
                "severe liver disease",
                "hypersensitivity to statins",
                "hypersensitivity to vitamin d",
            ],
        ),
        # ... but lone modifiers before "or" share the allergy
        (
            "* **Contraindications:** Testamol is contraindicated in patients with serious or"
            " severe hypersensitivity to the drug or its components.",
            ["serious or severe hypersensitivity to the drug or its components"],
        ),
    ],
)
def test_a_condition_before_an_allergy_and_or_stands_apart(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "* **Vulnerable Groups:** Pregnant women and children should only use this medication"
            " under the strict supervision of a healthcare professional.",
            [("pregnant women", "pregnancy", "relative"), ("children", "pediatric", "relative")],
        ),
        # who supervises is never a condition
        (
            "* **Skin:** Use it only under the supervision of a dermatologist.",
            [],
        ),
    ],
)
def test_use_under_supervision_restricts_its_subject(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert ci(text + "\n") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "* **Warnings:** Use with caution in immunocompromised patients and patients with"
            " conditions such as lactic acidosis or seizures.",
            ["immunocompromised patients", "lactic acidosis", "seizures"],
        ),
        # a lone modifier before the kind qualifies it: no condition of its own
        (
            "* **Heart:** Use caution in patients with severe or unstable cardiovascular"
            " conditions like uncontrolled hypertension.",
            ["uncontrolled hypertension"],
        ),
    ],
)
def test_a_phrase_before_a_kind_with_examples_is_a_condition(
    text: str, expected: list[str]
) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a kind of condition named by its kind alone is unnamed too
        (
            "* **Warnings:** Individuals with pre-existing health conditions should consult a"
            " doctor before use.",
            [],
        ),
        # ... unless examples follow it
        (
            "* **Warnings:** Older adults and individuals with underlying health conditions"
            " (heart, liver, kidney disease) may require closer monitoring.",
            ["older adults", "underlying health conditions"],
        ),
        # a concession names no condition
        (
            "* **Warnings:** Do not use Testamol for longer than prescribed, even if symptoms"
            " improve.",
            [],
        ),
    ],
)
def test_unnamed_kinds_and_concessions_are_no_conditions(text: str, expected: list[str]) -> None:
    assert [c for c, _, _ in ci(text + "\n")] == expected


def test_a_list_read_for_one_drug_is_read_anew_for_a_drug_it_names() -> None:
    """``conditions`` is memoized by its text: a drug whose own name the list holds still
    gets its own reading (its name merged into the allergy before it, never a condition)."""
    from pipeline.extract.condition_lists import conditions
    from pipeline.extract.identity import Identity

    text = "hypersensitivity to penicillin, zelfarin, or quinine; asthma, zelfarin"
    other = Identity("Otheramol", "otheramol", ("Otheramol",))
    own = Identity("Zelfarin", "zelfarin", ("Zelfarin",))
    for_other = ["hypersensitivity to penicillin", "zelfarin", "quinine", "asthma", "zelfarin"]
    for_own = [
        "hypersensitivity to penicillin",
        "hypersensitivity to zelfarin",
        "quinine",
        "asthma",
    ]
    for ident, expected in [(other, for_other), (own, for_own), (other, for_other)]:
        assert [cond for _, cond in conditions(text, ident)] == expected


_KEYWORD_PIECES = [
    *["avoid", "Avoided", "AVOID", "caution", "cautions", "pregnancy", "nursing", "nurſing"],
    *["don't", "Don’t", "don", "t", "breast-feeding", "breast", "feeding", "shouldn't"],
    *[" ", ",", "-", "_", "'", "’", "\n", "(", "1", "K", "ſ", "é", "x"],
]


@given(st.lists(st.sampled_from(_KEYWORD_PIECES), max_size=12).map("".join))
@example("Don't use it")
@example("breast-feeding_x")
@settings(max_examples=1000, deadline=None)  # (the first example builds the lexicons)
def test_keywords_are_found_where_their_pattern_finds_them(text: str) -> None:
    """The word-set test of ``Keywords.found`` gives the pattern's answer (case, hyphens,
    apostrophes, non-ASCII letters)."""
    from pipeline.extract.conditions import vocab

    keywords = vocab().keywords
    assert keywords.found(text) == (keywords.pattern.search(text) is not None)


_TAIL_PIECES = [
    *["should", "Should", "MAY", "be", "and", "or", "but", "also", "is", "its", "sand", "x"],
    *[" ", "  ", ",", "\n", "\t", "\x1c", "(", "-", "ſ", "K", "é", "Patients with asthma"],
]


@given(st.lists(st.sampled_from(_TAIL_PIECES), max_size=10).map("".join))
@example("Patients with asthma should ")
@example("those who are pregnant or\n")
@settings(max_examples=1000, deadline=None)
def test_auxiliaries_at_a_subjects_end_go_as_their_pattern_removes_them(text: str) -> None:
    """``without_auxiliaries`` tries the pattern only where it can remove a word: the
    same result as the pattern's ``sub`` everywhere."""
    from pipeline.extract.grammar import grammar
    from pipeline.extract.prechecks import without_auxiliaries

    assert without_auxiliaries(text) == grammar().auxiliary_tail.sub("", text)


_WORDING_PIECES = [
    *["avoid", "Avoid", "pregnancy", "not", "NOT", "never", "breastfeed", "breast-feed", "no"],
    *["need", "Need", "become", "pregnant", "strictly", "nurſing", "nursing", "don't", "no-"],
    *["becoming", "Getting", "breastfeeding", "should be discontinued", "must be stopped"],
    *[" ", "  ", ",", "-", "_", "'", "\n", "(", ")", "\0", "1", "K", "é", "x"],
]


@given(st.lists(st.sampled_from(_WORDING_PIECES), max_size=12).map("".join))
@example("Women should avoid becoming pregnant")
@example("There is no need to avoid it")
@example("Do not breastfeed while using it")
@example("Never breast-feed")
@example("Breast-feeding should be discontinued")
@example("Patients should avoid getting pregnant")
@example("breastfeeding must be stopped")
@settings(max_examples=1000, deadline=None)
def test_wordings_are_found_where_their_patterns_find_them(text: str) -> None:
    """The word-set pre-checks (a wording naming its population, a negator) give the
    patterns' answers."""
    from pipeline.extract.conditions import vocab
    from pipeline.extract.grammar import grammar

    v = vocab()
    found, searched = v.population_wording(text), v.named_population.search(text)
    assert (found and found.span()) == (searched and searched.span())
    assert v.negators.found(text) == (grammar().negator_word.search(text) is not None)


_CLAUSE_PIECES = [
    *["based on", "Depending on", "depending", "and", "AND", "then", "stop", "consult", "x"],
    *["such as", "Including", "e.g.", "for example", "like", "for", "is", "ARE", "who were"],
    *[" ", ",", ".", "-", "'", "\n", "(", "ſ", "é", "asthma"],
]


@given(st.lists(st.sampled_from(_CLAUSE_PIECES), max_size=12).map("".join))
@example("asthma, and stop using it")
@example("dosing based on weight")
@example("heart conditions such as angina")
@example("infections (e.g. tuberculosis)")
@settings(max_examples=1000, deadline=None)
def test_clauses_and_examples_are_found_where_their_patterns_find_them(text: str) -> None:
    """An instruction or a manner clause, examples or a subject's verb are searched only in
    text holding their first word: the same match as the pattern's search."""
    from pipeline.extract.condition_sentences import _SUBJECT_VERB
    from pipeline.extract.conditions import vocab

    for clause in (vocab().instruction, vocab().manner, vocab().examples, _SUBJECT_VERB):
        found, searched = clause.search(text), clause.pattern.search(text)
        assert (found and found.span()) == (searched and searched.span())


_HEDGE_PIECES = [
    *["avoid", "unless", "Unless", "only if", "without", "consulting", "a doctor", "benefits"],
    *["outweigh", "x", " ", ";", ".", ",", "-", "\n", "ſ", "é", "(", ")"],
]


@given(st.lists(st.sampled_from(_HEDGE_PIECES), max_size=12).map("".join))
@example("avoid unless needed; x")
@example("avoid without consulting a doctor")
@settings(max_examples=1000, deadline=None)
def test_a_hedge_is_found_where_its_pattern_finds_one(text: str) -> None:
    """``hedged`` looks for a hedge in the wording's clause only in text holding the first
    word of one: the same answer as searching the clause."""
    from pipeline.extract.conditions import _CLAUSE_END, hedged, vocab

    at = text.find("avoid")
    if at < 0:
        return
    start, end = at, at + len("avoid")
    lo = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    hi = _CLAUSE_END.search(text, end)
    searched = vocab().hedge.search(text, lo, hi.start() if hi else len(text)) is not None
    assert hedged(text, start, end) == searched
