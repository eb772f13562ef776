"""Section kinds: classify headings by the lexicon and promote pseudo-headings.

Where a monograph has no real heading for a part, a bold-only paragraph
(``**Side Effects:**``) or, at the top level, a block with a section-name
lead-in (``* **Side Effects:** ...``) starts a section of its own. A
sub-heading of kind ``other`` (or of its parent's kind) inside a known
section belongs to that section and acts as a group label.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import lexicon
from pipeline.models import SectionKind
from pipeline.normalize import MEMO_SIZE
from pipeline.tree import Block, Document, Section

_PAREN_TAIL = re.compile(r"\s*[\(\[][^()\[\]]*[\)\]]\s*$")
_NON_TEXT = re.compile(r"[*_#`]+")
#: Labels longer than this are sentences, not headings.
MAX_HEADING_WORDS = 8

#: Kinds under which a top-level lead-in (``* **Side Effects:** ...``) may open a section.
_LOOSE_CONTAINERS = frozenset({SectionKind.other, SectionKind.generic_name})

#: Labels of these kinds inside a section of the key kind stay labels (``**Contraindications:**``
#: inside Precautions): the extractors read them there.
_NESTED_KINDS: dict[SectionKind, frozenset[SectionKind]] = {
    SectionKind.precautions: frozenset(
        {SectionKind.contraindications, SectionKind.interactions, SectionKind.pregnancy}
    ),
}


#: Unicode hyphens as "-", zero-width characters dropped ("Side‑Effects", a pasted heading).
_HEADING_CHARS = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-", "\u00ad": None}
    | dict.fromkeys(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
)


@lru_cache(maxsize=MEMO_SIZE)  # labels are looked up again by every unit under them
def normalize_heading(text: str) -> str:
    """Heading text for lookup: markup, numbering, colons, trailing parentheticals, case removed."""
    s = _NON_TEXT.sub("", text.translate(_HEADING_CHARS)).lower().strip()
    for _ in range(3):
        if s.rstrip().endswith((")", "]")):  # (the only strings it can match: not searched)
            s = _PAREN_TAIL.sub("", s)
        s = s.strip(" :.-–—")
    s = _enum_head().sub("", s)
    return " ".join(s.split()).strip(" :.-–—")


def without_numbering(heading: str) -> str:
    """A heading as written, less its numbering ("7.1 NSAIDs" -> "NSAIDs"): what a label
    made of it says."""
    m = _enum_head().match(heading.strip())
    return heading.strip()[m.end() :] if m else heading


@cache
def _enum_head() -> re.Pattern[str]:
    """Numbering before a heading's words: "3.", "4.8", "b)", "IV.", "(2)", "Section 4:"."""
    words = lexicon.alternation(lexicon.load("sections")["numbering"]["words"])
    number = r"(?:\d+(?:\.\d+)*[.):]?|[a-z][.)]|[ivx]+[.):]|\(\d+\))"
    return re.compile(rf"^(?:(?:{words})\s+)?{number}(?:\s*[-–—:])?\s+", re.I)


@dataclass(frozen=True)
class _Rules:
    prefixes: list[tuple[str, SectionKind]]
    exact: dict[str, SectionKind]
    keywords: list[tuple[re.Pattern[str], SectionKind]]
    closed_kinds: frozenset[SectionKind]
    closed_words: re.Pattern[str]  # matched at the start of a normalized heading


@cache
def _rules() -> _Rules:
    data = lexicon.load("sections")
    exact = {
        phrase: SectionKind(kind) for kind, phrases in data["exact"].items() for phrase in phrases
    }
    keywords = [
        (lexicon.words_pattern(rule["any"], prefix=True), SectionKind(rule["kind"]))
        for rule in data["keywords"]
    ]
    prefixes = [
        (prefix, SectionKind(kind)) for kind, items in data["prefixes"].items() for prefix in items
    ]
    box = data["containers"]
    return _Rules(
        prefixes,
        exact,
        keywords,
        frozenset(SectionKind(k) for k in box["closed_kinds"]),
        re.compile(rf"(?:{lexicon.alternation(box['closed_words'])})(?![\w-])"),
    )


@lru_cache(maxsize=MEMO_SIZE)
def classify(heading: str) -> SectionKind:
    """Section kind of a heading or label text."""
    key = normalize_heading(heading)
    rules = _rules()
    for prefix, kind in rules.prefixes:
        if key.startswith(prefix):
            return kind
    if not key or len(key.split()) > MAX_HEADING_WORDS:
        return SectionKind.other
    if key in rules.exact:
        return rules.exact[key]
    for pattern, kind in rules.keywords:
        if pattern.search(key):
            return kind
    return SectionKind.other


def is_known_heading(heading: str) -> bool:
    """Whether the lexicon knows ``heading`` (any kind, "Storage" and "Disclaimer" too)."""
    key = normalize_heading(heading)
    return key in _rules().exact or classify(heading) is not SectionKind.other


def _is_question(label: str) -> bool:
    return label.rstrip(" :*_").endswith("?")


def _opened_kind(label: str, container: SectionKind | None, closed: bool) -> SectionKind | None:
    """The kind of the section a pseudo-heading ``label`` opens in ``container``, if any."""
    if closed and _is_question(label):  # (first: most labels in FAQs are questions)
        return None
    kind = classify(label)
    if (
        kind is SectionKind.other
        or kind == container
        or (container is not None and kind in _NESTED_KINDS.get(container, ()))
    ):
        return None
    return kind


def _promote(
    blocks: list[Block], container: SectionKind | None, level: int, *, closed: bool = False
) -> tuple[list[Block], list[Section]]:
    """Split ``blocks`` at pseudo-headings; returns the blocks kept and the new sections.
    A bold-only paragraph of a known kind is one; a lead-in label ("**Side Effects:** a, b")
    only in a loose container. In a closed part (``closed``, or a pseudo-heading of a closed
    kind) a lead-in or a question label is an answer's, never a heading."""
    loose = not closed and (container is None or container in _LOOSE_CONTAINERS)
    kept: list[Block] = []
    new: list[Section] = []
    target = kept
    for block in blocks:
        label = block.label
        kind = None
        if label is not None and (
            (block.kind == "paragraph" and block.is_bold_only) or (loose and block.kind != "row")
        ):
            kind = _opened_kind(label, container, closed)
        if kind is None:
            target.append(block)
            continue
        section = Section(heading=label or "", level=level, line=block.line, pseudo=True, kind=kind)
        if block.rest_raw:
            section.blocks.append(Block("paragraph", block.rest_raw, block.line))
        section.blocks.extend(block.children)
        new.append(section)
        target = section.blocks
        closed = kind in _rules().closed_kinds
    return kept, new


def _split_heading(section: Section, kind: SectionKind) -> bool:
    """``### Side Effects: Nausea and headache are common.``: a heading written as a lead-in.
    Its label is the heading and the words after it (a sentence, or too long for a
    heading) the section's first paragraph ("Side Effects: Oral Form" stays a heading)."""
    label, colon, rest = section.heading.partition(":")
    if (
        not (colon and rest.strip())
        or not (kind is SectionKind.other or rest.rstrip().endswith((".", "!")))
        or classify(label) is SectionKind.other
    ):
        return False
    section.heading = label.strip()
    section.blocks.insert(0, Block("paragraph", rest.strip(), section.line))
    return True


#: Words at most in a sub-heading of interactions that says how strictly to keep drugs apart.
MAX_SEVERITY_HEADING_WORDS = 3


def _severity_group(heading: str, own: SectionKind, parent: SectionKind | None) -> bool:
    """ "### Contraindicated", "### Use with caution" under Interactions: how strictly the
    drugs listed below it are kept apart (a severity label), not a section of its own kind."""
    return (
        parent is SectionKind.interactions
        and own in (SectionKind.contraindications, SectionKind.precautions)
        and len(normalize_heading(heading).split()) <= MAX_SEVERITY_HEADING_WORDS
    )


def _structure(
    section: Section, parent: SectionKind | None, read: Collection[SectionKind], closed: bool
) -> None:
    """Classify ``section`` under its ``parent`` kind (``closed``: inside a closed section)."""
    rules = _rules()
    if not section.pseudo:
        own = classify(section.heading)
        if _split_heading(section, own):
            own = classify(section.heading)
        if parent is not None and (
            closed
            or (parent is not SectionKind.other and own in (SectionKind.other, parent))
            or _severity_group(section.heading, own, parent)
        ):
            section.kind, section.is_group = parent, True
        else:
            section.kind = own
    closed_other = section.kind is SectionKind.other and bool(
        rules.closed_words.match(normalize_heading(section.heading))
    )
    closed = closed or closed_other or section.kind in rules.closed_kinds
    originals = list(section.children)
    if section.kind in read or _may_hold_pseudo_headings(section, closed):
        section.blocks, promoted = _promote(
            section.blocks, section.kind, section.level + 1, closed=closed
        )
        section.children = promoted + originals
    for child in originals:
        _structure(child, section.kind, read, closed)


def _may_hold_pseudo_headings(section: Section, closed: bool) -> bool:
    """Whether a block under the heading may open a section. A body not parsed yet may not
    when none of the labels its lines could give would open one there (it stays unparsed:
    until then a section's first pseudo-heading would be one of them)."""
    body = section.body
    if body is None:
        return True
    # (outside a loose container only a paragraph that is nothing but a label opens one)
    alone = closed or section.kind not in _LOOSE_CONTAINERS
    return any(
        _opened_kind(label, section.kind, closed) is not None for label in body.labels(alone=alone)
    )


def assign_kinds(doc: Document, read: Collection[SectionKind] = ()) -> None:
    """Classify every section and promote pseudo-headings, in place. ``read``: the kinds
    whose blocks will be read (a body left unparsed is parsed now, unless it is of another
    kind and holds no pseudo-heading: then it stays unparsed)."""
    doc.preamble, promoted = _promote(doc.preamble, None, 1)
    for section in doc.sections:
        _structure(section, None, read, False)
    doc.sections = promoted + doc.sections


def section_kinds(doc: Document) -> list[str]:
    """Distinct kinds of the document's sections, in document order."""
    seen: dict[str, None] = {}
    for section in doc.walk():
        seen.setdefault(section.kind.value, None)
    return list(seen)
