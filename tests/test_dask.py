"""Dask executor: same tables, byte for byte, as the local pool and as a cached rerun."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support import digests, raw_with_extras

from pipeline.run import RunOptions, run

distributed = pytest.importorskip("distributed")
fsspec = pytest.importorskip("fsspec")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    # Threads in this process keep the test quick; real clusters run processes.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return raw_with_extras(tmp_path)


def test_dask_local_and_cached_are_byte_identical(
    corpus: Path, tmp_path: Path, scheduler: str
) -> None:
    local = tmp_path / "local"
    run(RunOptions(input_dir=corpus, out_dir=local, jobs=2, use_cache=False))
    on_dask = tmp_path / "dask"
    summary = run(
        RunOptions(input_dir=corpus, out_dir=on_dask, executor="dask", scheduler=scheduler)
    )
    assert summary.files == len(list(corpus.rglob("*.md"))) and summary.cached == 0
    assert digests(on_dask) == digests(local)
    # Change one file: the Dask rerun takes the others from the cache.
    victim = sorted(corpus.rglob("*.md"))[0]
    victim.write_text(victim.read_text() + "\n* one more line\n")
    again = run(RunOptions(input_dir=corpus, out_dir=on_dask, executor="dask", scheduler=scheduler))
    assert again.cached == summary.files - 1
    run(RunOptions(input_dir=corpus, out_dir=local, jobs=1, use_cache=False))
    assert digests(on_dask) == digests(local)


def test_dask_reads_fsspec_urls(corpus: Path, tmp_path: Path, scheduler: str) -> None:
    # memory:// lives in this process, which is where the threaded workers run.
    fs = fsspec.filesystem("memory")
    base = "/corpus-test"
    for path in corpus.rglob("*"):
        if path.is_file():
            fs.pipe(f"{base}/{path.relative_to(corpus).as_posix()}", path.read_bytes())
    try:
        local = tmp_path / "local"
        run(RunOptions(input_dir=corpus, out_dir=local, jobs=1, use_cache=False))
        remote = tmp_path / "remote"
        url = f"memory://{base}"
        opts = RunOptions(
            input_dir=Path(url), input_url=url, out_dir=remote, executor="dask", scheduler=scheduler
        )
        run(opts)
        assert digests(remote) == digests(local)
        assert run(opts).up_to_date
    finally:
        fs.rm(base, recursive=True)


def test_unreachable_scheduler_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    from pipeline.errors import UsageError

    with pytest.raises(UsageError):
        run(
            RunOptions(
                input_dir=corpus,
                out_dir=tmp_path / "o",
                executor="dask",
                scheduler="tcp://127.0.0.1:1",
                use_cache=False,
            )
        )
