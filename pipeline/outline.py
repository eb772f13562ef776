"""A file's outline: its top-level headings, and section bodies parsed only when read.

Most of a monograph is text no extractor reads: Dosage, FAQs, Mechanism and Usage
hold more than half of the corpus's lines. markdown-it must parse a body to know
where it ends, but an ATX heading at column 0 ends every open block, whatever came
before it: it interrupts paragraphs, lists, quotes and tables, and it is never a
continuation line. Only a fenced code block or an HTML block reads past it. So in a
file with neither, the lines between two such headings are a *body* that parses on
its own to exactly the tokens the whole file's parse gives there: the same state,
the same line numbers (``md.block.tokenize`` over the body's line range). The tree
keeps a body unparsed (``Body``) until its blocks are read.

A body is parsed with the file (kept eager) when it could hold what changes the tree
above it: a heading the scan does not see (indented, or setext-underlined), or blocks
nested so deep that the parser would flatten them and report it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.inline import lead_labels
from pipeline.shortcuts import BlockState

#: A column-0 ATX heading after a newline (``^`` under ``re.M`` would be tried at every
#: character of the file; the engine finds ``\n`` with a fast scan).
_HEADING = re.compile(r"\n#{1,6}(?=[ \t\n]|\Z)")
_FIRST_HEADING = re.compile(r"#{1,6}(?=[ \t\n]|\Z)")
#: A line that may open a fenced code block or an HTML block (after any indent, quote or
#: list markers): such a block can read past a heading, so the file is parsed whole.
_READS_PAST_HEADINGS = re.compile(r"\n[ \t>*+\-0-9.)]*(?:<|```|~~~)")
#: A body line that keeps its body eager: an indented ATX heading; a quote, a tab or 12
#: spaces in the indent; or two list markers on one line. (Blocks stay nested less deep
#: than ``parse.MAX_NESTING``, so parsing the body later can never flatten one.)
_KEEP_EAGER = re.compile(
    r"\n(?: {1,3}#{1,6}(?=[ \t\n]|\Z)"
    r"|[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(?:>|\t)"
    r"| {12}"
    r"|[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:[-*+]|\d{1,9}[.)])(?:[ \t\n]|\Z))"
)

Tokenize = Callable[[BlockState, int, int], None]


class Body:
    """The lines of a section body, parsed on first read."""

    __slots__ = ("_state", "_tokenize", "end", "start")

    def __init__(self, state: BlockState, tokenize: Tokenize, start: int, end: int) -> None:
        self._state, self._tokenize = state, tokenize
        #: First and past-the-last line (0-based) of the body.
        self.start, self.end = start, end

    @property
    def text(self) -> str:
        """The body's source lines."""
        marks = self._state.bMarks
        return self._state.src[marks[self.start] : marks[self.end]]

    def labels(self, *, alone: bool = False) -> list[str]:
        """Every lead-in label a block of the body could have (a superset; ``alone``: of
        the paragraphs that are nothing but a label): what decides whether the body may
        hold a pseudo-heading, read without parsing it."""
        return lead_labels(self.text, alone=alone)

    def tokens(self) -> list[Token]:
        """The body's block tokens, as the whole file's parse gives them."""
        out: list[Token] = []
        state = self._state
        state.tokens = out
        enabled = gc.isenabled()  # (as ``no_gc``, without a context manager's calls)
        gc.disable()
        try:
            self._tokenize(state, self.start, self.end)
        finally:
            if enabled:
                gc.enable()
        return out


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic GC off: a parse allocates many small acyclic objects, which it would only
    rescan over and over (20-40% of the parse time on big files)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read(md: MarkdownIt, src: str, env: dict[str, object]) -> tuple[list[Token], dict[int, Body]]:
    """Block tokens of ``src`` less its deferred bodies, and those bodies by the (0-based)
    line of the heading above them."""
    tokens: list[Token] = []
    if not src:
        return tokens, {}
    state = BlockState(src, md, env, tokens)
    tokenize: Tokenize = md.block.tokenize
    if _READS_PAST_HEADINGS.search("\n" + src):  # (the first line too)
        tokenize(state, 0, state.lineMax)
        return tokens, {}
    done = _front_matter(state)
    headings = _heading_lines(src, done)
    bodies: dict[int, Body] = {}
    for i, line in enumerate(headings):
        end = headings[i + 1] if i + 1 < len(headings) else state.lineMax
        if end - line < 2 or _keep_eager(state, line, end):
            continue
        if line > done:
            tokenize(state, done, line)
        tokenize(state, line, line + 1)  # (an ATX heading is one line)
        bodies[line] = Body(state, tokenize, line + 1, end)
        done = end
    if done < state.lineMax:
        tokenize(state, done, state.lineMax)
    return tokens, bodies


def _front_matter(state: BlockState) -> int:
    """Parse the front matter, if any (its token is the file's first, as the whole file's
    parse makes it); the first line after it, 0 without: a ``#`` line in the YAML is no
    heading."""
    if not state.src.startswith("-"):
        return 0
    rule = next(r.fn for r in state.md.block.ruler.__rules__ if r.name == "front_matter")
    return state.line if rule(state, 0, state.lineMax, False) else 0


def _heading_lines(src: str, after: int) -> list[int]:
    """0-based lines of the column-0 ATX headings from line ``after`` on."""
    found = [0] if after == 0 and _FIRST_HEADING.match(src) else []
    line = pos = 0
    for m in _HEADING.finditer(src):
        line += src.count("\n", pos, m.start()) + 1
        pos = m.start() + 1
        if line >= after:
            found.append(line)
    return found


def _keep_eager(state: BlockState, heading: int, end: int) -> bool:
    marks, src = state.bMarks, state.src
    # (the newline ending the heading line opens the body text searched)
    if _KEEP_EAGER.search(src, marks[heading + 1] - 1, marks[end]):
        return True
    return any(heading < line < end for line in state.underlines)
