"""``pipeline show``: one monograph's source lines with the records each line gave.

Colours (rich) when stdout is a terminal, plain text otherwise. The source is
found under the input folder the manifest records (``input_dir``), or under
``--input``; when it cannot be found the records are listed by line alone,
and a message says why.
"""

from __future__ import annotations

import difflib
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pipeline.errors import UsageError
from pipeline.report.output import OutputSet, read_output, source_file

#: Per table: a short tag, its colour, the column that names the record, and
#: the columns shown after it. Tables not listed show their first text column.
_FORMATS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "side_effects": (
        "SE",
        "green",
        "term",
        ("frequency_band", "serious", "category", "component", "concept_ids"),
    ),
    "contraindications": (
        "CI",
        "magenta",
        "condition",
        ("population", "strength", "component", "concept_ids"),
    ),
    "interactions": (
        "IX",
        "cyan",
        "agent",
        ("agent_type", "severity", "linked_monograph_id", "component"),
    ),
    "issues": ("ISSUE", "red", "code", ("severity", "message")),
}
_SKIP = {"monograph_id", "item_no", "line", "source_path"}
#: Shorter names for the columns shown beside a record.
_SHORT = {"frequency_band": "band", "agent_type": "type", "linked_monograph_id": "linked"}


@dataclass(frozen=True)
class Record:
    """One row of a record table, as shown beside its line."""

    table: str
    item_no: int
    line: int | None
    name: str
    details: tuple[tuple[str, str], ...]

    @property
    def tag(self) -> str:
        return _FORMATS.get(self.table, (self.table,))[0]

    @property
    def colour(self) -> str:
        return _FORMATS[self.table][1] if self.table in _FORMATS else "yellow"

    def plain(self) -> str:
        extra = " ".join(f"{k}={v}" for k, v in self.details)
        return f"{self.tag} #{self.item_no} {self.name}" + (f"  [{extra}]" if extra else "")


def _value(v: Any, labels: dict[str, str] | None = None) -> str | None:
    """A cell as text; list items (concept ids) with their label when ``labels`` has one."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and pd.isna(v):
        return None
    if hasattr(v, "tolist") and not isinstance(v, str):
        v = v.tolist()
    if isinstance(v, list):
        named = [f"{x} ({labels[x]})" if labels and x in labels else str(x) for x in v]
        return ",".join(named) if named else None
    return str(v)


def records(out: OutputSet, monograph_id: str) -> list[Record]:
    """Every record of the monograph in every table that has a ``line``, in table order."""
    found: list[Record] = []
    labels = out.concept_labels()
    for table, df in out.frames.items():
        if table == "monographs" or "monograph_id" not in df or "line" not in df:
            continue
        rows = df[df["monograph_id"] == monograph_id]
        if rows.empty:
            continue
        _, _, name_col, detail_cols = _FORMATS.get(table, ("", "", "", ()))
        if not name_col:
            text_cols = [c for c in df.columns if c not in _SKIP and df[c].dtype != "bool"]
            name_col = text_cols[0] if text_cols else "item_no"
        for r in rows.to_dict("records"):
            details = tuple(
                (_SHORT.get(c, c), s)
                for c in detail_cols
                if c in r and (s := _value(r[c], labels)) is not None
            )
            line = _value(r["line"])
            found.append(
                Record(
                    table,
                    int(r.get("item_no", 0)),
                    int(line) if line is not None else None,
                    _value(r[name_col]) or "",
                    details,
                )
            )
    return found


def _monograph(out: OutputSet, monograph_id: str) -> dict[str, Any]:
    mono = out.frame("monographs")
    hit = mono[mono["monograph_id"] == monograph_id]
    if hit.empty:
        ids = mono["monograph_id"].astype(str).tolist()
        close = difflib.get_close_matches(monograph_id, ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(f"no monograph {monograph_id!r} in {out.folder}{hint}")
    row: dict[str, Any] = {str(k): v for k, v in hit.iloc[0].to_dict().items()}
    return row


def _lines(path: Path | None) -> list[str] | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None


def _header(mono: dict[str, Any], recs: list[Record]) -> str:
    tally: dict[str, int] = defaultdict(int)
    for r in recs:
        tally[r.table] += 1
    counts = ", ".join(f"{t} {n}" for t, n in tally.items()) or "no records"
    return f"{mono['monograph_id']} ({mono['source_path']}), status {mono['status']}: {counts}"


def render_plain(mono: dict[str, Any], recs: list[Record], lines: list[str] | None) -> str:
    """The view as plain text: each source line, then its records indented under it."""
    by_line: dict[int | None, list[Record]] = defaultdict(list)
    for r in recs:
        by_line[r.line].append(r)
    out = [_header(mono, recs)]
    width = len(str(len(lines))) if lines else 4
    for r in by_line.pop(None, []):
        out.append(f"{'':>{width}}   => {r.plain()}")
    numbers = range(1, len(lines) + 1) if lines is not None else sorted(k for k in by_line if k)
    for n in numbers:
        text = lines[n - 1] if lines is not None and n <= len(lines) else ""
        out.append(f"{n:>{width}} | {text}".rstrip())
        out.extend(f"{'':>{width}}   => {r.plain()}" for r in by_line.pop(n, []))
    for n, rest in sorted((k, v) for k, v in by_line.items() if k is not None):  # past the end
        out.extend(f"{n:>{width}}   => {r.plain()}" for r in rest)
    return "\n".join(out) + "\n"


def _rich_record(r: Record) -> Text:
    text = Text()
    text.append(f"{r.tag} ", style=f"bold {r.colour}")
    text.append(r.name, style=r.colour)
    for k, v in r.details:
        text.append(f" {k}=", style="dim")
        text.append(v)
    return text


def render_rich(
    console: Console, mono: dict[str, Any], recs: list[Record], lines: list[str] | None
) -> None:
    """The view as a two-column table: source line, records beside it."""
    by_line: dict[int | None, list[Record]] = defaultdict(list)
    for r in recs:
        by_line[r.line].append(r)
    console.print(f"[bold]{escape(_header(mono, recs))}[/bold]")
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False, expand=True)
    table.add_column("line", justify="right", style="dim", no_wrap=True)
    table.add_column("source", ratio=3, overflow="fold")
    table.add_column("records", ratio=2, overflow="fold")
    for r in by_line.pop(None, []):
        table.add_row("", Text("(whole file)", style="dim"), _rich_record(r))
    numbers = range(1, len(lines) + 1) if lines is not None else sorted(k for k in by_line if k)
    for n in numbers:
        text = lines[n - 1] if lines is not None and n <= len(lines) else ""
        here = by_line.pop(n, [])
        cell = Text("\n").join(_rich_record(r) for r in here) if here else Text("")
        table.add_row(str(n), Text(text, style="bold" if here else ""), cell)
    for n, rest in sorted((k, v) for k, v in by_line.items() if k is not None):
        table.add_row(
            str(n),
            Text("(past the end of the file)", style="dim"),
            Text("\n").join(_rich_record(r) for r in rest),
        )
    console.print(table)


def show(out_dir: Path, monograph_id: str, input_dir: Path | None, color: bool | None) -> int:
    out = read_output(out_dir)
    mono = _monograph(out, monograph_id)
    recs = records(out, monograph_id)
    path = source_file(out, str(mono["source_path"]), input_dir)
    lines = _lines(path)
    if lines is None:
        where = input_dir or out.input_dir
        why = (
            f"not found under {where}"
            if where
            else "the manifest does not record the input folder (a run before input_dir was kept)"
        )
        print(
            f"pipeline: cannot show the source of {monograph_id}: {mono['source_path']} {why}; "
            "records are listed by line alone (give the input folder with --input DIR)",
            file=sys.stderr,
        )
    use_colour = sys.stdout.isatty() if color is None else color
    if use_colour:
        render_rich(Console(force_terminal=True), mono, recs, lines)
    else:
        sys.stdout.write(render_plain(mono, recs, lines))
    return 0
