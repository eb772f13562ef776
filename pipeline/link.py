"""Cross-file step: link interaction agents to the monographs of the same run.

An agent links to a monograph when its normalized text equals the monograph's
generic name, its title, or the single component of a single-ingredient
monograph; failing that, when both name the same drug once the ways of writing
one drug are set aside (``name_variants``): a salt, form or route (``warfarin
sodium tablets``, ``levothyroxine sodium``, ``cyclosporine (ophthalmic)``), the
acid or its anion (``valproic acid``, ``valproate``), British and American
spelling (``ciclosporin``, ``cyclosporine``) and the well-known paired names
(``paracetamol``, ``acetaminophen``). A drug class links only by its whole name
(``insulin``): ``calcium channel blockers`` is no ``calcium``. A monograph never
links to itself. Linked drug classes become drugs; alcohol, foods, herbals and
other substances keep their type. Ties go to the smallest ``monograph_id``, so
the result never depends on file order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import lexicon
from pipeline.extract.agent_vocab import names_group
from pipeline.models import AgentType
from pipeline.tables import enum_array

_NON_WORD = re.compile(r"[^a-z0-9]+")
_PARENS = re.compile(r"\([^()]*\)")
#: British or Latin spellings -> one form: sulphate/sulfate, aetiology, oestradiol, aciclovir.
_SPELLING = (("ph", "f"), ("ae", "e"), ("oe", "e"), ("y", "i"))
#: Words shorter than this keep their final ``e`` ("base", "gene").
_MIN_E_DROP = 6


@dataclass(frozen=True)
class _LinkVocab:
    forms: frozenset[str]  # salts' anions, forms and routes written after a drug's name
    cations: frozenset[str]  # salts' cations written before it ("sodium valproate")
    synonyms: dict[str, str]  # a name's canonical key -> its pair's


@cache
def _vocab() -> _LinkVocab:
    d = lexicon.load("interactions")["link"]
    forms = frozenset(d["salt_anions"] + d["forms"])
    cations = frozenset(d["salt_cations"])
    pairs = [(_canon(a, forms, cations)[0], _canon(b, forms, cations)[0]) for a, b in d["synonyms"]]
    # both names of a pair to the first one
    return _LinkVocab(forms, cations, {b: a for a, b in pairs} | {a: a for a, _ in pairs})


@cache  # memoized: a run reads each name once (``prefetch`` while the workers extract)
def name_key(text: str) -> str:
    """Spelling-insensitive key: lower case, punctuation and hyphens as single spaces."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def _spelled(key: str) -> str:
    words = []
    for word in key.split():
        for old, new in _SPELLING:
            word = word.replace(old, new)
        if len(word) >= _MIN_E_DROP and word.endswith("e"):  # cyclosporine, ciclosporin
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def _canon(name: str, forms: frozenset[str], cations: frozenset[str]) -> tuple[str, int]:
    """One name's drug key (salt, form and route words dropped, acid as its anion,
    spelling made one) and how many words were dropped."""
    words = name_key(name).split()
    n = len(words)
    while len(words) > 1 and words[-1] in forms:
        words.pop()
    if len(words) == 2 and words[0] in cations and words[1] not in forms:
        words = words[1:]  # "sodium valproate"; never "sodium chloride" -> "chloride"
    dropped = n - len(words)
    if len(words) >= 2 and words[-1] == "acid" and words[-2].endswith("ic"):
        words[-2:] = [words[-2][:-2] + "ate"]  # valproic acid -> valproate
    return _spelled(" ".join(words)), dropped


@cache
def name_variants(text: str, *, alternatives: bool = False) -> tuple[tuple[str, int], ...]:
    """Keys of the drug a name writes, salt, form, route and spelling set aside, each with
    the number of words dropped for it; with ``alternatives`` (a monograph's name), each
    of ``lidocaine/lignocaine`` apart (not in a combination's name, nor in an agent's
    ``amlodipine/benazepril``). None for one short word."""
    v = _vocab()
    out: dict[str, int] = {}
    text = _PARENS.sub(" ", text.lower())
    split = alternatives and "+" not in text
    for alt in text.split("/") if split else [text]:
        key, dropped = _canon(alt, v.forms, v.cations)
        key = v.synonyms.get(key, key)
        if len(key) >= 4:
            out.setdefault(key, dropped)
    return tuple(out.items())


@dataclass(frozen=True)
class NameIndex:
    """Monograph ids by exact name key (smallest id first) and by drug variant key (the
    fewest words set aside first, then the smallest id)."""

    exact: dict[str, list[str]]
    variants: dict[str, list[str]]


def _names_of(generic: str | None, title: str | None, components: list[str] | None) -> list[str]:
    """The names a monograph is known by: generic name, title, a single ingredient's name."""
    names = [n for n in (generic, title) if n]
    if components and len(components) == 1:
        names.append(components[0])
    return names


class IndexBuilder:
    """A ``NameIndex`` built a few monographs at a time: the run adds each chunk's while
    the workers extract the next, so linking after extraction finds it built."""

    def __init__(self) -> None:
        self._exact: dict[str, list[str]] = {}
        # (words dropped, id): "valproate" is valproic acid before magnesium valproate
        self._variants: dict[str, list[tuple[int, str]]] = {}
        self._ids: list[str] = []

    def add(self, monographs: pa.Table) -> None:
        """Index the names of these monographs."""
        cols = monographs.select(["monograph_id", "title", "generic_name", "components"])
        for mid, title, generic, components in zip(*cols.to_pydict().values(), strict=True):
            names = _names_of(generic, title, components)
            for key in dict.fromkeys(name_key(n) for n in names):
                if key:
                    self._exact.setdefault(key, []).append(mid)
            keys: dict[str, int] = {}
            for n in names:
                for key, dropped in name_variants(n, alternatives=True):
                    keys[key] = min(dropped, keys.get(key, dropped))
            for key, dropped in keys.items():
                self._variants.setdefault(key, []).append((dropped, mid))
            self._ids.append(mid)

    def covers(self, monographs: pa.Table) -> bool:
        """Whether exactly these monographs were added (each once, in any order)."""
        ids = monographs.column("monograph_id").to_pylist()
        return len(ids) == len(self._ids) and sorted(ids) == sorted(self._ids)

    def index(self) -> NameIndex:
        """The index of every monograph added, whatever the order they came in."""
        return NameIndex(
            {k: sorted(v) for k, v in self._exact.items()},
            {k: [mid for _, mid in sorted(v)] for k, v in self._variants.items()},
        )


def name_index(monographs: pa.Table) -> NameIndex:
    """Normalized names -> the monograph_ids bearing them, smallest first."""
    builder = IndexBuilder()
    builder.add(monographs)
    return builder.index()


def lookup(
    agent: str, index: NameIndex, owner: str = "", *, whole_only: bool = False
) -> str | None:
    """The monograph an agent names (never ``owner`` itself): its whole name first, then
    the drug it writes (unless ``whole_only``: a class); among monographs of one name the
    smallest id."""
    keys = [name_key(agent)]
    tiers = [index.exact] if whole_only else [index.exact, index.variants]
    for tier, tier_keys in zip(tiers, (keys, [k for k, _ in name_variants(agent)]), strict=False):
        for key in tier_keys:
            for mid in tier.get(key, ()):
                if mid != owner:
                    return mid
    return None


def prefetch(interactions: pa.Table) -> None:
    """Read the keys of some agents now (memoized), so that ``link_interactions`` later
    finds them read: the run calls it on each chunk's rows while the workers extract
    the next chunks (and adds their monographs to an ``IndexBuilder``)."""
    for agent in pc.unique(interactions.column("agent")).to_pylist():
        name_key(agent)
        name_variants(agent)


def link_interactions(
    interactions: pa.Table, monographs: pa.Table, index: NameIndex | None = None
) -> pa.Table:
    """Fill ``linked_monograph_id`` (and ``agent_type`` drug) for agents naming a monograph
    (``index``: the monographs' ``name_index``, when it is already built).

    Works column-wise: each distinct agent is looked up once, and only the two
    columns that change are rebuilt, so the table never becomes Python rows.
    """
    if not interactions.num_rows:
        return interactions
    if index is None:
        index = name_index(monographs)
    agents = interactions.column("agent").to_pylist()
    owners = interactions.column("monograph_id").to_pylist()
    types = [str(v) for v in interactions.column("agent_type").to_pylist()]
    targets: dict[tuple[str, str, str], str | None] = {}  # each (agent, owner, type) once
    linked: list[str | None] = []
    for key in zip(agents, owners, types, strict=True):
        if key not in targets:
            whole = key[2] == AgentType.drug_class.value
            targets[key] = lookup(key[0], index, owner=key[1], whole_only=whole)
        linked.append(targets[key])
    upgraded = [
        AgentType.drug.value if target is not None and _drug_by_name(agent, kind) else kind
        for target, kind, agent in zip(linked, types, agents, strict=True)
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


def _drug_by_name(agent: str, kind: str) -> bool:
    """A linked agent is a drug, unless a plural names a group of them ("anticholinesterases",
    a monograph about a class)."""
    if kind == AgentType.drug_class.value and names_group(agent):
        return False
    return kind in _DRUGLIKE


#: Agent types a link turns into ``drug``: the generic name of a monograph of the run is a
#: drug even where the lexicon lists it as a class ("insulin"); alcohol, foods, herbals
#: and other substances keep their type.
_DRUGLIKE = frozenset({AgentType.drug.value, AgentType.drug_class.value})
