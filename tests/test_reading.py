"""Phrase patterns read by words: ``Opened.search`` finds what ``regex.search`` finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import lexicon
from pipeline.extract.conditions import vocab
from pipeline.extract.reading import Opened
from pipeline.lexicon import openers
from pipeline.normalize import mask_parens, sentences


def span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m is not None else None


def assert_same(opened: Opened, text: str, pos: int = 0, endpos: int | None = None) -> None:
    end = len(text) if endpos is None else endpos
    assert span(opened.search(text, pos, endpos)) == span(opened.regex.search(text, pos, end))


def test_openers_are_first_words_lower_case() -> None:
    assert openers(["Should not be used", "don't take", "co-administration", "b12"]) == {
        "should",
        "don",
        "co",
        "b12",
    }
    with pytest.raises(ValueError, match="does not open with a word"):
        openers(["avoid", "-free"])


TRIGGER_TEXTS = [
    "Testamol is contraindicated in patients with asthma.",
    "It SHOULD NOT BE USED during pregnancy; use with caution in the elderly.",
    "Patients with renal impairment may require dose adjustment.",
    "Dose adjustments are not needed in mild hepatic impairment.",
    "Non-avoidable exposure; pre-contraindicated (avoid in children) is no wording.",
    "You shouldn’t take it if you have gout, and don’t use it with alcohol.",
    "Talk to your doctor if you are pregnant.",
    "Monitoring (close monitoring is needed) of blood counts.",
    "Nothing restricts use here.",
    "",
    # a Kelvin sign or a long s is read by the regex as k or s: searched as written
    "It \u017fhould not be used in children.",
    "Ta\u212ae with care.",
]


@pytest.mark.parametrize("text", TRIGGER_TEXTS)
def test_any_trigger_finds_what_the_regex_finds(text: str) -> None:
    assert_same(vocab().any_trigger, text)
    assert_same(vocab().any_trigger, mask_parens(text))
    for pos in range(0, len(text), 7):
        assert_same(vocab().any_trigger, text, pos)
        assert_same(vocab().any_trigger, text, 0, pos)  # (a word cut by the end is cut)


def test_any_trigger_finds_every_lexicon_phrase() -> None:
    """Each trigger phrase, written in a sentence: its opener is known (a phrase the
    lexicon gains that opens otherwise would be missed, and this test fails)."""
    d = lexicon.load("contraindications")
    phrases = lexicon.with_contractions(
        d["absolute"]
        + d["application"]
        + d["absolute_subject"]
        + d["relative"]
        + d["relative_subject"]
    ) + [f"{verb} your doctor if you have" for verb in d["advice_verbs"]]
    for key in (
        "relative_dose_wording",
        "relative_caution_wording",
        "relative_subject_wording",
        "absolute_subject_wording",
    ):
        first, *parts = d[key]  # each opening word, then a word of every other part
        phrases += [" ".join([w, *(next(x for x in part if x) for part in parts)]) for w in first]
    for phrase in phrases:
        for text in (f"Patients {phrase} asthma.", phrase.upper(), f"({phrase})"):
            found = vocab().any_trigger.search(text)
            assert found is not None, text
            assert span(found) == span(vocab().any_trigger.regex.search(text))


def test_a_missing_opener_is_noticed() -> None:
    """The check above can fail: without an opener, a phrase is not found."""
    any_trigger = vocab().any_trigger
    partial = Opened(any_trigger.regex, any_trigger.openers - {"avoid"})
    assert partial.search("Avoid in asthma.") is None
    assert any_trigger.search("Avoid in asthma.") is not None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("should", "not", "be", "used", "avoid", "in", "Avoid", "caution", "with", "use"),
                *("-", " ", "(", ")", ",", "’", "don't", "x", "contraindicated", "\u017f"),
            ]
        ),
        max_size=14,
    )
)
def test_search_is_the_regex_search_on_any_text(pieces: list[str]) -> None:
    text = " ".join(pieces)
    assert_same(vocab().any_trigger, text)
    assert_same(vocab().any_trigger, "".join(pieces))


def test_corpus_sentences(corpus: Path) -> None:
    """The same first trigger in sentences of the corpus (a sample of its files)."""
    files = sorted(corpus.glob("*/*.md"))
    for path in random.Random(13).sample(files, min(150, len(files))):
        for sentence in sentences(path.read_text(encoding="utf-8")):
            assert_same(vocab().any_trigger, sentence)
            assert_same(vocab().any_trigger, mask_parens(sentence))
