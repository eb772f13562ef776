"""SIGKILL at any moment: the published output stays a complete, readable, consistent set.

``KILL_TRIALS`` (env) sets the number of random kills of the slow test
(``make fuzz``: at least 20); ``make test`` runs a few.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from support import assert_only_published_runs

from pipeline.schema import OUTPUT_TABLES
from pipeline.writers import CURRENT, RUNS

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
COPIES = 15  # x 12 samples: a run long enough to be killed in every phase


def _corpus(dest: Path, copies: int = COPIES) -> Path:
    for n in range(copies):
        for path in RAW.rglob("*.md"):
            target = dest / f"c{n}" / path.relative_to(RAW)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    return dest


def _cmd(inp: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pipeline",
        "extract",
        str(inp),
        "--out",
        str(out),
        "--jobs",
        "1",
        "--quiet",
        "--no-cache",
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _snapshot(out: Path) -> dict[str, int]:
    """Check the published set is complete and consistent; return its row counts."""
    manifest = json.loads((out / "manifest.json").read_text())
    counts: dict[str, int] = {}
    for name in OUTPUT_TABLES:
        table = pq.read_table(out / f"{name}.parquet")
        csv = pacsv.read_csv(out / f"{name}.csv")
        assert table.num_rows == csv.num_rows == manifest["row_counts"][name], name
        counts[name] = table.num_rows
    assert manifest["input_files"] == counts["monographs"]
    real = (out / CURRENT).resolve()
    assert real.parent == (out / RUNS).resolve() and not real.name.endswith(".partial")
    return counts


def _baseline(tmp_path: Path) -> tuple[Path, Path, dict[str, int], float]:
    inp, out = _corpus(tmp_path / "in"), tmp_path / "out"
    start = time.perf_counter()
    subprocess.run(_cmd(inp, out), env=_env(), check=True)
    return inp, out, _snapshot(out), time.perf_counter() - start


def _kill_trials(tmp_path: Path, trials: int, seed: int) -> None:
    inp, out, expected, duration = _baseline(tmp_path)
    rng = random.Random(seed)
    for _ in range(trials):
        proc = subprocess.Popen(_cmd(inp, out), env=_env(), start_new_session=True)
        time.sleep(rng.uniform(0.0, duration * 1.05))
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _snapshot(out) == expected
    subprocess.run(_cmd(inp, out), env=_env(), check=True)  # cleans every leftover
    assert _snapshot(out) == expected
    assert_only_published_runs(out)
    assert not [p for p in os.listdir(out) if p.endswith(".tmp")]


def test_random_kills_few(tmp_path: Path) -> None:
    _kill_trials(tmp_path, trials=3, seed=7)


@pytest.mark.slow
def test_random_kills_many(tmp_path: Path) -> None:
    _kill_trials(tmp_path, trials=max(20, int(os.environ.get("KILL_TRIALS", "20"))), seed=11)


# The child counts filesystem mutations during publishing and SIGKILLs itself
# right before the K-th one: every step of publish is a kill point.
_STEP_CHILD = textwrap.dedent(
    """
    import os, shutil, signal, sys
    from pipeline import writers
    from pipeline.cli import main
    target, count = int(sys.argv[1]), [0]

    def hook(fn):
        def wrapped(*args, **kwargs):
            count[0] += 1
            if count[0] == target:
                os.kill(os.getpid(), signal.SIGKILL)
            return fn(*args, **kwargs)
        return wrapped

    real_publish = writers.publish
    def publish(staged, out):
        for name in ("rename", "replace", "symlink", "unlink", "fsync"):
            setattr(os, name, hook(getattr(os, name)))
        shutil.rmtree = hook(shutil.rmtree)
        return real_publish(staged, out)

    import pipeline.run
    pipeline.run.publish = publish
    code = main(["extract", sys.argv[2], "--out", sys.argv[3], "--jobs", "1", "--quiet",
                 "--no-cache"])
    print("steps", count[0])
    sys.exit(code)
    """
)


def _kill_steps(tmp_path: Path, sample: int | None) -> None:
    inp, out = RAW, tmp_path / "out"
    subprocess.run(_cmd(inp, out), env=_env(), check=True)  # a previous set to protect
    probe = subprocess.run(
        [sys.executable, "-c", _STEP_CHILD, "0", str(inp), str(out)],
        env=_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    expected = _snapshot(out)  # the probe published a complete set
    steps = int(probe.stdout.split()[-1])
    assert steps > 10
    ks = list(range(1, steps + 1))
    if sample is not None:  # first and last steps, and a few in between
        ks = sorted({1, steps, *random.Random(5).sample(ks, min(sample, steps))})
    for k in ks:
        proc = subprocess.run(
            [sys.executable, "-c", _STEP_CHILD, str(k), str(inp), str(out)], env=_env()
        )
        assert proc.returncode == -signal.SIGKILL
        assert _snapshot(out) == expected, f"killed before step {k}"
    subprocess.run(_cmd(inp, out), env=_env(), check=True)
    assert_only_published_runs(out)


def test_kill_at_some_publish_steps(tmp_path: Path) -> None:
    _kill_steps(tmp_path, sample=3)


@pytest.mark.slow
def test_kill_at_every_publish_step(tmp_path: Path) -> None:
    _kill_steps(tmp_path, sample=None)


# ------------------------------------------- issue 16: SIGTERM, a dead parent, a dead worker


def _workers(proc: subprocess.Popen[bytes], n: int, timeout: float = 60) -> list[psutil.Process]:
    """The run's worker processes, once ``n`` of them are up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = psutil.Process(proc.pid).children(recursive=True)
        if len(children) >= n:
            return children
        assert proc.poll() is None, "the run ended before its workers were seen"
        time.sleep(0.01)
    raise AssertionError("no workers")


def _gone(procs: list[psutil.Process], within: float) -> bool:
    _, alive = psutil.wait_procs(procs, timeout=within)
    return not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


def _pool_cmd(inp: Path, out: Path) -> list[str]:
    return [*_cmd(inp, out)[:-3], "2", "--quiet", "--no-cache"]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_signal_to_the_main_process_leaves_no_worker(tmp_path: Path, sig: signal.Signals) -> None:
    inp, out, expected, _ = _baseline(tmp_path)
    proc = subprocess.Popen(_pool_cmd(inp, out), env=_env(), stderr=subprocess.PIPE)
    workers = _workers(proc, 2)
    proc.send_signal(sig)  # the main process only, as `kill PID` does
    _, err = proc.communicate(timeout=30)
    if sig == signal.SIGTERM:
        assert proc.returncode == 143, err
        assert b"terminated; previous output left in place" in err
    else:
        assert proc.returncode == -signal.SIGKILL
    assert _gone(workers, within=5)
    assert _snapshot(out) == expected


def test_worker_killed_mid_run_loses_nothing(tmp_path: Path) -> None:
    inp, out, expected, _ = _baseline(tmp_path)
    proc = subprocess.Popen(_pool_cmd(inp, out), env=_env(), stderr=subprocess.PIPE)
    _workers(proc, 2)[0].kill()  # as the out-of-memory killer would
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert b"retrying them in a fresh worker" in err
    assert _snapshot(out) == expected  # every file, every row: its chunk was redone


@pytest.mark.slow
def test_workers_killed_at_random_moments(tmp_path: Path) -> None:
    inp, out, expected, duration = _baseline(tmp_path)
    rng = random.Random(13)
    for _ in range(max(20, int(os.environ.get("KILL_TRIALS", "20")))):
        proc = subprocess.Popen(_pool_cmd(inp, out), env=_env(), stderr=subprocess.PIPE)
        workers = _workers(proc, 2)
        time.sleep(rng.uniform(0.0, duration))
        with contextlib.suppress(psutil.NoSuchProcess):
            rng.choice(workers).kill()
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert _snapshot(out) == expected
        assert _gone(workers, within=5)
