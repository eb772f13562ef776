"""Document tree: title, nested sections, blocks, lead-ins and line numbers."""

from __future__ import annotations

from pipeline.issues import Problems
from pipeline.parse import parse
from pipeline.tree import Document, build_tree


def tree(text: str) -> Document:
    parsed = parse(text, Problems())
    return build_tree(parsed.tokens, parsed.front_matter)


DOC = """---
title: Front Title
ndc: 00023227
---

# Sample Drug
Intro paragraph.

## Side Effects
**Common:**

* Nausea
* **Dryness:** very dry skin
  * nested detail

#### Rare
Text under rare.

## Precautions
Last.
"""


def test_title_sections_and_lines() -> None:
    doc = tree(DOC)
    assert doc.title == "Sample Drug"
    assert doc.title_line == 6
    assert doc.front_matter == {"title": "Front Title", "ndc": "00023227"}
    assert [b.text for b in doc.preamble] == ["Intro paragraph."]
    assert [(s.heading, s.level, s.line) for s in doc.sections] == [
        ("Side Effects", 2, 9),
        ("Precautions", 2, 19),
    ]
    side = doc.sections[0]
    assert [(c.heading, c.line) for c in side.children] == [("Rare", 16)]
    assert side.children[0].blocks[0].text == "Text under rare."


def test_blocks_keep_lead_ins_and_nesting() -> None:
    side = tree(DOC).sections[0]
    bold, first, second = side.blocks
    assert bold.is_bold_only and bold.label == "Common"
    assert (first.kind, first.text, first.line) == ("item", "Nausea", 12)
    assert second.label == "Dryness" and second.rest == "very dry skin"
    assert [(c.text, c.line) for c in second.children] == [("nested detail", 14)]


def test_heading_variants_are_cleaned() -> None:
    doc = tree("# T\n\n## **Side Effects:**\nx\n\n### Uses (Individual Components)\ny\n")
    assert doc.sections[0].heading == "Side Effects"
    assert doc.sections[0].children[0].heading == "Uses (Individual Components)"


def test_crlf_and_bom_free_text_parse_alike() -> None:
    lf = tree(DOC)
    crlf = tree(DOC.replace("\n", "\r\n"))
    assert [(s.heading, s.line) for s in crlf.walk()] == [(s.heading, s.line) for s in lf.walk()]


def test_table_rows_become_labelled_blocks() -> None:
    doc = tree(
        "# T\n\n## Side Effects\n\n| Frequency | Effects |\n|---|---|\n| Common | nausea, rash |\n"
    )
    row = doc.sections[0].blocks[0]
    assert (row.kind, row.label, row.rest, row.line) == ("row", "Common", "nausea, rash", 7)


def test_lead_in_needs_a_separator() -> None:
    doc = tree("# T\n\n## S\n* **Nausea** and vomiting\n* **Rash** - itchy\n")
    first, second = doc.sections[0].blocks
    assert first.label is None and first.text == "Nausea and vomiting"
    assert second.label == "Rash" and second.rest == "itchy"


def test_bullet_character_lines_are_list_items() -> None:
    """Lines pasted with "•" bullets are one markdown paragraph; they are read as items."""
    doc = tree("# T\n\n## Side Effects\n\nSide effects include:\n• Nausea\n●  Headache\n\nA • B\n")
    blocks = doc.sections[0].blocks
    assert [(b.kind, b.text, b.line) for b in blocks] == [
        ("paragraph", "Side effects include:", 5),
        ("item", "Nausea", 6),
        ("item", "Headache", 7),
        ("paragraph", "A • B", 9),
    ]


def test_bullet_glyphs_are_not_ascii() -> None:
    """An ASCII paragraph is never searched for them (``_paragraph``'s shortcut)."""
    from pipeline.inline import GLYPHS

    assert not any(glyph.isascii() for glyph in GLYPHS)
