"""Lexicons kept as data (``pipeline/lexicons/*.toml``), loaded once per process.

The extractors ask this module for word lists and compiled patterns; the
vocabulary of what a monograph says lives in the TOML files.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

_PACKAGE = "pipeline.lexicons"


def load_bytes(name: str) -> bytes:
    """The bytes of ``lexicons/<name>.toml``."""
    return resources.files(_PACKAGE).joinpath(f"{name}.toml").read_bytes()


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed ``lexicons/<name>.toml``."""
    return tomllib.loads(load_bytes(name).decode("utf-8"))


def alternation(words: Iterable[str], *, space: str | None = None) -> str:
    """Regex source matching any of ``words``, built as a trie.

    Python's ``re`` tries the branches of ``a|b|c`` one by one at every position;
    with hundreds of phrases that was most of an extractor's time. Sharing each
    prefix once leaves a handful of branches per character. At every character
    the longer continuation is tried first, so where one word is a prefix of
    another the longer one matches, as a longest-first alternation does.
    ``space``, when given, is the regex written for each space inside a word;
    if it may consume more (``phrases_pattern``'s optional adverb), it does so
    whenever the rest of the phrase still matches. An apostrophe also matches a
    typographic one (``don't``, ``don’t``). Compile the result with
    ``re.IGNORECASE``: the lexicons are written in lower case.
    """
    root: _Trie = {}
    for word in words:
        if word:
            node = root
            for char in word:
                node = node.setdefault(char, {})
            node[_END] = {}
    return _emit(root, space)


_Trie = dict[str, "_Trie"]
_END = ""  # marks a node where a word ends (no real character is empty)


#: Characters written in the lexicons that stand for several in monographs.
_ALIKE = {"'": "['’]"}


def _emit(node: _Trie, space: str | None) -> str:
    branches = [
        (space if space is not None and char == " " else _ALIKE.get(char) or re.escape(char))
        + _emit(child, space)
        for char, child in sorted(node.items())
        if char != _END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END not in node:
        return body
    return f"{body}?" if len(branches) > 1 else f"(?:{body})?"


def words_pattern(words: list[str], *, prefix: bool = False) -> re.Pattern[str]:
    """Any of ``words`` at word boundaries (the longest that fits).

    With ``prefix`` a word also matches the start of a longer word
    (``contraindicat`` matches ``contraindicated``).
    """
    tail = "" if prefix else r"(?![\w-])"
    return re.compile(rf"(?<![\w-])(?:{alternation(words)}){tail}", re.IGNORECASE)


def with_contractions(phrases: Iterable[str]) -> list[str]:
    """Each phrase, single-spaced, then its contracted form if it has one ("should not be
    used" -> "shouldn't be used"; ``grammar.toml``'s ``contractions``)."""
    pairs: dict[str, str] = load("grammar")["contractions"]
    out: list[str] = []
    for phrase in phrases:
        phrase = " ".join(phrase.split())
        out.append(phrase)
        padded = f" {phrase} "
        for long, short in pairs.items():
            if f" {long} " in padded:
                out.append(padded.replace(f" {long} ", f" {short} ", 1).strip())
    return out


def sequence(parts: list[list[str]], *, space: str = r"\s+") -> str:
    """Regex source for one entry of each list, in order; an empty entry makes its part
    optional. ``[["dose adjustment"], ["is", ""], ["needed"]]`` matches "dose adjustment is
    needed" and "dose adjustment needed", without spelling out every combination."""
    if not parts or "" in parts[0]:
        raise ValueError("a sequence starts with a part that is always there")
    if any(not any(words) for words in parts):
        raise ValueError("every part of a sequence has a word")
    out = f"(?:{alternation(parts[0], space=space)})"
    for words in parts[1:]:
        piece = f"{space}(?:{alternation([w for w in words if w], space=space)})"
        out += f"(?:{piece})?" if "" in words else piece
    return out


def phrases_source(phrases: list[str], sequences: Iterable[list[list[str]]] = ()) -> str:
    """``phrases_pattern``'s regex source, to be joined with others before one compile
    (these patterns are large: each compile of one costs a noticeable part of a run)."""
    adverb = rf"(?:(?:{alternation(load('grammar')['adverbs'])})\s+)?"
    space = rf"\s+{adverb}"
    alts = "|".join(
        [alternation(with_contractions(phrases), space=space)]
        + [sequence(parts, space=space) for parts in sequences]
    )
    return rf"(?<![\w-])(?:{alts})(?![\w-])"


def phrases_pattern(
    phrases: list[str], sequences: Iterable[list[list[str]]] = ()
) -> re.Pattern[str]:
    """Like ``words_pattern``, but one adverb may stand between the words of a phrase, and a
    phrase with "should not" (and the like) also matches "shouldn't". ``sequences`` (see
    ``sequence``) are matched too."""
    return re.compile(phrases_source(phrases, sequences), re.IGNORECASE)


def digest() -> str:
    """Hash of every lexicon file: part of the extractor version (cache keys)."""
    h = hashlib.sha256()
    root = resources.files(_PACKAGE)
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:16]


#: A word as ``openers`` reads it: a run of ASCII letters and digits.
_OPENING_WORD = re.compile(r"[A-Za-z0-9]+")


def openers(phrases: Iterable[str]) -> frozenset[str]:
    """The first word of each phrase, lower case: the words a match of their pattern can
    start with (``extract.reading.Opened``, pre-checks). A phrase opening with another
    character may start anywhere: ``ValueError`` (its pattern cannot be read by words)."""
    out = set()
    for phrase in phrases:
        word = _OPENING_WORD.match(phrase)
        if word is None:
            raise ValueError(f"{phrase!r} does not open with a word")
        out.add(word.group().lower())
    return frozenset(out)
