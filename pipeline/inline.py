"""Inline markdown -> plain text, and bold lead-in labels.

Called only for text that feeds a record or a heading, so the cost of
inline parsing is paid where it matters (see ``pipeline.parse``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.normalize import MEMO_SIZE

_MARKUP = re.compile(r"[*_`\[\]<>&\\!]")
# A bold lead-in: `**Label:** rest`, `**Label**: rest`, `**Label** - rest`, a bold line
# above the rest (`**Label**` + line break), or bold alone; bold italic too (`***Rare*** -`).
# An italic one (`*Label:* rest`) only with its separator.
_LEAD = re.compile(
    r"\A\s*(?P<q>\*\*\*|\*\*|__|\*|_)(?P<label>(?:(?!(?P=q)).)+?)(?P=q)"
    r"(?P<sep>[ \t]*[:\-–—]\s*|[ \t]*\n\s*)?[ \t]*(?P<rest>.*)\Z",
    re.S,
)


@cache
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _walk(tokens: list[Token], out: list[str]) -> None:
    for tok in tokens:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif tok.type == "image":
            out.append(tok.content)
        elif tok.children:
            _walk(tok.children, out)


@lru_cache(maxsize=MEMO_SIZE)  # a block's text is asked for by each extractor reading it
def plain(raw: str) -> str:
    """Plain text of inline markdown: markup removed, whitespace collapsed."""
    if not _MARKUP.search(raw):
        return " ".join(raw.split())
    out: list[str] = []
    _walk(_inline_parser().parseInline(raw), out)
    text = "".join(out)
    # Unbalanced emphasis survives the parse as literal `**`; drop it.
    text = text.replace("**", "").replace("__", "")
    return " ".join(text.split())


def split_lead(raw: str) -> tuple[str | None, str]:
    """Split a bold lead-in label from the text after it.

    Returns ``(label, rest)`` with ``label`` in plain text without its colon, or
    ``(None, raw)`` when the text does not start with a lead-in. A bold run
    followed by more words without a separator (``**Nausea** and vomiting``)
    is not a lead-in.
    """
    m = _LEAD.match(raw)
    if m is None:
        return None, raw
    # one call for the groups: this runs for every block of every document
    q, label_raw, sep_raw, rest = m.group("q", "label", "sep", "rest")
    colon_inside = label_raw.rstrip().endswith(":")
    if sep_raw and "\n" in sep_raw and rest[:1].islower():
        return None, raw  # "**Zorbanil**\nmay cause ...": one sentence over two lines
    sep = (sep_raw or "").strip()
    separated = colon_inside or bool(sep_raw)
    # italic: a colon only ("*C. difficile*-associated diarrhea" is no label)
    italic_label = colon_inside or sep.startswith(":")
    if not (separated or not rest.strip()) or (len(q) == 1 and not italic_label):
        return None, raw
    label = plain(label_raw).rstrip(" :")
    if not label:
        return None, raw
    return label, rest.strip()
