"""Run mechanics: the process pool, chunking, and keeping pandas out of workers."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import RAW

from pipeline import executors
from pipeline.run import RunOptions, run
from pipeline.schema import OUTPUT_TABLES
from pipeline.sources import SourceRef


def digests(out: Path) -> dict[str, str]:
    names = [f"{t}.{e}" for t in OUTPUT_TABLES for e in ("parquet", "csv")]
    return {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in names}


def test_pool_and_in_process_are_byte_identical(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    run(RunOptions(input_dir=RAW, out_dir=one, jobs=1, use_cache=False))
    # Force several tasks so the pool really runs.
    summary = run(RunOptions(input_dir=RAW, out_dir=two, jobs=2, use_cache=False))
    assert summary.files == len(list(RAW.rglob("*.md")))
    assert digests(one) == digests(two)


def test_chunks_cover_every_file_once() -> None:
    refs = [SourceRef(f"m{i}", f"m{i}.md", f"/x/m{i}.md") for i in range(1000)]
    chunks = executors.chunked(refs, 2)
    assert [r for c in chunks for r in c] == refs
    assert all(executors.MIN_CHUNK <= len(c) <= executors.MAX_CHUNK for c in chunks[:-1])
    assert len(executors.chunked(refs[:5], 2)) == 1


def test_chunks_shrink_toward_the_end() -> None:
    """The workers' last tasks are small, so none waits long for another at the end."""
    refs = [SourceRef(f"m{i}", f"m{i}.md", f"/x/m{i}.md") for i in range(5000)]
    sizes = [len(c) for c in executors.chunked(refs, 2)]
    assert sizes[0] == executors.MAX_CHUNK
    assert sizes == sorted(sizes, reverse=True)
    assert all(size <= executors.MIN_CHUNK for size in sizes[-4:])


def test_arrow_without_pandas_still_lets_pandas_in_later() -> None:
    code = (
        "import sys, pyarrow as pa\n"
        "from pipeline.executors import arrow_without_pandas\n"
        "arrow_without_pandas(); pa.array(['x']); pa.array([1])\n"
        "assert 'pandas' not in sys.modules\n"
        "import pandas\n"
        "assert pa.table({'a': [1]}).to_pandas()['a'].tolist() == [1]\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


@pytest.mark.parametrize(
    ("extra", "lean"), [([], True), (["--executor", "local"], False)], ids=["default", "named"]
)
def test_extract_command_runs_pyarrow_alone(tmp_path: Path, extra: list[str], lean: bool) -> None:
    """The CLI's own process writes Arrow tables without pandas, and on the default
    executor without numpy; the tables are the same."""
    out = tmp_path / "o"
    code = (
        "import sys\n"
        f"sys.argv = ['pipeline', 'extract', {str(RAW)!r}, '--out', {str(out)!r},"
        f" '--jobs', '2', '--no-progress', *{extra!r}]\n"
        "from pipeline.lean import console\n"
        "assert console() == 0\n"
        "assert 'pandas' not in sys.modules\n"
        "print('numpy' in sys.modules)\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip().splitlines()[-1] == str(not lean)
    reference = tmp_path / "ref"
    run(RunOptions(input_dir=RAW, out_dir=reference, jobs=1, use_cache=False))
    assert digests(out) == digests(reference)


def test_dask_without_scheduler_is_refused(tmp_path: Path) -> None:
    from pipeline.cli import main

    assert main(["extract", str(RAW), "--out", str(tmp_path / "o"), "--executor", "dask"]) == 2


def test_rows_breaking_the_schema_cost_their_table_only() -> None:
    from support import extract_text

    from pipeline.executors import results_to_tables
    from pipeline.models import Status

    good = extract_text("# A\n\n### Side Effects\n* Nausea\n", "a/good")
    bad = extract_text("# B\n\n### Side Effects\n* Rash\n", "b/bad")
    bad.side_effects[0]["frequency_band"] = "sometimes"  # not a band: a bug upstream
    tables = results_to_tables([good, bad])
    assert tables["side_effects"].column("monograph_id").to_pylist() == ["a/good"]
    codes = [str(c) for c in tables["issues"].column("code").to_pylist()]
    assert codes == ["extractor_error"]
    status = dict(
        zip(
            *(tables["monographs"].column(c).to_pylist() for c in ("monograph_id", "status")),
            strict=True,
        )
    )
    assert status == {"a/good": Status.ok.value, "b/bad": Status.partial.value}


# ------------------------------------------------------- issue 16: workers that die


def _poison(monkeypatch: pytest.MonkeyPatch, victim: str, times: int, tmp_path: Path) -> None:
    """Workers (forked: they inherit the patch) die on the chunk holding ``victim``,
    its first ``times`` times."""
    real = executors.process_chunk
    tally = tmp_path / "deaths"

    def process_chunk(refs: list[SourceRef], root: str, max_bytes: int) -> executors.Tables:
        if any(r.monograph_id == victim for r in refs):
            with tally.open("a") as fh:
                fh.write("x")
            if len(tally.read_text()) <= times:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(refs, root, max_bytes)

    monkeypatch.setattr(executors, "process_chunk", process_chunk)
    monkeypatch.setattr(executors, "MIN_CHUNK", 2)  # several chunks from raw/


@pytest.mark.usefixtures("forking")
def test_chunk_of_a_dead_worker_is_retried_in_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = tmp_path / "ref"
    run(RunOptions(input_dir=RAW, out_dir=reference, jobs=1, use_cache=False))
    _poison(monkeypatch, "a/acmezolam", 1, tmp_path)
    out = tmp_path / "out"
    summary = run(RunOptions(input_dir=RAW, out_dir=out, jobs=2, use_cache=False))
    assert summary.lost == [] and any("retrying" in w for w in summary.warnings)
    assert digests(out) == digests(reference)


@pytest.mark.usefixtures("forking")
def test_chunk_that_kills_two_workers_is_recorded_and_the_run_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.cli import main

    _poison(monkeypatch, "a/acmezolam", 2, tmp_path)
    out = tmp_path / "out"
    args = ["extract", str(RAW), "--out", str(out), "--jobs", "2", "--no-cache"]
    assert main(args) == 0
    stdout = capsys.readouterr().out
    mono = pq.read_table(out / "monographs.parquet").to_pylist()
    assert len(mono) == len(list(RAW.rglob("*.md")))  # every input file has its row
    failed = {r["monograph_id"] for r in mono if r["status"] == "failed"}
    assert "a/acmezolam" in failed and len(failed) <= executors.MAX_CHUNK
    issues = pq.read_table(out / "issues.parquet").to_pylist()
    assert {i["monograph_id"] for i in issues if i["code"] == "internal_error"} == failed
    line = next(x for x in stdout.splitlines() if "lost with their worker" in x)
    assert f"{len(failed)} files" in line and "a/acmezolam" in line


def test_run_codes_rows_to_concepts_it_publishes(tmp_path: Path) -> None:
    import json

    import pyarrow.parquet as pq

    from pipeline import ontology

    out = tmp_path / "out"
    summary = run(RunOptions(input_dir=RAW, out_dir=out, jobs=1, use_cache=False))
    concepts = pq.read_table(out / "concepts.parquet").to_pylist()
    known = {c["concept_id"] for c in concepts}
    used: set[str] = set()
    for table, column in (("side_effects", "term"), ("contraindications", "condition")):
        rows = pq.read_table(out / f"{table}.parquet", columns=[column, "concept_ids"]).to_pylist()
        coded = [r for r in rows if r["concept_ids"]]
        assert len(coded) > 0.8 * len(rows), table  # most rows name a concept
        used |= {cid for r in rows for cid in r["concept_ids"]}
    assert used == known and summary.rows["concepts"] == len(known)
    nausea = next(c for c in concepts if c["concept_id"] == "HP:0002018")
    assert nausea["source"] == "hpo" and nausea["category"] == "Abnormality of the digestive system"
    assert "C0027497" in nausea["umls_cuis"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["hpo_release"] == ontology.release() != ""


def test_the_run_collects_cycles_less_often_and_restores_the_threshold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import pipeline.run as run_module

    seen: list[tuple[int, int, int]] = []
    link = run_module.link_interactions

    def spying(*args: object) -> object:
        seen.append(gc.get_threshold())
        return link(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(run_module, "link_interactions", spying)
    before = gc.get_threshold()
    run(RunOptions(input_dir=RAW, out_dir=tmp_path / "out", jobs=1, use_cache=False))
    assert seen and seen[0][0] == executors.WORKER_GC_THRESHOLD
    assert gc.get_threshold() == before


def test_the_command_ends_with_its_output_flushed_and_its_exit_status(tmp_path: Path) -> None:
    """``python -m pipeline extract`` ends at once after the run (``lean.script``): what
    it printed to a pipe (block-buffered) still arrives, and its exit status is the run's."""
    out = tmp_path / "o"
    cmd = [sys.executable, "-m", "pipeline", "extract"]
    ran = subprocess.run([*cmd, str(RAW), "--out", str(out), "--jobs", "2"], capture_output=True)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.decode().rstrip().splitlines()[-1].startswith("  published: ")
    assert (out / "monographs.csv").is_file()
    missing = subprocess.run([*cmd, str(tmp_path / "none"), "--out", str(out)], capture_output=True)
    assert missing.returncode == 2
    assert missing.stderr.decode().startswith("pipeline: error: ")
