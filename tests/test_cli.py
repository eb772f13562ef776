"""The command line, in process: ``pipeline.cli.main([...])``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import RAW

from pipeline import __version__
from pipeline.cli import main
from pipeline.schema import OUTPUT_TABLES


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected a one-line message, got {lines!r}"
    assert lines[0].startswith("pipeline: error: ")
    return lines[0]


def test_extract_prints_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(RAW), "--out", str(out), "--jobs", "1", "--no-cache"]) == 0
    stdout = capsys.readouterr().out
    n_files = len(list(RAW.rglob("*.md")))
    assert re.search(rf"^extracted {n_files} files in \d+\.\d\d s$", stdout, re.M), stdout
    counts = {t: pq.read_metadata(out / f"{t}.parquet").num_rows for t in OUTPUT_TABLES}
    assert counts["monographs"] == n_files
    rows = ", ".join(f"{t} {n}" for t, n in counts.items())
    assert f"  rows: {rows}\n" in stdout
    codes = pq.read_table(out / "issues.parquet", columns=["code"]).column("code").to_pylist()
    by_code = ", ".join(f"{c} {codes.count(c)}" for c in sorted(set(codes))) or "none"
    assert f"  issues by code: {by_code}\n" in stdout
    assert f"  published: {(out / 'current').resolve()}" in stdout


def test_summary_counts_issues_by_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "empty.md").write_bytes(b"")
    (inp / "latin1.md").write_bytes(b"# Caf\xe9\n")
    (inp / "prose.md").write_bytes(b"# Prose\n\nNo sections here.\n")
    assert main(["extract", str(inp), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 0
    stdout = capsys.readouterr().out
    line = next(x for x in stdout.splitlines() if x.startswith("  issues by code: "))
    found = dict(
        (code, int(n))
        for code, n in (
            p.rsplit(" ", 1) for p in line.removeprefix("  issues by code: ").split(", ")
        )
    )
    assert found.get("empty_file") == 1
    assert found.get("not_utf8") == 1
    assert found.get("no_sections") == 1


def test_missing_input_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "nope"), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "does not exist" in _one_line_error(captured.err)
    assert captured.out == ""
    assert not out.exists()


def test_input_that_is_a_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "one.md"
    f.write_text("# One\n")
    assert main(["extract", str(f), "--out", str(tmp_path / "out")]) == 2
    assert "not a folder" in _one_line_error(capsys.readouterr().err)


@pytest.mark.parametrize("sub", ["out", "deeper/out", "."])
def test_output_inside_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sub: str
) -> None:
    inp = tmp_path / "in"
    shutil.copytree(RAW, inp)
    before = sorted(p.relative_to(inp) for p in inp.rglob("*"))
    assert main(["extract", str(inp), "--out", str(inp / sub)]) == 2
    assert "inside the input folder" in _one_line_error(capsys.readouterr().err)
    assert sorted(p.relative_to(inp) for p in inp.rglob("*")) == before  # nothing written


def test_input_inside_output_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inp = tmp_path / "in"
    shutil.copytree(RAW, inp)
    assert main(["extract", str(inp), "--out", str(tmp_path)]) == 2
    assert "inside the output folder" in _one_line_error(capsys.readouterr().err)


@pytest.mark.parametrize(
    "args",
    [
        ["--jobs", "many"],
        ["--max-bytes", "1k"],
        ["--bogus"],
        ["--executor", "threads"],
    ],
)
def test_bad_argument_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(RAW), "--out", str(tmp_path / "out"), *args])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("usage: ")
    assert re.match(r"^pipeline( extract)?: error: .+", err[-1]), err
    assert not (tmp_path / "out").exists()


def test_missing_out_and_missing_command_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["extract", str(RAW)], []):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert "error: " in capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("args", "word"), [(["--jobs", "-1"], "--jobs"), (["--max-bytes", "0"], "--max-bytes")]
)
def test_out_of_range_value_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], word: str
) -> None:
    assert main(["extract", str(RAW), "--out", str(tmp_path / "out"), *args]) == 2
    assert word in _one_line_error(capsys.readouterr().err)
    assert not (tmp_path / "out").exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"pipeline {__version__}"


def test_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(RAW), "--out", str(out), "--jobs", "1", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""
    assert (out / "monographs.parquet").is_file()  # quiet, but it did run


def test_every_file_becomes_a_monographs_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inp = tmp_path / "in"
    files = {
        "top.md": b"# Top\n\n## Side Effects\n\n* nausea\n",
        "UPPER.MD": b"# Upper\n\n## Side Effects\n\n* rash\n",
        "sub/inner.md": b"# Inner\n\n## Side Effects\n\n* headache\n",
        "sub/deeper/deepest.Md": b"# Deepest\n",
        "sub/empty.md": b"",
        "sub/latin1.md": b"# Caf\xe9\n",
    }
    for rel, data in files.items():
        (inp / rel).parent.mkdir(parents=True, exist_ok=True)
        (inp / rel).write_bytes(data)
    (inp / "notes.txt").write_text("# not a monograph\n")
    (inp / "sub" / "readme.markdown").write_text("# not either\n")
    out = tmp_path / "out"
    assert main(["extract", str(inp), "--out", str(out), "--jobs", "2", "--quiet"]) == 0
    capsys.readouterr()
    mono = pq.read_table(out / "monographs.parquet").to_pylist()
    assert sorted(r["source_path"] for r in mono) == sorted(files)
    assert {r["monograph_id"] for r in mono} == {
        "top",
        "UPPER",
        "sub/inner",
        "sub/deeper/deepest",
        "sub/empty",
        "sub/latin1",
    }
    status = {r["monograph_id"]: r["status"] for r in mono}
    assert status["UPPER"] == "ok"
    assert status["sub/empty"] == "failed"
    assert status["sub/latin1"] == "failed"
    se = pq.read_table(out / "side_effects.parquet").to_pylist()
    assert {r["monograph_id"] for r in se} == {"top", "UPPER", "sub/inner"}


# ---------------------------------------------- issue 16: never replace data by accident


def _args(inp: Path, out: Path | str, *extra: str) -> list[str]:
    return ["extract", str(inp), "--out", str(out), "--jobs", "1", "--quiet", *extra]


def test_empty_input_over_a_published_set_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, empty = tmp_path / "out", tmp_path / "unmounted"
    empty.mkdir()
    assert main(_args(RAW, out)) == 0
    before = {n: (out / f"{n}.parquet").read_bytes() for n in OUTPUT_TABLES}
    capsys.readouterr()
    assert main(_args(empty, out)) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "no monograph files" in line and "--allow-empty" in line
    assert {n: (out / f"{n}.parquet").read_bytes() for n in OUTPUT_TABLES} == before
    assert main(_args(empty, out, "--no-cache")) == 2
    assert main(_args(empty, out, "--allow-empty")) == 0
    assert pq.read_metadata(out / "monographs.parquet").num_rows == 0
    assert main(_args(empty, out)) == 0  # nothing published to lose any more


@pytest.mark.parametrize("name", ["monographs.csv", "manifest.json", "current"])
def test_foreign_file_under_a_published_name_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".gitkeep").write_text("")
    (out / "notes.txt").write_text("mine")
    (out / name).write_text("my own data")
    assert main(_args(RAW, out)) == 2
    assert name in _one_line_error(capsys.readouterr().err)
    assert (out / name).read_text() == "my own data"
    (out / name).unlink()
    assert main(_args(RAW, out)) == 0  # other files and dotfiles may stay
    assert (out / "notes.txt").read_text() == "mine" and (out / ".gitkeep").exists()


def test_dangling_link_and_empty_path_as_out_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "gone"
    link.symlink_to(tmp_path / "nowhere")
    assert main(_args(RAW, link)) == 2
    assert "link to nothing" in _one_line_error(capsys.readouterr().err)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(_args(RAW, "")) == 2
    assert "empty path" in _one_line_error(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written here
