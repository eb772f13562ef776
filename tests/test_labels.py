"""Group labels: what the labels above an item say, innermost winning."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

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
    for name in Group._fields:  # a field added to Group must be carried by under() too
        assert getattr(under, name) == getattr(inner, name), name


def test_outer_label_fills_what_the_inner_does_not_say() -> None:
    outer = Group(band=find_band_words("common"), serious=True, category="skin")
    assert outer.under(info()) == outer


_RANKED = ["serious", "severe", "mild", "minor", "life-threatening", "rare", "common"]


@given(
    st.lists(
        st.sampled_from([*_RANKED, "life", "threatening", "un", "ly", "-", " ", "'", "x"]),
        max_size=10,
    ).map("".join)
)
@example("life-threatening rare-common uncommon mildly")
@settings(max_examples=1000)
def test_ranking_words_go_as_when_removed_one_by_one(text: str) -> None:
    import re

    from pipeline.extract.labels import _RANKING_WORDS

    one_by_one = text
    for word in _RANKED:
        one_by_one = re.sub(rf"\b{word}\b", " ", one_by_one)
    assert _RANKING_WORDS.sub(" ", text) == one_by_one
