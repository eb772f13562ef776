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
    data["concept"] = []
    assert Coder(hpo, data).code("bronchitis") == ()
