"""Where a text's words start: a phrase pattern tried only at the words that open a phrase.

A lexicon pattern (``lexicon.words_pattern``, ``phrases_pattern``, a trigger list with its
sequences) matches only where a word starts, since its phrases begin at a word boundary,
and only where that word is the first word of one of its phrases. Python's ``re`` tries
such a pattern at every position of a text (with ``re.IGNORECASE`` and a boundary first
it has no fast scan); reading the text's words once and trying the pattern only at the
words that may open one of its phrases finds the same first match. It pays for the large
pattern of every restricting wording (``conditions.first_trigger``: a third less time);
for a small pattern, or one opened by common words ("with", "may"), the loop over the
words costs more than the scan it saves (measured: keep those plain).

Why it is the same match: a phrase's first run of letters and digits is followed by a
space, a mark or the pattern's closing boundary, and preceded by the opening one, so in
the text it is a whole word (case aside); the pattern is matched there as ``search``
would (its look-behind sees the text before the word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A word: a run of ASCII letters and digits.
_WORD = re.compile(r"[A-Za-z0-9]+")
#: Letters ``re.IGNORECASE`` takes for an ASCII one (the Kelvin sign, dotless i, long s,
#: dotted capital I): a text holding one is searched as it is.
_FOLDS_TO_ASCII = re.compile("[\u212a\u0131\u017f\u0130]")


@dataclass(frozen=True, slots=True)
class Opened:
    """A pattern whose every match starts at a word of ``openers`` (see the module)."""

    regex: re.Pattern[str]
    openers: frozenset[str]
    #: The openers as whole words, to find them in a lower-cased ASCII text in one scan
    #: (a word-by-word loop lower-cased each of the text's words).
    finder: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = "|".join(sorted((re.escape(w) for w in self.openers), key=len, reverse=True))
        finder = re.compile(rf"(?<![A-Za-z0-9])(?:{words})(?![A-Za-z0-9])")
        object.__setattr__(self, "finder", finder)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """The first match in ``text``, as ``regex.search`` finds it."""
        end = len(text) if endpos is None else endpos
        if text.isascii() and not (0 < pos < end and _in_word(text, pos)):
            # (lower-casing keeps an ASCII text's positions; a search starting inside a
            # word reads its rest as a word, which the finder would not)
            for word in self.finder.finditer(text.lower(), pos, end):
                m = self.regex.match(text, word.start(), end)
                if m is not None:
                    return m
            return None
        if not text.isascii() and _FOLDS_TO_ASCII.search(text):
            return self.regex.search(text, pos, end)
        for word in _WORD.finditer(text, pos, end):
            if word.group().lower() in self.openers:
                m = self.regex.match(text, word.start(), end)
                if m is not None:
                    return m
        return None


def _in_word(text: str, pos: int) -> bool:
    return text[pos - 1].isalnum() and text[pos].isalnum()
