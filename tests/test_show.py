"""pipeline show: each record printed under the source line it came from."""

from __future__ import annotations

import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

from pipeline.cli import main

_TAGS = {"side_effects": "SE", "contraindications": "CI", "interactions": "IX", "issues": "ISSUE"}


def _busiest(out: Path) -> str:
    mono = pd.read_parquet(out / "monographs.parquet")
    n = mono["n_side_effects"] + mono["n_contraindications"] + mono["n_interactions"]
    return str(mono.loc[n.idxmax(), "monograph_id"])


def _expected(out: Path, mid: str) -> dict[int, set[str]]:
    want: dict[int, set[str]] = defaultdict(set)
    for table, tag in _TAGS.items():
        df = pd.read_parquet(out / f"{table}.parquet")
        for r in df[df["monograph_id"] == mid].itertuples():
            if not pd.isna(r.line):
                want[int(r.line)].add(f"{tag} #{r.item_no}")
    return want


def _shown(text: str) -> dict[int, set[str]]:
    """Records under each numbered source line of the plain output."""
    got: dict[int, set[str]] = defaultdict(set)
    current = 0
    for line in text.splitlines()[1:]:
        if m := re.match(r"\s*(\d+) \|", line):
            current = int(m.group(1))
        elif m := re.match(r"\s*=> (\w+ #\d+) ", line):
            got[current].add(m.group(1))
    return got


def test_manifest_records_the_input_folder(raw_output: Path) -> None:
    manifest = json.loads((raw_output / "manifest.json").read_text())
    assert Path(manifest["input_dir"]) == (Path(__file__).parent.parent / "raw").resolve()


def test_every_record_is_beside_its_source_line(
    raw_output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mid = _busiest(raw_output)
    assert main(["show", str(raw_output), mid]) == 0
    text = capsys.readouterr().out
    assert "\x1b[" not in text  # not a terminal: plain text
    want = _expected(raw_output, mid)
    assert sum(len(v) for v in want.values()) >= 10
    assert _shown(text) == want
    source = (Path(__file__).parent.parent / "raw" / f"{mid}.md").read_text().splitlines()
    for n, line in enumerate(source, start=1):
        assert f"{n:>{len(str(len(source)))}} | {line}".rstrip() in text


def test_colours_when_asked(raw_output: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mid = _busiest(raw_output)
    assert main(["show", str(raw_output), mid, "--color"]) == 0
    text = capsys.readouterr().out
    assert "\x1b[" in text
    assert re.search(r"SE .*band=", re.sub(r"\x1b\[[\d;]*m", "", text))


def test_says_when_the_source_cannot_be_found(
    raw_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mid = _busiest(raw_output)
    assert main(["show", str(raw_output), mid, "--input", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert f"cannot show the source of {mid}" in captured.err
    assert "--input" in captured.err
    assert _shown(captured.out) == _expected(raw_output, mid)  # records still listed by line


def test_input_option_finds_moved_sources(
    raw_output: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mid = _busiest(raw_output)
    moved = tmp_path / "moved"
    shutil.copytree(Path(__file__).parent.parent / "raw", moved)
    assert main(["show", str(raw_output), mid, "--input", str(moved)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert " 1 | " in captured.out


def test_unknown_monograph_suggests_close_ids(
    raw_output: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mid = _busiest(raw_output)
    assert main(["show", str(raw_output), mid + "x"]) == 2
    assert f"did you mean {mid}" in capsys.readouterr().err


def test_the_seed_monograph_of_the_corpus(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`show OUT i/isotretinoin-topical`: each of its records beside its source line."""
    from pipeline.run import RunOptions, run

    mid = "i/isotretinoin-topical"
    src = tmp_path / "in"
    (src / "i").mkdir(parents=True)
    shutil.copy(corpus / f"{mid}.md", src / f"{mid}.md")
    out = tmp_path / "out"
    run(RunOptions(input_dir=src, out_dir=out, jobs=1, progress=False, use_cache=False))
    assert main(["show", str(out), mid]) == 0
    want = _expected(out, mid)
    assert sum(len(v) for v in want.values()) >= 20
    assert _shown(capsys.readouterr().out) == want


def test_concept_ids_are_shown_with_their_labels() -> None:
    from pipeline.report.output import OutputSet
    from pipeline.report.show import records

    se = pd.DataFrame(
        {
            "monograph_id": ["x/y", "x/y", "z/z"],
            "item_no": [1, 2, 1],
            "term": ["feeling sick", "rash", "nausea"],
            "frequency_band": ["common", "rare", "common"],
            "concept_ids": [["HP:0002018"], [], ["HP:0002018"]],
            "line": [3, 4, 3],
        }
    )
    concepts = pd.DataFrame({"concept_id": ["HP:0002018"], "label": ["Nausea"]})
    mono = pd.DataFrame({"monograph_id": ["x/y", "z/z"]})
    out = OutputSet(Path("."), {}, {"monographs": mono, "side_effects": se, "concepts": concepts})
    got = [r.plain() for r in records(out, "x/y")]
    assert got == [
        "SE #1 feeling sick  [band=common concept_ids=HP:0002018 (Nausea)]",
        "SE #2 rash  [band=rare]",
    ]
