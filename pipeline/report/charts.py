"""The report's charts: plotly figures rendered as HTML fragments without plotly.js.

The page inlines plotly.js once (``plotly_js``), so every fragment here is a
``<div>`` plus a small script; nothing is fetched when the page opens.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

#: Colours that mean the same thing in every chart (band, strength, severity).
COLOURS: dict[str, str] = {
    "very_common": "#b2182b",
    "common": "#ef8a62",
    "uncommon": "#fddbc7",
    "rare": "#67a9cf",
    "very_rare": "#2166ac",
    "unknown": "#bdbdbd",
    "null": "#bdbdbd",
    "absolute": "#b2182b",
    "relative": "#67a9cf",
    "avoid": "#b2182b",
    "caution": "#ef8a62",
    "monitor": "#fddbc7",
    "unspecified": "#bdbdbd",
    "ok": "#1a9850",
    "partial": "#fdae61",
    "failed": "#d73027",
    "serious": "#b2182b",
    "not serious": "#67a9cf",
    "not said": "#bdbdbd",
}
_CONFIG = {"displaylogo": False, "responsive": True}


def plotly_js() -> str:
    """plotly.js itself, to inline once in the page."""
    return str(get_plotlyjs())


def _html(fig: go.Figure, name: str, height: int) -> str:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        template="plotly_white",
        legend={"orientation": "h", "y": -0.15},
    )
    fig.update_yaxes(automargin=True)
    fig.update_xaxes(automargin=True)
    return str(
        fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            div_id=f"chart-{name}",
            config=_CONFIG,
        )
    )


def bars(name: str, title: str, values: dict[str, int], *, horizontal: bool = False) -> str:
    """One bar per key, coloured by what the key means where it has a colour."""
    keys, numbers = list(values), list(values.values())
    colours = [COLOURS.get(k, "#4c78a8") for k in keys]
    bar: Any = (
        go.Bar(x=numbers, y=keys, orientation="h", marker_color=colours, text=numbers)
        if horizontal
        else go.Bar(x=keys, y=numbers, marker_color=colours, text=numbers)
    )
    fig = go.Figure(bar)
    fig.update_layout(title=title, showlegend=False)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    return _html(fig, name, 120 + 24 * len(keys) if horizontal else 360)


def stacked(
    name: str, title: str, table: dict[str, dict[str, int]], *, horizontal: bool = True
) -> str:
    """Rows of ``table`` as stacked bars split by its columns (e.g. term by band)."""
    rows = list(table)
    columns = list(next(iter(table.values()), {}))
    fig = go.Figure()
    for col in columns:
        numbers = [table[r].get(col, 0) for r in rows]
        colour = COLOURS.get(col)
        if horizontal:
            fig.add_bar(name=col, x=numbers, y=rows, orientation="h", marker_color=colour)
        else:
            fig.add_bar(name=col, x=rows, y=numbers, marker_color=colour)
    fig.update_layout(title=title, barmode="stack")
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    return _html(fig, name, 160 + 24 * len(rows) if horizontal else 400)


def grouped(name: str, title: str, table: dict[str, dict[str, int]]) -> str:
    """Rows of ``table`` as groups of side-by-side bars (e.g. coverage per table)."""
    groups = list(table)
    series = list(next(iter(table.values()), {}))
    fig = go.Figure()
    for s in series:
        fig.add_bar(name=s, x=groups, y=[table[g].get(s, 0) for g in groups])
    fig.update_layout(title=title, barmode="group")
    return _html(fig, name, 380)


def share(name: str, title: str, parts: dict[str, int]) -> str:
    """A donut of the parts of one whole."""
    fig = go.Figure(
        go.Pie(
            labels=list(parts),
            values=list(parts.values()),
            hole=0.5,
            marker={"colors": [COLOURS.get(k, "#4c78a8") for k in parts]},
            sort=False,
        )
    )
    fig.update_layout(title=title)
    return _html(fig, name, 340)
