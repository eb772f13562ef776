"""Cheap word-level tests that spare a pattern search tried at every position.

A lexicon pattern opening with a look-behind (``lexicon.words_pattern``,
``phrases_pattern``) gives Python's ``re`` no first character to scan for: it is
tried at every position of a text. Its phrases open with whole words, so a text
holding none of their first words holds no phrase: ``Keywords`` compares a text's
words (read once per text) with such words as a set, and ``FirstWorded`` searches
its pattern only in text holding one. In ASCII text ASCII case folding is
``re.IGNORECASE``'s; other text, or text with a character a word holds inside it
(the apostrophe of "don't"), is searched with the pattern. Each test gives the
pattern's answer (property-tested in ``tests/test_contraindications.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import lexicon
from pipeline.extract.grammar import grammar
from pipeline.normalize import MEMO_SIZE

#: A word as ``lexicon.words_pattern`` bounds it: a run of these characters.
_WORD_CHAR = re.compile(r"[\w-]")
#: An ASCII text's bytes -> its words in lower case, apart: every other character a space
#: (its words are then the ``split()`` of the translated bytes).
_LOWER_WORDS = bytes(
    ord(chr(c).lower()) if c < 128 and _WORD_CHAR.match(chr(c)) else ord(" ") for c in range(256)
)


@dataclass(frozen=True)
class Keywords:
    """Words of which a text must hold one (``pattern``: any of them as a whole word): a
    phrase's words in a text, bounded as ``lexicon.words_pattern`` and ``phrases_pattern``
    bound them, are whole words there, so a text without a phrase's word holds no phrase.

    ``found`` compares the text's words with them as a set: ``pattern.search`` tries every
    position of a text (its look-behind gives the engine no first character to scan for),
    three times slower. In ASCII text ASCII case folding is ``re.IGNORECASE``'s; a
    text with a non-ASCII letter, or with a character that a keyword holds inside it (the
    apostrophe of "don't"), is searched with the pattern."""

    pattern: re.Pattern[str]
    words: frozenset[bytes]  # the keywords made of word characters only, lower case
    marks: tuple[str, ...]  # the other characters the other keywords hold
    ascii: bool  # every keyword is ASCII (a non-ASCII letter may match an ASCII one)

    @classmethod
    def of(cls, words: set[str]) -> Keywords:
        plain = {w for w in words if all(map(_WORD_CHAR.match, w))}
        marks = {c for w in words - plain for c in w if not _WORD_CHAR.match(c)}
        return cls(
            lexicon.words_pattern(sorted(words)),
            frozenset(w.lower().encode() for w in plain if w.isascii()),
            tuple(sorted(marks)),
            all(w.isascii() for w in words),
        )

    def found(self, text: str) -> bool:
        """Whether ``text`` holds one of the words, as ``pattern.search`` finds it."""
        if self.ascii:
            for mark in self.marks:  # (a loop: no generator per text, most have no marks)
                if mark in text:
                    break
            else:
                words = _ascii_words(text)
                if words is not None:
                    return not self.words.isdisjoint(words)
        return self.pattern.search(text) is not None


@dataclass(frozen=True)
class FirstWorded:
    """A pattern every match of which opens with one of ``openers`` as a whole word (a
    phrase of ``lexicon.words_pattern``, one after a space): searched only in text holding
    one of them (it is tried at every position)."""

    pattern: re.Pattern[str]
    openers: Keywords

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.search(text, pos) if self.openers.found(text) else None


@lru_cache(maxsize=MEMO_SIZE)  # a sentence is asked for its keywords, negators, populations
def _ascii_words(text: str) -> tuple[bytes, ...] | None:
    """The words of an ASCII text in lower case (None for any other text). (A tuple of
    bytes: the collector stops tracking it, as it does not a set.)"""
    if not text.isascii():
        return None
    return tuple(text.encode().translate(_LOWER_WORDS).split())


def without_auxiliaries(clause: str) -> str:
    """``clause`` without the auxiliaries it ends in ("Patients with asthma should" ->
    "Patients with asthma"): ``grammar.auxiliary_tail`` removed, as its ``sub`` does, but
    tried only on a clause whose last word is one of its words (the pattern is tried at
    every position of the clause); else it removes only the spaces at the end. In ASCII
    text only: ``lower()`` folds case as ``re.IGNORECASE`` does there."""
    if clause.isascii():
        stripped = clause.rstrip()
        words = stripped.rsplit(None, 1)
        if not words or not words[-1].lower().endswith(_tail_words()):
            return stripped
    return grammar().auxiliary_tail.sub("", clause)


@cache
def _tail_words() -> tuple[str, ...]:
    """The words ``grammar.auxiliary_tail`` may end in: its auxiliaries and conjunctions."""
    return (*lexicon.load("grammar")["auxiliaries"], "and", "but", "or")
