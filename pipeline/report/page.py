"""``pipeline report``: one self-contained HTML page of a published output set.

Everything the page needs is inside it (plotly.js, styles, data): it opens in
any browser with no network. The figures come from ``figures``, the charts
from ``charts``, the layout from ``templates/report.html.j2``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import jinja2

from pipeline import __version__
from pipeline.errors import PipelineError, UsageError
from pipeline.report import charts, figures
from pipeline.report.output import OutputSet, read_output

SAMPLE_ROWS = 10
TOP_EFFECTS = 20
_SERIOUS = {"True": "serious", "False": "not serious", "null": "not said"}


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def context(out: OutputSet, seed: int = 0) -> dict[str, Any]:
    """Everything the template shows, worked out from ``out``."""
    m = out.manifest
    mono, se = out.frame("monographs"), out.frame("side_effects")
    ci, ix = out.frame("contraindications"), out.frame("interactions")
    row_counts = {str(k): int(v) for k, v in m.get("row_counts", {}).items()}
    issues_by_code = {str(k): int(v) for k, v in m.get("issues_by_code", {}).items()}
    status = figures.counts(mono["status"])
    cover = figures.coverage(out)
    effects_by, effects = figures.top_effects(out, TOP_EFFECTS)
    linked, drugs = figures.linked_share(ix)
    chart = {
        "rows": charts.bars("rows", "Rows per table", row_counts, horizontal=True),
        "status": charts.share("status", "Monographs by status", status),
        "coverage": charts.grouped(
            "coverage",
            "Monographs with a source section, with rows",
            {
                c.table: {"with a source section": c.with_section, "with rows": c.with_rows}
                for c in cover
            },
        ),
    }
    if issues_by_code:
        chart["issues"] = charts.bars("issues", "Issues by code", issues_by_code, horizontal=True)
    if not se.empty:
        bands = figures.counts(se["frequency_band"], every=True)
        chart["bands"] = charts.bars("bands", "Side effects by frequency band", bands)
        serious = figures.counts(se["serious"], ["True", "False", "null"], every=True)
        chart["serious"] = charts.share(
            "serious",
            "Side effects: does the text say serious?",
            {_SERIOUS[k]: n for k, n in serious.items()},
        )
        chart["effects"] = charts.stacked(
            "effects", f"Most frequent side effects (by {effects_by}) and their bands", effects
        )
    if not ci.empty:
        chart["strength"] = charts.stacked(
            "strength",
            "Contraindications: strength by population",
            figures.crosstab(ci, "population", "strength"),
        )
    if not ix.empty:
        chart["agents"] = charts.bars(
            "agents", "Interactions by agent type", figures.counts(ix["agent_type"])
        )
        chart["severity"] = charts.bars(
            "severity", "Interactions by severity", figures.counts(ix["severity"])
        )
    samples = {
        name: figures.sample(out, name, SAMPLE_ROWS, seed)
        for name in out.frames
        if name != "monographs"
    }
    return {
        "m": m,
        "version": __version__,
        "folder": str(out.folder),
        "row_counts": row_counts,
        "issues_by_code": issues_by_code,
        "status": status,
        "coverage": cover,
        "effects_by": effects_by,
        "linked": linked,
        "drugs": drugs,
        "linked_share": _percent(linked, drugs),
        "band_unknown": _percent(
            int((se["frequency_band"].astype(str) == "unknown").sum()), len(se)
        )
        if not se.empty
        else "–",
        "most_issues": figures.most_issues(out),
        "samples": samples,
        "seed": seed,
        "chart": chart,
        "percent": _percent,
    }


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["n"] = lambda v: f"{int(v):,}"
    return env


def render(out: OutputSet, seed: int = 0) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(plotly_js=charts.plotly_js(), **context(out, seed))


def write_report(out_dir: Path, to: Path, seed: int = 0) -> Path:
    """Render the report of ``out_dir`` into ``to`` (written whole, then renamed into place)."""
    html = render(read_output(out_dir), seed)
    if to.is_dir():
        raise UsageError(f"--to {to} is a folder; give a file name such as report.html")
    tmp: str | None = None
    try:
        to.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=to.parent, prefix=f".{to.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(html)
        os.replace(tmp, to)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise PipelineError(f"cannot write {to}: {exc}") from exc
    return to
