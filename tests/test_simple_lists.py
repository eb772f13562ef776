"""The flat-list shortcut (``pipeline.simple_lists``) gives exactly markdown-it's list tokens:
on the shapes it takes, on those it must leave to ``list_block``, on ranges of a document
(section bodies are parsed on their own), on generated list-heavy documents and the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_block import StateBlock
from test_shortcuts import SLOW_EXAMPLES, assert_same_tokens, signature

from pipeline import simple_lists
from pipeline.parse import MAX_NESTING, block_parser
from pipeline.shortcuts import BlockState

#: What comes before each fixture: a list in the file's first line is left alone (front
#: matter is looked for there).
INTRO = "Intro.\n\n"

#: Lists the shortcut parses (every list of each is flat).
TAKEN = {
    "tight bullets": "* Nausea\n* **Label:** text\n* x\n",
    "dashes and pluses": "- a\n- b\n\n+ c\n+ d\n",
    "loose: blank lines between items": "* a\n\n* b\n\n\n* c\n",
    "blank line after the last item only": "* a\n* b\n\ntext after\n",
    "ordered from one": "1. one\n2. two\n3. three\n",
    "ordered from three, parenthesis": "3) three\n4) four\n",
    "ordered, number kept as written": "007. seven\n8. eight\n",
    "indents of 0-3 spaces, 1-4 after the marker": " * a\n  * b\n   *    c\n*  d\n",
    "trailing spaces and inner tabs": "* a  \n* b\tc \n",
    "a list of another kind ends it": "* a\n- b\n1. c\n1) d\n",
    "a rule ends it": "* a\n\n***\n",
    "a paragraph after a blank line ends it": "- a\n\ntext\n",
    "heading after a blank line": "* a\n\n# H\n",
    "at the end of the file, no newline": "text\n\n* a\n* b",
    "blank lines to the end": "text\n\n* a\n\n\n",
    "in a quote": "> * a\n>\n> * b\n>  * c\n\nc\n",
    "deeper items end the list as markdown-it does": "text\n\n   * a\n * b\n",
    "text starting with markup": "* *em* x\n* __b__\n* 5 mg\n* -x\n* =\n* |a|\n",
}

#: Lists the shortcut must leave to ``list_block`` (first item's line: where it looks).
REFUSED = {
    "lazy continuation": "* a\nmore text\n",
    "an indented second paragraph": "* a\n\n  more\n",
    "a nested list": "* a\n  * b\n",
    "a heading right under an item": "* a\n# H\n",
    "a rule right under an item": "- a\n---\n",
    "a setext-like line under an item": "* a\n  ===\n",
    "a tab after the marker": "*\ta\n* b\n",
    "a tab after a quote marker": ">\t* a\n",
    "five spaces after the marker (code)": "*     a\n* b\n",
    "an empty item": "*\n* b\n",
    "html": "* <em>a</em>\n",
    "a heading in the item": "* # H\n",
    "a quote in the item": "* > q\n",
    "a fence in the item": "* ```\n* b\n",
    "a reference in the item": "* [a]: /u\n",
    "a list in the item": "* - b\n* 1. c\n",
    "a rule as an item": "- a\n- - -\n",
    "a later item not flat": "* a\n* b\n*\tc\n",
    "a later item with a nested list": "* a\n* b\n  * c\n",
    "lazy line of the special case": "- a\n  - b\n    - c\n     - d\n",
}


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """What the shortcut answered, each time the list rule was asked."""
    answers: list[bool] = []
    flat = simple_lists._flat

    def spied(state: StateBlock, first: int, end: int) -> bool:
        answers.append(flat(state, first, end))
        return answers[-1]

    monkeypatch.setattr(simple_lists, "_flat", spied)
    yield answers


@pytest.mark.parametrize("text", TAKEN.values(), ids=TAKEN.keys())
def test_flat_lists_are_taken_and_parse_identically(text: str, spy: list[bool]) -> None:
    assert_same_tokens(INTRO + text)
    assert spy[0] is True


@pytest.mark.parametrize("text", REFUSED.values(), ids=REFUSED.keys())
def test_other_lists_are_left_to_markdown_it(text: str, spy: list[bool]) -> None:
    block_parser().parse(INTRO + text, {})
    assert spy[0] is False  # the fixture's first list, where its shape is
    assert_same_tokens(INTRO + text)


def test_a_list_in_a_list_left_to_markdown_it_may_be_taken(spy: list[bool]) -> None:
    assert_same_tokens(INTRO + "* a\n  * b\n  * c\n* d\n")
    assert spy[:2] == [False, True]


def test_a_tab_in_the_indent_is_refused(spy: list[bool]) -> None:
    """(In an item, as a tab at column 0 makes indented code.)"""
    assert_same_tokens(INTRO + "- a\n\n  \t- b\n")
    assert spy[:2] == [False, False]


def test_a_list_in_the_first_line_is_left_alone(spy: list[bool]) -> None:
    assert_same_tokens("- a\n- b\n")
    assert not spy


def test_no_tokens_are_left_behind_when_the_shortcut_gives_up(spy: list[bool]) -> None:
    """Refused after two items: list_block starts again from the list's first line."""
    text = "x\n\n* a\n* b\n* c\nlazy\n"
    tokens = block_parser().parse(text, {})
    assert spy[0] is False
    assert [t.type for t in tokens].count("bullet_list_open") == 1
    assert_same_tokens(text)


def test_lists_nested_past_the_limit_are_left_alone(spy: list[bool]) -> None:
    deep = "".join(">" * i + " text\n" for i in range(MAX_NESTING - 3, MAX_NESTING))
    text = deep + ">" * (MAX_NESTING - 2) + " * a\n"
    assert_same_tokens(text)
    assert not spy


def test_tight_lists_hide_their_paragraphs() -> None:
    tight = block_parser().parse("text\n\n* a\n* b\n", {})
    loose = block_parser().parse("text\n\n* a\n\n* b\n", {})
    assert [t.hidden for t in tight if t.type == "paragraph_open"] == [False, True, True]
    assert [t.hidden for t in loose if t.type == "paragraph_open"] == [False, False, False]


def assert_same_range_tokens(text: str, start: int, end: int) -> None:
    """Lines ``start`` to ``end`` tokenized on their own (as a lazy section body is), fast and
    plain: a list may end at the range's end, or read past it."""
    fast, plain = block_parser(), block_parser(fast=False)
    ours, theirs = BlockState(text, fast, {}, []), StateBlock(text, plain, {}, [])
    end = min(end, ours.lineMax)
    fast.block.tokenize(ours, start, end)
    plain.block.tokenize(theirs, start, end)
    assert signature(ours.tokens) == signature(theirs.tokens)
    assert ours.line == theirs.line


@pytest.mark.parametrize(
    "text",
    [INTRO + t for t in [*TAKEN.values(), *REFUSED.values(), "* a\n\n\n* b\n\n# H\n", "* a\n\n\n"]],
)
def test_ranges_parse_identically(text: str) -> None:
    lines = text.count("\n") + 1
    for start in range(1, lines):
        for end in range(start + 1, lines + 1):
            assert_same_range_tokens(text, start, end)


#: Lines of list-heavy documents: items of every kind and indent, with what may follow them.
_INDENT = st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "> "])
_MARK = st.sampled_from(["*", "-", "+", "1.", "2.", "1)", "10.", "*", "-", "1."])
_GAP = st.sampled_from([" ", " ", "  ", "    ", "     ", "\t", ""])
_TEXT = st.sampled_from(
    ["Nausea", "**Label:** text", "x", "", "*", "- y", "1. z", "<b>", "# h", "---", "* * *", "a\tb",
     "[a]: /u", "> q", "```", "|a|", "==="]
)  # fmt: skip
_ITEM = st.tuples(_INDENT, _MARK, _GAP, _TEXT).map("".join)
_OTHER = st.sampled_from(["", "", "text", "  text", "    code", "# H", "---", "==="])
_LINE = st.one_of(_ITEM, _ITEM, _ITEM, _OTHER)
_DOC = st.lists(_LINE, max_size=20).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(_DOC)
def test_generated_lists_parse_identically(text: str) -> None:
    assert_same_tokens(text)


@settings(max_examples=200, deadline=None)
@given(_DOC, st.integers(1, 20), st.integers(1, 20))
def test_generated_ranges_parse_identically(text: str, start: int, length: int) -> None:
    lines = text.count("\n") + 1
    if start < lines:
        assert_same_range_tokens(text, start, start + length)


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES, deadline=None)
@given(_DOC)
def test_many_generated_lists_parse_identically(text: str) -> None:
    assert_same_tokens(text)


def test_corpus_sample_lists_parse_identically(corpus: Path, spy: list[bool]) -> None:
    for path in sorted(corpus.rglob("*.md"))[1::7]:
        assert_same_tokens(path.read_text(encoding="utf-8", errors="replace"))
    assert spy.count(True) > 100  # the corpus's lists take the shortcut
