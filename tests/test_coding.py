"""Coding wordings to concepts: the grouping principles, compounds, HPO ids, the lexicon."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from pipeline import coding, lexicon
from pipeline.coding import Coder
from pipeline.ontology import Hpo


@pytest.fixture(scope="module")
def coder() -> Coder:
    return coding.coder()


def same(c: Coder, a: str, b: str, domain: str = "side_effects") -> bool:
    ca, cb = c.code(a, domain), c.code(b, domain)
    return bool(ca) and ca == cb


# Number, word order, spelling, lay vs medical wording: one concept.
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("itching", "pruritus"),
        ("hives", "urticaria"),
        ("high blood pressure", "hypertension"),
        ("fast heartbeat", "tachycardia"),
        ("liver damage", "hepatotoxicity"),
        ("skin rash", "rash"),
        ("upset stomach", "stomach upset"),
        ("headaches", "headache"),
        ("diarrhoea", "diarrhea"),
        ("Light-headedness", "dizziness"),
    ],
)
def test_wordings_of_one_concept_share_it(coder: Coder, a: str, b: str) -> None:
    assert same(coder, a, b), (a, coder.code(a), b, coder.code(b))


# Severity, frequency and time modifiers do not matter.
@pytest.mark.parametrize(
    ("a", "b", "domain"),
    [
        ("severe allergic reactions", "allergic reactions", "side_effects"),
        ("mild headache", "headache", "side_effects"),
        ("temporary blurred vision", "blurred vision", "side_effects"),
        ("rare but serious liver damage", "liver damage", "side_effects"),
        ("history of seizures", "seizures", "conditions"),
        ("uncontrolled hypertension", "hypertension", "conditions"),
        ("pre-existing kidney disease", "kidney disease", "conditions"),
        ("active peptic ulcers", "peptic ulcer", "conditions"),
    ],
)
def test_modifiers_do_not_matter(coder: Coder, a: str, b: str, domain: str) -> None:
    assert same(coder, a, b, domain), (a, coder.code(a, domain), b, coder.code(b, domain))


# Site, kind and direction do.
@pytest.mark.parametrize(
    ("a", "b", "domain"),
    [
        ("rash", "injection site rash", "side_effects"),
        ("pain", "pain at the injection site", "side_effects"),
        ("anaphylaxis", "allergic reaction", "side_effects"),
        ("weight gain", "weight loss", "side_effects"),
        ("increased appetite", "decreased appetite", "side_effects"),
        ("hypotension", "hypertension", "side_effects"),
        ("narrow-angle glaucoma", "glaucoma", "conditions"),
        ("acute kidney injury", "kidney problems", "side_effects"),
        # kind: discomfort and cramps are not pain, a tendency is not the event
        ("chest discomfort", "chest pain", "side_effects"),
        ("abdominal cramps", "abdominal pain", "side_effects"),
        ("abdominal discomfort", "abdominal pain", "side_effects"),
        ("anaphylactoid reactions", "anaphylaxis", "side_effects"),
        ("leg cramps", "muscle spasms", "side_effects"),
        ("decreased hemoglobin", "anemia", "side_effects"),
        ("acneiform eruptions", "acne", "side_effects"),
        ("increased risk of bleeding", "bleeding", "side_effects"),
        ("upset stomach", "indigestion", "side_effects"),
        ("gastrointestinal problems", "upset stomach", "conditions"),
        ("heart disease", "cardiovascular disease", "conditions"),
        ("changes in vision", "visual impairment", "side_effects"),
        ("difficulty urinating", "painful urination", "side_effects"),
    ],
)
def test_site_kind_and_direction_matter(coder: Coder, a: str, b: str, domain: str) -> None:
    ca, cb = coder.code(a, domain), coder.code(b, domain)
    assert ca and cb and ca != cb, (a, ca, b, cb)


def test_conditions_group_by_what_restricts_use(coder: Coder) -> None:
    kidney = {
        coder.code(w, "conditions")
        for w in (
            "kidney disease",
            "renal impairment",
            "impaired kidney function",
            "kidney problems",
        )
    }
    assert len(kidney) == 1 and next(iter(kidney))
    drug_allergy = {
        coder.code(w, "conditions")
        for w in (
            "hypersensitivity to isotretinoin",
            "allergic to any of its ingredients",
            "hypersensitivity",
        )
    }
    assert len(drug_allergy) == 1 and next(iter(drug_allergy))


@pytest.mark.parametrize(
    ("text", "domain", "parts"),
    [
        ("nausea and vomiting", "side_effects", ("nausea", "vomiting")),
        ("fast or irregular heartbeat", "side_effects", ("fast heartbeat", "irregular heartbeat")),
        ("liver or kidney disease", "conditions", ("liver disease", "kidney disease")),
        ("weakness/fatigue", "side_effects", ("weakness", "fatigue")),
        (
            "swelling of the face or lips",
            "side_effects",
            ("swelling of the face", "swelling of the lips"),
        ),
        (
            "swelling of the face, lips, tongue, or throat",
            "side_effects",
            ("facial swelling", "lip swelling", "tongue swelling", "throat swelling"),
        ),
        ("burning or stinging sensation", "side_effects", ("burning sensation", "stinging")),
        (
            "burning or stinging sensation in the eye",
            "side_effects",
            ("burning sensation in the eyes", "stinging in the eyes"),
        ),
        ("changes in mood or behavior", "side_effects", ("mood changes", "behavioral changes")),
        ("numbness or tingling", "side_effects", ("numbness", "tingling")),
        (
            "burning or stinging sensation at the application site",
            "side_effects",
            ("application site burning", "application site stinging"),
        ),
        (
            "increased risk of bleeding or bruising",
            "side_effects",
            ("bleeding tendency", "easy bruising"),
        ),
        ("increased risk of heart attack or stroke", "side_effects", ("heart attack", "stroke")),
    ],
)
def test_an_item_naming_several_concepts_gets_each(
    coder: Coder, text: str, domain: str, parts: tuple[str, ...]
) -> None:
    expected = tuple(dict.fromkeys(c for p in parts for c in coder.code(p, domain)))
    assert len(expected) == len(set(parts)) or len(parts) == 1
    assert coder.code(text, domain) == expected


@pytest.mark.parametrize(
    ("text", "hpo_id"),
    [
        ("itching", "HP:0000989"),
        ("headache", "HP:0002315"),
        ("hives", "HP:0001025"),
        ("shortness of breath", "HP:0002094"),
        ("low platelet count", "HP:0001873"),
    ],
)
def test_hpo_id_where_hpo_has_the_concept(coder: Coder, text: str, hpo_id: str) -> None:
    assert coder.code(text) == (hpo_id,)
    concept = coder.concept(hpo_id)
    assert concept.source == "hpo" and concept.hpo_id == hpo_id and concept.category


@pytest.mark.parametrize(
    ("text", "domain", "hpo_id"),
    [
        ("abdominal cramps", "side_effects", "HP:0032155"),
        ("bruising", "side_effects", "HP:0031364"),  # Ecchymosis, not Bruising susceptibility
        ("easy bruising", "side_effects", "HP:0000978"),
        ("interstitial lung disease", "side_effects", "HP:0006530"),
        ("exfoliative dermatitis", "side_effects", "HP:0001019"),  # EXACT, misspelled in HPO
        ("hyperpigmentation", "side_effects", "HP:0000953"),
        ("renal impairment", "side_effects", "HP:0012211"),
        ("liver problems", "side_effects", "HP:0001410"),
        ("hepatic impairment", "conditions", "HP:0001410"),
        ("coronary artery disease", "conditions", "HP:0001677"),
        ("swelling of the lips", "side_effects", "HP:0031244"),
    ],
)
def test_hpo_id_where_hpo_names_the_concept_exactly(
    coder: Coder, text: str, domain: str, hpo_id: str
) -> None:
    assert coder.code(text, domain) == (hpo_id,)


@pytest.mark.parametrize(
    ("text", "hpo_id"),
    [
        ("increased risk of infection", "HP:0002719"),  # Susceptibility to infection
        ("increased bleeding risk", "HP:0001892"),  # Bleeding tendency
        ("prone to bleeding", "HP:0001892"),
    ],
)
def test_a_risk_names_the_tendency_where_there_is_a_term_for_it(
    coder: Coder, text: str, hpo_id: str
) -> None:
    assert coder.code(text) == (hpo_id,)


def test_a_risk_without_a_tendency_term_is_the_event(coder: Coder) -> None:
    assert coder.code("increased risk of skin infections") == coder.code("skin infections")
    assert coder.code("risk of fractures") == coder.code("fractures")


# Wordings of project concepts that HPO's names and EXACT synonyms also hold, kept on
# purpose: HPO's term is narrower than the wording ("brain inflammation" is not only
# infectious encephalitis; "stomach problems" are not only a malformed stomach, nor heart
# disease only Abnormal heart morphology, EXACT "Abnormality of the heart").
_SHADOW_KEPT = {
    ("MGP:0302", "brain inflammation"),
    ("MGP:0529", "stomach problems"),
    ("MGP:0546", "*"),  # every wording of Heart disease
}


def test_a_class_allergy_is_its_own_condition(coder: Coder) -> None:
    nsaids = coder.code("hypersensitivity to other nsaids", "conditions")
    assert nsaids == coder.code("allergy to NSAIDs", "conditions")
    assert nsaids != coder.code("hypersensitivity to the drug or its components", "conditions")
    assert coder.code("hypersensitivity to isotretinoin", "conditions") == coder.code(
        "hypersensitivity to it", "conditions"
    )


def test_an_allergen_without_its_concept_is_refused(coder: Coder) -> None:
    data = _lexicon()
    data["allergens"]["MGP:9999"] = ["made-up drugs"]
    with pytest.raises(ValueError, match="MGP:9999"):
        Coder(coder.hpo, data)


def test_no_project_concept_shadows_an_hpo_term(coder: Coder) -> None:
    """HPO first: a project concept's label and synonyms are not HPO names or EXACT
    synonyms (that wording's concept is then HPO's term)."""
    shadows = []
    for entry in _lexicon()["concept"]:
        if "hpo" in entry:
            continue
        for wording in [entry.get("label", ""), *entry.get("synonyms", [])]:
            found = coder.hpo_index.get(coder.norm.key(wording)) if wording else None
            kept = {(entry["id"], wording), (entry["id"], "*")} & _SHADOW_KEPT
            if found and not kept:
                shadows.append((entry["id"], wording, found))
    assert not shadows


def test_project_concept_where_hpo_has_none(coder: Coder) -> None:
    (cid,) = coder.code("dizziness")
    concept = coder.concept(cid)
    assert re.fullmatch(r"MGP:\d{4}", cid) and concept.source == "lexicon"
    assert concept.hpo_id is None and concept.parent_ids  # it sits under an HPO term
    assert concept.category == "Abnormality of the nervous system"


def test_a_list_at_a_site_gives_the_sites_concept_of_each(coder: Coder) -> None:
    codes = coder.code("pain, redness, or swelling at the injection site")
    assert codes == tuple(
        c
        for w in ("injection site pain", "injection site redness", "injection site swelling")
        for c in coder.code(w)
    )
    assert len(set(codes)) == 3


def test_injection_site_reaction_is_the_sites_concept(coder: Coder) -> None:
    assert coder.code("swelling at the injection site") == coder.code("injection site swelling")
    assert coder.code("itching at the injection site") == coder.code("injection site reactions")


@pytest.mark.parametrize("text", ["if you experience any side effects", "however", "it"])
def test_text_naming_no_concept_gets_none(coder: Coder, text: str) -> None:
    assert coder.code(text) == ()


def test_a_qualifying_clause_is_left_out(coder: Coder) -> None:
    assert coder.code("hemolytic anemia in patients with g6pd deficiency") == coder.code(
        "hemolytic anemia"
    )


def test_each_wording_is_coded_once(coder: Coder, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = Coder(coder.hpo, lexicon.load(coding.LEXICON))
    calls: list[str] = []
    real = fresh._code

    def counting(text: str, domain: str) -> tuple[str, ...]:
        calls.append(text)
        return real(text, domain)

    monkeypatch.setattr(fresh, "_code", counting)
    for _ in range(3):
        fresh.code("mild headache")
    assert calls == ["mild headache"]


def _lexicon() -> dict[str, Any]:
    return copy.deepcopy(lexicon.load(coding.LEXICON))


def test_lexicon_ids_are_stable_and_unique() -> None:
    ids = [e["id"] for e in _lexicon()["concept"] if "label" in e]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"MGP:\d{4}", i) for i in ids)


def test_lexicon_naming_an_unknown_hpo_term_is_refused(coder: Coder) -> None:
    data = _lexicon()
    data["concept"].append({"hpo": "HP:9999999", "synonyms": ["made up"]})
    with pytest.raises(ValueError, match="HP:9999999"):
        Coder(coder.hpo, data)


def test_one_wording_for_two_concepts_is_refused(coder: Coder) -> None:
    data = _lexicon()
    data["concept"].append({"hpo": "HP:0002315", "synonyms": ["itchy skin"]})
    with pytest.raises(ValueError, match="itchy skin"):
        Coder(coder.hpo, data)


def test_hpo_terms_named_with_a_modifier_are_no_exact_match() -> None:
    from pipeline.ontology import Term

    hpo = Hpo(
        "test",
        {
            "HP:0000001": Term("HP:0000001", "All"),
            "HP:0000002": Term("HP:0000002", "Recurrent bronchitis", parents=("HP:0000001",)),
        },
    )
    data = _lexicon()
    data["concept"], data["allergens"] = [], {}
    assert Coder(hpo, data).code("bronchitis") == ()
