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
def forking() -> None:
    """Skip unless workers are forked (only then do they inherit a test's patches)."""
    from pipeline import executors

    if executors._context().get_start_method() != "fork":
        pytest.skip("workers are not forked here, so they cannot inherit the patch")


@pytest.fixture(scope="session")
def raw_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder extracted once from ``raw/`` (read-only for the tests using it)."""
    from pipeline.run import RunOptions, run

    out = tmp_path_factory.mktemp("raw-output")
    run(RunOptions(input_dir=RAW, out_dir=out, jobs=1, progress=False, use_cache=False))
    return out
