"""Cross-file step: link interaction agents to the monographs of the same run.

An agent links to a monograph when its normalized text (or its longest
leading run of words) equals the monograph's generic name, its title, or
the single component of a single-ingredient monograph. Linked drug classes
become drugs; alcohol, foods, herbals and other substances keep their type. Ties go to the smallest ``monograph_id``,
so the result never depends on file order.
"""

from __future__ import annotations

import re

import pyarrow as pa

from pipeline.models import AgentType
from pipeline.tables import enum_array

_NON_WORD = re.compile(r"[^a-z0-9]+")


def name_key(text: str) -> str:
    """Spelling-insensitive key: lower case, punctuation and hyphens as single spaces."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def name_index(monographs: pa.Table) -> dict[str, list[str]]:
    """Normalized names -> the monograph_ids bearing them, smallest first."""
    index: dict[str, list[str]] = {}
    cols = monographs.select(["monograph_id", "title", "generic_name", "components"]).to_pylist()
    for row in sorted(cols, key=lambda r: r["monograph_id"]):
        names = [row["generic_name"], row["title"]]
        comps = row["components"] or []
        if len(comps) == 1:
            names.append(comps[0])
        for key in dict.fromkeys(name_key(n) for n in names if n):
            if key:
                index.setdefault(key, []).append(row["monograph_id"])
    return index


def lookup(agent: str, index: dict[str, list[str]], owner: str = "") -> str | None:
    """The monograph an agent names (never ``owner`` itself): whole text first, then its
    longest leading words; among monographs of one name the smallest id."""
    words = name_key(agent).split()
    for n in range(len(words), 0, -1):
        key = " ".join(words[:n])
        if len(key) < 4:
            break
        for mid in index.get(key, ()):
            if mid != owner:
                return mid
    return None


def link_interactions(interactions: pa.Table, monographs: pa.Table) -> pa.Table:
    """Fill ``linked_monograph_id`` (and ``agent_type`` drug) for agents naming a monograph.

    Works column-wise: each distinct agent is looked up once, and only the two
    columns that change are rebuilt, so the table never becomes Python rows.
    """
    if not interactions.num_rows:
        return interactions
    index = name_index(monographs)
    agents = interactions.column("agent").to_pylist()
    owners = interactions.column("monograph_id").to_pylist()
    targets: dict[tuple[str, str], str | None] = {}  # each (agent, owner) looked up once
    linked: list[str | None] = []
    for pair in zip(agents, owners, strict=True):
        if pair not in targets:
            targets[pair] = lookup(pair[0], index, owner=pair[1])
        linked.append(targets[pair])
    types = [str(v) for v in interactions.column("agent_type").to_pylist()]
    upgraded = [
        AgentType.drug.value if target is not None and kind in _DRUGLIKE else kind
        for target, kind in zip(linked, types, strict=True)
    ]
    table = interactions.set_column(
        interactions.schema.get_field_index("linked_monograph_id"),
        interactions.schema.field("linked_monograph_id"),
        pa.array(linked, pa.string()),
    )
    return table.set_column(
        interactions.schema.get_field_index("agent_type"),
        interactions.schema.field("agent_type"),
        enum_array(upgraded, [m.value for m in AgentType]),
    )


#: Agent types a link turns into ``drug``: the generic name of a monograph of the run is a
#: drug even where the lexicon lists it as a class ("insulin"); alcohol, foods, herbals
#: and other substances keep their type.
_DRUGLIKE = frozenset({AgentType.drug.value, AgentType.drug_class.value})
