"""Our parser's shortcuts (first-character dispatch, rule guards, token allocation, its own
source normalization) give exactly the tokens of the plain markdown-it parser."""

from __future__ import annotations

import dataclasses
import os
import re
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core.normalize import NEWLINES_RE, NULL_RE
from markdown_it.token import Token

from pipeline.issues import Problems
from pipeline.parse import block_parser, parse
from pipeline.shortcuts import (
    FIRST_CHARS,
    FIRST_LINE_ONLY,
    GUARDS,
    LOOKAHEAD_CHAINS,
    NAME,
    BlockState,
)

#: Examples of the slow property (``make fuzz`` sets ``FUZZ_EXAMPLES``).
SLOW_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10000"))


#: Every field of a token (``children``: the empty list of a block's inline token).
_FIELDS = attrgetter(
    "type", "tag", "map", "content", "markup", "info", "level", "nesting", "hidden", "attrs",
    "children", "block", "meta",
)  # fmt: skip


def signature(tokens: list[Token]) -> list[tuple[Any, ...]]:
    return [_FIELDS(t) for t in tokens]


def assert_same_tokens(text: str) -> None:
    fast, plain = block_parser(), block_parser(fast=False)
    assert signature(fast.parse(text, {})) == signature(plain.parse(text, {}))
    # markdown-it's own normalize rule, which our parser leaves to parse()
    normalized = NULL_RE.sub("\ufffd", NEWLINES_RE.sub("\n", text))
    expected = plain.parse(normalized, {})
    if expected and expected[0].type == "front_matter":
        expected = expected[1:]
    assert signature(parse(text, Problems()).tokens) == signature(expected)


#: One fixture per block construct the shortcuts route (and the ones they must leave alone).
LAYOUTS = {
    "front matter": "---\ntitle: X\n---\n# X\ntext\n",
    "paragraph and setext": "Title\n=====\n\nSub\n---\nplain text\nmore text\n",
    "atx headings": "# One\n## Two ##\n#not a heading\n####### seven\n",
    "bullets": "* a\n* b\n  * nested\n- c\n+ d\n-not a list\n",
    "ordered": "1. one\n2) two\n10. ten\n1.not a list\n",
    "hr": "***\n---\n___\n* * *\n- - -\ntext\n***\n",
    "fences": "```py\n# not a heading\n```\n~~~\n* not a list\n~~~\n",
    "indented code": "    code line\n    # still code\n\ntext\n",
    "blockquote": "> quoted **Bold**\n> # heading in quote\nlazy line\n",
    "reference": "[ref]: https://example.org\n[not a ref\n",
    "html": "<div>\n# inside\n</div>\n\n<!-- comment -->\n",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |\n\na | b\n--|--\n",
    "list interrupting paragraph": "Text\n* item\n1. one\n",
    "tabs and spaces": "\t* tab item\n   # three-space heading\n \t text\n",
    "deep nesting": "".join("  " * i + "* level\n" for i in range(30)),
    "empty and blank": "\n\n   \n",
    "list item opening the file, dashes after one character": "- x--\ny\n",
    "setext in a quote and a list": "> Quoted\n> ===\n\n* Item\n  text\n  ---\n",
    "setext underline only at the end": "# T\n\npara\n\nmore\nlast\n  ==  \n",
    "setext after front matter": "---\na: b\n---\ntext\n---\n",
    "underline-like lines that are not": "text\n- - -\n* **b**\n---x\n=\t\n",
    "rules among list items": "* a\n* * *\n- b\n-  -  -\n_ _ _\n*\t*\t*\n",
    "crlf and lone cr": "# T\r\n\r\n* a\r* b\r\ntext\r",
    "nul characters": "# T\0x\n\n* \0item\n",
    "tables in a quote and a list": "> a | b\n> --|--\n> 1 | 2\n\n* | a |\n  |:-:|\n  | 1 |\n",
    "delimiter-like lines that are not": "text\n|-x-|\n- | -\nb\n--:\n|\n",
    "table after a first-line delimiter": "|---|\na | b\n:-|-:\n",
}


@pytest.mark.parametrize("text", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layouts_parse_identically(text: str) -> None:
    assert_same_tokens(text)


def test_dispatchers_stand_in_for_the_rules() -> None:
    rules = block_parser().block.ruler.get_active_rules()
    assert rules[0] == NAME
    assert [r for r in rules if r.startswith(f"{NAME}_")] == [
        f"{NAME}_{c}" for c in LOOKAHEAD_CHAINS
    ]
    assert NAME not in block_parser(fast=False).block.ruler.get_active_rules()


def test_names_are_the_parsers() -> None:
    """A rule or chain renamed in markdown-it would silently lose its shortcut: fail instead."""
    ruler = block_parser(fast=False).block.ruler
    assert set(FIRST_CHARS) | FIRST_LINE_ONLY | set(GUARDS) <= set(ruler.get_all_rules())
    chains = {c for rule in ruler.__rules__ for c in rule.alt}
    assert chains == set(LOOKAHEAD_CHAINS)


def test_pushed_tokens_are_markdown_its() -> None:
    """Our token allocation sets every field as StateBlock.push does (a field added to Token
    and left unset fails here)."""
    md = block_parser()
    ours, theirs = BlockState("a\n", md, {}, []), StateBlock("a\n", md, {}, [])
    for nesting in (1, 1, 0, -1, 0, -1):
        pushed, expected = ours.push("t", "p", nesting), theirs.push("t", "p", nesting)
        for f in dataclasses.fields(Token):
            assert getattr(pushed, f.name) == getattr(expected, f.name), f.name
    assert ours.level == theirs.level


def test_pushed_tokens_share_no_writable_attributes() -> None:
    """The empty attrs and meta every token shares cannot be written into: a rule that did
    would fail, instead of giving its attribute to every token of every file."""
    first = BlockState("a\n", block_parser(), {}, []).push("t", "p", 0)
    second = BlockState("b\n", block_parser(), {}, []).push("t", "p", 0)
    with pytest.raises(TypeError):
        first.attrs["class"] = "x"
    with pytest.raises(TypeError):
        first.meta["checked"] = True
    assert second.attrs == {} and second.meta == {}


def test_rules_give_attributes_as_new_dicts() -> None:
    """An ordered list from 3 and an aligned table get their attributes (each a new dict)."""
    tokens = block_parser().parse("3. three\n\n| a |\n|:-:|\n| 1 |\n", {})
    assert tokens[0].attrs == {"start": 3}
    assert {"style": "text-align:center"} in [t.attrs for t in tokens if t.type == "th_open"]


#: Pieces with a meaning at the start of a line (or inside one), glued 0-4 to a line.
_PIECES = st.sampled_from(
    ["", " ", "  ", "   ", "    ", "\t", "> ", ">", "* ", "- ", "-", "+ ", "1. ", "2) ", "# ",
     "## ", "#", "```", "~~~", "---", "--", "***", "___", "===", "[a]: /u", "[a]", "[", "<div>",
     "</div>", "<!--", "-->", "<?", "|", "| a | b |", "|---|---|", "a | b", "--|--", "**Bold**",
     "__b__", "text", "Word ", "x", "x--", "y z", "*", "_", "`", "\\", "\u00a0", "\x0c", "\r",
     "\0"]
)  # fmt: skip
_LINE = st.lists(_PIECES, max_size=4).map("".join)
_DOC = st.lists(_LINE, max_size=25).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(_DOC)
def test_generated_documents_parse_identically(text: str) -> None:
    assert_same_tokens(text)


@pytest.mark.slow
@settings(max_examples=SLOW_EXAMPLES, deadline=None)
@given(_DOC)
def test_many_generated_documents_parse_identically(text: str) -> None:
    assert_same_tokens(text)


#: The lines ``BlockState`` looks for, written plainly (``^`` under ``re.M``, tried at
#: every character): the reference for its faster search. Setext underlines, and table
#: delimiter rows.
_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.M)
_DELIMITER = re.compile(r"^[ \t>]*[-:|][-:| \t]*$", re.M)


def assert_last_underline(text: str) -> None:
    state = BlockState(text, block_parser(), {}, [])
    starts = [m.start() for m in _UNDERLINE.finditer(text)]
    assert state.last_underline == (text.count("\n", 0, starts[-1]) if starts else -1)
    rows = {text.count("\n", 0, m.start()) for m in _DELIMITER.finditer(text)}
    assert state.delimiter_lines == rows


@pytest.mark.parametrize(
    "text", [*LAYOUTS.values(), "", "---", "==\n", "a\n--", "a\n-- x", "|\n\n|-\n:\n"]
)
def test_lines_that_could_underline_or_delimit_are_found(text: str) -> None:
    assert_last_underline(text)


@settings(max_examples=400, deadline=None)
@given(_DOC)
def test_lines_found_in_generated_documents(text: str) -> None:
    assert_last_underline(text)


def test_corpus_sample_parses_identically(corpus: Path) -> None:
    for path in sorted(corpus.rglob("*.md"))[::5]:
        assert_same_tokens(path.read_text(encoding="utf-8", errors="replace"))
        assert_last_underline(path.read_text(encoding="utf-8", errors="replace"))


@pytest.mark.slow
def test_whole_corpus_parses_identically(corpus: Path) -> None:
    for path in sorted(corpus.rglob("*.md")):
        assert_same_tokens(path.read_text(encoding="utf-8", errors="replace"))
