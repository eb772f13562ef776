"""Shared fixtures: paths to the project's samples and the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "rxhive"
GOLD = SHARED / "gold" / "dev"


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not present at {CORPUS} (it lives in ../shared next to the checkout)")
    return CORPUS


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers forked, so they inherit a test's patches. The run forks only when the process
    has no other thread; a test before this one may have left idle ones (Dask's), which
    would make every such test skip in a full run: fork anyway, as those threads hold no
    lock the workers take. Skipped only where fork does not exist."""
    import multiprocessing as mp

    from pipeline import executors

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("no fork on this platform, so workers cannot inherit the patch")
    monkeypatch.setattr(executors, "_context", lambda: mp.get_context("fork"))


@pytest.fixture(scope="session")
def raw_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder extracted once from ``raw/`` (read-only for the tests using it)."""
    from pipeline.run import RunOptions, run

    out = tmp_path_factory.mktemp("raw-output")
    run(RunOptions(input_dir=RAW, out_dir=out, jobs=1, progress=False, use_cache=False))
    return out
