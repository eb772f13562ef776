"""One run at a time per output folder and per cache folder (``pipeline.locks``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import RAW, digests
from test_kill import _corpus, _env, _snapshot

from pipeline import cache as result_cache
from pipeline import locks, run
from pipeline.run import RunOptions


def _extract(inp: Path, out: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "pipeline", "extract", str(inp), "--out", str(out)]
    return subprocess.Popen(
        [*cmd, "--jobs", "1", "--quiet", "--no-progress"],
        env=_env(),
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.timeout(120)
def test_second_run_waits_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with locks.exclusive(out, on_wait=lambda: None):  # a run in progress
        proc = _extract(RAW, out)
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "another run is using --out" in line and "waiting" in line
        assert proc.poll() is None  # still waiting
    assert proc.wait() == 0
    _snapshot(out)


def _together(inp: Path, out: Path) -> None:
    """Two runs started together into one folder (sharing its cache)."""
    procs = [_extract(inp, out) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate()
        assert proc.returncode == 0, err
    _snapshot(out)
    reference = out.parent / "reference"
    run.run(RunOptions(input_dir=inp, out_dir=reference, jobs=1, use_cache=False))
    assert digests(out) == digests(reference)
    assert result_cache.load(out / ".cache", run.extractor_version())


@pytest.mark.timeout(300)
def test_two_runs_together_both_succeed(tmp_path: Path) -> None:
    inp = _corpus(tmp_path / "in", copies=3)
    _together(inp, tmp_path / "out")
    (next(inp.rglob("*.md"))).write_text("# Changed\n\n## Side Effects\n\n* hiccups\n")
    _together(inp, tmp_path / "out")  # now with a cache to read and to save


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_many_runs_together(tmp_path: Path) -> None:
    inp = _corpus(tmp_path / "in", copies=5)
    for n in range(10):
        victims = sorted(inp.rglob("*.md"))
        victims[n].write_text(f"# Changed {n}\n\n## Side Effects\n\n* hiccups\n")
        _together(inp, tmp_path / "out")
