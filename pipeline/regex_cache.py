"""Compiled regular expressions kept on disk, so a run does not compile its lexicons again.

The lexicons become a few hundred large patterns (tries of thousands of
phrases). Python's ``re`` parses and compiles a pattern in pure Python: about
0.9 s per run, paid before the workers are forked, while the other cores wait.
Like ``__pycache__`` for code, the compiled form (the regex engine's code
words) is kept in ``ontology.cache_folder()`` and, on the next run, handed
straight to the engine (``_sre.compile``) and put into ``re``'s own cache: a
``re.compile`` of the same text and flags then returns it without compiling.

One file per Python, regex engine (``MAGIC``), lexicons and pipeline code: a
changed lexicon or extractor starts a file of its own (the sixteen used last
are kept, ~3 MB each: checkouts of several versions on one machine, each edited
and run, do not push out each other's files). Within a
file each entry is keyed by the pattern's whole text and flags, so no text is
ever served another's code. The payload carries its own SHA-256: a truncated
or foreign file is ignored. Anything unexpected (another Python's internals,
an unwritable cache folder) only means patterns are compiled as before.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import os
import pickle
import re
import sys
from pathlib import Path
from typing import Any

from pipeline import lexicon, ontology

#: (final flags, code words as bytes, group count, group index, index group)
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
Kept = dict[tuple[str, int], Entry]
_FORMAT = 1
_CODE = "I"  # the engine's code words are unsigned 32-bit (``_sre.CODESIZE``)
#: Bytes of code new patterns must come to before a file that has some is rewritten
#: (about 20 ms of compiling; a changed lexicon's patterns come to far more).
WORTH_SAVING = 40_000
#: Files kept (one per version of the lexicons and code), the most recently used.
KEEP_FILES = 16
#: Patterns ``re``'s cache holds from a preload to the ``save`` after it (its own limit:
#: 512, the oldest pushed out first). A file saved by a process that had compiled many
#: other patterns (a test session) held few of a run's; at 512, each pattern a run then
#: compiled pushed out a preloaded one not yet asked for, compiled in turn, and the file
#: saved never held them all: ~110 patterns, ~0.8 s before every fork, run after run.
MAX_PATTERNS = 4096
#: From a preload to the ``save`` after it: the keys ``re``'s cache held before (compiled
#: by whatever ran before: never saved) and its own limit, put back by ``save``.
_WINDOW: dict[str, Any] = {}

try:  # the engine and compiler behind ``re`` (CPython); without them nothing is cached
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _MAGIC = int(_sre.MAGIC)
    _USABLE = (
        array.array(_CODE).itemsize == _sre.CODESIZE
        and isinstance(getattr(re, "_cache", None), dict)
        and isinstance(getattr(re, "_MAXCACHE", None), int)
    )
except (ImportError, AttributeError):  # pragma: no cover - not CPython
    _MAGIC, _USABLE = 0, False


def _prefix() -> str:
    return f"regex-{sys.implementation.cache_tag}-"


def cache_path() -> Path:
    """The file of compiled patterns for this Python, engine, lexicons and code."""
    from pipeline.run import source_digest  # run imports this module's users

    tag = f"{sys.hexversion:x}-{_MAGIC}-{lexicon.digest()}-{source_digest()}"
    return ontology.cache_folder() / f"{_prefix()}{tag}-v{_FORMAT}.pickle"


def _read(path: Path) -> Kept:
    try:
        blob = path.read_bytes()
    except OSError:
        return {}
    digest, payload = blob[:32], blob[32:]
    if hashlib.sha256(payload).digest() != digest:
        return {}
    try:
        found = pickle.loads(payload)
    except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _pattern(text: str, entry: Entry) -> Any:
    flags, words, groups, groupindex, indexgroup = entry
    code = array.array(_CODE)
    code.frombytes(words)
    return _sre.compile(text, flags, code.tolist(), groups, groupindex, indexgroup)


def preload(path: Path | None = None) -> Kept:
    """Put every pattern kept at ``path`` into ``re``'s cache (roomy enough for a run's
    patterns, ``MAX_PATTERNS``, until ``save``); returns the file's entries (for ``save``)."""
    if not _USABLE:
        return {}
    if not _WINDOW:
        _WINDOW.update(before=set(re._cache), limit=re._MAXCACHE)  # type: ignore[attr-defined]
    re._MAXCACHE = max(MAX_PATTERNS, _WINDOW["limit"])  # type: ignore[attr-defined]
    path = path or cache_path()
    kept = _read(path)
    if kept:
        with contextlib.suppress(OSError):
            os.utime(path)  # used: the files pruned are the least recently used
    for (text, flags), entry in kept.items():
        key = (str, text, flags)
        if key in re._cache:  # type: ignore[attr-defined]
            continue
        if len(re._cache) >= re._MAXCACHE:  # type: ignore[attr-defined]
            break  # re would evict the oldest: never push out what is in use
        try:
            re._cache[key] = _pattern(text, entry)  # type: ignore[attr-defined]
        except (RuntimeError, TypeError, ValueError, OverflowError):
            continue  # code the engine refuses: compiled as usual when asked for
    return kept


def compile_entry(text: str, flags: int) -> Entry:
    """What ``re._compiler.compile`` builds for ``text``, as kept on disk."""
    parsed = _parser.parse(text, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    words = array.array(_CODE, code).tobytes()
    return (
        flags | parsed.state.flags,
        words,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )


def save(kept: Kept, path: Path | None = None) -> int:
    """Keep at ``path`` the text patterns now in ``re``'s cache (but those it held before
    the preload: whatever ran before compiled them) when some are not among those
    ``kept`` there (compiled this run: compiled once more here, to read their code) and
    the file holds none or they are worth it; returns how many were new. Puts back
    ``re``'s own limit.

    Some libraries build small patterns from sets, in another order in each process:
    those alone never rewrite the file (nor make it grow run after run).
    Best effort: a folder that cannot be written only costs the compiles next time.
    """
    if not _USABLE:
        return 0
    path = path or cache_path()
    before: set[Any] = _WINDOW.get("before", set())
    if _WINDOW:
        re._MAXCACHE = _WINDOW["limit"]  # type: ignore[attr-defined]
        _WINDOW.clear()
    cached = list(re._cache)  # type: ignore[attr-defined]
    texts = [(k[1], k[2]) for k in cached if k[0] is str and k not in before]
    try:
        new = {key: compile_entry(*key) for key in texts if key not in kept}
    except (AttributeError, TypeError, ValueError, re.error, RecursionError):
        return 0  # another Python's compiler internals: nothing is kept
    if not new or (kept and sum(len(e[1]) for e in new.values()) < WORTH_SAVING):
        return 0
    # the patterns in use now, no others: a file never grows past MAX_PATTERNS
    entries = {key: kept.get(key) or new[key] for key in texts}
    payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
        _prune(path.parent)
    except OSError:
        pass
    return len(new)


def _prune(folder: Path) -> None:
    """Remove this Python's files but the ``KEEP_FILES`` used last."""
    files = sorted(folder.glob(f"{_prefix()}*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in files[:-KEEP_FILES]:
        old.unlink(missing_ok=True)
