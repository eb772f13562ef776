"""Sections -> text units with the chain of labels they were written under.

Every extractor reads a section the same way: group sub-headings, bold-only
paragraphs, lead-in labels and intro lines ending in a colon are *labels*;
paragraphs and list items are *units* that carry the labels above them.
What a label means (a frequency band, a component, "Contraindications") is
left to each extractor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple, TypeVar

from pipeline.extract.identity import Identity
from pipeline.models import SectionKind
from pipeline.normalize import sentences
from pipeline.sections import without_numbering
from pipeline.tree import Block, Document, Section

_T = TypeVar("_T")

# Label and Unit are named tuples, not frozen dataclasses: as immutable and hashable, and
# built several times faster (a frozen dataclass sets each field through object.__setattr__;
# about 150,000 of them are built per corpus run).

#: Intro lines ending in a colon longer than this are sentences, not group labels.
MAX_INTRO_WORDS = 30


class Label(NamedTuple):
    """A heading, bold label or intro line that groups what follows it."""

    text: str
    line: int
    #: Text written after the label on the same paragraph ("... is contraindicated in:").
    intro: str = ""
    #: A plain line ending in a colon that opens a list ("Side effects may include:").
    opens_list: bool = False


class Unit(NamedTuple):
    """A paragraph or list item, its own lead-in label, and the labels above it."""

    text: str  # plain text (after the own label when there is one)
    line: int
    labels: tuple[Label, ...]
    label: str | None = None  # own bold lead-in
    is_item: bool = False
    has_children: bool = False
    #: A table row's cells as (column header, cell); the first is its lead-in.
    columns: tuple[tuple[str, str], ...] = ()


#: An intro sentence that refers back to the one before it ("These can include:"; not
#: "It is contraindicated in:", where "it" is the drug).
_REFERS_BACK = re.compile(r"^\s*(?:these|they|such|those|examples)\b", re.I)


def _is_intro(text: str) -> bool:
    return text.endswith(":") and len(sentences(text)[-1].split()) <= MAX_INTRO_WORDS


def _item_unit(item: Block, labels: tuple[Label, ...]) -> Unit:
    label = item.label
    return Unit(
        item.rest if label is not None else item.text,
        item.line,
        labels,
        label,
        item.kind in ("item", "row"),
        bool(item.children),
        item.columns,
    )


def _under_item(item: Block, labels: tuple[Label, ...]) -> tuple[Label, ...]:
    """The labels of an item's children: the item's own label, or its text as an intro."""
    if item.label is not None:
        return (*labels, Label(item.label, item.line, item.rest))
    return (*labels, Label(item.text.rstrip(":"), item.line, opens_list=True))


def _walk_blocks(blocks: list[Block], base: tuple[Label, ...]) -> Iterator[Unit]:
    group: Label | None = None  # set by bold-only / lead-in paragraphs; lasts until the next
    intro: Label | None = None  # set by a line ending in ':'; lasts for the next list only
    labels = base  # ``base``, then ``group`` and ``intro`` when set (made when they change)
    for block in blocks:
        if block.kind != "paragraph":
            # (an item's unit and its children's, without a generator per item)
            yield _item_unit(block, labels)
            if block.children:
                yield from _walk_blocks(block.children, _under_item(block, labels))
            continue
        if block.is_bold_only:
            group, intro = Label(block.label or "", block.line), None
            labels = (*base, group)
            continue
        if block.label is not None:
            group, intro = Label(block.label, block.line, block.rest), None
            labels = (*base, group)
            yield Unit(block.rest, block.line, labels, label=block.label)
            continue
        text = block.text
        if _is_intro(text):
            # Only the sentence that opens the list labels it, with the sentence it refers
            # back to ("Common side effects are mild. These can include:")
            said = sentences(text)
            opener = said[-1].rstrip(":")
            if len(said) > 1 and _REFERS_BACK.match(opener):
                opener = f"{said[-2]} {opener}"
            intro = Label(opener, block.line, opens_list=True)
            labels = (*base, intro) if group is None else (*base, group, intro)
            continue
        intro = None
        labels = base if group is None else (*base, group)
        yield Unit(text, block.line, labels)


def _read_with(child: Section, parent: Section) -> bool:
    """A group sub-section, or a pseudo-heading of the parent's kind: read as part of it."""
    return child.is_group or (child.pseudo and child.kind == parent.kind)


def walk(section: Section, base: tuple[Label, ...] = ()) -> tuple[Unit, ...]:
    """Units of ``section`` and of its group sub-sections (other kinds are skipped)."""
    return _walked(section, base)


#: Sections whose units are kept: a precautions section is read by two extractors.
_WALKED = 64


@lru_cache(maxsize=_WALKED)  # (a section is hashed by identity)
def _walked(section: Section, base: tuple[Label, ...]) -> tuple[Unit, ...]:
    return tuple(_walk(section, base))


def _walk(section: Section, base: tuple[Label, ...]) -> Iterator[Unit]:
    yield from _walk_blocks(section.blocks, base)
    for child in section.children:
        if _read_with(child, section):
            yield from _walk(child, (*base, Label(without_numbering(child.heading), child.line)))


def source_sections(
    doc: Document, kinds: Collection[SectionKind]
) -> Iterator[tuple[Section, tuple[Label, ...]]]:
    """Sections of ``kinds`` (not groups inside one), each with the labels to read it by:
    the headings above it (a component's sub-heading, say) and its own heading.

    A section's units include its group sub-sections (``walk``); a sub-heading of
    another kind (Contraindications under Precautions) is a section of its own."""

    def visit(
        sections: list[Section], above: tuple[Label, ...]
    ) -> Iterator[tuple[Section, tuple[Label, ...]]]:
        for s in sections:
            # (a section's label is made only when read or above one: most are neither)
            if s.kind in kinds and not s.is_group:
                here = (*above, Label(without_numbering(s.heading), s.line))
                yield s, here
                yield from visit([c for c in s.children if not _read_with(c, s)], here)
            elif s.children:
                yield from visit(s.children, (*above, Label(without_numbering(s.heading), s.line)))

    yield from visit(doc.sections, ())


def component_of(unit: Unit, ident: Identity) -> str | None:
    """The component the unit's own label, or the nearest label above it, names."""
    if not ident.is_combination:  # (only a combination's labels name components)
        return None
    if unit.label is not None and (own := ident.component_in(unit.label)):
        return own
    return next((c for lab in reversed(unit.labels) if (c := ident.component_in(lab.text))), None)


def first_of_each(rows: Iterable[_T], key: Callable[[_T], Hashable]) -> list[_T]:
    """Rows in order, without later ones whose key was seen (a restatement adds nothing)."""
    seen: set[Hashable] = set()
    out: list[_T] = []
    for row in rows:
        k = key(row)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out
