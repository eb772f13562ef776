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
