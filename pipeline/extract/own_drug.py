"""The monograph's own drug, however an interaction text writes it: never an agent.

Its components, its slash product ("imipenem/cilastatin"), its possessive or plural, its
route or form ("oral X"), another spelling or name ("amoxicillin" in amoxycillin), and
what a phrase calls its parts ("A and B (components of X)").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline import lexicon
from pipeline.extract.identity import Identity
from pipeline.link import name_variants
from pipeline.normalize import MEMO_SIZE, normalize_term

#: A parenthetical saying what the phrase before it is part of ("components of X").
_PART_OF = re.compile(
    r"^\s*(?:the\s+)?(?:active\s+)?(?:components?|ingredients?|constituents?|parts?)\s+of\s+"
    r"(?:the\s+)?(?P<whole>[^()]+?)\s*$",
    re.I,
)
_PARENTHETICAL = re.compile(r"\(([^()]*)\)")


def after_own_parts(raw: str, names: frozenset[str]) -> str:
    """ "A and B (components of zelfarin) may ...": what a phrase names as parts of the
    monograph's own drug is the drug, never an agent; the phrase goes on after it."""
    for m in _PARENTHETICAL.finditer(raw):
        part_of = _PART_OF.match(m.group(1))
        if part_of is not None:
            whole = normalize_term(part_of.group("whole"))
            if names_drug(whole, names) or whole.split(" ", 1)[0] == "this":
                return raw[m.end() :]
    return raw


def names_drug(agent: str, names: frozenset[str]) -> bool:
    """The monograph's own drug (or a component), possibly with a route or form after it;
    or a product of it written with slashes ("amoxicillin/clavulanate" in amoxycillin +
    potassium clavulanate, "imipenem/cilastatin" in imipenem: a part is the drug or one of
    its components, salts and spelling aside; the product is the drug, not a second one)."""
    if any(agent == n or agent.startswith(f"{n} ") or n.startswith(f"{agent} ") for n in names):
        return True
    # its possessive or plural ("testamol's topical use", "proanthocyanidins"): the drug
    if agent[-1:] == "s" and agent[:-1] in names:
        return True
    if " " in agent:
        first, _, rest = agent.partition(" ")
        if first in _routes() and names_drug(rest, names):  # "oral testamol"
            return True
    if "'s" in agent or "’s" in agent:
        first, _, rest = agent.partition(" ")
        if first[-2:] in ("'s", "’s") and names_drug(f"{first[:-2]} {rest}".strip(), names):
            return True
    if "/" not in agent:
        return False
    keys = _own_keys(names, False)
    return any(
        names_drug(part, names) or any(k in keys for k, _ in name_variants(part))
        for part in (p.strip() for p in agent.split("/"))
        if part
    )


def spelled_as_drug(agent: str, ident: Identity) -> bool:
    """The monograph's own drug in another spelling or name ("amoxicillin" in amoxycillin,
    "acetaminophen" in paracetamol); not another salt of its base ("calcium carbonate" in
    calcium citrate). (Tested on each agent kept, not on each candidate: fewer.)"""
    own = _own_keys(ident.own_names, True)
    return any(k in own for k, dropped in name_variants(agent) if not dropped)


@lru_cache(maxsize=MEMO_SIZE)
def _own_keys(names: frozenset[str], exact: bool) -> frozenset[str]:
    """The link's keys of the drug's own names; ``exact``: only those with nothing set aside
    (once per monograph: every agent is tested against them)."""
    return frozenset(k for n in names for k, dropped in name_variants(n) if not (exact and dropped))


@cache
def _routes() -> frozenset[str]:
    """Routes and forms written before or after a drug's name ("oral", "topical")."""
    return frozenset(lexicon.load("interactions")["link"]["forms"])
