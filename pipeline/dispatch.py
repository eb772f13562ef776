"""First-character dispatch for markdown-it's block rules.

At every block start markdown-it tries its block rules in order until one
matches: for an ordinary line of text that is eight rules that look at the
first character, see it is not theirs, and give up, before ``paragraph``
takes it. Most of a monograph's blocks are such lines (paragraphs and the
text of list items), so those refusals are a fifth of the parse.

The dispatcher, installed as the first block rule, looks at the first
character once and calls, in the parser's own order, only the rules that can
start with it; the rules themselves do all the parsing. Rules are only left
out where they refuse that character on their first check, so the tokens are
exactly those of the plain parser (``tests/test_dispatch.py`` compares them).
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

Rule = Callable[[StateBlock, int, int, bool], bool]

#: The first characters each core rule accepts; rules not listed may start with anything.
#: (``code`` needs an indent of four, which the dispatcher leaves to the full chain.)
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

NAME = "first_char_dispatch"


def install(md: MarkdownIt) -> None:
    """Put the dispatcher in front of ``md``'s block rules (call after configuring them)."""
    ruler = md.block.ruler
    chain = list(zip(ruler.get_active_rules(), ruler.getRules(""), strict=True))
    by_char: dict[str, tuple[Rule, ...]] = {}

    def candidates(char: str) -> tuple[Rule, ...]:
        rules = by_char.get(char)
        if rules is None:
            rules = by_char[char] = tuple(
                fn for name, fn in chain if name not in FIRST_CHARS or char in FIRST_CHARS[name]
            )
        return rules

    def dispatch(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if silent or state.sCount[start] - state.blkIndent >= 4:
            return False  # indented code (and lookahead calls) take the full chain
        pos = state.bMarks[start] + state.tShift[start]
        char = state.src[pos] if pos < state.eMarks[start] else ""
        return any(rule(state, start, end, False) for rule in candidates(char))

    ruler.before(chain[0][0], NAME, dispatch)
