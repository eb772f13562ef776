"""Block tokens -> document tree: title, sections nested by heading level, blocks.

Every node keeps its 1-based source line. Blocks keep their inline source
(``raw``) plus the bold lead-in label split from the text after it; plain
text is computed on demand (``Block.text``) so only extracted text pays for
inline parsing. Section kinds are assigned later (``pipeline.sections``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it.token import Token

from pipeline import lexicon
from pipeline.inline import GLYPHS, plain, split_lead
from pipeline.models import SectionKind
from pipeline.outline import Body


@dataclass(eq=False, slots=True)
class Block:
    """A paragraph, list item or table row, with nested items under it."""

    kind: str  # "paragraph" | "item" | "row"
    raw: str  # read once, when the block is made: not to be changed afterwards
    line: int
    children: list[Block] = field(default_factory=list)
    #: A table row's cells as (column header, cell), plain text; () for other blocks.
    columns: tuple[tuple[str, str], ...] = ()
    #: Bold lead-in label in plain text (colon removed), if any.
    label: str | None = field(init=False)
    #: Inline source after the lead-in label (all of it when there is none).
    rest_raw: str = field(init=False)
    # Plain texts, made on first use (only extracted text pays for inline parsing). Not
    # cached_property: on Python 3.11 it takes a lock, and it writes through __dict__,
    # which slows every later attribute read of the block.
    _rest: str | None = field(default=None, init=False, repr=False)
    _text: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # every block's label is read (section kinds look for bold pseudo-headings)
        self.label, self.rest_raw = split_lead(self.raw)

    @property
    def rest(self) -> str:
        """Plain text after the lead-in label."""
        if self._rest is None:
            self._rest = plain(self.rest_raw)
        return self._rest

    @property
    def text(self) -> str:
        """Plain text of the whole block."""
        if self._text is None:
            self._text = plain(self.raw)
        return self._text

    @property
    def is_bold_only(self) -> bool:
        """A paragraph that is nothing but a bold label (a pseudo-heading candidate)."""
        return self.label is not None and not self.rest_raw

    def walk(self) -> Iterator[Block]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(eq=False, slots=True)
class Section:
    """A heading (or pseudo-heading) and what stands under it."""

    heading: str  # plain text of the heading
    level: int  # 1-6 for real headings; pseudo-headings take their parent's level + 1
    line: int
    children: list[Section] = field(default_factory=list)
    pseudo: bool = False
    kind: SectionKind = SectionKind.other
    #: The heading acts as a group label inside a parent section of the same kind.
    is_group: bool = False
    _blocks: list[Block] = field(default_factory=list, repr=False)
    #: The body's source, until its blocks are first read (a lazy parse's).
    body: Body | None = field(default=None, repr=False)

    @property
    def blocks(self) -> list[Block]:
        """The blocks under the heading (parsed now if the parse left them for later)."""
        if self.body is not None:
            self._blocks, self.body = blocks_of(self.body.tokens()), None
        return self._blocks

    @blocks.setter
    def blocks(self, blocks: list[Block]) -> None:
        self._blocks, self.body = blocks, None

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(eq=False, slots=True)
class Document:
    """One parsed monograph."""

    title: str | None = None
    title_line: int | None = None
    front_matter: dict[str, Any] = field(default_factory=dict)
    preamble: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()


def _line(tok: Token) -> int:
    return tok.map[0] + 1 if tok.map else 0


#: A line starting with a bullet character pasted from a word processor ("• Nausea"):
#: markdown reads such lines as one paragraph; they are list items.
_GLYPH = re.compile(f"[{GLYPHS}]")
_GLYPH_ITEM = re.compile(rf"^[ \t]*[{GLYPHS}][ \t]+(?=\S)")


#: A paragraph's lines longer than this (in words) are prose, never a list of names.
MAX_LINE_ITEM_WORDS = 8
#: A line of this many words or more ending in . ? or ! is a sentence, not a name.
MIN_SENTENCE_WORDS = 3


@cache
def _prose_line() -> re.Pattern[str]:
    """A line that is prose: it goes on to the next ("nausea and"), or holds a verb."""
    verbs = lexicon.words_pattern(lexicon.load("grammar")["statement_verbs"]).pattern
    return re.compile(rf"{_continues().pattern}|{verbs}", re.I)


@cache
def _continues() -> re.Pattern[str]:
    """A line that goes on to the next: it ends in a comma, a dash or a joining word."""
    go_on = lexicon.alternation(lexicon.load("grammar")["line_continuations"])
    return re.compile(rf"(?:[,;(\-–—]|\b(?:{go_on}))\s*$", re.I)


def _is_name_line(text: str, *, intro: bool) -> bool:
    words = len(text.split())
    return (
        0 < words <= MAX_LINE_ITEM_WORDS
        and not _prose_line().search(text)
        and not (words >= MIN_SENTENCE_WORDS and text.endswith((".", "?", "!")))
        and (intro or text[0].isupper())
    )


def _is_intro_line(text: str) -> bool:
    return text.endswith(":") or split_lead(text)[1] == ""


def _line_list(lines: list[str], line: int) -> list[Block] | None:
    """``Common side effects:`` then one short name per line: markdown joins the lines into
    one paragraph; they are items (intro lines ending in a colon stay paragraphs, labels).
    Without an intro line every line must start with a capital."""
    if any(len(t.split()) > 3 * MAX_LINE_ITEM_WORDS for t in lines[1:]):
        return None  # cheap test first: prose lines (markup never triples a line's words)
    texts = [plain(t) for t in lines]
    intro = _is_intro_line(texts[0])
    names = [t for t in texts if not (intro and t.endswith(":"))]
    if len(names) < 2 or not all(_is_name_line(t, intro=intro) for t in names):
        return None
    return [
        Block(
            "paragraph" if (i == 0 and intro) or (intro and t.endswith(":")) else "item",
            raw.strip(),
            line + i,
        )
        for i, (raw, t) in enumerate(zip(lines, texts, strict=True))
    ]


#: A line opening with a short plain label ("Rare: a, b", "Common (1-10%): a", "Nausea —
#: usually mild").
_PLAIN_LEAD = re.compile(r"^\s*[A-Z][^:\n]{0,60}?(?::|\s[-–—])\s+\S")
#: A plain label longer than this (in words) is a sentence's start, not a label.
MAX_LINE_LABEL_WORDS = 6


def _label_lines(lines: list[str], line: int) -> list[Block] | None:
    """ "Frequent: a, b.\nRare: c.": every line opens with its own label; markdown joins
    them into one paragraph, but each is a paragraph of its own, on its own line. Not when
    a line goes on to the next ("a, b,\nDRESS - a rash - and c")."""
    if any(_continues().search(text) for text in lines[:-1]):
        return None
    for text in lines:
        m = _PLAIN_LEAD.match(text)
        plain_label = m is not None and len(text[: m.end()].split()) <= MAX_LINE_LABEL_WORDS + 1
        if not plain_label and split_lead(text)[0] is None:
            return None
    return [Block("paragraph", raw.strip(), line + i) for i, raw in enumerate(lines)]


def _paragraph(content: str, line: int) -> list[Block]:
    """A paragraph block; or, when its lines (after any intro lines) all start with a
    bullet character, the intro paragraph and one item per bulleted line; or the items of
    a list written one short name per line (``_line_list``); or one paragraph per line
    when every line opens with a label (``_label_lines``)."""
    # most paragraphs have no bullet character; nearly all are ASCII, which none of them is
    if content.isascii() or _GLYPH.search(content) is None:
        if "\n" not in content:
            return [Block("paragraph", content, line)]
        lines = content.split("\n")
        listed = _line_list(lines, line) or (_label_lines(lines, line) if ":" in content else None)
        return listed or [Block("paragraph", content, line)]
    lines = content.split("\n")
    first = next((i for i, text in enumerate(lines) if _GLYPH_ITEM.match(text)), None)
    if first is None or not all(_GLYPH_ITEM.match(text) for text in lines[first:]):
        return [Block("paragraph", content, line)]
    blocks = [Block("paragraph", "\n".join(lines[:first]), line)] if first else []
    blocks += [
        Block("item", _GLYPH_ITEM.sub("", text, count=1), line + first + i)
        for i, text in enumerate(lines[first:])
    ]
    return blocks


class _Builder:
    def __init__(self, tokens: list[Token], bodies: Mapping[int, Body] | None = None) -> None:
        self.tokens = tokens
        self.bodies = bodies or {}
        self.i = 0
        self.doc = Document()
        self.stack: list[Section] = []

    def container(self) -> list[Block]:
        return self.stack[-1].blocks if self.stack else self.doc.preamble

    def build(self) -> Document:
        toks = self.tokens
        while self.i < len(toks):
            tok = toks[self.i]
            if tok.type == "heading_open":
                self._heading(tok)
                continue
            if tok.type == "paragraph_open":
                self.container().extend(_paragraph(toks[self.i + 1].content, _line(tok)))
                self.i += 3
                continue
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                self.container().extend(self._list())
                continue
            elif tok.type == "table_open":
                self.container().extend(self._table())
                continue
            self.i += 1
        return self.doc

    def _heading(self, tok: Token) -> None:
        level = int(tok.tag[1:])
        text = plain(self.tokens[self.i + 1].content).rstrip(" :")
        line = _line(tok)
        self.i += 3
        body = self.bodies.get(line - 1)
        if level == 1 and self.doc.title is None and not self.doc.sections:
            self.doc.title, self.doc.title_line = text, line
            if body is not None:  # (what stands under the title is the preamble)
                self.doc.preamble.extend(blocks_of(body.tokens()))
            return
        section = Section(heading=text, level=level, line=line, body=body)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        (self.stack[-1].children if self.stack else self.doc.sections).append(section)
        self.stack.append(section)

    def _list(self) -> list[Block]:
        """Parse one list starting at ``self.i``; returns its items."""
        toks = self.tokens
        close = (
            "bullet_list_close" if toks[self.i].type == "bullet_list_open" else "ordered_list_close"
        )
        self.i += 1
        items: list[Block] = []
        while self.i < len(toks) and toks[self.i].type != close:
            if toks[self.i].type == "list_item_open":
                items += _lazy_intro(self._item())
            else:
                self.i += 1
        self.i += 1
        return items

    def _item(self) -> Block:
        toks = self.tokens
        raw, line = "", _line(toks[self.i])
        children: list[Block] = []
        self.i += 1
        first = True
        while self.i < len(toks) and toks[self.i].type != "list_item_close":
            tok = toks[self.i]
            if tok.type == "paragraph_open":
                content = toks[self.i + 1].content
                if first:
                    raw, line, first = content, _line(tok), False
                else:
                    children.extend(_paragraph(content, _line(tok)))
                self.i += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                children.extend(self._list())
                first = False
            elif tok.type == "table_open":
                children.extend(self._table())
            else:
                self.i += 1
        self.i += 1
        return Block("item", raw, line, children)

    def _table(self) -> list[Block]:
        """Body rows as blocks: the first cell acts as a bold lead-in for the others; each
        row keeps the header's column names (what its cells are)."""
        toks = self.tokens
        rows: list[Block] = []
        cells: list[str] = []
        header: tuple[str, ...] = ()
        line = 0
        in_body = False
        while self.i < len(toks) and toks[self.i].type != "table_close":
            tok = toks[self.i]
            if tok.type == "tbody_open":
                in_body = True
            elif tok.type == "tr_open":
                cells, line = [], _line(tok)
            elif tok.type == "inline":
                cells.append(tok.content.strip())
            elif tok.type == "tr_close" and not in_body:
                header = tuple(plain(c) for c in cells)
            elif tok.type == "tr_close" and in_body and any(cells):
                first, others = cells[0], [c for c in cells[1:] if c]
                raw = f"**{first}:** {'; '.join(others)}" if first and others else " ".join(cells)
                named = tuple(zip(header, (plain(c) for c in cells), strict=False))
                rows.append(Block("row", raw, line, columns=named))
            self.i += 1
        self.i += 1
        return rows


def _lazy_intro(item: Block) -> list[Block]:
    """``* Fatigue`` followed, without a blank line, by ``Less common effects include:``:
    markdown continues the item with the line; it is an intro over the items after it."""
    if item.children or "\n" not in item.raw:
        return [item]
    lines = item.raw.split("\n")
    last = plain(lines[-1]) if ":" in lines[-1] else ""
    # (a line starting in lower case is the item's sentence wrapped: "that need\nurgent care:")
    if not last.endswith(":") or not last[0].isupper():
        return [item]
    return [
        Block("item", "\n".join(lines[:-1]), item.line),
        Block("paragraph", lines[-1].strip(), item.line + len(lines) - 1),
    ]


def build_tree(
    tokens: list[Token],
    front_matter: dict[str, Any] | None = None,
    bodies: Mapping[int, Body] | None = None,
) -> Document:
    """Build the document tree from block tokens (front matter already parsed and removed);
    ``bodies``, section bodies a lazy parse left for later, by their heading's 0-based line."""
    doc = _Builder(tokens, bodies).build()
    doc.front_matter = dict(front_matter or {})
    return doc


def blocks_of(tokens: list[Token]) -> list[Block]:
    """The blocks of a section body's tokens."""
    return _Builder(tokens).build().preamble
