"""Pure normalizers: examples, and properties that hold for any text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.normalize import (
    collapse,
    depth_split,
    mask_parens,
    normalize_term,
    parentheticals,
    sentences,
    split_list,
)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("nausea, headache, and dizziness", ["nausea", "headache", "dizziness"]),
        ("nausea, headache and dizziness", ["nausea", "headache", "dizziness"]),
        ("nausea and vomiting", ["nausea and vomiting"]),
        ("a; b; or c", ["a", "b", "c"]),
        ("rash (itching, hives), fever", ["rash (itching, hives)", "fever"]),
        (
            "swelling (face, lips, and throat) and pain",
            ["swelling (face, lips, and throat) and pain"],
        ),
        ("x, (a, b) and y", ["x", "(a, b)", "y"]),
    ],
)
def test_split_list(text: str, items: list[str]) -> None:
    assert split_list(text) == items


def test_normalize_term() -> None:
    assert normalize_term("**Peripheral edema** (swelling)") == "peripheral edema"
    assert normalize_term("and  Dry   Mouth.") == "dry mouth"
    assert normalize_term("a metallic taste") == "metallic taste"
    assert normalize_term("St. John’s wort") == "st. john's wort"


def test_parentheticals_and_masking() -> None:
    assert parentheticals("rash (mild) and itch (rare, severe)") == (
        "rash and itch",
        ("mild", "rare, severe"),
    )
    assert mask_parens("a (b, c) d", "_") == "a (____) d"


def test_sentences_keep_abbreviations() -> None:
    assert sentences("Avoid St. John's wort. Use e.g. water. Done!") == [
        "Avoid St. John's wort.",
        "Use e.g. water.",
        "Done!",
    ]


words = st.text(alphabet="abcdefg ,;()", min_size=0, max_size=60)


@given(words)
@settings(max_examples=300)
def test_split_never_yields_empty_items(text: str) -> None:
    assert all(item.strip(" ,;") for item in split_list(text))


@given(st.lists(st.text(alphabet="abc ", min_size=1, max_size=8), min_size=1, max_size=5))
@settings(max_examples=300)
def test_split_never_breaks_inside_parentheses(inner: list[str]) -> None:
    group = collapse("(" + ", ".join(inner) + ")")
    text = f"first {group}, second"
    assert any(group in item for item in split_list(text))


@given(st.text(alphabet="ab ,;()", max_size=60))
@settings(max_examples=300)
def test_split_items_have_balanced_parentheses(text: str) -> None:
    # parentheses are balanced in every item whenever they are in the whole text
    if balanced(text):
        for item in split_list(text):
            assert balanced(item)


def balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


@given(st.text(max_size=80))
@settings(max_examples=300)
def test_mask_keeps_length_and_normalize_is_idempotent(text: str) -> None:
    assert len(mask_parens(text)) == len(text)
    once = normalize_term(text)
    assert normalize_term(once) == once
    assert once == once.strip() and "  " not in once


def test_a_grade_letter_ends_a_sentence_but_an_initial_does_not() -> None:
    assert sentences("Pregnancy category D. Do not use it. Caused by E. coli here.") == [
        "Pregnancy category D.",
        "Do not use it.",
        "Caused by E. coli here.",
    ]


# The char-by-char readings the bracket-to-bracket ones replaced (kept as the reference).
def _mask_by_char(text: str, fill: str = "\0") -> str:
    out, depth = [], 0
    for ch in text:
        if ch in "([{":
            depth += 1
            out.append(ch)
        elif ch in ")]}" and depth > 0:
            depth -= 1
            out.append(ch)
        else:
            out.append(fill if depth else ch)
    return "".join(out)


def _split_by_char(text: str, seps: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip(" \t.,;:!?-–—*_\"'`“”‘’/")]


def _parentheticals_by_char(text: str) -> tuple[str, tuple[str, ...]]:
    outside: list[str] = []
    inside: list[str] = []
    depth, buf = 0, []
    for ch in text:
        if ch in "([{":
            if depth == 0:
                buf = []
            else:
                buf.append(ch)
            depth += 1
        elif ch in ")]}" and depth > 0:
            depth -= 1
            if depth == 0:
                inside.append(collapse("".join(buf)))
            else:
                buf.append(ch)
        elif depth > 0:
            buf.append(ch)
        else:
            outside.append(ch)
    if depth > 0:
        outside.append(" " + "".join(ch for ch in buf if ch not in "([{)]}"))
    return collapse("".join(outside)), tuple(p for p in inside if p)


@given(st.text(alphabet="ab ,;.()[]{}", max_size=60))
@settings(max_examples=500)
def test_bracket_readings_equal_the_char_by_char_ones(text: str) -> None:
    assert mask_parens(text) == _mask_by_char(text)
    assert mask_parens(text, "_") == _mask_by_char(text, "_")
    assert parentheticals(text) == _parentheticals_by_char(text)
    for seps in (",;", ",", ";", ""):
        assert depth_split(text, seps) == _split_by_char(text, seps)


_PIECES = ["approx", "b.i.d", "t.i.d", "e.g", "St", "x", "A", "no", " ", ".", "\n", "-"]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
@example("Take it approx.\n")
@settings(max_examples=500)
def test_abbreviations_are_found_in_a_piece_tail(text: str) -> None:
    # the tail searched holds every abbreviation the whole piece ends with
    from pipeline.normalize import _ABBREV, _ABBREV_TAIL

    whole = _ABBREV.search(text) is not None
    assert whole == (_ABBREV.search(text, max(0, len(text) - _ABBREV_TAIL)) is not None)


# The readings before the cheap pre-checks (kept as the reference): a sentence end found by
# a look-behind at every character, leading and trailing conjunctions always searched.
_SENT_END_BEHIND = r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9*])"


def _term_always_searched(raw: str) -> str:
    from pipeline.normalize import _LEAD_ARTICLE, _LEAD_CONJ, _TRAIL_CONJ, strip_outer

    text, _ = parentheticals(raw.replace("**", "").replace("__", ""))
    text = strip_outer(text).lower().replace("’", "'")
    for _ in range(2):
        text = strip_outer(_LEAD_ARTICLE.sub("", _LEAD_CONJ.sub("", text)))
    return strip_outer(_TRAIL_CONJ.sub("", text))


_WORDS = ["and", "AND", "or", "Or", "and/or", "as well as", "plus", "also", "The", "an", "a"]
_MARKS = [" ", ".", "!", "?", '"', "'", ")", "(", "]", "[", ",", ";", "\n", "*", "B", "1", "x"]


@given(st.lists(st.sampled_from(_WORDS + _MARKS + ["e.g.", "St.", "ſ", "K"]), max_size=14))
@example(["Nausea", ".", " ", "Rash", "!", '"', " ", "B"])
@example(["and", " ", "or", " ", "The", " ", "x", ",", " ", "and"])
@settings(max_examples=1000)
def test_pre_checked_readings_equal_the_plain_ones(words: list[str]) -> None:
    import re

    from pipeline.normalize import _LEAD_CONJ, _SENT_END, _without_lead_conj

    text = "".join(words)
    pieces, last = [], 0
    for m in _SENT_END.finditer(text):
        pieces.append(text[last : m.start() + 1])
        last = m.end()
    assert [*pieces, text[last:]] == re.split(_SENT_END_BEHIND, text)
    assert normalize_term(text) == _term_always_searched(text)
    assert _without_lead_conj(text) == _LEAD_CONJ.sub("", text)


@given(st.text(alphabet="ab .!?,;\n\t", max_size=30))
@example("a , b .")
@example("  ")
def test_one_sentence_texts_and_collapse_read_as_before(text: str) -> None:
    """A text without a sentence mark is one sentence, collapsed (or none, when blank); a
    collapsed text has no space before a mark (one search for them, not six)."""
    import re

    from pipeline.normalize import _sentences, collapse

    expected = " ".join(text.split())
    expected = re.sub(r"\s+([,;:.!?])", r"\1", expected)
    assert collapse(text) == expected
    if not re.search("[.!?]", text):
        assert _sentences(text) == ((expected,) if text.strip() else ())
