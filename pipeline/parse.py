"""Markdown source -> block tokens (with line numbers) and front matter.

The parse is block-level only: markdown-it-py's ``inline`` core rule is
disabled, so paragraphs keep their inline source in ``token.content``.
Inline markup is parsed later, and only for text that feeds a record
(``pipeline.inline``); that halves the cost of the parse on real monographs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline.frontmatter import load_front_matter
from pipeline.issues import IssueCode, Problems

#: Block nesting markdown-it keeps; deeper content is cut off by the parser (and reported).
MAX_NESTING = 20

_FENCE_OPEN = re.compile(r"\A---[ \t]*(\n|\Z)")


@cache
def block_parser() -> MarkdownIt:
    """The process-wide block parser (built once per worker)."""
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).use(front_matter_plugin)
    md.enable("table")
    md.disable(["inline", "linkify", "replacements", "smartquotes", "text_join"], True)
    return md


@dataclass
class Parsed:
    """Block tokens of one file and its front matter mapping."""

    tokens: list[Token]
    front_matter: dict[str, Any] = field(default_factory=dict)
    n_lines: int = 0


def parse(text: str, problems: Problems) -> Parsed:
    """Parse decoded markdown ``text``; problems are added, never raised."""
    tokens = block_parser().parse(text)
    parsed = Parsed(tokens=tokens, n_lines=text.count("\n") + 1)
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
    _check_nesting(parsed, problems)
    return parsed


def _check_nesting(parsed: Parsed, problems: Problems) -> None:
    """markdown-it silently drops blocks nested deeper than maxNesting: say so."""
    deepest = max((t.level for t in parsed.tokens), default=0)
    if deepest < MAX_NESTING - 1:
        return
    last = max((t.map[1] for t in parsed.tokens if t.map), default=0)
    problems.add(
        IssueCode.truncated_nesting,
        f"blocks nested deeper than {MAX_NESTING} levels; content from line {last + 1} "
        "on was not parsed",
        last + 1,
    )
