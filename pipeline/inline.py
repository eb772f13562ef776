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
# An italic one (`*Label:* rest`) only with its separator. Read by ``_lead``: the
# emphasis marks, the label up to the first closing mark (never opening with one), then
# ``_AFTER_LEAD``; as one pattern would (``tests/test_inline.py`` has it), without trying
# the closing mark after every character of the label.
_MARKS = ("***", "**", "__", "*", "_")
_AFTER_LEAD = re.compile(r"(?P<sep>[ \t]*[:\-–—]\s*|[ \t]*\n\s*)?[ \t]*")


def _lead(raw: str) -> tuple[str, str, str | None, str] | None:
    """The emphasis mark, label, separator and rest of a text opening with an emphasised
    run, as the pattern above matches them; None when it does not open so."""
    start = len(raw) - len(raw.lstrip()) if raw[:1].isspace() else 0
    if raw[start : start + 1] not in ("*", "_"):
        return None
    for q in _MARKS:
        opened = start + len(q)
        if not raw.startswith(q, start) or raw.startswith(q, opened):
            continue  # (a label never opens with its own closing mark)
        close = raw.find(q, opened + 1)
        if close >= 0:
            after = _AFTER_LEAD.match(raw, close + len(q))
            assert after is not None  # (every part of it is optional)
            return q, raw[opened:close], after.group("sep"), raw[after.end() :]
    return None


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
    lead = _lead(raw)  # (every block of every document is asked)
    if lead is None:
        return None, raw
    q, label_raw, sep_raw, rest = lead
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
