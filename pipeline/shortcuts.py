"""Shortcuts through markdown-it's block parser that keep its tokens exactly.

The parser's work on a monograph is mostly refusals and bookkeeping, not
parsing; four shortcuts cut it, each without changing a token
(``tests/test_shortcuts.py`` compares them with the plain parser's on
fixtures, generated documents and the corpus):

- *First-character dispatch.* At every block start markdown-it tries its
  block rules in order until one matches; and at every further line of a
  paragraph, list or quote it asks the rules of a lookahead chain
  ("paragraph", "list", ...) whether that line ends it. Most of those rules
  look at the first character, see it is not theirs, and give up. A
  dispatcher looks at the character once and calls, in the parser's own
  order, only the rules that can start with it. A rule is only left out where
  it refuses that character on its first check.
- *Guards* for three rules that refuse almost every line they are asked about,
  but only after reading it: ``hr`` (asked at every ``*``/``-`` list line)
  refuses a line holding anything but its marker and spaces; ``lheading``
  (asked at every paragraph, reading ahead to its end) refuses when no later
  line of the document could be a setext underline; ``table`` (asked at every
  line of a paragraph) refuses when the next line could not be a delimiter row.
  Both sets of lines are found once per document, from its newlines.
- *Token allocation.* Every token is built by ``StateBlock.push``; ours sets
  the fields directly instead of through the dataclass constructor (a fifth
  of the parse went into building tokens), and gives every token the same
  empty, read-only ``attrs`` and ``meta`` instead of two new dicts: block rules
  give a token attributes by assigning a new dict (``attrs = {"start": 3}``), never
  in place, and nothing downstream reads them.
- *Flat lists* (``pipeline.simple_lists``): a list of one-line items gets its
  tokens directly, not from a nested parse of each item (markdown-it's ``list``
  rule still parses every other list, and answers the lookahead chains).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from types import MappingProxyType
from typing import Any, Literal, cast

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType

from pipeline import simple_lists

Rule = Callable[[StateBlock, int, int, bool], bool]

#: Rules that only ever match on the file's first line (``front_matter`` looks at the
#: file's first character there, not the line's).
FIRST_LINE_ONLY = frozenset({"front_matter"})

#: The first characters each rule accepts; rules not listed may start with anything.
#: ``code`` never matches below an indent of four, and from four on the dispatcher
#: leaves the line to the full chain.
FIRST_CHARS: dict[str, str] = {
    "code": "",
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}

#: The lookahead chains of markdown-it's block parser.
LOOKAHEAD_CHAINS = ("paragraph", "reference", "blockquote", "list")

NAME = "first_char_dispatch"

#: A line that could underline a setext heading, whatever quote markers and indent come
#: before it (a superset of what ``lheading`` accepts after a container's prefix): the
#: first line, or one after a newline. Searched from the newline, which the regex engine
#: finds with a fast scan (``^`` under ``re.M`` is tried at every character of the file).
_UNDERLINE_LINE = r"[ \t>]*(?:=+|-+)[ \t]*(?=\n|\Z)"
_FIRST_UNDERLINE = re.compile(_UNDERLINE_LINE)
_LATER_UNDERLINE = re.compile(r"\n" + _UNDERLINE_LINE)
#: A line that could be a table's delimiter row (``|---|:--|``), whatever quote markers
#: and indent come before it: nothing but pipes, dashes, colons, spaces and tabs (all
#: ``table`` accepts there, from the line's first character on).
_DELIMITER_LINE = r"[ \t>]*[-:|][-:| \t]*(?=\n|\Z)"
_FIRST_DELIMITER = re.compile(_DELIMITER_LINE)
_LATER_DELIMITER = re.compile(r"\n" + _DELIMITER_LINE)


def install(md: MarkdownIt) -> None:
    """Install the shortcuts in ``md`` (call after configuring its rules)."""
    md.block.parse = _block_parse  # type: ignore[method-assign,assignment]
    ruler = md.block.ruler
    for rule in ruler.__rules__:
        if rule.name in GUARDS:
            ruler.at(rule.name, GUARDS[rule.name](rule.fn), {"alt": rule.alt})
    chain = list(zip(ruler.get_active_rules(), ruler.getRules(""), strict=True))
    name_of = {fn: name for name, fn in chain}
    lookahead = {c: [(name_of[fn], fn) for fn in ruler.getRules(c)] for c in LOOKAHEAD_CHAINS}
    # The rules leave the lookahead chains; one dispatcher per chain stands in for them.
    for rule in ruler.__rules__:
        ruler.at(rule.name, rule.fn, {"alt": [c for c in rule.alt if c not in LOOKAHEAD_CHAINS]})
    # flat lists skip list_block's nested parse (its lookahead form is left as it is)
    chain = [(n, simple_lists.install(md, fn) if n == "list" else fn) for n, fn in chain]
    ruler.before(chain[0][0], NAME, _dispatcher(chain, lookahead=False))
    for c, rules in lookahead.items():
        # appended after "paragraph", which always matches: only its chain ever calls it
        ruler.push(f"{NAME}_{c}", _dispatcher(rules, lookahead=True), {"alt": [c]})


def _dispatcher(rules: Sequence[tuple[str, Rule]], *, lookahead: bool) -> Rule:
    # the rules for each first character: on the file's first line, and on the others
    by_start: tuple[dict[str, tuple[Rule, ...]], dict[str, tuple[Rule, ...]]] = ({}, {})

    def candidates(char: str, first_line: bool) -> tuple[Rule, ...]:
        found = by_start[first_line].get(char)
        if found is None:
            found = by_start[first_line][char] = tuple(
                fn
                for name, fn in rules
                if (name not in FIRST_CHARS or char in FIRST_CHARS[name])
                and (first_line or name not in FIRST_LINE_ONLY)
            )
        return found

    def dispatch(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent != lookahead:
            return False
        if not lookahead and state.sCount[start] - state.blkIndent >= 4:
            return False  # indented code: the full chain
        pos = state.bMarks[start] + state.tShift[start]
        char = state.src[pos] if pos < state.eMarks[start] else ""
        # a plain loop: any() over a generator costs more, at every line
        for rule in candidates(char, start == 0):  # noqa: SIM110
            if rule(state, start, end, silent):
                return True
        return False

    return dispatch


def _guard_lheading(rule: Rule) -> Rule:
    def lheading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        # the underline is a later line of the paragraph: with none left, no heading
        # (the attribute read directly: typing.cast is a call, at every paragraph)
        below: int = state.last_underline  # type: ignore[attr-defined]
        return start < below and rule(state, start, end, silent)

    return lheading


def _guard_table(rule: Rule) -> Rule:
    def table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        # the line after a table's first is its delimiter row: unless it could be one, none
        rows: frozenset[int] = state.delimiter_lines  # type: ignore[attr-defined]
        return start + 1 in rows and rule(state, start, end, silent)

    return table


def _guard_hr(rule: Rule) -> Rule:
    def hr(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        line = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
        if line and line.strip(line[0] + " \t"):
            return False  # a character besides the marker and spaces: never a rule
        return rule(state, start, end, silent)

    return hr


#: Rules wrapped in a guard that refuses, before the rule reads the line, where it would.
GUARDS: dict[str, Callable[[Rule], Rule]] = {
    "lheading": _guard_lheading,
    "hr": _guard_hr,
    "table": _guard_table,
}


#: The ``attrs`` and ``meta`` of every token pushed: empty, and read-only (a rule writing
#: into them in place would fail, not change every token).
_NO_ATTRS = cast(dict[str, Any], MappingProxyType({}))


class BlockState(StateBlock):
    """markdown-it's block state, building its tokens without the dataclass constructor."""

    def __init__(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> None:
        super().__init__(src, md, env, tokens)
        #: Numbers of the lines that could be a setext underline (a section body holding one
        #: is parsed with the file: ``pipeline.outline``).
        self.underlines = underlines = _line_numbers(
            src, _FIRST_UNDERLINE.match(src) is not None, _LATER_UNDERLINE.finditer(src)
        )
        #: Number of the last line that could be a setext underline (-1: none). Set here, not
        #: lazily: a cached_property writes through __dict__, which slows every later
        #: attribute of the state (the parse took 30% longer).
        self.last_underline = max(underlines, default=-1)
        #: Numbers of the lines that could be a table's delimiter row (a few per file).
        self.delimiter_lines = _line_numbers(
            src, _FIRST_DELIMITER.match(src) is not None, _LATER_DELIMITER.finditer(src)
        )

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        # the fields of Token(ttype, tag, nesting) with block=True (tests compare the two)
        token = Token.__new__(Token)
        token.type, token.tag, token.nesting = ttype, tag, nesting
        token.attrs, token.map, token.children = _NO_ATTRS, None, None
        token.content = token.markup = token.info = ""
        token.meta, token.block, token.hidden = _NO_ATTRS, True, False
        if nesting < 0:
            self.level -= 1  # closing tag
        token.level = self.level
        if nesting > 0:
            self.level += 1  # opening tag
        self.tokens.append(token)
        return token


def _line_numbers(src: str, first: bool, later: Iterator[re.Match[str]]) -> frozenset[int]:
    """Numbers of the lines matched: the first one if ``first``, and those whose ``later``
    match starts at the newline before them (counted as they come: linear in ``src``)."""
    found = {0} if first else set()
    line = pos = 0
    for m in later:
        line += src.count("\n", pos, m.start()) + 1
        pos = m.start() + 1
        found.add(line)
    return frozenset(found)


def _block_parse(src: str, md: MarkdownIt, env: EnvType, out: list[Token]) -> list[Token] | None:
    """``ParserBlock.parse`` on our state."""
    if not src:
        return None
    state = BlockState(src, md, env, out)
    md.block.tokenize(state, state.line, state.lineMax)
    return state.tokens
