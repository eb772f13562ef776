"""The on-disk cache of compiled patterns: same patterns as ``re.compile``, never stale."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import lexicon, regex_cache

pytestmark = pytest.mark.skipif(
    not regex_cache._USABLE, reason="this Python's re internals are not CPython's: no cache"
)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def own_re_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """``re``'s cache empty for the test (and the test process's own left alone, its
    limit too), no preload under way."""
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr(re, "_MAXCACHE", re._MAXCACHE)  # type: ignore[attr-defined]
    monkeypatch.setattr(regex_cache, "_WINDOW", {})


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        (r"(?P<word>\w+)\s+(?:and|or)\s+(?P=word)", 0),
        (r"(?<![\w-])(?:heart|hearing)(?![\w-])", re.IGNORECASE),
        (r"^(\d+(?:\.\d+)?)\s*%$", re.MULTILINE | re.ASCII),
    ],
)
def test_entries_compile_to_the_same_pattern(text: str, flags: int) -> None:
    # Pattern equality compares the flags, the text and the engine's code words
    assert regex_cache._pattern(text, regex_cache.compile_entry(text, flags)) == re.compile(
        text, flags
    )


def test_a_lexicon_pattern_compiles_to_the_same_pattern() -> None:
    source = lexicon.phrases_source(["should not be used", "is contraindicated"])
    entry = regex_cache.compile_entry(source, re.IGNORECASE)
    assert regex_cache._pattern(source, entry) == re.compile(source, re.IGNORECASE)


@pytest.mark.usefixtures("own_re_cache")
def test_saved_patterns_are_served_by_re_compile(tmp_path: Path) -> None:
    path = tmp_path / "regex.pickle"
    text = r"speed4-test-(?P<n>\d+)-saved"
    re.compile(text)
    assert regex_cache.save({}, path) >= 1
    kept = regex_cache._read(path)
    assert (text, 0) in kept
    re._cache.clear()  # type: ignore[attr-defined]
    assert regex_cache.preload(path) == kept
    served = re._cache[(str, text, 0)]  # type: ignore[attr-defined]
    assert re.compile(text) is served  # no compile: the preloaded pattern itself
    assert served.match("speed4-test-42-saved").group("n") == "42"
    assert regex_cache.save(kept, path) == 0  # nothing new: the file is not rewritten


@pytest.mark.usefixtures("own_re_cache")
def test_a_rewritten_file_holds_only_the_patterns_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "regex.pickle"
    stale = (r"speed4-test-stale-\d+", 0)
    kept = {stale: regex_cache.compile_entry(*stale)}
    text = r"speed4-test-fresh-\d+"
    re.compile(text)
    monkeypatch.setattr(regex_cache, "WORTH_SAVING", 0)  # any new pattern is worth it
    assert regex_cache.save(kept, path) >= 1
    saved = regex_cache._read(path)
    assert (text, 0) in saved
    assert stale not in saved


@pytest.mark.usefixtures("own_re_cache")
def test_small_new_patterns_alone_never_rewrite_a_file(tmp_path: Path) -> None:
    """Libraries build some small patterns from sets, in another order in each process."""
    path = tmp_path / "regex.pickle"
    kept = {("speed4-test-kept", 0): regex_cache.compile_entry("speed4-test-kept", 0)}
    re.compile(r"speed4-test-small-[abc]")
    assert regex_cache.save(kept, path) == 0
    assert not path.exists()


@pytest.mark.usefixtures("own_re_cache")
def test_a_damaged_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "regex.pickle"
    text = r"speed4-test-damaged-\d+"
    re.compile(text)
    regex_cache.save({}, path)
    blob = bytearray(path.read_bytes())
    blob[-5] ^= 0xFF
    path.write_bytes(bytes(blob))
    re._cache.clear()  # type: ignore[attr-defined]
    assert regex_cache.preload(path) == {}
    assert not re._cache  # type: ignore[attr-defined]


def test_a_changed_lexicon_uses_another_file(monkeypatch: pytest.MonkeyPatch) -> None:
    before = regex_cache.cache_path()
    monkeypatch.setattr(lexicon, "digest", lambda: "0123456789abcdef")
    assert regex_cache.cache_path() != before


def test_only_the_files_used_last_are_kept(tmp_path: Path) -> None:
    names = [
        tmp_path / f"{regex_cache._prefix()}{i:02}.pickle"
        for i in range(regex_cache.KEEP_FILES + 2)
    ]
    for i, path in enumerate(names):
        path.write_bytes(b"")
        os.utime(path, (1000 + i, 1000 + i))
    regex_cache._prune(tmp_path)
    assert sorted(tmp_path.iterdir()) == names[-regex_cache.KEEP_FILES :]


_WARM = """
import re
from re import _compiler
import pipeline.cli  # as a run: its modules' patterns are in re's cache before the preload
from pipeline import regex_cache
kept = regex_cache.preload()
compiled = []
real = _compiler.compile
_compiler.compile = lambda p, flags: compiled.append(p) or real(p, flags)
from pipeline.process import warm_up
warm_up()
print(len(compiled))
_compiler.compile = real
regex_cache.save(kept)
"""


def test_a_second_warm_up_compiles_nothing(tmp_path: Path) -> None:
    """Every pattern the warm-up (and the import of the extractors) compiles is served
    from the file the first process saved: none is compiled (a run uses more patterns
    than ``re``'s cache held: preloaded ones were pushed out, then compiled again).
    (A fixed hash seed: some libraries build patterns from sets, in another order in
    each process.)"""
    compiled = [_python(_WARM, tmp_path), _python(_WARM, tmp_path)]
    assert int(compiled[0]) > 100
    assert int(compiled[1]) == 0


def _python(code: str, cache_home: Path) -> str:
    """What ``code`` prints, run in a Python of its own with ``cache_home`` as its cache
    folder and a fixed hash seed."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


_POLLUTED = """
import re
import pipeline.cli
from pipeline import regex_cache
for i in range(600):  # a long process (a test session) compiles many other patterns
    re.compile(f"speed12-junk{i}-[a-z]+")
regex_cache.save({})  # (no preload: every pattern in re's cache is saved)
"""


def test_a_file_holding_many_other_patterns_is_mended_by_the_next_run(tmp_path: Path) -> None:
    """A file saved by a process that had compiled many other patterns holds few of a
    run's. The next run compiles those and keeps them; the one after compiles none.
    (With ``re``'s own 512, each pattern compiled pushed out a preloaded one not yet
    asked for, compiled in turn: every run compiled ~110 patterns, ~0.8 s, and the file
    never held them all.)"""
    _python(_POLLUTED, tmp_path)
    compiled = [_python(_WARM, tmp_path), _python(_WARM, tmp_path)]
    assert int(compiled[0]) > 50
    assert int(compiled[1]) == 0


@pytest.mark.usefixtures("own_re_cache")
def test_patterns_compiled_before_the_preload_are_not_saved(tmp_path: Path) -> None:
    """Only what the process compiles (or is served) from the preload on: a test session
    saving its own patterns made every later run preload them (7 MB, 1,491 patterns)."""
    path = tmp_path / "regex.pickle"
    re.compile(r"speed12-test-before-\d+")
    kept = regex_cache.preload(path)
    assert re._MAXCACHE == regex_cache.MAX_PATTERNS  # type: ignore[attr-defined]
    re.compile(r"speed12-test-after-\d+")
    assert regex_cache.save(kept, path) >= 1
    assert re._MAXCACHE < regex_cache.MAX_PATTERNS  # type: ignore[attr-defined]  # put back
    saved = regex_cache._read(path)
    assert (r"speed12-test-after-\d+", 0) in saved
    assert (r"speed12-test-before-\d+", 0) not in saved
