"""The benchmark's own instruments (bench/stages.py) measure what they say they measure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
from support import RAW

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from stages import floor_command, stage_times

import pipeline.executors as executors
import pipeline.process as process


def test_stage_times_cover_every_stage_and_restore_the_code() -> None:
    before = (process.parse, executors.rows_to_arrow, dict(process._EXTRACTORS))
    ms = stage_times(RAW)
    stages = {"read", "block parse", "tree", "section kinds", "identity", "rows to Arrow"}
    extractors = {f"extract {name}" for name in process._EXTRACTORS}
    assert set(ms) == stages | extractors | {"other", "total"}
    assert all(ms[name] > 0 for name in stages | extractors)
    # "other" is the remainder: negative if a stage were counted twice (nested timers)
    assert 0 <= ms["other"] < ms["total"]
    assert (process.parse, executors.rows_to_arrow, dict(process._EXTRACTORS)) == before


def test_floor_command_runs_the_cli_without_extractors(tmp_path: Path) -> None:
    out = tmp_path / "out"
    # two jobs: the bench runs a pool, whose workers must not extract either
    cmd = [*floor_command(), "extract", str(RAW), "--out", str(out), "--jobs", "2", "--quiet"]
    subprocess.run(cmd, check=True, timeout=120)
    assert pq.read_metadata(out / "monographs.parquet").num_rows == len(list(RAW.rglob("*.md")))
    for table in ("side_effects", "contraindications", "interactions"):
        assert pq.read_metadata(out / f"{table}.parquet").num_rows == 0


def test_bench_runs_without_the_shared_corpus(tmp_path: Path) -> None:
    """`make bench` on a clone with nothing beside it: a corpus built from raw/ is measured."""
    results = tmp_path / "results.jsonl"
    cmd = [
        sys.executable,
        str(Path(__file__).resolve().parent.parent / "bench" / "bench.py"),
        *("--shared", str(tmp_path / "no-shared-corpus"), "--raw-copies", "3"),
        *("--repeat", "1", "--scale", "0", "--yaml-files", "2", "--yaml-kb", "1"),
        *("--results", str(results)),
    ]
    env = {k: v for k, v in os.environ.items() if k != "BENCH_CORPUS"}
    subprocess.run(cmd, check=True, timeout=300, env=env, capture_output=True)
    line = json.loads(results.read_text().splitlines()[-1])
    assert line["corpus"] == "raw/ x3"
    assert line["files"] == 3 * len(list(RAW.rglob("*.md")))
    assert line["extract"]["wall_s"] > 0
