"""Side-effects extraction: one small fixture per layout feature of the spec."""

from __future__ import annotations

import pytest
from support import column, extract_text, plain


def se(body: str, title: str = "Testamol") -> list[dict[str, object]]:
    return extract_text(
        f"# {title}\n\n### Side Effects\n{body}\n\n### Precautions\nNone.\n"
    ).side_effects


def test_bullets_under_bold_groups_with_percentages() -> None:
    rows = se(
        "**Common Side Effects (occurring in more than 10% of patients):**\n\n* Headache\n* Cough\n\n"
        "**Less common (1-10%):**\n\n* Flushing (redness)\n"
    )
    assert plain(rows, "term", "frequency_band", "pct_low", "pct_high") == [
        ("headache", "very_common", 10.0, None),
        ("cough", "very_common", 10.0, None),
        ("flushing", "common", 1.0, 10.0),
    ]
    assert rows[2]["detail"] == "redness" and rows[2]["term_raw"] == "Flushing (redness)"
    assert column(rows, "line") == [6, 7, 11]


def test_comma_list_after_lead_in_label() -> None:
    rows = se(
        "* **Common:** nausea, headache, and dizziness.\n* **Rare but serious:** liver damage.\n"
    )
    assert plain(rows, "term", "frequency_band", "serious") == [
        ("nausea", "common", None),
        ("headache", "common", None),
        ("dizziness", "common", None),
        ("liver damage", "rare", True),
    ]


@pytest.mark.parametrize("sep", [", ", "; "])
def test_plain_label_over_a_list_in_a_paragraph(sep: str) -> None:
    rows = se(f"Common side effects: nausea{sep}headache{sep}dizziness.\n\nUncommon: tremor.")
    assert plain(rows, "term", "frequency_band") == [
        ("nausea", "common"),
        ("headache", "common"),
        ("dizziness", "common"),
        ("tremor", "uncommon"),
    ]


@pytest.mark.parametrize("parent", ["Precautions", "Warnings and Precautions", "Important"])
def test_side_effects_heading_under_an_advice_heading(parent: str) -> None:
    """The headings a side-effects section stands under are context, not advice over it."""
    text = f"# Testamol\n\n## {parent}\n\nTake care.\n\n### Side Effects\n* Nausea\n* Headache\n"
    assert plain(extract_text(text).side_effects, "term") == [("nausea",), ("headache",)]


def test_list_after_a_section_lead_in() -> None:
    """**Side Effects:** opens the section and its list on one line."""
    text = "# Testamol\n\n**Side Effects:** Nausea, headache.\n\n**Precautions:** None.\n"
    assert plain(extract_text(text).side_effects, "term") == [("nausea",), ("headache",)]


def test_a_percentage_after_the_term_is_the_items() -> None:
    rows = se("* Nausea 12%\n* Rash: 3%\n")
    assert plain(rows, "term", "pct_low", "frequency_band", "detail") == [
        ("nausea", 12.0, "very_common", "12%"),
        ("rash", 3.0, "common", "3%"),
    ]


def test_a_tail_wording_ending_the_sentence() -> None:
    """ "may occur" opens a list ("may occur: a, b") and ends one ("Rarely, X may occur.")."""
    rows = se("Common side effects include nausea and dizziness. Rarely, seizures may occur.")
    assert plain(rows, "term", "frequency_band") == [
        ("nausea and dizziness", "common"),
        ("seizures", "rare"),
    ]


def test_prose_list_with_frequency_words() -> None:
    rows = se(
        "Common side effects may include drowsiness, dizziness, headaches, and nausea. "
        "Less common but serious side effects include seizures and irregular heartbeat. "
        "It can increase the risk of autoimmune diseases and serious infections."
    )
    assert plain(rows, "term", "frequency_band", "serious") == [
        ("drowsiness", "common", None),
        ("dizziness", "common", None),
        ("headaches", "common", None),
        ("nausea", "common", None),
        # never on a bare "and" between single words ...
        ("seizures and irregular heartbeat", "uncommon", True),
        # ... but two multi-word phrases joined by "and" are two effects
        ("autoimmune diseases", "unknown", None),
        ("serious infections", "unknown", True),
    ]


def test_a_list_in_the_past_tense() -> None:
    # monographs of withdrawn drugs: "side effects (reported historically) included ..."
    rows = se(
        "Other side effects reported historically included gastrointestinal upset, allergic"
        " reactions, and kidney problems. Serious but less common side effects included"
        " liver damage."
    )
    assert plain(rows, "term", "frequency_band", "serious") == [
        ("gastrointestinal upset", "unknown", None),
        ("allergic reactions", "unknown", None),
        ("kidney problems", "unknown", None),
        ("liver damage", "uncommon", True),
    ]


@pytest.mark.parametrize(
    ("body", "terms"),
    [
        (
            "* Increased serum ALP, ALT, AST, and lipase levels",
            ["increased serum alp, alt, ast, and lipase levels"],
        ),
        (
            "* **Metabolic:** Decreased serum albumin, potassium, and sodium; hypokalemia.",
            ["decreased serum albumin, potassium, and sodium", "hypokalemia"],
        ),
        (
            "* Hepatic: Increased levels of ALT, AST, and bilirubin.",
            ["increased levels of alt, ast, and bilirubin"],
        ),
        # the analytes are one effect; effects of their own are not
        (
            "* Increased thirst, headache, nausea, and elevated blood calcium levels",
            ["increased thirst", "headache", "nausea", "elevated blood calcium levels"],
        ),
        (
            "* Increased blood pressure, headache, and dizziness",
            ["increased blood pressure", "headache", "dizziness"],
        ),
        (
            "* Decreased urine output, swelling, and weight gain",
            ["decreased urine output", "swelling", "weight gain"],
        ),
        (
            "* Increased urinary frequency, urgency, and incontinence",
            ["increased urinary frequency", "urgency", "incontinence"],
        ),
    ],
)
def test_a_lab_value_list_is_one_effect(body: str, terms: list[str]) -> None:
    assert [r["term"] for r in se(body)] == terms


@pytest.mark.parametrize(
    "body",
    [
        "* **Allergic reactions:** These can range from mild skin rashes to severe anaphylaxis.",
        "* Allergic reactions ranging from mild rash to severe anaphylaxis.",
    ],
)
def test_a_range_of_severity_is_no_list(body: str) -> None:
    # "ranging from A to B" says how severe the effect before it gets, and lists nothing
    assert [r["term"] for r in se(body)] == ["allergic reactions"]


def test_a_route_or_field_label_groups_its_effects() -> None:
    rows = se(
        "* **Oral administration:** Allergic reactions (rare) and stomach upset can occur.\n"
        "* **Topical:** Mild skin irritation at the application site."
    )
    assert [r["term"] for r in rows] == [
        "allergic reactions",
        "stomach upset",
        "mild skin irritation at the application site",
    ]


def test_a_sentence_referring_back_says_how_serious_the_items_are() -> None:
    rows = se(
        "* **Common:** Nausea, severe headache, dizziness. These are usually mild and transient.\n"
        "* **Cardiac:** Bradycardia, heart block. These can be life-threatening.\n"
        "* **Other:** Rash, itching. These can range from mild to severe."
    )
    assert plain(rows, "term", "serious") == [
        ("nausea", False),
        ("severe headache", True),  # its own word stands
        ("dizziness", False),
        ("bradycardia", True),
        ("heart block", True),
        ("rash", None),  # a range says nothing
        ("itching", None),
    ]


def test_an_intro_referring_back_takes_the_sentence_before() -> None:
    # "These can include:" opens the list for the sentence before it, which says how often
    # and how serious; "It is ..." would be the drug, not that sentence
    rows = se(
        "Common side effects are generally mild and localized to the application site."
        " These can include:\n\n* Skin irritation\n* Burning sensation\n"
    )
    assert plain(rows, "term", "frequency_band", "serious") == [
        ("skin irritation", "common", False),
        ("burning sensation", "common", False),
    ]


def test_plain_intro_line_labels_the_list() -> None:
    rows = se("Less common, but potentially serious side effects:\n\n* Confusion\n* Hives\n")
    assert plain(rows, "term", "frequency_band", "serious") == [
        ("confusion", "uncommon", True),
        ("hives", "uncommon", True),
    ]


def test_item_words_override_group() -> None:
    rows = se("**Less common:**\n\n* Liver damage (rare but potentially serious)\n* Mild rash\n")
    assert plain(rows, "term", "frequency_band", "serious", "frequency_text") == [
        ("liver damage", "rare", True, "rare"),
        ("mild rash", "uncommon", False, "Less common"),
    ]


def test_effect_as_lead_in_is_one_item_with_detail() -> None:
    rows = se("* **Dryness:** very dry skin and lips\n* **Peeling:** flaking of the skin\n")
    assert plain(rows, "term", "detail") == [
        ("dryness", "very dry skin and lips"),
        ("peeling", "flaking of the skin"),
    ]


def test_categories_and_nested_lists() -> None:
    rows = se(
        "* **Gastrointestinal:**\n  * Nausea\n  * Diarrhea\n* **Allergic reactions:** rash, hives\n"
    )
    assert plain(rows, "term", "category") == [
        ("nausea", "gastrointestinal"),
        ("diarrhea", "gastrointestinal"),
        ("rash", "allergic reactions"),
        ("hives", "allergic reactions"),
    ]


def test_never_split_on_bare_and_in_bullets() -> None:
    rows = se("* Nausea and vomiting\n* Swelling of the face, lips, tongue, or throat\n")
    assert column(rows, "term") == [
        "nausea and vomiting",
        "swelling of the face, lips, tongue, or throat",
    ]


def test_advice_and_notes_are_not_items() -> None:
    rows = se(
        "* Headache\n\n**Important:** Stop the drug if you faint.\n\n"
        "If you experience any side effects, contact your doctor. "
        "While rare, more severe reactions are possible.\n"
    )
    assert column(rows, "term") == ["headache"]


def test_combination_components_from_labels_and_sub_headings() -> None:
    text = (
        "# Alphazine + Betacort\n\n### Side Effects\n**Alphazine:**\n\n* Nausea\n\n"
        "**Betacort:** Common side effects include acne, and thirst.\n\n"
        "#### Betacort side effects\n* Insomnia\n"
    )
    rows = extract_text(text).side_effects
    assert plain(rows, "term", "component") == [
        ("nausea", "alphazine"),
        ("acne", "betacort"),
        ("thirst", "betacort"),
        ("insomnia", "betacort"),
    ]


def test_label_naming_the_whole_product_sets_no_component() -> None:
    text = "# Alphazine + Betacort\n\n### Side Effects\nCommon side effects of Alphazine + Betacort include:\n\n* Nausea\n"
    assert plain(extract_text(text).side_effects, "term", "component", "frequency_band") == [
        ("nausea", None, "common")
    ]


def test_sections_that_are_not_sources_are_ignored() -> None:
    text = "# T\n\n### Summary\nCommon side effects include nausea.\n\n### FAQs\n* **Q: Rash?** A: Rash is rare.\n"
    result = extract_text(text)
    assert result.side_effects == []
    assert "no_side_effects_section" in column(result.issues, "code")


def test_rarely_sentence_and_trailing_reported() -> None:
    rows = se(
        "Rarely, allergic reactions can occur. Cardiac failure and dizziness have been reported."
    )
    assert plain(rows, "term", "frequency_band") == [
        ("allergic reactions", "rare"),
        ("cardiac failure and dizziness", "unknown"),
    ]


def test_heading_with_content_after_colon_and_no_headings_layout() -> None:
    text = "# T\n\n* **Usage:** For pain.\n* **Side Effects:** Common side effects include nausea, rash.\n"
    assert column(extract_text(text).side_effects, "term") == ["nausea", "rash"]


@pytest.mark.parametrize(
    "text",
    [
        "* **Serious side effects:** Seizures, fainting. These require urgent medical attention.",
        "* **Allergic reactions:** In rare cases, severe reactions, such as swelling or wheezing,"
        " can occur.",
    ],
)
def test_a_clause_after_the_list_is_no_effect(text: str) -> None:
    terms = column(se(text), "term")
    assert terms and all(not t.startswith(("these", "can ")) for t in terms), terms


def test_table_columns_say_what_each_cell_is() -> None:
    """The effects column gives the items; frequency, seriousness and system columns label
    them, whichever column comes first; other columns are details."""
    rows = se(
        "| Side effect | Frequency | Severity | Notes |\n|---|---|---|---|\n"
        "| Nausea | Common | Mild | Take with food |\n| Back pain | 4% | | |\n\n"
        "| Body system | Side effect | Frequency |\n|---|---|---|\n"
        "| Skin | Rash, itching | Uncommon |\n"
    )
    assert plain(rows, "term", "frequency_band", "serious", "category", "detail") == [
        ("nausea", "common", False, None, "Take with food"),
        ("back pain", "common", None, None, None),
        ("rash", "uncommon", None, "skin", None),
        ("itching", "uncommon", None, "skin", None),
    ]


def test_a_component_column_names_the_rows_component() -> None:
    """In a combination's table, a Component column sets ``component`` (a cell naming no
    single component, "Both", sets none) and is no detail."""
    text = (
        "# Zelfarin + Tromboxil\n\n## Side Effects\n"
        "| Side effect | Component | Frequency |\n|---|---|---|\n"
        "| Edema | Zelfarin | Common |\n| Cough | Both | Rare |\n"
    )
    rows = extract_text(text).side_effects
    assert plain(rows, "component", "term", "detail", "frequency_band") == [
        ("zelfarin", "edema", None, "common"),
        (None, "cough", None, "rare"),
    ]


def test_a_percentage_phrase_after_the_term_is_the_items() -> None:
    rows = se(
        "* Dizziness in 2% of patients\n* Tremor, seen in less than 1% of people\n"
        "* Headache in about 3-5%\n* Swelling in the legs\n"
    )
    assert plain(rows, "term", "pct_low", "pct_high", "frequency_band") == [
        ("dizziness", 2.0, 2.0, "common"),
        ("tremor", None, 1.0, "uncommon"),
        ("headache", 3.0, 5.0, "common"),
        ("swelling in the legs", None, None, "unknown"),
    ]


def test_one_name_per_line_without_bullets() -> None:
    """Lines under an intro, each a short name, are items; wrapped prose is not."""
    rows = se(
        "Common side effects:\nNausea\nHeadache\n\n**Rare:**\nSeizures\nLiver damage\n\n"
        "Testamol is usually well tolerated by\nmost people and its effects are\nmild.\n"
    )
    assert plain(rows, "term", "frequency_band", "line") == [
        ("nausea", "common", 5),
        ("headache", "common", 6),
        ("seizures", "rare", 9),
        ("liver damage", "rare", 10),
    ]


def test_an_intro_line_continuing_a_bullet_opens_the_next_items() -> None:
    """ "* Tremor" then "Less common effects include:" without a blank line: markdown makes
    the line part of the bullet; it labels the bullets after it."""
    rows = se("Common effects include:\n\n* Tremor\nLess common effects include:\n* Rash\n")
    assert plain(rows, "term", "frequency_band", "line") == [
        ("tremor", "common", 6),
        ("rash", "uncommon", 8),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Most patients tolerate it well.\nStop if rash.",
        "Tell your doctor right away.\nCall the poison line.",
    ],
)
def test_short_sentences_on_their_own_lines_are_no_list(body: str) -> None:
    assert se(body) == []


def test_a_wrapped_bullet_ending_in_a_colon_is_no_intro() -> None:
    rows = se("* Contact your doctor if you notice\nany of the following:\n* Seizures")
    assert plain(rows, "term", "category") == [("seizures", None)]


def test_component_names_lose_the_label_words_around_them() -> None:
    text = (
        "# Alphazine + Betacort\n\n### Side Effects\nCommon side effects of Alphazine include:\n\n"
        "* Nausea\n\n* *Betacort-related:* acne, thirst.\n\n**From Alphazine (serious):** seizures\n\n"
        "**Betacort, as a topical:** itching\n\n**Alphazine + Betacort together:** rash, hives\n\n"
        "**Other:** fatigue\n"
    )
    rows = extract_text(text).side_effects
    assert plain(rows, "term", "component", "category") == [
        ("nausea", "alphazine", None),
        ("acne", "betacort", None),
        ("thirst", "betacort", None),
        ("seizures", "alphazine", None),
        ("itching", "betacort", None),
        ("rash", None, None),
        ("hives", None, None),
        ("fatigue", None, "other"),
    ]


def test_care_sought_without_delay_says_serious() -> None:
    text = (
        "# T\n\n### Side Effects\nConsult a doctor immediately if you experience:\n\n* Fainting\n\n"
        "Tell your doctor right away if you notice:\n\n* Dark urine\n\n"
        "If you have any of these, call 911:\n\n* Chest pain\n\n"
        "Other effects:\n\n* Blurred vision immediately after use\n* Muscle pain - report it at once\n"
    )
    rows = extract_text(text).side_effects
    assert plain(rows, "term", "serious") == [
        ("fainting", True),
        ("dark urine", True),
        ("chest pain", True),
        ("blurred vision immediately after use", None),
        ("muscle pain", True),
    ]


def test_a_section_heading_is_no_category_unless_it_names_a_group() -> None:
    text = (
        "# Zentoprin\n\n## Unwanted effects of Zentoprin\n\n* Nausea\n\n"
        "## 4.8 Gastrointestinal side effects\n\n* Bloating\n\nSide effects\n---\n\n* Rash\n"
    )
    rows = extract_text(text).side_effects
    assert plain(rows, "term", "category") == [
        ("nausea", None),
        ("bloating", "gastrointestinal side effects"),
        ("rash", None),
    ]


def test_sentence_labels_give_no_category() -> None:
    rows = se(
        "Side effects included:\n\n* Nausea\n\nThese require immediate medical attention:\n\n"
        "* Fainting\n\nSeek medical advice if you experience:\n\n* Chest pain\n\n"
        "Skin reactions:\n\n* Rash\n"
    )
    assert plain(rows, "term", "category", "serious") == [
        ("nausea", None, None),
        ("fainting", None, True),
        ("chest pain", None, None),
        ("rash", "skin reactions", None),
    ]


def test_a_group_label_over_no_list_is_the_effect() -> None:
    rows = se(
        "* **Allergic reactions:** Rare, but can be life-threatening.\n"
        "* **Liver problems**\n* **Gastrointestinal:** Generally mild.\n"
    )
    assert plain(rows, "term", "frequency_band", "serious") == [
        ("allergic reactions", "rare", True),
        ("liver problems", "unknown", None),
    ]


def test_a_long_bullet_of_names_is_a_list() -> None:
    rows = se(
        "* Nausea, loss of appetite (anorexia), blurred vision, itchy red skin, dry mouth\n"
        "* Swelling of the face, lips, tongue, or throat\n"
        "* Changes in sodium, potassium, and calcium levels\n"
        "* Endocrine and metabolic: weight gain, thirst, low sodium\n"
        "* Low blood sugar: shakiness, sweating, hunger\n"
    )
    assert plain(rows, "term", "category") == [
        ("nausea", None),
        ("loss of appetite", None),
        ("blurred vision", None),
        ("itchy red skin", None),
        ("dry mouth", None),
        ("swelling of the face, lips, tongue, or throat", None),
        ("changes in sodium, potassium, and calcium levels", None),
        ("weight gain", "endocrine and metabolic"),
        ("thirst", "endocrine and metabolic"),
        ("low sodium", "endocrine and metabolic"),
        ("low blood sugar", None),
    ]


def test_list_tails_with_a_degree_adverb() -> None:
    rows = se(
        "Cramps, bloating, or loose stools are relatively common.\n\n"
        "Hiccups and yawning are among the most often reported side effects.\n"
    )
    assert plain(rows, "term", "frequency_band") == [
        ("cramps", "common"),
        ("bloating", "common"),
        ("loose stools", "common"),
        ("hiccups and yawning", "common"),
    ]


def test_a_component_label_of_symbols_and_a_name_does_not_break_the_file() -> None:
    result = extract_text("# Drugx + Drugy\n## Side Effects\n* **• – Drugx:** nausea, rash\n")
    assert result.monograph["status"] == "ok"
    assert plain(result.side_effects, "term", "component") == [
        ("nausea", "drugx"),
        ("rash", "drugx"),
    ]


@pytest.mark.parametrize(
    "bullet",
    [
        "* Severe allergic reactions characterized by fever, rash, swollen face, and organ damage.",
        "* For the first few days, mild nausea, headache, dizziness",
        "* Rash that spreads, blisters, peels, or involves the mouth or eyes",
    ],
)
def test_a_long_bullet_of_prose_stays_one_item(bullet: str) -> None:
    assert len(se(bullet)) == 1


def test_body_parts_after_a_phrase_complete_it() -> None:
    """ "swelling of the face, lips, or tongue" is one effect; "hives" after it is another."""
    rows = se(
        "Allergic reactions may include rash, swelling of the face, lips, or tongue, and hives."
    )
    assert column(rows, "term") == ["rash", "swelling of the face, lips, or tongue", "hives"]


def test_an_organ_system_label_over_one_item() -> None:
    rows = se(
        "* Neuromuscular and skeletal: Back pain.\n* **Endocrine & metabolic:** Weight gain\n"
    )
    assert plain(rows, "term", "category") == [
        ("back pain", "neuromuscular and skeletal"),
        ("weight gain", "endocrine and metabolic"),
    ]


def test_plain_label_lines_in_one_paragraph() -> None:
    """Lines that each open with a label are read one by one, each on its own line;
    a label may end in a parenthetical frequency."""
    rows = se(
        "Frequent: anxiety, insomnia.\nOccasional: tics.\nRare (<0.1%): psychosis.\n\n"
        "Very common (≥1/10): headache.\n\n* Lactic acidosis (rare but serious): fatigue\n"
    )
    assert plain(rows, "term", "frequency_band", "line") == [
        ("anxiety", "common", 4),
        ("insomnia", "common", 4),
        ("tics", "uncommon", 5),
        ("psychosis", "rare", 6),
        ("headache", "very_common", 8),
        ("lactic acidosis", "rare", 10),
    ]


def test_bold_italic_and_italic_lead_ins() -> None:
    rows = se("* ***Rare*** – hepatitis, pancreatitis.\n* *Common:* nausea\n")
    assert plain(rows, "term", "frequency_band") == [
        ("hepatitis", "rare"),
        ("pancreatitis", "rare"),
        ("nausea", "common"),
    ]


def test_tables_with_frequency_columns() -> None:
    """Bands as columns, a rate column (percent in the header or the cell), a placebo's
    rate left out."""
    rows = se(
        "| Organ class | Common | Rare |\n|---|---|---|\n| Nervous system | Headache | Seizure |\n\n"
        "| Adverse event | Incidence (%) |\n|---|---|\n| Nausea | 6 |\n\n"
        "| Adverse reaction | Placebo % | Testamol % |\n|---|---|---|\n| Myalgia | 1 | 5 |\n\n"
        "| Adverse event | Testamol (n=200) | Placebo (n=198) |\n|---|---|---|\n| Rash | 0.5% | 1% |\n"
    )
    assert plain(rows, "term", "frequency_band", "pct_low", "category", "detail") == [
        ("headache", "common", None, "nervous system", None),
        ("seizure", "rare", None, "nervous system", None),
        ("nausea", "common", 6.0, None, None),
        ("myalgia", "common", 5.0, None, None),
        ("rash", "uncommon", 0.5, None, None),
    ]


def test_terms_defined_in_paragraphs() -> None:
    """ "Nausea — usually mild.": a paragraph written like an item, one per line too; a
    label over a list stays a label."""
    rows = se(
        "Nausea — usually mild.\nHeadache: may occur at the start.\n\n"
        "Bone marrow suppression: serious; get help at once.\n"
    )
    assert plain(rows, "term", "detail", "serious") == [
        ("nausea", "usually mild", False),
        ("headache", "may occur at the start", None),
        ("bone marrow suppression", "serious; get help at once", True),
    ]


def test_a_clause_opening_with_its_own_frequency_is_its_own_list() -> None:
    rows = se(
        "The effects most often reported were somnolence, dry mouth and weight gain, while "
        "less frequently patients experienced tremor, rash, or urinary retention. Hiccups, while "
        "infrequent, are possible.\n"
    )
    assert plain(rows, "term", "frequency_band") == [
        ("somnolence", "common"),
        ("dry mouth", "common"),
        ("weight gain", "common"),
        ("tremor", "uncommon"),
        ("rash", "uncommon"),
        ("urinary retention", "uncommon"),
        ("hiccups", "uncommon"),
    ]


def test_a_list_after_a_colon_and_trailing_conjunctions() -> None:
    rows = se(
        "The following side effects have been reported: nausea, headache, and dizziness.\n\n"
        "Common side effects may include:\n\n* joint pain;\n* rash; or\n* fever.\n\n"
        "Like all medicines, Testamol can cause side effects.\n"
    )
    assert column(rows, "term") == [
        "nausea",
        "headache",
        "dizziness",
        "joint pain",
        "rash",
        "fever",
    ]


@pytest.mark.parametrize(
    ("body", "terms"),
    [
        # the list after a colon that opens with its own trigger
        (
            "Rare side effects: These include infections, neurotoxicity, and hyperkalemia.",
            ["infections", "neurotoxicity", "hyperkalemia"],
        ),
        # a note's topic is no effect; its list is read
        ("Long-term use: may cause bone thinning.", ["bone thinning"]),
        ("Children: higher rates of vomiting were seen.", []),
        # a bold line whose sentence goes on below it
        (
            "**Testamol**\nmay cause drowsiness, dizziness, and dry mouth.",
            ["drowsiness", "dizziness", "dry mouth"],
        ),
        # a wrapped list is no set of label lines
        (
            "Rare: anaphylaxis, hepatitis,\nDRESS - a drug rash - and pancreatitis.",
            ["anaphylaxis", "hepatitis", "dress", "pancreatitis"],
        ),
    ],
)
def test_review_round_three(body: str, terms: list[str]) -> None:
    assert column(se(body), "term") == terms


def test_an_aside_keeps_the_sentences_seriousness() -> None:
    rows = se("Serious side effects, while uncommon, can include liver failure and seizures.")
    assert plain(rows, "term", "serious") == [("liver failure and seizures", True)]


def test_advice_whose_colon_opens_signs() -> None:
    rows = se(
        "Get emergency medical help if you have **signs of an allergic reaction:** hives; "
        "difficult breathing; swelling of your face or throat.\n"
    )
    assert plain(rows, "term", "serious") == [
        ("hives", True),
        ("difficult breathing", True),
        ("swelling of your face or throat", True),
    ]


def test_leaflet_prose_with_people_get() -> None:
    rows = se(
        "Some people get a mild headache. A few people get stomach cramps. "
        "Very rarely it causes liver inflammation.\n"
    )
    assert plain(rows, "term", "frequency_band") == [
        ("mild headache", "unknown"),
        ("stomach cramps", "unknown"),
        ("liver inflammation", "very_rare"),
    ]


def test_a_sentence_adverb_is_no_effect() -> None:
    got = extract_text(
        "# Testamol\n\n### Side Effects\nCommon side effects are generally mild. However,"
        " serious side effects, though rare, are possible.\n"
    ).side_effects
    assert "however" not in [row["term"] for row in got]


@pytest.mark.parametrize(
    ("bullet", "expected"),
    [
        # a bare comma between two names lists two effects
        ("Weight loss, decreased libido", ["weight loss", "decreased libido"]),
        ("Pruritus (itching), erythema (redness)", ["pruritus", "erythema"]),
        # modifiers of one noun, an aside, a clause: one effect
        ("Black, tarry stools", ["black"]),
        ("Jaundice, indicating potential liver problems", ["jaundice"]),
        ("PML, a rare brain infection", ["pml"]),
    ],
)
def test_two_names_after_a_bare_comma(bullet: str, expected: list[str]) -> None:
    got = extract_text(f"# Testamol\n\n### Side Effects\n* {bullet}\n").side_effects
    # (the first word of each row: a row kept whole starts like its bullet)
    assert [str(row["term"]).split(",")[0].split()[0] for row in got] == [
        e.split()[0] for e in expected
    ]
    assert len(got) == len(expected)


@pytest.mark.parametrize(
    ("bullet", "expected"),
    [
        # commas and no conjunction list names, however many
        (
            "Increased liver enzyme levels, hyperbilirubinemia (raised bilirubin), jaundice",
            ["increased liver enzyme levels", "hyperbilirubinemia", "jaundice"],
        ),
        # one-word modifiers before a noun share it; a colon's list is the effect's signs
        ("Longer, thicker, darker eyelashes", ["longer, thicker, darker eyelashes"]),
        (
            "Lactic acidosis (rare but serious): muscle weakness, fatigue, chills",
            ["lactic acidosis"],
        ),
    ],
)
def test_names_after_bare_commas(bullet: str, expected: list[str]) -> None:
    got = extract_text(f"# Testamol\n\n### Side Effects\n* {bullet}\n").side_effects
    assert [row["term"] for row in got] == expected


@pytest.mark.parametrize(
    ("bullet", "term", "detail"),
    [
        # the item's first short sentence names the effect; the rest explains it
        (
            "Pancreatitis (inflamed pancreas). Symptoms include severe abdominal pain.",
            "pancreatitis",
            "inflamed pancreas; Symptoms include severe abdominal pain",
        ),
        # a participle or adverb after a comma opens what explains the effect
        ("Severe neutropenia, increasing the risk of infection", "severe neutropenia", None),
        ("Severe liver damage, potentially fatal", "severe liver damage", None),
        ("Hypocalcemia, despite the calcium in the solution", "hypocalcemia", None),
        ("Severe anemia requiring blood transfusion", "severe anemia", None),
    ],
)
def test_what_explains_an_effect_is_its_detail(bullet: str, term: str, detail: str | None) -> None:
    got = extract_text(f"# Testamol\n\n### Side Effects\n* {bullet}\n").side_effects
    assert [row["term"] for row in got] == [term]
    if detail is not None:
        assert got[0]["detail"] == detail


@pytest.mark.parametrize(
    "sentence",
    [
        "Testamol can cause various side effects, ranging from mild to severe.",
        "Testamol can cause a range of side effects, varying in frequency and severity.",
        "Rare but serious side effects, including stroke, have been reported.",
    ],
)
def test_clause_debris_in_prose_is_no_effect(sentence: str) -> None:
    """A verb or participle opening a clause, and how often or how bad as a topic, are
    the sentence's words, never effects; the effects it names still are."""
    got = extract_text(f"# Testamol\n\n### Side Effects\n{sentence}\n").side_effects
    terms = [row["term"] for row in got]
    assert not any(t.split()[0] in {"ranging", "varying", "have", "severity"} for t in terms)
    assert ("stroke" in terms) == ("stroke" in sentence)


@pytest.mark.parametrize(
    ("bullet", "expected"),
    [
        # nouns before a final noun phrase are names of their own
        ("Nausea, vomiting, abdominal pain", ["nausea", "vomiting", "abdominal pain"]),
        ("Red, itchy, swollen skin", ["red, itchy, swollen skin"]),
        # a site phrase ending the list is each reaction's site
        (
            "Pain, redness, and swelling at the injection site",
            [
                "pain at the injection site",
                "redness at the injection site",
                "swelling at the injection site",
            ],
        ),
        ("Headache, dizziness, pain in the legs", ["headache", "dizziness", "pain in the legs"]),
    ],
)
def test_shared_words_of_a_bullet_list(bullet: str, expected: list[str]) -> None:
    got = extract_text(f"# Testamol\n\n### Side Effects\n* {bullet}\n").side_effects
    assert [row["term"] for row in got] == expected


def test_an_unknown_label_is_a_component_only_when_written_like_one() -> None:
    """In a combination, a label over a list that no component name contains is a component
    when it reads like a substance's short name ("CoQ10") or shares a word with one
    ("Vitamin D3"); an effect over its list ("Eye irritation") is a group, never a component."""
    text = (
        "# Coenzyme Q + Vitamin D\n\n### Side Effects\n"
        "* **CoQ10:** Nausea, heartburn.\n"
        "* **Vitamin D3:** Thirst, constipation.\n"
        "* **Eye irritation:** Burning, stinging.\n"
    )
    rows = extract_text(text).side_effects
    assert plain(rows, "term", "component", "category") == [
        ("nausea", "coq10", None),
        ("heartburn", "coq10", None),
        ("thirst", "vitamin d3", None),
        ("constipation", "vitamin d3", None),
        ("burning", None, "eye irritation"),
        ("stinging", None, "eye irritation"),
    ]


def test_a_component_label_over_a_sentence_listing_effects() -> None:
    """ "**DHEA:** Possible side effects include acne, oily skin": the label written like a
    component's short name is the component, the sentence its list."""
    text = (
        "# Dehydroepiandrosterone + Melatonin\n\n### Side Effects\n"
        "* **DHEA:** Possible side effects include acne, oily skin, and mood changes.\n"
    )
    rows = extract_text(text).side_effects
    assert plain(rows, "term", "component") == [
        ("acne", "dhea"),
        ("oily skin", "dhea"),
        ("mood changes", "dhea"),
    ]


def test_a_simile_after_a_comma_is_the_items_detail() -> None:
    """ "a light-headed feeling, like you might pass out": the simile's verb is not the
    item's (no sentence to read) and a simile is no effect of its own."""
    rows = se(
        "Call your doctor at once if you have:\n\n"
        "* a light-headed feeling, like you might pass out;\n"
        "* severe stomach pain, like a burning feeling.\n"
    )
    assert plain(rows, "term") == [("light-headed feeling",), ("severe stomach pain",)]


def test_these_are_rare_after_a_list_is_the_items_own_frequency() -> None:
    """ "A, B. These are common.": the frequency words of a sentence referring back are the
    listed items' own, over their group's; a range ("from common to rare") says none."""
    rows = se(
        "* **Gastrointestinal Issues:** Constipation, diarrhea. These are common, especially"
        " with higher doses.\n"
        "* **Less Common but Serious:** Allergic reactions (rash, itching). These are rare but"
        " need medical attention.\n"
        "* **Skin:** Rash, itching. These range from common to rare.\n"
    )
    assert plain(rows, "term", "frequency_band") == [
        ("constipation", "common"),
        ("diarrhea", "common"),
        ("allergic reactions", "rare"),
        ("rash", "unknown"),
        ("itching", "unknown"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one long first element among short ones after a group lead-in: still a list
        (
            "* **Common Side Effects:** Temporary burning or stinging sensation at the"
            " application site, redness, skin irritation, warmth.",
            [
                "temporary burning or stinging sensation at the application site",
                "redness",
                "skin irritation",
                "warmth",
            ],
        ),
        # ... never a clause ("The risks depend on A, B, and C")
        (
            "* **Combined Use:** The specific risks of combined use depend on the patient's"
            " overall health status, other medications taken, and the dosage.",
            [],
        ),
    ],
)
def test_one_long_element_after_a_lead_in(text: str, expected: list[str]) -> None:
    assert column(se(text), "term") == expected
