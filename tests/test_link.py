"""Linking agents to the monographs of a run (``pipeline.link``)."""

from __future__ import annotations

import pytest

from pipeline.link import IndexBuilder, link_interactions, lookup, name_index, name_variants
from pipeline.tables import rows_to_arrow

_MONOGRAPHS = {
    "c/calcium": "Calcium",
    "c/ciclosporin": "Ciclosporin",
    "l/levothyroxine-sodium": "Levothyroxine Sodium",
    "m/magnesium-valproate": "Magnesium Valproate",
    "v/valproic-acid": "Valproic Acid",
    "p/paracetamol": "Paracetamol",
    "t/timolol-ophthalmic": "Timolol (Ophthalmic)",
    "l/lidocaine-lignocaine": "Lidocaine/Lignocaine",
    "a/amlodipine": "Amlodipine",
    "a/allantoin-lidocaine-lignocaine": "Allantoin + Lidocaine/Lignocaine",
    "p/potassium": "Potassium",
    "s/sodium-chloride": "Sodium Chloride",
    "a/anticholinesterases": "Anticholinesterases",
}


def _index():  # type: ignore[no-untyped-def]
    return name_index(_table())


def _table():  # type: ignore[no-untyped-def]
    return rows_to_arrow(
        "monographs",
        [
            {
                "monograph_id": m,
                "title": t,
                "generic_name": t.lower(),
                "components": [c.strip().lower() for c in t.split("+")],
                "is_combination": "+" in t,
                "source_path": f"{m}.md",
                "status": "ok",
            }
            for m, t in _MONOGRAPHS.items()
        ],
    )


@pytest.mark.parametrize(
    ("agent", "target"),
    [
        ("calcium", "c/calcium"),
        ("cyclosporine", "c/ciclosporin"),  # American spelling of the INN
        ("cyclosporin", "c/ciclosporin"),
        ("levothyroxine", "l/levothyroxine-sodium"),  # the salt set aside
        ("levothyroxine sodium tablets", "l/levothyroxine-sodium"),
        ("valproate", "v/valproic-acid"),  # the acid before another salt of it
        ("sodium valproate", "v/valproic-acid"),
        ("acetaminophen", "p/paracetamol"),  # a paired name
        ("timolol eye drops", "t/timolol-ophthalmic"),
        ("lignocaine", "l/lidocaine-lignocaine"),  # each of a single drug's names
        ("lidocaine", "l/lidocaine-lignocaine"),  # never the combination naming it
        ("calcium carbonate", "c/calcium"),
        ("potassium chloride", "p/potassium"),
        # never by leading words: a class, a combination, an unrelated phrase
        ("calcium channel blockers", None),
        ("potassium-sparing diuretics", None),
        ("amlodipine/benazepril", None),
        ("aspirin at high doses", None),
        ("chloride", None),  # "sodium chloride" is no chloride
    ],
)
def test_lookup(agent: str, target: str | None) -> None:
    assert lookup(agent, _index()) == target


def test_a_class_links_only_by_its_whole_name() -> None:
    index = _index()
    assert lookup("calcium", index, whole_only=True) == "c/calcium"
    assert lookup("calcium salts", index, whole_only=True) is None
    assert lookup("cyclosporine", index, whole_only=True) is None


def test_never_the_monograph_itself() -> None:
    assert lookup("ciclosporin", _index(), owner="c/ciclosporin") is None
    assert lookup("cyclosporine", _index(), owner="c/ciclosporin") is None


def test_spelling_variants_share_a_key() -> None:
    assert name_variants("Sulphasalazine") == name_variants("sulfasalazine")
    assert name_variants("oestradiol") == name_variants("estradiol")
    assert [k for k, _ in name_variants("valproic acid")] == [
        k for k, _ in name_variants("Sodium Valproate")
    ]


def test_link_table_keeps_classes_as_classes() -> None:
    rows = [
        {
            "monograph_id": "a/amlodipine",
            "item_no": i,
            "agent": agent,
            "agent_raw": agent,
            "agent_type": kind,
            "severity": "caution",
            "line": 3,
        }
        for i, (agent, kind) in enumerate(
            [
                ("calcium channel blockers", "drug_class"),
                ("cyclosporine", "drug"),
                # a monograph about a class: linked, and still a class (a plural)
                ("anticholinesterases", "drug_class"),
            ],
            start=1,
        )
    ]
    linked = link_interactions(rows_to_arrow("interactions", rows), _table())
    assert linked.column("linked_monograph_id").to_pylist() == [
        None,
        "c/ciclosporin",
        "a/anticholinesterases",
    ]
    assert [str(v) for v in linked.column("agent_type").to_pylist()] == [
        "drug_class",
        "drug",
        "drug_class",
    ]


def test_an_index_built_a_few_monographs_at_a_time_is_the_whole_tables() -> None:
    """The run indexes each chunk's monographs as it comes, in no set order: the index is
    the one of the whole table (ties still go to the smallest id, fewest words dropped)."""
    table = _table()
    whole = name_index(table)
    for order in (range(table.num_rows), reversed(range(table.num_rows))):
        builder = IndexBuilder()
        for i in order:
            builder.add(table.slice(i, 1))
        assert builder.covers(table)
        assert builder.index() == whole
    assert whole.variants["valproat"] == ["v/valproic-acid", "m/magnesium-valproate"]


def test_an_index_covers_exactly_the_monographs_added() -> None:
    table = _table()
    builder = IndexBuilder()
    builder.add(table.slice(0, 3))
    assert not builder.covers(table)
    builder.add(table.slice(3))
    assert builder.covers(table)
    builder.add(table.slice(0, 1))  # one monograph twice
    assert not builder.covers(table)
