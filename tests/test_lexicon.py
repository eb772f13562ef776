"""Lexicon patterns: trie-built alternations match what a longest-first alternation would."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import random
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipeline
from pipeline import lexicon

LEXICONS = Path(lexicon.__file__).parent / "lexicons"


def longest_first(words: list[str], *, space: str = r"\ ") -> str:
    """The plain construction the tries replace: every word, longest first."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(space.join(re.escape(part) for part in w.split(" ")) for w in ordered)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


_WORDS = st.lists(st.text("ab -", min_size=1, max_size=5), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.text("ab -xA", max_size=30))
def test_words_match_as_longest_first(words: list[str], text: str) -> None:
    for prefix in (False, True):
        tail = "" if prefix else r"(?![\w-])"
        plain = re.compile(rf"(?<![\w-])(?:{longest_first(words)}){tail}", re.I)
        assert spans(lexicon.words_pattern(words, prefix=prefix), text) == spans(plain, text)


def test_a_phrase_takes_one_adverb_between_its_words() -> None:
    pattern = lexicon.phrases_pattern(["is contraindicated", "should not be used"])
    assert pattern.search("It is absolutely contraindicated.").group(0) == (  # type: ignore[union-attr]
        "is absolutely contraindicated"
    )
    assert pattern.search("should  generally not be used") is not None
    assert pattern.search("is not contraindicated") is None  # "not" is no adverb
    assert lexicon.phrases_pattern([" should   not be used "]).search("should not be used")
    contracted = lexicon.phrases_pattern(["should not be used", "do not use"])
    for text in ("shouldn't be used", "shouldn’t generally be used", "don’t use"):
        assert contracted.search(text), text
    assert lexicon.with_contractions(["is not recommended"]) == [
        "is not recommended",
        "isn't recommended",
    ]


def _shipped_lists() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def walk(key: str, value: object) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{key}.{k}", v)
        elif isinstance(value, list) and value and all(isinstance(x, str) for x in value):
            found[key] = value
        elif isinstance(value, list):  # a sequence's parts (``lexicon.sequence``)
            for i, part in enumerate(value):
                walk(f"{key}[{i}]", part)

    for path in sorted(LEXICONS.glob("*.toml")):
        walk(path.stem, tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def _phrase_lists(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every list the package compiles with ``phrases_pattern``: each lexicon loader
    (a cached function without arguments) is run once more with a recorder in place."""
    seen: list[list[str]] = []
    real = lexicon.phrases_pattern

    def record(phrases: list[str], sequences: Any = ()) -> re.Pattern[str]:
        seen.append(list(phrases))  # sequences have their own test
        return real(phrases, sequences)

    monkeypatch.setattr(lexicon, "phrases_pattern", record)
    for info in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if info.name.endswith("__main__"):
            continue  # running it would run the command line
        module = importlib.import_module(info.name)
        for fn in vars(module).values():
            wrapped = getattr(fn, "__wrapped__", None)
            if (
                hasattr(fn, "cache_info")
                and callable(wrapped)
                and not inspect.signature(wrapped).parameters
            ):
                wrapped()
    monkeypatch.setattr(lexicon, "phrases_pattern", real)
    return seen


def test_shipped_phrases_match_as_longest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The adverb a phrase may take between its words can make a trie and a longest-first
    alternation disagree ("very frequently frequent": "very [frequently] frequent" or
    "very frequently"?) when a phrase holds an adverb itself; none of ours does so."""
    lists = _phrase_lists(monkeypatch)
    assert len(lists) >= 5
    adverbs = lexicon.load("grammar")["adverbs"]
    space = r"\s+(?:(?:" + "|".join(adverbs) + r")\s+)?"
    rng = random.Random(0)
    for words in lists:
        phrases = lexicon.with_contractions(words)
        plain = re.compile(rf"(?<![\w-])(?:{longest_first(phrases, space=space)})(?![\w-])", re.I)
        trie = lexicon.phrases_pattern(words)
        vocab = sorted({part for p in phrases for part in p.split()} | set(adverbs[:8]))
        for _ in range(150):
            parts = [
                rng.choice(phrases) if rng.random() < 0.4 else rng.choice(vocab)
                for _ in range(rng.randint(1, 8))
            ]
            text = rng.choice([" ", ", ", " (", ". "]).join(parts)
            assert spans(trie, text) == spans(plain, text), (phrases[:3], text)


def test_a_sequence_matches_one_entry_of_each_part_in_order() -> None:
    parts = [["dose adjustment", "dose adjustments"], ["is", "may be", ""], ["needed", "advised"]]
    pattern = lexicon.phrases_pattern(["use with caution"], [parts])
    for text in (
        "Dose adjustments may be needed",
        "dose adjustment is advised",
        "dose adjustments needed",
        "dose adjustment is generally needed",  # the phrases' adverb rule holds inside
        "use with caution",
    ):
        m = pattern.search(text)
        assert m is not None and m.group(0) == text, text
    for text in ("dose adjustment", "needed dose adjustment", "dose adjustments are needed"):
        assert pattern.search(text) is None, text
    with pytest.raises(ValueError):
        lexicon.sequence([["", "dose"], ["needed"]])
    with pytest.raises(ValueError):
        lexicon.sequence([["dose"], [""], ["needed"]])


def test_lexicon_entries_are_clean() -> None:
    """Lower case, single-spaced, stripped: what the patterns and exact lookups assume."""
    for name, words in _shipped_lists().items():
        for word in words:
            assert word == word.lower() == " ".join(word.split()), (name, word)


def test_every_negator_holds_an_anchor_word() -> None:
    """``without_denials`` skips text holding no anchor: a negator without one would be lost."""
    grammar = lexicon.load("grammar")
    anchors = set(grammar["negator_anchors"])
    for negator in grammar["negators"]:
        assert anchors & set(negator.split()), negator
