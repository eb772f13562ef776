"""Pure text normalizers: list splitting, parentheticals, sentences, terms.

Every function here is pure (text in, text out) and is property-tested:
splitting never breaks inside parentheses and never yields empty items.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline import lexicon

#: Entries kept per memoized text function. Repeats are mostly within a file (the
#: extractors read the same text several times) or common items ("nausea"); a small
#: LRU catches both, and a worker's memory does not grow with the corpus. (8,192: the
#: busiest caches, ``collapse``, ``parentheticals``, ``normalize_term``, overflowed 4,096
#: and lost common items; a worker's peak RSS is the same, 16,384 adds ~17 MB to it.)
MEMO_SIZE = 8192

_LEAD_CONJ = re.compile(r"^(?:and|or|and/or|as well as|plus|also)\s+", re.IGNORECASE)
_LEAD_ARTICLE = re.compile(r"^(?:a|an|the)\s+", re.IGNORECASE)
#: The letters ``_LEAD_CONJ`` and ``_LEAD_ARTICLE`` can open with (no other character folds
#: to one of them): text opening otherwise is not searched.
_LEAD_INITIALS = "aAoOpPtT"
#: A conjunction left at the end of a list line ("rash, and", "headache; or").
_TRAIL_CONJ = re.compile(r"[\s,;]+(?:and|or|and/or)$", re.IGNORECASE)
_OUTER = " \t.,;:!?-–—*_\"'`“”‘’/"
_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|dr|st|mr|mrs|ms|no|fig|incl|esp|resp|b\.i\.d|t\.i\.d)\.|\b[A-Z]\.)$",
    re.IGNORECASE,
)
#: The most characters an ``_ABBREV`` match and a newline after it take: only a piece's tail
#: is searched (a search of the whole piece tried every position of it).
_ABBREV_TAIL = 9
#: A letter that names a grade, not an initial: "pregnancy category D.", "vitamin D."
_GRADE_LETTER = re.compile(
    r"\b(?:category|class|type|group|grade|vitamin|hepatitis|phase|schedule|stage|factor)"
    r"\s+[A-Z]\.$",
    re.IGNORECASE,
)
#: Where a sentence ends: its mark (kept with it), closing quotes or brackets, the space after.
#: (The mark opens the pattern, so the engine scans for it instead of trying a look-behind
#: at every character.)
_SENT_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9*])")
_FINAL_CONJ = re.compile(r"^(.*\S)\s+(?:and|or|and/or)\s+(\S.*)$", re.IGNORECASE | re.S)
_OPEN, _CLOSE = "([{", ")]}"


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:.!?])")
#: The same once spaces are collapsed (one search for it, not one per mark).
_ONE_SPACE_BEFORE_PUNCT = re.compile(r" [,;:.!?]")


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space (none before punctuation) and strip.
    (Not memoized: half its texts are new, and a miss cost more than the work.)"""
    text = " ".join(text.split())
    if _ONE_SPACE_BEFORE_PUNCT.search(text) is not None:
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return text


def _has_brackets(text: str) -> bool:
    return "(" in text or "[" in text or "{" in text or ")" in text or "]" in text or "}" in text


#: The characters the depth-aware functions below act on: a text is read bracket to
#: bracket (one search each), never character by character (four times faster).
_BRACKET = re.compile(r"[()\[\]{}]")
_SEPARATORS = {",;": re.compile(r"[()\[\]{},;]"), ",": re.compile(r"[()\[\]{},]")}
_NO_BRACKETS = str.maketrans("", "", _OPEN + _CLOSE)


@lru_cache(maxsize=MEMO_SIZE)
def mask_parens(text: str, fill: str = "\0") -> str:
    """``text`` with everything inside parentheses/brackets replaced by ``fill`` (same length).

    Searching the masked text finds only top-level matches, at the right offsets.
    """
    if not _has_brackets(text):
        return text
    out: list[str] = []
    depth = 0
    last = 0  # the text from ``last`` to the next bracket lies at ``depth``
    for m in _BRACKET.finditer(text):
        at = m.start()
        out.append(fill * (at - last) if depth else text[last:at])
        if text[at] in _OPEN:
            depth += 1
        elif depth > 0:
            depth -= 1
        out.append(text[at])  # brackets themselves are kept (a stray closing one too)
        last = at + 1
    out.append(fill * (len(text) - last) if depth else text[last:])
    return "".join(out)


def depth_split(text: str, seps: str = ",;") -> list[str]:
    """Split on ``seps`` outside parentheses/brackets; pieces are stripped, empties dropped."""
    marks = _SEPARATORS.get(seps) or re.compile(f"[{re.escape(_OPEN + _CLOSE + seps)}]")
    parts: list[str] = []
    depth = 0
    start = 0
    for m in marks.finditer(text):
        ch = m.group()
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(text[start : m.start()])
            start = m.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip(_OUTER)]


@cache
def _ordinal_end() -> re.Pattern[str]:
    """An ordinal before the final and/or: the words after it are one phrase ("the second
    and third trimesters", "first- or second-degree"), not list elements."""
    return re.compile(
        rf"\b(?:{lexicon.alternation(lexicon.load('grammar')['ordinals'])})-?$", re.IGNORECASE
    )


def _without_lead_conj(text: str) -> str:
    return _LEAD_CONJ.sub("", text) if text[:1] in _LEAD_INITIALS else text


def _split_final_conj(piece: str) -> list[str]:
    """``b and c`` -> ``[b, c]`` at the last top-level and/or (none inside parentheses)."""
    m = _FINAL_CONJ.match(mask_parens(piece))
    if m is None or _ordinal_end().search(m.group(1)):
        return [piece]
    left, right = piece[: m.end(1)], piece[m.start(2) :]
    return [p for p in (left.strip(), right.strip()) if p.strip(_OUTER)]


@lru_cache(maxsize=MEMO_SIZE)
def _split_list(text: str) -> tuple[str, ...]:
    return tuple(split_list_uncached(text))


def split_list(text: str) -> list[str]:
    """Split a prose list into its elements (see ``split_list_uncached``); memoized."""
    return list(_split_list(text))


def split_list_uncached(text: str) -> list[str]:
    """Split a prose list into its elements.

    Splits on ``,`` and ``;`` and on a final ``and``/``or`` of a list of two or
    more comma elements, never inside parentheses and never on a bare ``and``
    (``nausea and vomiting`` stays one element).
    """
    parts = depth_split(text)
    if len(parts) >= 2:
        last = _without_lead_conj(parts[-1])
        if last == parts[-1]:
            parts = parts[:-1] + _split_final_conj(last)
    out = [collapse(_without_lead_conj(p)) for p in parts]
    return [p for p in out if p.strip(_OUTER)]


@lru_cache(maxsize=MEMO_SIZE)
def parentheticals(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without its top-level parentheticals, and their contents."""
    if not _has_brackets(text):
        return collapse(text), ()
    outside: list[str] = []
    inside: list[str] = []
    depth = 0
    buf: list[str] = []  # the parenthetical being read
    last = 0  # the text from ``last`` to the next bracket lies at ``depth``
    for m in _BRACKET.finditer(text):
        at = m.start()
        (buf if depth else outside).append(text[last:at])
        last = at + 1
        ch = text[at]
        if ch in _OPEN:
            if depth == 0:
                buf = []
            else:
                buf.append(ch)
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0:
                inside.append(collapse("".join(buf)))
            else:
                buf.append(ch)
        else:  # a stray closing bracket stays in the text
            outside.append(ch)
    (buf if depth else outside).append(text[last:])
    if depth > 0:  # unbalanced: keep the unclosed tail as text, without its brackets
        outside.append(" " + "".join(buf).translate(_NO_BRACKETS))
    return collapse("".join(outside)), tuple(p for p in inside if p)


@lru_cache(maxsize=MEMO_SIZE)  # about five calls per distinct text (each phrase is re-stripped)
def strip_outer(text: str) -> str:
    """Strip outer punctuation, quotes and markdown markers."""
    return collapse(text).strip(_OUTER).strip()


@lru_cache(maxsize=MEMO_SIZE)
def normalize_term(raw: str) -> str:
    """Lower case, parentheticals and markdown removed, leading and/or (and articles) and a
    trailing and/or removed, outer punctuation stripped, spaces collapsed."""
    text, _ = parentheticals(raw.replace("**", "").replace("__", ""))
    text = strip_outer(text).lower().replace("’", "'")
    for _ in range(2):
        if text[:1] in _LEAD_INITIALS:
            text = _LEAD_ARTICLE.sub("", _LEAD_CONJ.sub("", text))
        text = strip_outer(text)
    if text.endswith(("and", "or")):  # (the only ends ``_TRAIL_CONJ`` matches)
        text = _TRAIL_CONJ.sub("", text)
    return strip_outer(text)


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations (e.g., St.) inside; memoized."""
    return list(_sentences(text))


@lru_cache(maxsize=MEMO_SIZE)
def _sentences(text: str) -> tuple[str, ...]:
    if "." not in text and "!" not in text and "?" not in text:
        return (collapse(text),) if text.strip() else ()  # (no mark: one sentence)
    pieces = []
    last = 0
    for m in _SENT_END.finditer(text):
        pieces.append(text[last : m.start() + 1])
        last = m.end()
    pieces.append(text[last:])
    out: list[str] = []
    for piece in pieces:
        before = out[-1] if out else ""
        if (
            before
            and _ABBREV.search(before, max(0, len(before) - _ABBREV_TAIL))
            and not _GRADE_LETTER.search(before)
        ):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return tuple([collapse(p) for p in out if p.strip()])
