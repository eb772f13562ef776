"""Drug names from the packaged dictionary: read, kept on disk, asked."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import drug_names


def test_the_dictionary_names_drugs_and_not_conditions() -> None:
    names = drug_names.read_names(drug_names.data_path())
    assert len(names) > 50_000
    for drug in ("tramadol", "dextromethorphan", "ciclosporin", "warfarin"):
        assert drug in names
    for word in ("liver", "asthma", "pregnancy", "glaucoma", "children", "severe liver disease"):
        assert word not in names
    assert all(name == " ".join(name.lower().split()) for name in names)


def test_names_are_kept_on_disk_and_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = drug_names.cache_path()
    assert not path.exists()
    built = drug_names.ontology.cached(path, frozenset, lambda: frozenset({"zelfarin"}))
    assert path.exists()
    # the second read is the kept copy, not a new build
    again = drug_names.ontology.cached(path, frozenset, lambda: frozenset())
    assert again == built == {"zelfarin"}


def test_is_drug_name_asks_the_normalized_term() -> None:
    assert drug_names.is_drug_name("methadone")
    assert not drug_names.is_drug_name("Methadone")  # (callers normalize first)
    assert not drug_names.is_drug_name("other medications")
