"""A stop asked for by a signal is acted on even when its exception was swallowed."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import RAW

from pipeline import stopping
from pipeline.errors import Terminated
from pipeline.run import RunOptions, run


def test_check_raises_only_after_a_request() -> None:
    stopping.reset()
    stopping.check()  # nothing asked: nothing raised
    stopping.ask()
    with pytest.raises(Terminated):
        stopping.check()
    stopping.reset()
    stopping.check()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_asked_to_stop_publishes_nothing(tmp_path: Path, jobs: int) -> None:
    # (as when SIGTERM's exception was lost in an at-fork hook: only the request is left)
    out = tmp_path / "out"
    stopping.ask()
    try:
        with pytest.raises(Terminated):
            run(RunOptions(input_dir=RAW, out_dir=out, jobs=jobs, use_cache=False))
    finally:
        stopping.reset()
    assert not any(out.glob("*.parquet")) and not (out / "side_effects.csv").exists()
