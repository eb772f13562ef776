"""A lazy parse (section bodies parsed when read) gives the tree of the whole file's parse,
and leaves unparsed the bodies nobody reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.inline import lead_labels, split_lead
from pipeline.issues import Problems
from pipeline.models import SectionKind
from pipeline.parse import parse
from pipeline.process import READ_KINDS, process_source
from pipeline.sections import assign_kinds
from pipeline.sources import Source, SourceRef
from pipeline.tree import Block, Document, Section, build_tree


def lazy_tree(text: str, read: frozenset[SectionKind] = READ_KINDS) -> Document:
    parsed = parse(text, Problems(), lazy=True)
    doc = build_tree(parsed.tokens, parsed.front_matter, parsed.bodies)
    assign_kinds(doc, read=read)
    return doc


def eager_tree(text: str) -> Document:
    parsed = parse(text, Problems())
    doc = build_tree(parsed.tokens, parsed.front_matter)
    assign_kinds(doc)
    return doc


def dump_block(b: Block) -> tuple[Any, ...]:
    return (
        b.kind,
        b.raw,
        b.line,
        b.columns,
        b.label,
        b.rest_raw,
        [dump_block(c) for c in b.children],
    )


def dump_section(s: Section) -> tuple[Any, ...]:
    return (
        (s.heading, s.level, s.line, s.pseudo, s.kind, s.is_group),
        [dump_block(b) for b in s.blocks],  # (reading them parses a body left for later)
        [dump_section(c) for c in s.children],
    )


def dump(doc: Document) -> tuple[Any, ...]:
    return (
        doc.title,
        doc.title_line,
        doc.front_matter,
        [dump_block(b) for b in doc.preamble],
        [dump_section(s) for s in doc.sections],
    )


def assert_same_tree(text: str) -> None:
    assert dump(lazy_tree(text)) == dump(eager_tree(text))


def unread(doc: Document) -> list[str]:
    """Headings of the sections whose bodies are still unparsed."""
    return [s.heading for s in doc.walk() if s.body is not None]


#: One fixture per construct that decides whether a body may wait.
LAYOUTS = {
    "plain sections": "# T\nIntro.\n\n## Usage\nFor pain.\n\n## Side Effects\n* Nausea\n\n## FAQs\n"
    "**Q: Can I drive?**\nA: Yes.\n",
    "front matter with a hash line": "---\ntitle: T\n# a YAML comment\n---\n# T\n## Dosage\n"
    "One tablet.\n",
    "unterminated front matter": "---\ntitle: T\n# Heading\n## Usage\ntext\n",
    "fenced code reads past a heading": "# T\n## Usage\n```\n# not a heading\n```\n## Dosage\nx\n",
    "html block": "# T\n## Usage\n<div>\n# inside\n</div>\n\n## Dosage\nx\n",
    "setext heading in a body": "# T\n## Usage\ntext\n\nSide Effects\n---\n* Nausea\n",
    "indented heading in a body": "# T\n## Usage\ntext\n   ## Side Effects\n* Nausea\n",
    "heading inside a list item": "# T\n## Usage\n- item\n  # nested heading\n## Dosage\nx\n",
    "deep nesting": "# T\n## Dosage\n" + "".join("  " * i + "* level\n" for i in range(30)),
    "quote": "# T\n## Dosage\n> quoted\n> # heading in quote\n## FAQ\nx\n",
    "pseudo-heading in a body": "# T\n## Dosage\nOne tablet.\n\n**Side Effects**\n\n* Nausea\n",
    "bulleted pseudo-heading": "# T\n## Overview\n* **Side Effects:** nausea, rash\n",
    "question in an FAQ": "# T\n## FAQ\n**What are the side effects?**\nNausea.\n",
    "lead-in over two lines": "# T\n## Dosage\n**Side\nEffects**\n\nnausea\n",
    "table": "# T\n## Dosage\n| Age | Dose |\n|---|---|\n| Adult | 1 |\n## FAQ\nx\n",
    "title with a body": "# T\nIntro under the title.\n\n* a list\n## Usage\nx\n",
    "headings only": "# T\n## A\n## B\n### C\n",
    "no title": "## Usage\nx\n## Side Effects\n* a\n",
    "empty": "",
}


@pytest.mark.parametrize("text", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_layouts_build_the_same_tree(text: str) -> None:
    assert_same_tree(text)


def test_bodies_nobody_reads_stay_unparsed() -> None:
    doc = lazy_tree(LAYOUTS["plain sections"])
    assert unread(doc) == ["Usage", "FAQs"]
    doc = lazy_tree(LAYOUTS["plain sections"], read=frozenset())
    assert unread(doc) == ["Usage", "Side Effects", "FAQs"]


def test_a_body_that_may_open_a_section_is_parsed() -> None:
    doc = lazy_tree(LAYOUTS["pseudo-heading in a body"])
    assert unread(doc) == []
    assert [s.kind for s in doc.walk()] == [SectionKind.dosage, SectionKind.side_effects]


def test_bodies_that_may_change_the_tree_are_parsed_with_the_file() -> None:
    for name in ("fenced code reads past a heading", "html block", "setext heading in a body",
                 "indented heading in a body", "deep nesting", "quote"):  # fmt: skip
        parsed = parse(LAYOUTS[name], Problems(), lazy=True)
        assert not parsed.bodies or name == "quote", name
    # (the quote's body is parsed; the FAQ after it may wait)
    assert list(parse(LAYOUTS["quote"], Problems(), lazy=True).bodies) == [4]


def test_a_lazy_run_reads_what_an_eager_one_does() -> None:
    text = LAYOUTS["plain sections"] + "\n## Precautions\nDo not use in asthma.\n"
    result = process_source(Source(SourceRef("t", "t.md", "t.md"), text=text))
    assert [r["term"] for r in result.side_effects] == ["nausea"]
    assert [r["condition"] for r in result.contraindications] == ["asthma"]
    assert result.monograph["section_kinds"] == ["usage", "side_effects", "faq", "precautions"]


#: Lines with a meaning in a monograph: headings, lead-ins, lists, and what may not wait.
_PIECES = st.sampled_from(
    ["", " ", "   ", "    ", "\t", "> ", "* ", "- ", "1. ", "  * ", "# ", "## ", "### ", " ## ",
     "#", "```", "~~~", "---", "===", "<div>", "| a | b |", "|---|---|", "**Side Effects**",
     "**Side Effects:** nausea", "**Q: Any side effects?**", "**Dosage**", "*Warnings:*",
     "__Interactions__", "• ", "text", "Usage", "FAQ", "Side Effects", "Precautions", "x", "\u00a0"]
)  # fmt: skip
_LINE = st.lists(_PIECES, max_size=3).map("".join)
_DOC = st.lists(_LINE, max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_DOC)
def test_generated_documents_build_the_same_tree(text: str) -> None:
    assert_same_tree(text)


def _labels(blocks: list[Block], heading_line: int) -> list[str]:
    """Labels of blocks read from the body's lines (not table rows, whose lead-in is made of
    their first cell, nor the words after a heading's colon: they never open a section)."""
    found = []
    for b in blocks:
        label, _ = split_lead(b.raw)
        if label is not None and b.kind != "row" and b.line != heading_line:
            found.append(label)
        found += _labels(b.children, heading_line)
    return found


@settings(max_examples=300, deadline=None)
@given(_DOC)
def test_every_label_of_a_body_is_found_in_its_lines(text: str) -> None:
    """``lead_labels`` finds every label a parsed block has (a body with none that names a
    kind stays unparsed, so missing one would lose a pseudo-heading)."""
    doc = eager_tree(text)
    for s in doc.walk():
        if not s.pseudo:
            body = "\n".join(text.split("\n")[s.line :])
            assert set(_labels(s.blocks, s.line)) <= set(lead_labels(body))


def test_corpus_sample_builds_the_same_trees(corpus: Path) -> None:
    for path in sorted(corpus.rglob("*.md"))[::7]:
        assert_same_tree(path.read_text(encoding="utf-8", errors="replace"))


def test_lines_are_read_each_on_its_own() -> None:
    """A run that does not close on its line takes no later line's label away."""
    assert "Side Effects" in lead_labels("*italic, never closed\n\n**Side Effects**\n")
    text = "* **Gel (1%):** Apply twice.\n\n**Antiseptic Uses (scrub):**\n"
    assert lead_labels(text, alone=True) == ["Antiseptic Uses (scrub)"]
    assert lead_labels(text) == ["Gel (1%)", "Antiseptic Uses (scrub)"]


def _bold_only(blocks: list[Block]) -> list[str]:
    return [b.label for b in blocks if b.kind == "paragraph" and b.is_bold_only and b.label]


@settings(max_examples=300, deadline=None)
@given(_DOC)
def test_every_label_alone_on_its_paragraph_is_found_in_its_lines(text: str) -> None:
    """Outside a loose container only such a paragraph opens a section."""
    doc = eager_tree(text)
    for s in doc.walk():
        if not s.pseudo:
            body = "\n".join(text.split("\n")[s.line :])
            found = set(lead_labels(body, alone=True))
            assert set(_bold_only([b for b in s.blocks if b.line != s.line])) <= found


def test_the_kinds_parsed_with_the_tree_are_the_extractors_sources() -> None:
    """A kind an extractor reads but missing from READ_KINDS would cost a label scan and a
    second look at each of its bodies, never a row; one listed that nobody reads, a parse."""
    from pipeline.extract import contraindications, interactions

    sources = {SectionKind.side_effects} | set(contraindications._SOURCES)
    assert sources | set(interactions._SOURCES) == READ_KINDS
