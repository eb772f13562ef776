"""Group labels: what the labels above an item say, innermost winning."""

from __future__ import annotations

from dataclasses import fields

from pipeline.extract.labels import Group, LabelInfo
from pipeline.frequency import find_band_words, find_percent


def info(**kw: object) -> LabelInfo:
    base: dict[str, object] = dict(
        text="x", advice=False, group_like=True, percent=None, band=None, serious=None,
        component=None, category=None,
    )  # fmt: skip
    base.update(kw)
    return LabelInfo(**base)  # type: ignore[arg-type]


def test_inner_label_wins_for_every_field() -> None:
    outer = Group(
        percent=find_percent("10%"),
        band=find_band_words("common"),
        serious=False,
        component="alpha",
        category="skin",
    )
    inner = info(
        percent=find_percent("1%"),
        band=find_band_words("rare"),
        serious=True,
        component="beta",
        category="eyes",
    )
    under = outer.under(inner)
    for f in fields(Group):  # a field added to Group must be carried by under() too
        assert getattr(under, f.name) == getattr(inner, f.name), f.name


def test_outer_label_fills_what_the_inner_does_not_say() -> None:
    outer = Group(band=find_band_words("common"), serious=True, category="skin")
    assert outer.under(info()) == outer
