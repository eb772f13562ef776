"""Markdown source -> block tokens (with line numbers) and front matter.

The parse is block-level only: markdown-it-py's ``inline`` core rule is
disabled, so paragraphs keep their inline source in ``token.content``.
Inline markup is parsed later, and only for text that feeds a record
(``pipeline.inline``); that halves the cost of the parse on real monographs.
A lazy parse (the run's) also leaves the bodies of sections for later, parsed
only when read (``pipeline.outline``): most of a monograph is read by no
extractor.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, paragraph
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline import outline, shortcuts
from pipeline.frontmatter import load_front_matter
from pipeline.issues import IssueCode, Problems
from pipeline.outline import Body, no_gc

#: Block nesting markdown-it keeps; deeper content is skipped by the parser (and reported).
MAX_NESTING = 20
#: ``env`` key under which the nesting guard records the first skipped line (0-based).
_CUT = "pipeline_truncated_at"

_FENCE_OPEN = re.compile(r"\A---[ \t]*(\n|\Z)")
_NEWLINES = re.compile(r"\r\n?")


def _guard_nesting(md: MarkdownIt) -> None:
    """Keep (flattened) and record blocks nested deeper than ``maxNesting``.

    Past the limit markdown-it skips to the end of the range without a trace,
    losing the deep content *and* everything after it in the enclosing
    containers. This replacement of the block tokenizer, installed on our own
    parser instance only, reads such lines as plain paragraphs instead (no
    further nesting, so no recursion) and notes the first one, so the loss of
    structure is reported. Below the limit it is markdown-it's own loop
    (``ParserBlock.tokenize``) with the empty-line tests written inline: it
    runs once per block, and the method calls were a tenth of it.
    """
    block = md.block
    limit = md.options.maxNesting

    def tokenize(state: StateBlock, start: int, end: int) -> None:
        if state.level >= limit:
            _flatten(state, start, end)
            return
        rules = block.ruler.getRules("")
        # (rules change these lists' items, never the lists: blockquotes and list items
        # shift a line's marks for the nested parse and put them back)
        b_marks, e_marks, t_shift = state.bMarks, state.eMarks, state.tShift
        s_count = state.sCount
        line = start
        has_empty_lines = False
        while line < end:
            last = state.lineMax  # skipEmptyLines
            while line < last and b_marks[line] + t_shift[line] >= e_marks[line]:
                line += 1
            state.line = line
            if line >= end or s_count[line] < state.blkIndent:
                break  # (the end of a nested block: its lines are less indented)
            if state.level >= limit:  # (as markdown-it's loop; rules leave the level as found)
                state.line = end
                break
            for rule in rules:
                if rule(state, line, end, False):
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            else:
                raise RuntimeError("none of the block rules matched")
            # tight unless an empty line came before this block
            state.tight = not has_empty_lines
            line = state.line
            # a paragraph may "eat" one newline after it in nested lists
            if line - 1 < end and b_marks[line - 1] + t_shift[line - 1] >= e_marks[line - 1]:
                has_empty_lines = True
            if line < end and b_marks[line] + t_shift[line] >= e_marks[line]:
                has_empty_lines = True
                line += 1
                state.line = line

    block.tokenize = tokenize  # type: ignore[method-assign,assignment]


def _flatten(state: StateBlock, start: int, end: int) -> None:
    """Lines nested past the limit: plain paragraphs, the first one noted."""
    line = start
    while line < end:
        state.line = line = state.skipEmptyLines(line)
        if line >= end or state.sCount[line] < state.blkIndent:
            break
        cut = state.env.get(_CUT)
        state.env[_CUT] = line if cut is None else min(cut, line)
        paragraph(state, line, end, False)  # always consumes at least one line
        line = state.line


#: The loggers of markdown-it's block rules (one per rule module).
RULE_LOGGERS = "markdown_it.rules_block."


def _quiet_rule_loggers() -> None:
    """Every call of a markdown-it block rule logs a debug line: about 450,000 calls of
    ``Logger.debug`` per corpus, 3-4% of the block parse, for records no one reads. Each
    rule logger not enabled for debug now (this process's logging set up as it is) gets a
    ``debug`` that does nothing (``"".format`` takes any arguments and ignores them). It
    is the library's loggers, so for the whole process: turn markdown-it's debug logging
    on before the first parse to keep it."""
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if (
            name.startswith(RULE_LOGGERS)
            and isinstance(logger, logging.Logger)
            and not logger.isEnabledFor(logging.DEBUG)
        ):
            logger.debug = "".format  # type: ignore[method-assign,assignment]


#: markdown-it options our block rules ask for, stated as their defaults: the rules read
#: them with ``options.get(name, False)``, and a name the options lack costs a KeyError
#: raised and caught inside ``Mapping.get`` (``tasklists``: at every list item).
OFF_OPTIONS = {"tasklists": False, "alerts": False, "inline_definitions": False}


@cache
def block_parser(*, fast: bool = True) -> MarkdownIt:
    """The process-wide block parser (built once per worker).

    ``fast=False`` gives the same parser without our shortcuts
    (``pipeline.shortcuts``), whose tokens they must reproduce exactly.
    """
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING, **OFF_OPTIONS})
    md.use(front_matter_plugin)
    md.enable("table")
    # normalize: done (only where there is anything to do) by normalize_source
    md.disable(["normalize", "inline", "linkify", "replacements", "smartquotes", "text_join"], True)
    _guard_nesting(md)
    _quiet_rule_loggers()
    if fast:
        shortcuts.install(md)
    return md


@dataclass
class Parsed:
    """Block tokens of one file and its front matter mapping."""

    tokens: list[Token]
    front_matter: dict[str, Any] = field(default_factory=dict)
    #: Section bodies not parsed yet, by the 0-based line of their heading (``lazy``).
    bodies: dict[int, Body] = field(default_factory=dict)


def normalize_source(text: str) -> str:
    """CRLF and lone CR -> LF, NUL -> U+FFFD: markdown-it's own ``normalize`` rule (disabled
    in our parser), done here so every check sees the same lines, and only when needed."""
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    return text


def parse(text: str, problems: Problems, *, lazy: bool = False) -> Parsed:
    """Parse decoded markdown ``text``; problems are added, never raised. ``lazy``: section
    bodies that may wait are parsed when read (``Parsed.bodies``), not now."""
    text = normalize_source(text)
    env: dict[str, Any] = {}
    bodies: dict[int, Body] = {}
    with no_gc():
        if lazy:
            tokens, bodies = outline.read(block_parser(), text, env)
        else:
            tokens = block_parser().parse(text, env)
    parsed = Parsed(tokens=tokens, bodies=bodies)
    if tokens and tokens[0].type == "front_matter":
        fm_line = 2  # the YAML starts on the line after the opening fence
        data, problem = load_front_matter(tokens[0].content, fm_line)
        if problem is not None:
            problems.items.append(problem)
        parsed.front_matter = data
        tokens.pop(0)
    elif _FENCE_OPEN.match(text):
        problems.add(
            IssueCode.front_matter_unterminated,
            "front matter opened with '---' is never closed; the file was read as markdown",
            1,
        )
    cut = env.get(_CUT)
    if cut is not None:
        problems.add(
            IssueCode.truncated_nesting,
            f"blocks nested deeper than {MAX_NESTING} levels (from line {cut + 1}) were read "
            "as flat paragraphs: their list/quote structure was lost",
            cut + 1,
        )
    return parsed
