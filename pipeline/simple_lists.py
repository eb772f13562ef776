"""A shortcut through markdown-it's list rule for the lists monographs are made of.

markdown-it's ``list_block`` parses every item with a nested ``tokenize``: it moves
the item's first line past its marker, runs the block rules on it (each refusing
but ``paragraph``, which asks the lookahead rules about the next line), restores
the line, then asks the lookahead rules again whether the next line goes on with
the list. For a monograph's lists (``* Nausea``, ``* **Label:** text``, ``1. x``)
all that work gives four tokens an item. This rule writes them directly, for one
shape only, and leaves every other list to ``list_block`` (it is tried first, and
takes back whatever it pushed before it hands over):

*A flat list*: one or more items, each one line: up to three more spaces of indent
than the block (no tab, so every column is a character), a marker of the list's
kind (the same bullet, or digits and the same delimiter), one to four spaces,
then text. Each item's text must be a paragraph, and its only line:

- *A paragraph.* The text does not start another block: not a fence, quote,
  heading, reference or HTML (`````, ``~``, ``>``, ``#``, ``[``, ``<``), not a
  list marker, not a thematic break (only ``*-_`` and spaces); ``code`` would need
  four columns more than the text has, ``front_matter`` looks only at the file's
  first line. ``table`` and ``lheading`` read the next line; it is blank, less
  indented than the text, or past the range, and both refuse such a line.
- *One line.* The next line is the end of the file, blank, or a list marker less
  indented than the item's text (it ends the paragraph: ``list`` in its lookahead
  form accepts it) and less than four columns deeper than the list's block (not
  the lazy line of the "special case" in ``list_block``). After blank lines, the
  next line must be less indented than the text too (else it is the item's); the
  item ends there, as the nested ``tokenize`` leaves it (past the range, if the
  blank lines run past it).
  Anything else (a lazy continuation, a heading or rule right under an item, an
  indented second paragraph, a nested list) goes to ``list_block``.

The list goes on at a line of the same kind and at most three columns deeper than
the block (a line of another kind, a rule, a quote or anything else ends it, as in
``list_block``); such a line must itself be a flat item, else the whole list goes
to ``list_block``. Tokens, maps, ``info``, ``start``, tightness (a blank line after
any item but the last makes the list loose, and its paragraphs visible) and the
line where the list ends are ``list_block``'s, line for line
(``tests/test_simple_lists.py``). Lists in the first line (front matter looks at
it) and lists whose paragraphs would be nested past ``maxNesting`` are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

Rule = Callable[[StateBlock, int, int, bool], bool]

#: A list marker as ``list_block`` reads it at a line's first non-space character: a
#: bullet, or one to nine ASCII digits and ``.`` or ``)``; then a space, a tab or the end.
_MARKER = re.compile(r"(?:([*+-])|[0-9]{1,9}([.)]))(?=[ \t]|$)")

#: A flat item, matched from the start of its line: (1) spaces of indent, (2) a bullet,
#: or (3) digits and (4) a delimiter, (5) one to four spaces, then text that is neither
#: empty nor the start of a block other than a paragraph (see the module's docstring).
_ITEM = re.compile(
    r"( *)(?:([*+-])|([0-9]{1,9})([.)]))( {1,4})"
    r"(?![ \t]|$"  # empty, or more than four spaces (indented code), or a tab
    r"|[`~>#\[<]"  # fence, quote, heading, reference, HTML
    r"|[*+-](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$)"  # a nested list
    r"|[-*_ \t]*$)"  # a thematic break (the line's and the text's)
)


def install(md: MarkdownIt, rule: Rule) -> Rule:
    """``rule`` (markdown-it's ``list``, for the block chain only) behind the shortcut."""
    limit: int = md.options.maxNesting

    def simple_list(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not silent and start > 0 and state.level + 2 < limit and _flat(state, start, end):
            return True
        return rule(state, start, end, silent)

    return simple_list


def _flat(state: StateBlock, first: int, end: int) -> bool:
    """Push a flat list from line ``first`` and say so; or push nothing and say False."""
    src, b_marks, e_marks = state.src, state.bMarks, state.eMarks
    t_shift, s_count = state.tShift, state.sCount
    outer = state.blkIndent
    if s_count[first] - outer >= 4 or (
        state.listIndent >= 0 and s_count[first] - state.listIndent >= 4 and s_count[first] < outer
    ):
        return False  # indented code, or the lazy line of list_block's special case
    m = _ITEM.match(src, b_marks[first], e_marks[first])
    if m is None or m.end(1) - b_marks[first] != s_count[first]:
        return False  # not a flat item, or a tab in the indent
    bullet, number, delim = m.group(2, 3, 4)
    char: str = bullet or delim
    tokens, level, last = state.tokens, state.level, state.lineMax
    mark = len(tokens)
    push = state.push
    opener = push(
        "bullet_list_open" if bullet else "ordered_list_open", "ul" if bullet else "ol", 1
    )
    opener.markup = char
    if number is not None and int(number) != 1:
        opener.attrs = {"start": int(number)}
    paragraphs: list[Token] = []
    tight = True
    line = first
    while True:
        text = m.end() - b_marks[line]  # the item's text column (no tab: a column a char)
        item = push("list_item_open", "li", 1)
        item.markup = char
        if number is not None:
            item.info = number
        para = push("paragraph_open", "p", 1)
        para.map = [line, line + 1]
        inline = push("inline", "", 0)
        inline.content = mdTrim(src[m.end() : e_marks[line]])
        inline.map = [line, line + 1]
        inline.children = []
        paragraphs += (para, push("paragraph_close", "p", -1))
        after = line + 1  # where the item ends: as the nested tokenize would leave it
        if after < last:
            if b_marks[after] + t_shift[after] >= e_marks[after]:  # a blank line
                if after < end:
                    after += 1
                    if after < end:
                        while after < last and b_marks[after] + t_shift[after] >= e_marks[after]:
                            after += 1
                        if after < end and s_count[after] >= text:
                            return _undo(state, mark, level)  # more of the item
            elif not (
                0 <= s_count[after] < text
                and s_count[after] - outer < 4
                and _MARKER.match(src, b_marks[after] + t_shift[after], e_marks[after])
            ):
                return _undo(state, mark, level)  # the paragraph may go on
        item.map = [line, after]
        push("list_item_close", "li", -1).markup = char
        if after >= end or not 0 <= s_count[after] - outer < 4:
            break
        marker = _MARKER.match(src, b_marks[after] + t_shift[after], e_marks[after])
        if marker is None or marker.group(1, 2) != (bullet, delim):
            break  # not an item of this list: it ends here
        m = _ITEM.match(src, b_marks[after], e_marks[after])
        if m is None or m.end(1) - b_marks[after] != s_count[after]:
            return _undo(state, mark, level)  # an item, not a flat one
        number = m.group(3)
        if after > line + 1:
            tight = False  # a blank line between two items
        line = after
    closer = push("bullet_list_close" if bullet else "ordered_list_close", opener.tag, -1)
    closer.markup = char
    opener.map = [first, after]
    state.line = after
    if tight:
        for token in paragraphs:
            token.hidden = True
    return True


def _undo(state: StateBlock, mark: int, level: int) -> bool:
    """Take back the tokens pushed from ``mark`` on: the list goes to ``list_block``."""
    del state.tokens[mark:]
    state.level = level
    return False
