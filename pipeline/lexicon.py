"""Lexicons kept as data (``pipeline/lexicons/*.toml``), loaded once per process.

The extractors ask this module for word lists and compiled patterns; the
vocabulary of what a monograph says lives in the TOML files.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

_PACKAGE = "pipeline.lexicons"


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed ``lexicons/<name>.toml``."""
    data = resources.files(_PACKAGE).joinpath(f"{name}.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))


def words_pattern(words: list[str], *, prefix: bool = False) -> re.Pattern[str]:
    """Alternation of ``words`` at word boundaries (longest first).

    With ``prefix`` a word also matches the start of a longer word
    (``contraindicat`` matches ``contraindicated``).
    """
    # longest first, then alphabetical: the same pattern in every process, whatever the hash seed
    alts = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    tail = "" if prefix else r"(?![\w-])"
    return re.compile(rf"(?<![\w-])(?:{alts}){tail}", re.IGNORECASE)


def phrases_pattern(phrases: list[str]) -> re.Pattern[str]:
    """Like ``words_pattern``, but one adverb may stand between the words of a phrase."""
    adverb = r"(?:(?:" + "|".join(load("grammar")["adverbs"]) + r")\s+)?"
    alts = [
        (r"\s+" + adverb).join(re.escape(w) for w in p.split())
        for p in sorted(set(phrases), key=lambda p: (-len(p), p))
    ]
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alts)})(?![\w-])", re.IGNORECASE)


def digest() -> str:
    """Hash of every lexicon file: part of the extractor version (cache keys)."""
    h = hashlib.sha256()
    root = resources.files(_PACKAGE)
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            h.update(entry.name.encode())
            h.update(entry.read_bytes())
    return h.hexdigest()[:16]
