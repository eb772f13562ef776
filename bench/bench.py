"""`make bench`: extraction throughput against a bare markdown-it parse, at 1x and 4x scale.

Measures, on one machine and in one go:

- the corpus: files, MB, and a bare single-process ``MarkdownIt("commonmark").parse``
  of every file (full parse, inline included; reading excluded);
- ``pipeline extract`` (default --jobs, cold: fresh output folder, so no cache)
  as a subprocess: wall seconds, docs/s, peak RSS of the whole process tree
  (psutil, sampled), and extract_wall / bare_parse_wall. Both are measured
  ``--repeat`` times, alternating, and the medians compared: on a shared VM
  one run of either can be 10% off;
- the same extract with extractors that return no rows (``stages.floor_command``):
  the floor that reading, parsing, workers and writing set, whatever the extractors cost;
- one process, the worker task over the corpus: milliseconds per file per stage
  (``stages.stage_times``);
- a no-op rerun in the same output folder (cache hit) and its ratio to the full run;
- the corpus copied SCALE times under new ids: time and memory growth;
- a generated folder of files with tens of kilobytes of YAML front matter each,
  and the share of front-matter loading in its single-process processing time.

One JSON line per run is appended to bench/results.jsonl (with the core count).

The corpus is ``--corpus`` (or ``BENCH_CORPUS``), else ``../shared/corpus/rxhive``
when it is there, else one built from ``raw/``: its files copied
``--raw-copies`` times under new ids (a few thousand files, so a clone with
nothing beside it can run the benchmark too).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
from stages import check_floor, floor_command, stage_times

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "rxhive"
RAW = ROOT / "raw"
RAW_COPIES = 250  # raw/'s 12 files -> 3,000, about half the shared corpus


def md_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.name.lower().endswith(".md") and p.is_file())


def bare_parse(files: list[Path]) -> float:
    """Seconds for a full (inline included) single-process markdown-it parse of every file."""
    from markdown_it import MarkdownIt

    texts = [p.read_bytes().decode("utf-8", "replace") for p in files]
    md = MarkdownIt("commonmark")
    started = time.perf_counter()
    for text in texts:
        md.parse(text)
    return time.perf_counter() - started


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # exited between listing and reading
            total += p.memory_info().rss
    return total


def tree_pss(proc: psutil.Process) -> int:
    """Proportional set size of the tree: forked workers share the parent's pages
    copy-on-write, and summing RSS counts those pages once per process."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error, AttributeError):
            total += p.memory_full_info().pss
    return total


def extract(inp: Path, out: Path, *extra: str, program: list[str] | None = None) -> dict[str, Any]:
    """Run ``pipeline extract`` (or ``program`` with the same arguments) as a subprocess;
    wall time and peak tree RSS."""
    program = program or [sys.executable, "-m", "pipeline"]
    cmd = [*program, "extract", str(inp), "--out", str(out), "--quiet"]
    started = time.perf_counter()
    proc = subprocess.Popen([*cmd, *extra], cwd=ROOT)
    ps = psutil.Process(proc.pid)
    peak = peak_pss = 0
    ticks = 0
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, tree_rss(ps))
            if ticks % 10 == 0:  # PSS walks the page tables: sampled 5 times a second
                peak_pss = max(peak_pss, tree_pss(ps))
        ticks += 1
        time.sleep(0.02)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} exited {proc.returncode}")
    return {
        "wall_s": round(wall, 3),
        "peak_rss_mb": round(peak / 2**20, 1),
        "peak_pss_mb": round(peak_pss / 2**20, 1),
    }


def choose_corpus(
    given: Path | None, work: Path, raw_copies: int, shared: Path = SHARED_CORPUS
) -> tuple[Path, str]:
    """The folder to measure and how to name it in the results.

    ``given`` must exist; without it, the shared corpus when present, else
    ``raw/`` replicated ``raw_copies`` times into ``work``.
    """
    if given is not None:
        if not given.is_dir():
            raise SystemExit(f"bench: corpus not found: {given}")
        return given, str(given)
    if shared.is_dir():
        return shared, str(shared)
    built = work / "raw-corpus"
    scaled_copy(RAW, built, raw_copies)
    print(f"bench: {shared} not found; measuring raw/ copied {raw_copies} times", flush=True)
    return built, f"raw/ x{raw_copies}"


def scaled_copy(corpus: Path, dest: Path, times: int) -> None:
    for k in range(times):
        shutil.copytree(corpus, dest / f"copy{k}")


def yaml_folder(dest: Path, n_files: int, kb: int) -> None:
    """Files with about ``kb`` KB of (valid, plain) YAML front matter each, then a short body."""
    dest.mkdir(parents=True)
    for i in range(n_files):
        lines = ["---", f"title: Heavy {i}", "layout: minimal-medicine", "aliases:"]
        n = 0
        while sum(len(x) + 1 for x in lines) < kb * 1024:
            lines += [
                f"  - name: Brand name {i}-{n} with a fairly long description",
                f"    market: Region {n % 40}",
                f"    notes: Approved for use in adults; see label section {n % 17}.",
            ]
            n += 1
        lines += [
            "---",
            "",
            f"# Heavy {i}",
            "",
            "## Side Effects",
            "",
            "* nausea",
            "* headache",
            "",
        ]
        (dest / f"heavy-{i:04d}.md").write_text("\n".join(lines))


def front_matter_share(folder: Path) -> dict[str, Any]:
    """Single-process time of processing every file, and the part spent loading YAML."""
    from pipeline import parse as parse_mod
    from pipeline.process import process_file
    from pipeline.sources import discover

    refs = discover(folder)
    spent = [0.0]
    real = getattr(parse_mod, "load_front_matter")  # noqa: B009  (patched below, then restored)

    def timed(text: str, first_line: int) -> Any:
        t = time.perf_counter()
        try:
            return real(text, first_line)
        finally:
            spent[0] += time.perf_counter() - t

    setattr(parse_mod, "load_front_matter", timed)  # noqa: B010
    try:
        started = time.perf_counter()
        for ref in refs:
            process_file(ref, str(folder), 2 * 1024 * 1024)
        total = time.perf_counter() - started
    finally:
        setattr(parse_mod, "load_front_matter", real)  # noqa: B010
    return {
        "process_1proc_s": round(total, 3),
        "front_matter_s": round(spent[0], 3),
        "front_matter_share": round(spent[0] / total, 3) if total else 0.0,
    }


def measure(corpus: Path, work: Path, repeat: int) -> dict[str, Any]:
    files = md_files(corpus)
    mb = sum(p.stat().st_size for p in files) / 1e6
    bares: list[float] = []
    runs: list[dict[str, Any]] = []
    floors: list[float] = []
    for i in range(repeat):  # alternating, so a slow spell of the machine hits all three
        bares.append(bare_parse(files))
        runs.append(extract(corpus, work / f"out{i}"))
        floor = extract(corpus, work / f"floor{i}", program=floor_command())
        floors.append(floor["wall_s"])
        check_floor(work / f"floor{i}")
    bare = statistics.median(bares)
    wall = statistics.median(r["wall_s"] for r in runs)
    full = {
        "wall_s": round(wall, 3),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "peak_pss_mb": max(r["peak_pss_mb"] for r in runs),
        "runs_wall_s": [r["wall_s"] for r in runs],
    }
    noop = extract(corpus, work / f"out{repeat - 1}")
    return {
        "files": len(files),
        "mb": round(mb, 2),
        "bare_parse_s": round(bare, 3),
        "bare_parse_runs_s": [round(b, 3) for b in bares],
        "extract": full,
        "docs_per_s": round(len(files) / wall, 1),
        "ratio_extract_to_bare_parse": round(wall / bare, 3),
        "noop_rerun": noop,
        "noop_ratio": round(noop["wall_s"] / wall, 3),
        # the same run with extractors that return nothing: what they cannot speed up
        "no_extractors": {
            "wall_s": round(statistics.median(floors), 3),
            "runs_wall_s": floors,
            "ratio_to_bare_parse": round(statistics.median(floors) / bare, 3),
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env = os.environ.get("BENCH_CORPUS")
    ap.add_argument("--corpus", type=Path, default=Path(env) if env else None)
    ap.add_argument(
        "--raw-copies",
        type=int,
        default=RAW_COPIES,
        help="copies of raw/ measured when no corpus is given or found",
    )
    ap.add_argument("--shared", type=Path, default=SHARED_CORPUS, help=argparse.SUPPRESS)
    ap.add_argument("--scale", type=int, default=4, help="copies for the scaled run (0: skip)")
    ap.add_argument("--yaml-files", type=int, default=300)
    ap.add_argument("--yaml-kb", type=int, default=40)
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "results.jsonl")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the 1x extract and bare parse")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as tmp:
        work = Path(tmp)
        args.corpus, name = choose_corpus(args.corpus, work, args.raw_copies, args.shared)
        result: dict[str, Any] = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "corpus": name,
        }
        result.update(measure(args.corpus, work, max(1, args.repeat)))
        print(f"1x: {json.dumps(result)}", flush=True)
        result["stages_ms_per_file"] = stage_times(args.corpus)
        print(f"stages: {json.dumps(result['stages_ms_per_file'])}", flush=True)
        if args.scale > 1:
            scaled = work / "scaled"
            scaled_copy(args.corpus, scaled, args.scale)
            run = extract(scaled, work / "out-scaled")
            result["scaled"] = {
                "copies": args.scale,
                "files": result["files"] * args.scale,
                "extract": run,
                "docs_per_s": round(result["files"] * args.scale / run["wall_s"], 1),
                "time_ratio_to_1x": round(run["wall_s"] / result["extract"]["wall_s"], 3),
                "memory_ratio_to_1x": round(
                    run["peak_rss_mb"] / result["extract"]["peak_rss_mb"], 3
                ),
            }
            shutil.rmtree(scaled)
            print(f"{args.scale}x: {json.dumps(result['scaled'])}", flush=True)
        heavy = work / "yaml"
        yaml_folder(heavy, args.yaml_files, args.yaml_kb)
        files = md_files(heavy)
        run = extract(heavy, work / "out-yaml", "--no-cache")
        result["yaml_heavy"] = {
            "files": len(files),
            "mb": round(sum(p.stat().st_size for p in files) / 1e6, 2),
            "extract": run,
            "docs_per_s": round(len(files) / run["wall_s"], 1),
            "bare_parse_s": round(bare_parse(files), 3),
            **front_matter_share(heavy),
        }
        print(f"yaml: {json.dumps(result['yaml_heavy'])}", flush=True)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    with open(args.results, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(result, sort_keys=True) + "\n")
    s = result
    print(
        f"\nfiles {s['files']}  {s['mb']} MB  cores {s['cores']}\n"
        f"bare parse {s['bare_parse_s']} s   extract {s['extract']['wall_s']} s  (medians of "
        f"{s['bare_parse_runs_s']} and {s['extract']['runs_wall_s']})\n"
        f"ratio {s['ratio_extract_to_bare_parse']}  {s['docs_per_s']} docs/s  "
        f"peak {s['extract']['peak_rss_mb']} MB RSS / {s['extract']['peak_pss_mb']} MB PSS\n"
        f"no-op rerun {s['noop_rerun']['wall_s']} s  ({s['noop_ratio']:.1%} of the full run)\n"
        f"without extractors {s['no_extractors']['wall_s']} s  "
        f"(ratio {s['no_extractors']['ratio_to_bare_parse']})"
    )
    stages = s["stages_ms_per_file"]
    print(
        "one process, ms per file: "
        + ", ".join(f"{name} {ms:.2f}" for name, ms in stages.items() if name != "total")
        + f"; total {stages['total']:.2f}"
    )
    if "scaled" in s:
        sc = s["scaled"]
        print(
            f"{sc['copies']}x: {sc['files']} files {sc['extract']['wall_s']} s "
            f"({sc['time_ratio_to_1x']}x time)  peak {sc['extract']['peak_rss_mb']} MB RSS / "
            f"{sc['extract']['peak_pss_mb']} MB PSS "
            f"({sc['memory_ratio_to_1x']}x memory)"
        )
    y = s["yaml_heavy"]
    print(
        f"yaml-heavy: {y['files']} files {y['mb']} MB  extract {y['extract']['wall_s']} s  "
        f"{y['docs_per_s']} docs/s  front matter {y['front_matter_share']:.0%} of processing"
    )
    print(f"appended to {args.results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
