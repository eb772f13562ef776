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

import re
from typing import Any

from pipeline.extract.agents import agent_type, agents, known_type
from pipeline.extract.identity import Identity
from pipeline.extract.interaction_cues import strongest
from pipeline.models import AgentType, Severity, Strength
from pipeline.normalize import strip_outer

Row = dict[str, Any]

#: A condition that is taking something else: "(those) currently taking X", "recent use of
#: X", "concurrent use with X", "treatment with X", "those on X".
_USE_OF = re.compile(
    r"^(?:(?:those|patients|people|individuals)\s+)?(?:who\s+are\s+)?"
    r"(?:(?:currently|concurrently|concomitantly|also)\s+)?"
    r"(?:taking|using|receiving|on"
    r"|(?:(?:recent|current|concurrent|concomitant|simultaneous)\s+)?use\s+(?:of|with)"
    r"|(?:(?:concurrent|concomitant|simultaneous)\s+)?(?:treatment|therapy)\s+with)\s+"
    r"(?P<what>.+)$",
    re.I,
)


def co_used(condition: str) -> str | None:
    """What a condition says is taken with the drug ("recent use of MAO inhibitors" -> "MAO
    inhibitors"), else None."""
    m = _USE_OF.match(strip_outer(condition))
    # ("those taking medications that increase this risk should use it cautiously")
    return _CLAUSE_AFTER.split(m.group("what"), 1)[0] if m is not None else None


#: A verb after a co-used agent: the clause about the people who take it.
_CLAUSE_AFTER = re.compile(r"\s+(?:should|must|need|needs|require|requires)\b", re.I)

#: How a contraindication's strength grades the interaction it names.
_SEVERITY = {Strength.absolute: Severity.avoid, Strength.relative: Severity.caution}


def with_co_use(
    interactions: list[Row], contraindications: list[Row], ident: Identity
) -> list[Row]:
    """``interactions`` with the agents ``contraindications`` say are taken with the drug:
    a new row for an agent not yet there, a stronger severity for one that is."""
    out = [dict(row) for row in interactions]  # (the rows read are never changed in place)
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
