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
#: Bullet characters pasted from a word processor ("• Nausea"): ``pipeline.tree`` reads a
#: line opening with one as a list item.
GLYPHS = "•◦▪‣●○■►➢✓✔"
#: The labels blocks opening on a line could have: after the indent, list markers and a
#: bullet character, an emphasised run read as ``_lead`` reads it: the first of the marks
#: that opens it (not doubled) and closes, up to the first closing mark after its first
#: character. Each line is read on its own (a lookahead: a label may end on a later line).
_RUN = "|".join(rf"{q}(?!{q})([\s\S](?:(?!{q})[\s\S])*){q}" for q in (re.escape(m) for m in _MARKS))
_LINE_LEAD = re.compile(
    rf"\n(?=[^\S\n]*(?:(?:[-*+]|\d{{1,9}}[.)])[^\S\n]+)*(?:[{GLYPHS}][^\S\n]*)?(?:{_RUN}))"
)
#: The labels of paragraphs that are nothing but a label: its line holds nothing after it
#: but a separator (a line opening with a list marker or a bullet character is an item's).
_LINE_LABEL = re.compile(rf"\n(?=[^\S\n]*(?:{_RUN})[ \t:\-–—]*(?:\n|\Z))")
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


def lead_labels(text: str, *, alone: bool = False) -> list[str]:
    """Every label a block opening on a line of ``text`` could have (what ``split_lead``
    gives it, when it gives one), read from the source lines without parsing them.
    ``alone``: of the paragraphs that are nothing but their label only."""
    # (searched from the newline before each line: the engine finds "\n" with a fast scan)
    pattern = _LINE_LABEL if alone else _LINE_LEAD
    return [
        plain(next(g for g in m.groups() if g is not None)).rstrip(" :")
        for m in pattern.finditer("\n" + text)
    ]


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
