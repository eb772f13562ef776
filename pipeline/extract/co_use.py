"""Interactions a contraindication names: a contraindicated co-use is an interaction.

"Contraindicated in: ... recent use of MAO inhibitors (within 2 weeks)" restricts taking
the drug with MAO inhibitors: the same fact as "Do not combine with MAO inhibitors". The
contraindication stays where it is, and its agents become interactions too, graded by its
strength (absolute: ``avoid``; relative: ``caution``). One reading of the condition serves
both tables. Only kinds of agents the lexicon knows (classes, foods, alcohol, herbals)
are taken: after "taking" or "on" a bare word may be anything ("on a sodium-restricted
diet", "receiving anesthesia").
"""

from __future__ import annotations

from typing import Any

from pipeline.extract.agents import agent_type, agents, known_type
from pipeline.extract.condition_lists import co_used
from pipeline.extract.identity import Identity
from pipeline.extract.interaction_cues import strongest
from pipeline.models import AgentType, Severity, Strength

Row = dict[str, Any]

#: How a contraindication's strength grades the interaction it names.
_SEVERITY = {Strength.absolute: Severity.avoid, Strength.relative: Severity.caution}


def with_co_use(
    interactions: list[Row], contraindications: list[Row], ident: Identity
) -> list[Row]:
    """``interactions`` with the agents ``contraindications`` say are taken with the drug:
    a new row for an agent not yet there, a stronger severity for one that is."""
    out = list(interactions)
    index = {(row["component"], row["agent"]): row for row in out}
    for ci in contraindications:
        what = co_used(ci["condition_raw"])
        if what is None:
            continue
        severity = _SEVERITY[Strength(ci["strength"])]
        for raw, agent in agents(what, ident):
            if known_type(agent) is AgentType.drug:
                continue  # (a bare word after "taking": "on a sodium-restricted diet")
            row = index.get((ci["component"], agent))
            if row is not None:
                row["severity"] = strongest(Severity(row["severity"]), severity)
                continue
            row = {
                "component": ci["component"],
                "agent": agent,
                "agent_raw": raw,
                "agent_type": agent_type(agent),
                "effect": None,
                "severity": severity,
                "linked_monograph_id": None,
                "line": ci["line"],
            }
            index[(ci["component"], agent)] = row
            out.append(row)
    return out
