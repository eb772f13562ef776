"""The result cache: hits, misses, invalidation, deletion, corruption, foreign caches."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
import pytest
from support import digests, raw_with_extras

from pipeline import cache as result_cache
from pipeline import process, run
from pipeline.cli import main
from pipeline.process import FileResult, process_file
from pipeline.run import RunOptions, RunSummary
from pipeline.schema import OUTPUT_TABLES
from pipeline.sources import SourceRef


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return raw_with_extras(tmp_path)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the files actually processed (jobs=1 runs in this process)."""
    seen: list[str] = []

    def spy(ref: SourceRef, root: str, max_bytes: int) -> FileResult:
        seen.append(ref.monograph_id)
        return process_file(ref, root, max_bytes)

    monkeypatch.setattr(process, "process_file", spy)
    return seen


def extract(inp: Path, out: Path, **kw: object) -> RunSummary:
    return run.run(RunOptions(input_dir=inp, out_dir=out, jobs=1, **kw))  # type: ignore[arg-type]


def full_run(inp: Path, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "reference"
    shutil.rmtree(out, ignore_errors=True)
    extract(inp, out, use_cache=False)
    assert not (out / ".cache").exists()
    return digests(out)


def test_noop_rerun_hits_everything(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    out = tmp_path / "out"
    first = extract(corpus, out)
    n = first.files
    assert len(parsed) == n and first.cached == 0
    published = digests(out)
    again = extract(corpus, out)
    assert len(parsed) == n  # nothing parsed again
    assert again.cached == n and again.up_to_date
    assert again.published == first.published and again.rows == first.rows
    assert digests(out) == published == full_run(corpus, tmp_path)


def test_changed_file_is_the_only_one_parsed(
    corpus: Path, tmp_path: Path, parsed: list[str]
) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    parsed.clear()
    victim = sorted(corpus.rglob("*.md"))[0]
    victim.write_text(victim.read_text() + "\n## Side Effects\n\n* brand-new effect\n")
    summary = extract(corpus, out)
    assert parsed == [victim.relative_to(corpus).as_posix()[:-3]]
    assert summary.cached == summary.files - 1 and not summary.up_to_date
    assert digests(out) == full_run(corpus, tmp_path)


def test_deleted_and_added_files(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    parsed.clear()
    gone = sorted(corpus.rglob("*.md"))[1]
    gone_id = gone.relative_to(corpus).as_posix()[:-3]
    gone.unlink()
    (corpus / "new.md").write_bytes(b"# New\n\n## Side Effects\n\n* hiccups\n")
    summary = extract(corpus, out)
    assert parsed == ["new"]
    ids = set(json.loads((out / "manifest.json").read_text())["row_counts"])
    assert ids == set(OUTPUT_TABLES)
    assert summary.files == len(list(corpus.rglob("*.md")))
    assert gone_id not in (out / "side_effects.csv").read_text()
    assert digests(out) == full_run(corpus, tmp_path)


def test_deleted_output_is_republished_from_cache(
    corpus: Path, tmp_path: Path, parsed: list[str]
) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    before = digests(out)
    parsed.clear()
    shutil.rmtree(out / ".runs")
    summary = extract(corpus, out)
    assert parsed == [] and not summary.up_to_date and summary.cached == summary.files
    assert digests(out) == before


def test_version_change_invalidates(
    corpus: Path, tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    parsed.clear()
    monkeypatch.setattr(run, "extractor_version", lambda: "0.0.0+other")
    summary = extract(corpus, out)
    assert len(parsed) == summary.files and summary.cached == 0
    assert any("made by extractor" in w for w in summary.warnings)


def test_version_covers_source_code() -> None:
    assert run.source_digest() in run.extractor_version()
    assert len(run.source_digest()) == 16


def _edit_meta(folder: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    meta = json.loads((folder / "meta.json").read_text())
    edit(meta)
    (folder / "meta.json").write_text(json.dumps(meta))


@pytest.mark.parametrize(
    "damage",
    [
        lambda c: (c / "side_effects.arrow").write_bytes(
            (c / "side_effects.arrow").read_bytes()[:100]
        ),
        lambda c: (c / "monographs.arrow").write_bytes(b"not arrow"),
        lambda c: (c / "issues.arrow").unlink(),
        lambda c: (c / "meta.json").write_text("{not json"),
        lambda c: (c / "meta.json").write_text('{"format": "something-else"}'),
        lambda c: (c / "meta.json").write_text("[1, 2]"),
        lambda c: _edit_meta(c, lambda m: m.update(fingerprint=[1, 2])),
    ],
    ids=[
        "truncated",
        "garbage",
        "missing",
        "bad-json",
        "foreign-format",
        "not-a-mapping",
        "bad-fingerprint",
    ],
)
def test_corrupt_cache_is_discarded(
    corpus: Path,
    tmp_path: Path,
    parsed: list[str],
    damage: object,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    parsed.clear()
    damage(out / ".cache")  # type: ignore[operator]
    summary = extract(corpus, out)
    assert len(parsed) == summary.files and summary.cached == 0
    assert summary.warnings and "discarded" in summary.warnings[0]
    assert "pipeline: warning: cache" in capsys.readouterr().err
    assert digests(out) == full_run(corpus, tmp_path)
    assert result_cache.load(out / ".cache", run.extractor_version())  # rebuilt and valid


def test_tampered_rows_with_matching_digests_need_the_version(corpus: Path, tmp_path: Path) -> None:
    """A foreign folder that merely looks like a cache is never used."""
    cache_dir = tmp_path / "foreign"
    cache_dir.mkdir()
    (cache_dir / "meta.json").write_text(json.dumps({"format": result_cache.FORMAT}))
    cached, warning = result_cache.open_cache(cache_dir, run.extractor_version())
    assert cached is None and warning is not None and "made by extractor" in warning
    assert not (cache_dir / "meta.json").exists()  # the cache's own files are removed, not more


def test_no_cache_flag(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    parsed.clear()
    args = ["extract", str(corpus), "--out", str(out), "--jobs", "1", "--quiet"]
    assert main([*args, "--no-cache"]) == 0
    assert len(parsed) == len(list(corpus.rglob("*.md")))
    shutil.rmtree(out / ".cache")
    assert main([*args, "--no-cache"]) == 0
    assert not (out / ".cache").exists()


def test_cache_dir_option(corpus: Path, tmp_path: Path, parsed: list[str]) -> None:
    out, where = tmp_path / "out", tmp_path / "elsewhere"
    args = ["extract", str(corpus), "--out", str(out), "--jobs", "1", "--quiet"]
    assert main([*args, "--cache-dir", str(where)]) == 0
    assert (where / "meta.json").is_file() and not (out / ".cache").exists()
    parsed.clear()
    assert main([*args, "--cache-dir", str(where)]) == 0
    assert parsed == []


def test_renamed_file_is_reparsed_under_its_new_id(
    corpus: Path, tmp_path: Path, parsed: list[str]
) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    parsed.clear()
    (corpus / "odd" / "twin-b.md").rename(corpus / "odd" / "twin-c.md")
    extract(corpus, out)
    assert parsed == ["odd/twin-c"]
    assert digests(out) == full_run(corpus, tmp_path)


def test_cache_dir_with_foreign_files_is_refused_never_deleted(
    corpus: Path, tmp_path: Path
) -> None:
    from pipeline.cli import main

    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "thesis.txt").write_text("years of work")
    args = ["extract", str(corpus), "--out", str(tmp_path / "o"), "--quiet", "--jobs", "1"]
    assert main([*args, "--cache-dir", str(mine)]) == 2
    assert (mine / "thesis.txt").read_text() == "years of work"
    assert main([*args, "--cache-dir", str(corpus)]) == 2  # the input folder itself
    assert sorted(p.name for p in corpus.rglob("*.md"))  # untouched


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the files whose bytes the cache check read and hashed."""
    seen: list[str] = []
    real = run.content_sha

    def spy(ref: SourceRef, root: str, max_bytes: int) -> str | None:
        seen.append(ref.monograph_id)
        return real(ref, root, max_bytes)

    monkeypatch.setattr(run, "content_sha", spy)
    return seen


def test_unchanged_files_are_not_read_again(
    corpus: Path, tmp_path: Path, parsed: list[str], hashed: list[str], monkeypatch: Any
) -> None:
    """When no file's lstat key (size, mtime, ctime, inode, device) changed, none is hashed."""
    out = tmp_path / "out"
    extract(corpus, out)
    # the files were written moments ago, within RACY_NS: no fingerprint, every file hashed
    again = extract(corpus, out)
    assert again.up_to_date and sorted(hashed) == sorted(_all_ids(corpus))
    monkeypatch.setattr(result_cache, "RACY_NS", 0)  # as if they were written long ago
    again = extract(corpus, out)  # hashes once more, then keeps the fingerprint
    assert again.up_to_date and len(hashed) == 2 * len(_all_ids(corpus))
    hashed.clear()
    parsed.clear()
    again = extract(corpus, out)
    assert again.up_to_date and again.cached == again.files
    assert sorted(hashed) == sorted(_all_ids(corpus) - _regular_ids(corpus)) and parsed == []


def _cached_long_ago(
    corpus: Path, tmp_path: Path, parsed: list[str], monkeypatch: Any
) -> tuple[Path, Path]:
    """A cached run over files taken as written long ago; the output folder and a file."""
    monkeypatch.setattr(result_cache, "RACY_NS", 0)
    out = tmp_path / "out"
    extract(corpus, out)
    parsed.clear()
    return out, sorted(corpus.rglob("*.md"))[0]


def test_rewrite_that_keeps_size_and_mtime_is_noticed(
    corpus: Path, tmp_path: Path, parsed: list[str], monkeypatch: Any
) -> None:
    """``cp -p``-like rewrites restore the mtime, never the ctime: the file is read again."""
    out, victim = _cached_long_ago(corpus, tmp_path, parsed, monkeypatch)
    before = victim.stat()
    data = victim.read_bytes()
    victim.write_bytes(data.replace(b"e", b"E", 1))  # same size, other bytes
    os.utime(victim, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = victim.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    extract(corpus, out)
    assert parsed == [victim.relative_to(corpus).as_posix()[:-3]]
    assert digests(out) == full_run(corpus, tmp_path)


def test_touched_file_is_hashed_not_parsed(
    corpus: Path, tmp_path: Path, parsed: list[str], hashed: list[str], monkeypatch: Any
) -> None:
    out, victim = _cached_long_ago(corpus, tmp_path, parsed, monkeypatch)
    os.utime(victim)  # new times, same bytes: the fingerprint changes, the contents do not
    summary = extract(corpus, out)
    assert victim.relative_to(corpus).as_posix()[:-3] in hashed and parsed == []
    assert summary.up_to_date


def _all_ids(corpus: Path) -> set[str]:
    return {p.relative_to(corpus).as_posix()[:-3] for p in corpus.rglob("*.md") if p.is_file()}


def _regular_ids(corpus: Path) -> set[str]:
    """Ids of regular files: links and the rest have no lstat key and are always hashed."""
    return {
        p.relative_to(corpus).as_posix()[:-3]
        for p in corpus.rglob("*.md")
        if p.is_file() and not p.is_symlink()
    }


def test_fingerprint_never_vouches_for_rows_another_run_saved(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Two runs share a cache folder: the one that remembers its fingerprint after a hashed
    no-op must not attach it to the rows the other saved meanwhile."""
    a, b, shared = tmp_path / "a", tmp_path / "b", tmp_path / "cache"
    for folder, drug in ((a, "Alphamab"), (b, "Betazole")):
        folder.mkdir()
        (folder / "x.md").write_text(f"# {drug}\n\n## Side Effects\n\n* {drug.lower()} rash\n")
    extract(a, tmp_path / "out-a", cache_dir=shared)  # files just written: no fingerprint
    extract(b, tmp_path / "out-b", cache_dir=tmp_path / "cache-b")
    monkeypatch.setattr(result_cache, "RACY_NS", 0)
    real = result_cache.remember_fingerprint

    def racing(folder: Path, cached: result_cache.Cache, fingerprint: str) -> None:
        # the other run's save lands (runs now wait for each other's lock: this is
        # what one that ignored it, or a copy by hand, would do)
        for saved in (tmp_path / "cache-b").iterdir():
            shutil.copyfile(saved, shared / saved.name)
        real(folder, cached, fingerprint)

    monkeypatch.setattr(result_cache, "remember_fingerprint", racing)
    assert extract(a, tmp_path / "out-a", cache_dir=shared).up_to_date
    monkeypatch.setattr(result_cache, "remember_fingerprint", real)
    extract(a, tmp_path / "out-a", cache_dir=shared)
    assert "alphamab rash" in (tmp_path / "out-a" / "side_effects.csv").read_text()
    assert digests(tmp_path / "out-a") == full_run(a, tmp_path)


# ------------------------------------------------ issue 16: a cache that cannot fool a run


def _wrong_side_effects(corpus: Path, tmp_path: Path) -> bytes:
    """A side_effects.arrow as a run would save it, with every term wrong."""
    scratch = tmp_path / "scratch"
    extract(corpus, scratch / "out", cache_dir=scratch / "cache")
    table = result_cache.load(scratch / "cache", run.extractor_version()).tables["side_effects"]
    i = table.schema.get_field_index("term")
    wrong = pa.array(["wrong"] * table.num_rows).cast(table.schema.field(i).type)
    table = table.set_column(i, table.schema.field(i), wrong)
    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def _swap_in(path: Path, data: bytes) -> None:
    """Replace ``path`` the way a run's save does (a new file renamed over it)."""
    tmp = path.with_name(f".{path.name}.swap.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _touch_one(corpus: Path) -> None:
    """Change one file so that the next run publishes (cached rows of the others)."""
    victim = sorted(corpus.rglob("*.md"))[0]
    victim.write_bytes(victim.read_bytes() + b"\n")


class _Hashlib:
    """``hashlib`` whose digests are followed at once by ``swap(digest)``."""

    def __init__(self, swap: Callable[[str], None]) -> None:
        self.swap = swap

    def sha256(self, *args: Any) -> Any:
        real, swap = hashlib.sha256(*args), self.swap

        class Hasher:
            def update(self, data: Any) -> None:
                real.update(data)

            def hexdigest(self) -> str:
                value = real.hexdigest()
                swap(value)
                return value

        return Hasher()


def test_table_swapped_between_read_and_check_is_never_trusted(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    wrong = _wrong_side_effects(corpus, tmp_path)
    _touch_one(corpus)
    target = out / ".cache" / "side_effects.arrow"
    recorded = json.loads((out / ".cache" / "meta.json").read_text())["tables"]["side_effects"]
    real_load = result_cache.load

    def swap(digest: str) -> None:  # right after the real file's digest is taken
        if digest == recorded:
            _swap_in(target, wrong)

    def racing_load(folder: Path, version: str) -> result_cache.Cache:
        with monkeypatch.context() as m:
            m.setattr(result_cache, "hashlib", _Hashlib(swap))
            return real_load(folder, version)

    monkeypatch.setattr(result_cache, "load", racing_load)
    extract(corpus, out)
    monkeypatch.setattr(result_cache, "load", real_load)
    assert "wrong" not in (out / "side_effects.csv").read_text()
    assert digests(out) == full_run(corpus, tmp_path)
    _touch_one(corpus)  # the cache left behind is not trusted either
    extract(corpus, out)
    assert digests(out) == full_run(corpus, tmp_path)


def test_table_swapped_during_save_is_never_trusted(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    wrong = _wrong_side_effects(corpus, tmp_path)

    class Os:
        """``os`` whose ``replace`` lets another run's save land right after this one's."""

        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

        def replace(self, src: Any, dst: Any) -> None:
            os.replace(src, dst)
            if Path(dst).name == "side_effects.arrow" and Path(dst).read_bytes() != wrong:
                _swap_in(Path(dst), wrong)

    with monkeypatch.context() as m:
        m.setattr(result_cache, "os", Os())
        extract(corpus, out)
    _touch_one(corpus)
    summary = extract(corpus, out)
    assert "wrong" not in (out / "side_effects.csv").read_text()
    assert digests(out) == full_run(corpus, tmp_path)
    assert any("discarded" in w and "digest" in w for w in summary.warnings)


def _inconsistent(cache: Path) -> None:
    """Drop one monograph's side effects from the cache, with digests that match."""
    table = ipc.open_file(pa.memory_map(str(cache / "side_effects.arrow"))).read_all()
    last = table.column("monograph_id")[-1]  # not the file _touch_one changes
    table = table.filter(pc.not_equal(table.column("monograph_id"), last))
    sink = pa.BufferOutputStream()
    with ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    data = sink.getvalue().to_pybytes()
    (cache / "side_effects.arrow").write_bytes(data)
    _edit_meta(cache, lambda m: m["tables"].update(side_effects=hashlib.sha256(data).hexdigest()))


def test_inconsistent_cache_is_set_aside_and_rebuilt(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["extract", str(corpus), "--out", str(out), "--jobs", "1", "--quiet"]
    assert main(args) == 0
    _inconsistent(out / ".cache")
    _touch_one(corpus)
    capsys.readouterr()
    assert main(args) == 0  # was exit 3 on every run until the cache was deleted by hand
    err = capsys.readouterr().err
    assert "set aside" in err and "cache rebuilt" in err
    assert digests(out) == full_run(corpus, tmp_path)
    again = extract(corpus, out)
    assert again.cached == again.files and not again.warnings


def test_no_cache_run_rebuilds_the_cache_it_does_not_read(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    _inconsistent(out / ".cache")
    extract(corpus, out, use_cache=False)
    _touch_one(corpus)
    summary = extract(corpus, out)
    assert not summary.warnings and summary.cached == summary.files - 1
    assert digests(out) == full_run(corpus, tmp_path)


def _refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pipeline: error: "), lines
    assert "None" not in lines[0]
    return lines[0]


def test_folder_with_a_users_meta_json_is_refused_untouched(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "project"
    mine.mkdir()
    (mine / "meta.json").write_text('{"title": "my notes"}')
    args = ["extract", str(corpus), "--out", str(tmp_path / "o"), "--quiet", "--jobs", "1"]
    line = _refused([*args, "--cache-dir", str(mine)], capsys)
    assert f"--cache-dir {mine}" in line
    assert (mine / "meta.json").read_text() == '{"title": "my notes"}'
    assert os.listdir(mine) == ["meta.json"]


def test_stray_file_in_default_cache_names_the_folder(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o"
    (out / ".cache").mkdir(parents=True)
    (out / ".cache" / "notes.txt").write_text("mine")
    args = ["extract", str(corpus), "--out", str(out), "--quiet", "--jobs", "1"]
    line = _refused(args, capsys)
    assert f"cache folder {out / '.cache'}" in line
    assert (out / ".cache" / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    "make",
    [
        lambda p: os.mkfifo(p),
        lambda p: os.symlink("/dev/zero", p),
    ],
    ids=["fifo", "link-to-dev-zero"],
)
@pytest.mark.parametrize("name", ["side_effects.arrow", "meta.json"])
@pytest.mark.timeout(60)
def test_non_regular_files_in_the_cache_are_refused_unopened(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Path], None],
    name: str,
) -> None:
    out = tmp_path / "o"
    args = ["extract", str(corpus), "--out", str(out), "--quiet", "--jobs", "1"]
    assert main(args) == 0
    (out / ".cache" / name).unlink()
    make(out / ".cache" / name)
    line = _refused(args, capsys)  # would hang reading the FIFO or /dev/zero
    assert name in line and "not a regular file" in line
    assert os.path.lexists(out / ".cache" / name)  # not ours to remove
    # and the bytes-read check refuses them too, should one appear after the folder check
    with pytest.raises(result_cache.CacheInvalid, match=r"regular file|cannot be opened"):
        result_cache.load(out / ".cache", run.extractor_version())


def test_unreadable_cache_folder_is_a_clear_message(
    corpus: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    where = tmp_path / "cache"
    where.mkdir()
    real = os.listdir

    def listdir(path: Any = ".") -> list[str]:
        if Path(path) == where:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)
    args = ["extract", str(corpus), "--out", str(tmp_path / "o"), "--quiet", "--jobs", "1"]
    line = _refused([*args, "--cache-dir", str(where)], capsys)
    assert "Permission denied" in line and str(where) in line


def test_cache_of_an_earlier_version_is_adopted_not_refused(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    (out / ".cache" / result_cache.MARKER).unlink()  # as an earlier version left it
    _edit_meta(out / ".cache", lambda m: m.update(format="monograph-pipeline-cache/2"))
    summary = extract(corpus, out)
    assert summary.files and (out / ".cache" / result_cache.MARKER).is_file()
    assert result_cache.load(out / ".cache", run.extractor_version())


def test_discarding_a_cache_removes_only_the_files_it_wrote(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    extract(corpus, out)
    cache = out / ".cache"
    mine = {"notes.txt": "mine", ".draft.tmp": "mine too", ".meta.json.draft.tmp": "and this"}
    for name, text in mine.items():
        (cache / name).write_text(text)
    (cache / "meta.json").write_text("{not json")
    summary = extract(corpus, out)
    assert summary.warnings and "discarded" in summary.warnings[0]
    assert {name: (cache / name).read_text() for name in mine} == mine
    assert result_cache.load(cache, run.extractor_version())  # rebuilt beside them
