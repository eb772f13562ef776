"""Same inputs -> byte-identical tables, whatever the file order on disk or --jobs."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

from support import RAW

from pipeline.cli import main
from pipeline.schema import OUTPUT_TABLES

EXTRA = {
    "odd/CRLF.md": b"# Zed\r\n\r\n## Side Effects\r\n\r\n* rash\r\n",
    "odd/bad.md": b"# Bad\n\xff\n",
    "odd/none.MD": b"prose only\n",
    "odd/=formula.md": b"# =1+1\n\n## Side Effects\n\n* -nausea\n",
}


def _copy_shuffled(dest: Path, seed: int) -> None:
    files = [(p.relative_to(RAW).as_posix(), p.read_bytes()) for p in RAW.rglob("*.md")]
    files += list(EXTRA.items())
    random.Random(seed).shuffle(files)  # creation order drives directory order on disk
    for rel, data in files:
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _digests(out: Path) -> dict[str, str]:
    names = [f"{t}.{e}" for t in OUTPUT_TABLES for e in ("parquet", "csv")]
    return {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in names}


def test_byte_identical_across_order_and_jobs(tmp_path: Path) -> None:
    runs = []
    for seed, jobs in ((1, "1"), (2, "2"), (3, "3")):
        inp, out = tmp_path / f"in{seed}", tmp_path / f"out{seed}"
        _copy_shuffled(inp, seed)
        assert main(["extract", str(inp), "--out", str(out), "--jobs", jobs, "--quiet"]) == 0
        runs.append((_digests(out), json.loads((out / "manifest.json").read_text())))
    first, manifest = runs[0]
    for digests, other in runs[1:]:
        assert digests == first
        assert other["inputs_sha256"] == manifest["inputs_sha256"]
        assert other["row_counts"] == manifest["row_counts"]
    assert manifest["row_counts"]["monographs"] == len(list(RAW.rglob("*.md"))) + len(EXTRA)


def test_rerun_in_same_output_is_identical(tmp_path: Path) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(RAW, inp)
    assert main(["extract", str(inp), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    first = _digests(out)
    assert main(["extract", str(inp), "--out", str(out), "--jobs", "2", "--quiet"]) == 0
    assert _digests(out) == first


def test_no_timestamps_in_tables(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(RAW), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    finished = json.loads((out / "manifest.json").read_text())["finished_at"]
    day = finished[:10].encode()
    for name in _digests(out):
        assert day not in (out / name).read_bytes(), name
