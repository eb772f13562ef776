"""The report's figures, worked out from one output set: plain data, no drawing.

Every function takes DataFrames (as ``pd.read_parquet`` gives them) and
returns counts, shares and rows that the charts and the page show.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.issues import Problems
from pipeline.parse import parse
from pipeline.report.output import OutputSet, source_file
from pipeline.sections import assign_kinds
from pipeline.tree import build_tree

#: The section kinds each record table is read from (the spec's "Source:" lines).
#: Interactions also come from labelled items of a precautions section, but a
#: precautions section without interaction rows is no miss, so only
#: `interactions` sections count for its coverage.
SOURCE_KINDS: dict[str, tuple[str, ...]] = {
    "side_effects": ("side_effects",),
    "contraindications": ("contraindications", "precautions", "pregnancy"),
    "interactions": ("interactions",),
}
#: Columns a record table's sample shows after its file and line, when present.
SAMPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "side_effects": ("term", "frequency_band", "serious", "category", "component"),
    "contraindications": ("condition", "population", "strength", "component"),
    "interactions": ("agent", "agent_type", "severity", "linked_monograph_id", "effect"),
    "issues": ("code", "severity", "message"),
    "monographs": ("title", "status", "n_side_effects", "n_contraindications", "n_interactions"),
}


def counts(
    series: pd.Series[Any], order: list[str] | None = None, *, every: bool = False
) -> dict[str, int]:
    """Value counts (nulls as ``"null"``), in ``order`` (a categorical's) or most frequent first.

    ``every`` keeps the values of ``order`` that do not occur, with 0.
    """
    filled = series.astype(object).where(series.notna(), "null").astype(str)
    found = filled.value_counts()
    if order is None and isinstance(series.dtype, pd.CategoricalDtype):
        order = [str(c) for c in series.dtype.categories]
    keys = [k for k in (order or []) if every or k in found.index]
    keys += [str(k) for k in found.index if k not in keys]
    return {k: int(found[k]) if k in found.index else 0 for k in keys}


def crosstab(df: pd.DataFrame, rows: str, cols: str) -> dict[str, dict[str, int]]:
    """``{row value: {column value: count}}`` with every column category, in order."""
    out: dict[str, dict[str, int]] = {}
    col_order = _categories(df[cols])
    for key, group in df.groupby(rows, observed=True, sort=True):
        tally = counts(group[cols])
        out[str(key)] = {c: tally.get(c, 0) for c in col_order}
    return out


def _categories(series: pd.Series[Any]) -> list[str]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return [str(c) for c in series.dtype.categories]
    return list(counts(series))


@dataclass(frozen=True)
class Gap:
    """A monograph with a source section for a table and no rows in it."""

    monograph_id: str
    source_path: str
    line: int | None  # the first source section's heading line, when the file could be read


@dataclass
class Coverage:
    """How many monographs have a source section for a table, and how many have rows."""

    table: str
    monographs: int
    with_section: int
    with_rows: int
    gaps: list[Gap] = field(default_factory=list)

    @property
    def without_rows(self) -> int:
        return self.monographs - self.with_rows

    @property
    def gap_count(self) -> int:
        return len(self.gaps)


def _has_kind(kinds: Any, wanted: tuple[str, ...]) -> bool:
    return kinds is not None and any(k in wanted for k in kinds)


def section_line(path: Path | None, wanted: tuple[str, ...]) -> int | None:
    """Heading line of the first section of a ``wanted`` kind in a source file."""
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    parsed = parse(text, Problems([]))
    doc = build_tree(parsed.tokens, parsed.front_matter)
    assign_kinds(doc)
    return next((s.line for s in doc.walk() if s.kind.value in wanted), None)


def coverage(out: OutputSet, max_gaps: int = 200) -> list[Coverage]:
    """Per record table: monographs with a source section, with rows, and the gap.

    Only the first ``max_gaps`` of a gap are opened to find their section's line.
    """
    mono = out.frame("monographs")
    result: list[Coverage] = []
    for table, kinds in SOURCE_KINDS.items():
        has_section = mono["section_kinds"].map(lambda k, w=kinds: _has_kind(k, w))
        has_rows = mono[f"n_{table}"] > 0
        missing = mono[has_section & ~has_rows].sort_values("monograph_id")
        gaps = [
            Gap(
                str(r.monograph_id),
                str(r.source_path),
                section_line(source_file(out, str(r.source_path)), kinds) if i < max_gaps else None,
            )
            for i, r in enumerate(missing.itertuples(index=False))
        ]
        result.append(Coverage(table, len(mono), int(has_section.sum()), int(has_rows.sum()), gaps))
    return result


def top_effects(out: OutputSet, n: int = 20) -> tuple[str, dict[str, dict[str, int]]]:
    """The ``n`` most frequent side effects with their band split, by concept when possible.

    Returns what they are counted by (``"concept"`` or ``"term"``) and
    ``{name: {band: count}}``, most frequent first.
    """
    se = out.frame("side_effects")
    if se.empty:
        return "term", {}
    by = "term"
    keyed = pd.DataFrame({"key": se["term"].astype(str), "band": se["frequency_band"]})
    if "concept_ids" in se or "concept_id" in se:
        col = "concept_ids" if "concept_ids" in se else "concept_id"
        exploded = pd.DataFrame({"key": se[col], "band": se["frequency_band"]}).explode("key")
        exploded = exploded[exploded["key"].notna()]
        if not exploded.empty:
            labels = out.concept_labels()
            keyed = exploded.assign(key=exploded["key"].astype(str).map(lambda k: labels.get(k, k)))
            by = "concept"
    top = keyed["key"].value_counts().head(n).index.tolist()
    table = crosstab(keyed[keyed["key"].isin(top)], "key", "band")
    return by, {str(k): table[str(k)] for k in top}


def linked_share(interactions: pd.DataFrame) -> tuple[int, int]:
    """Drug agents linked to a monograph of the run, and all drug agents."""
    if interactions.empty:
        return 0, 0
    drugs = interactions[interactions["agent_type"].astype(str) == "drug"]
    return int(drugs["linked_monograph_id"].notna().sum()), len(drugs)


def most_issues(out: OutputSet, n: int = 20) -> list[dict[str, Any]]:
    """The monographs with the most issues, with their codes."""
    mono = out.frame("monographs")
    issues = out.frame("issues")
    top = mono[mono["n_issues"] > 0].sort_values(
        ["n_issues", "monograph_id"], ascending=[False, True]
    )
    codes: dict[str, Counter[str]] = {}
    for mid, code in zip(issues.get("monograph_id", []), issues.get("code", []), strict=True):
        codes.setdefault(str(mid), Counter())[str(code)] += 1
    return [
        {
            "monograph_id": str(r.monograph_id),
            "source_path": str(r.source_path),
            "status": str(r.status),
            "n_issues": int(str(r.n_issues)),
            "codes": ", ".join(
                f"{c} {k}" for c, k in sorted(codes.get(str(r.monograph_id), {}).items())
            ),
        }
        for r in top.head(n).itertuples(index=False)
    ]


def _cell(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def sample(out: OutputSet, table: str, n: int, seed: int) -> tuple[list[str], list[list[str]]]:
    """``n`` rows of a table drawn with ``seed``, each with its file and line first."""
    df = out.frame(table)
    if df.empty:
        return [], []
    picked = df.sample(n=min(n, len(df)), random_state=seed).sort_index()
    paths = out.frame("monographs").set_index("monograph_id")["source_path"]
    wanted = (
        SAMPLE_COLUMNS.get(table)
        or tuple(
            c for c in df.columns if c not in ("monograph_id", "item_no", "line", "source_path")
        )[:5]
    )
    shown = [c for c in wanted if c in df]
    header = ["file", "line", *shown]
    rows: list[list[str]] = []
    for _, r in picked.iterrows():
        mid = str(r.get("monograph_id", ""))
        path = str(r["source_path"]) if "source_path" in r else str(paths.get(mid, mid))
        rows.append([path, _cell(r.get("line")), *(_cell(r[c]) for c in shown)])
    return header, rows
