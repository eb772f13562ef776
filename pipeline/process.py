"""One file, start to finish: read -> parse -> tree -> kinds -> extract -> rows.

``process_file`` is the unit of work a worker (local process or Dask) runs;
it never raises, and its result is plain picklable data. Cross-file steps
(linking interactions to monographs) happen later, in ``pipeline.link``.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import drug_names
from pipeline.extract import contraindications, interactions, side_effects
from pipeline.extract.co_use import with_co_use
from pipeline.extract.identity import Identity, identify
from pipeline.issues import ERROR_CODES, FATAL_CODES, IssueCode, Problem, Problems
from pipeline.models import IssueSeverity, SectionKind, Status
from pipeline.parse import parse
from pipeline.sections import assign_kinds, section_kinds
from pipeline.sources import Source, SourceRef, read_source
from pipeline.tree import Document, build_tree

Row = dict[str, Any]


@dataclass
class FileResult:
    """Everything one file contributes to the tables."""

    monograph: Row
    side_effects: list[Row] = field(default_factory=list)
    contraindications: list[Row] = field(default_factory=list)
    interactions: list[Row] = field(default_factory=list)
    issues: list[Row] = field(default_factory=list)

    @property
    def monograph_id(self) -> str:
        return str(self.monograph["monograph_id"])

    def without(self, table: str, reason: str) -> None:
        """Drop a record table whose rows broke the schema (a bug): an issue says so."""
        rows = getattr(self, table)
        rows.clear()
        self.monograph[f"n_{table}"] = 0
        problem = Problem(IssueCode.extractor_error, f"{table}: rows dropped: {reason}")
        mid, path = self.monograph_id, str(self.monograph["source_path"])
        self.issues.append(_issue_row(mid, path, len(self.issues) + 1, problem))
        self.monograph["n_issues"] = len(self.issues)
        if self.monograph["status"] == Status.ok:
            self.monograph["status"] = Status.partial

    def tables(self) -> dict[str, list[Row]]:
        return {
            "monographs": [self.monograph],
            "side_effects": self.side_effects,
            "contraindications": self.contraindications,
            "interactions": self.interactions,
            "issues": self.issues,
        }


#: A small monograph that touches every extractor: processing it once compiles the
#: lexicons and parsers, so workers forked afterwards start with them built.
_WARM_UP = """---
title: Warm-up
---
# Alpha + Beta
### Side Effects
**Common (1-10%):** nausea, rash.
### Precautions
* **Contraindications:** Alpha is contraindicated in patients with asthma.
* **Drug Interactions:** May interact with warfarin; avoid alcohol.
"""


def warm_up() -> None:
    """Build every cached lexicon and parser in this process (before forking workers)."""
    drug_names.names()  # (read only where a co-use list goes on: maybe not by the text below)
    process_source(Source(SourceRef("warm-up", "warm-up.md", "warm-up.md"), text=_WARM_UP))


def process_file(ref: SourceRef, root: str, max_bytes: int) -> FileResult:
    """Read and extract one file. Never raises: failures become issues."""
    src = read_source(ref, Path(root), max_bytes)
    return process_source(src)


def process_source(src: Source) -> FileResult:
    problems = Problems(list(src.problems))
    ident = Identity(None, None, ())
    kinds: list[str] = []
    tables: dict[str, list[Row]] = {}
    if src.text is not None:
        try:
            ident, kinds, tables = _extract(src.text, problems)
        except Exception as exc:  # a bug must not lose the file: record it and go on
            problems.add(IssueCode.internal_error, f"extraction failed ({_describe(exc)})")
            tables = {}
    return _result(src, ident, kinds, tables, problems)


def _extract(text: str, problems: Problems) -> tuple[Identity, list[str], dict[str, list[Row]]]:
    parsed = parse(text, problems, lazy=True)  # (bodies no extractor reads stay unparsed)
    doc = build_tree(parsed.tokens, parsed.front_matter, parsed.bodies)
    assign_kinds(doc, read=READ_KINDS)
    ident = identify(doc)
    _check_document(doc, ident, problems)
    tables = {
        name: _guarded(name, extractor, doc, ident, problems)
        for name, extractor in _EXTRACTORS.items()
    }
    try:  # a contraindicated co-use is an interaction too ("recent use of MAO inhibitors")
        tables["interactions"] = with_co_use(
            tables["interactions"], tables["contraindications"], ident
        )
    except Exception as exc:  # (the interactions already read are kept)
        problems.add(IssueCode.extractor_error, f"interactions: {_describe(exc)}")
    se_sections = [s for s in doc.walk() if s.kind is SectionKind.side_effects and not s.is_group]
    if se_sections and not tables["side_effects"]:
        problems.add(
            IssueCode.empty_side_effects_section,
            "a side-effects section was found but no side effects could be read from it",
            se_sections[0].line,
        )
    return ident, section_kinds(doc), tables


#: The section kinds the extractors read: their bodies are parsed with the tree, the
#: others only when read (a kind missing here costs time, never a row).
READ_KINDS = frozenset(
    {
        SectionKind.side_effects,
        SectionKind.contraindications,
        SectionKind.precautions,
        SectionKind.pregnancy,
        SectionKind.interactions,
    }
)

#: One extractor per record table.
_EXTRACTORS: dict[str, Callable[[Document, Identity], list[Row]]] = {
    "side_effects": side_effects.extract,
    "contraindications": contraindications.extract,
    "interactions": interactions.extract,
}


def _guarded(
    name: str,
    extractor: Callable[[Document, Identity], list[Row]],
    doc: Document,
    ident: Identity,
    problems: Problems,
) -> list[Row]:
    """One extractor's rows; a bug in it costs its own table only, never the file."""
    try:
        return extractor(doc, ident)
    except Exception as exc:
        problems.add(IssueCode.extractor_error, f"{name}: {_describe(exc)}")
        return []


def _describe(exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__}: {exc} at {Path(where.filename).name}:{where.lineno}"


def _check_document(doc: Document, ident: Identity, problems: Problems) -> None:
    if ident.title is None:
        problems.add(IssueCode.no_title, "no H1 title and no front-matter title")
    if not doc.sections:
        problems.add(IssueCode.no_sections, "no headings or pseudo-headings: no sections found")
    elif not any(s.kind is SectionKind.side_effects for s in doc.walk()):
        problems.add(IssueCode.no_side_effects_section, "no side-effects section found")


def _status(problems: Problems) -> Status:
    codes = {p.code for p in problems}
    if codes & FATAL_CODES:
        return Status.failed
    if codes & ERROR_CODES:
        return Status.partial
    return Status.ok


def _issue_row(mid: str, path: str, n: int, p: Problem) -> Row:
    return {
        "monograph_id": mid,
        "item_no": n,
        "source_path": path,
        "line": p.line,
        "severity": IssueSeverity.error if p.is_error else IssueSeverity.warning,
        "code": p.code,
        "message": p.message,
    }


def _result(
    src: Source,
    ident: Identity,
    kinds: list[str],
    tables: dict[str, list[Row]],
    problems: Problems,
) -> FileResult:
    mid, path = src.ref.monograph_id, src.ref.source_path
    numbered: dict[str, list[Row]] = {}
    for name in ("side_effects", "contraindications", "interactions"):
        rows = tables.get(name, [])
        numbered[name] = [
            {"monograph_id": mid, "item_no": i, **row} for i, row in enumerate(rows, start=1)
        ]
    issues = [_issue_row(mid, path, i, p) for i, p in enumerate(problems, start=1)]
    monograph: Row = {
        "monograph_id": mid,
        "title": ident.title,
        "generic_name": ident.generic_name,
        "components": list(ident.components),
        "is_combination": ident.is_combination,
        "source_path": path,
        "sha256": src.sha256,
        "status": _status(problems),
        "section_kinds": kinds,
        "n_side_effects": len(numbered["side_effects"]),
        "n_contraindications": len(numbered["contraindications"]),
        "n_interactions": len(numbered["interactions"]),
        "n_issues": len(issues),
    }
    return FileResult(monograph, issues=issues, **numbered)
