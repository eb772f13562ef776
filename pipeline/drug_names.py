"""Names of single drugs, from the dictionary the ``drug-named-entity-recognition`` package
ships (DrugBank, MeSH, NHS and Wikipedia names, generic and brand, with their variants).

The lexicons name kinds of agents (classes, foods, herbals); a lone drug name is
otherwise only known from where it stands. In "contraindicated in those using A, B, C
and D", the elements after the first are agents only when they are drug names, where in
"those using A, severe liver disease" the next element is a condition.

Only the names are kept. The package's own finder is not imported (its module reads the
whole dictionary at import); its data file is read once, and the set of names kept on
disk beside the ontology's index (``ontology.cached``), so later runs only unpickle it.
"""

from __future__ import annotations

import bz2
import pickle
from functools import cache
from importlib import metadata
from pathlib import Path

from pipeline import ontology

PACKAGE = "drug-named-entity-recognition"
_DATA = "drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2"
_FORMAT = 1  # bump when the kept set changes shape or content


def data_path() -> Path:
    """The dictionary file inside the installed package."""
    return Path(str(metadata.distribution(PACKAGE).locate_file(_DATA)))


def read_names(path: Path) -> frozenset[str]:
    """Every name and variant of the package's dictionary, lower-cased, single-spaced."""
    with bz2.open(path, "rb") as fh:
        data = pickle.load(fh)  # (the installed package's own file)
    names: set[str] = set()
    for key in ("drug_variant_to_canonical", "drug_variant_to_variant_data"):
        names.update(str(name) for name in data.get(key, {}))
    return frozenset(" ".join(name.lower().split()) for name in names if name.strip())


def package_version() -> str:
    return metadata.version(PACKAGE)


def cache_path() -> Path:
    """The on-disk copy of the names: keyed by the package's version and file size."""
    tag = f"{package_version()}-{data_path().stat().st_size}"
    return ontology.cache_folder() / f"drugnames-{tag}-v{_FORMAT}.pickle"


@cache
def names() -> frozenset[str]:
    """The names, for the life of the process (from the on-disk copy when there is one)."""
    return ontology.cached(cache_path(), frozenset, lambda: read_names(data_path()))


def is_drug_name(term: str) -> bool:
    """Whether ``term`` (normalized: lower case, single spaces) names one drug."""
    return term in names()
