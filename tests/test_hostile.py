"""A hostile input folder end to end: lenient exit 0, every .md accounted for, right codes."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from support import RAW

from pipeline.cli import main
from pipeline.process import process_source
from pipeline.sources import Source, SourceRef, decode_into

SAMPLE = (RAW / "a" / "acmezolam.md").read_bytes()
GOOD = b"---\ntitle: Good\nndc: 00023227\n---\n# Good\n\n## Side Effects\n\n* nausea\n"
DEEP = b"# Deep\n\n## Side Effects\n\n" + b"".join(b"  " * i + b"* a\n" for i in range(30))
MAX_BYTES = 8192

#: relative path -> (content, issue codes that must be reported)
CASES: dict[str, tuple[bytes, set[str]]] = {
    "good.md": (GOOD, set()),
    "UPPER.MD": (GOOD, set()),
    "deep/er/nested.Md": (GOOD, set()),
    "name with spaces.md": (GOOD, set()),
    "unicodé 药 ñ.md": (GOOD, set()),
    "rtl\u202etxt.md": (GOOD, set()),
    "mark\u200f.md": (GOOD, set()),
    "=cmd|' /C calc'!A0.md": (GOOD, set()),
    "-rf.md": (GOOD, set()),
    "..md": (GOOD, set()),
    "crlf.md": (GOOD.replace(b"\n", b"\r\n"), set()),
    "bom.md": (b"\xef\xbb\xbf" + GOOD, set()),
    "latin1.md": ("# Drüg\n".encode("latin-1"), {"not_utf8"}),
    "utf16.md": ("# Drug\n".encode("utf-16"), {"not_utf8"}),
    "empty.md": (b"", {"empty_file"}),
    "blank.md": (b"  \n\t\n\n", {"empty_file"}),
    "binary.md": (b"# T\n\x00\x00\xff", {"binary_file"}),
    "big.md": (b"# Big\n" + b"x" * MAX_BYTES, {"too_large"}),
    "no_title.md": (b"## Side Effects\n\n* nausea\n", {"no_title"}),
    "no_sections.md": (b"# Drug\n\nJust prose.\n", {"no_sections"}),
    "fm_unterminated.md": (b"---\ntitle: T\n# Drug\n", {"front_matter_unterminated"}),
    "fm_invalid.md": (b"---\ntitle: [x\n---\n# Drug\n", {"bad_front_matter"}),
    "fm_list.md": (b"---\n- a\n---\n# Drug\n", {"front_matter_not_mapping"}),
    "fm_tag.md": (
        b"---\nx: !!python/object/apply:os.system ['touch PWNED']\n---\n# Drug\n",
        {"front_matter_tag"},
    ),
    "fm_bomb.md": (
        b"---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n# Drug\n",
        {"front_matter_alias_bomb"},
    ),
    "fm_title_path.md": (b"---\ntitle: ../../../escape\n---\nprose\n", set()),
    "fm_ndc_title.md": (b"---\ntitle: 00023227\n---\n## Side Effects\n\n* rash\n", set()),
    "deep.md": (DEEP, {"truncated_nesting"}),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    base = tmp_path_factory.mktemp("hostile")
    inp, out, outside = base / "in", base / "out", base / "outside"
    outside.mkdir()
    (outside / "secret.md").write_bytes(b"# Secret\n")
    for rel, (data, _) in CASES.items():
        path = inp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (inp / "bad\udcff.md").write_bytes(GOOD)  # file name that is not UTF-8
    os.symlink(outside / "secret.md", inp / "link_out.md")
    os.symlink("good.md", inp / "link_in.md")
    os.symlink("gone.md", inp / "link_broken.md")
    os.symlink(outside, inp / "linked_folder")
    os.mkfifo(inp / "fifo.md")
    (inp / "notes.txt").write_bytes(GOOD)
    (inp / "folder.md").mkdir()
    cwd = os.getcwd()
    os.chdir(base)  # a constructed tag would `touch PWNED` here
    try:
        code = main(
            [
                "extract",
                str(inp),
                "--out",
                str(out),
                "--jobs",
                "2",
                "--quiet",
                "--max-bytes",
                str(MAX_BYTES),
            ]
        )
    finally:
        os.chdir(cwd)
    return base, out, code


def _issues_by_path(out: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in pq.read_table(out / "issues.parquet").to_pylist():
        found.setdefault(row["source_path"], set()).add(row["code"])
    return found


def test_lenient_run_exits_zero(hostile: tuple[Path, Path, int]) -> None:
    assert hostile[2] == 0


def test_every_md_file_has_one_monographs_row(hostile: tuple[Path, Path, int]) -> None:
    _, out, _ = hostile
    paths = pq.read_table(out / "monographs.parquet").column("source_path").to_pylist()
    expected = set(CASES) | {
        "bad\\xff.md",
        "link_out.md",
        "link_in.md",
        "link_broken.md",
        "fifo.md",
    }
    assert sorted(paths) == sorted(expected)


@pytest.mark.parametrize("rel", sorted(CASES))
def test_right_issue_codes(hostile: tuple[Path, Path, int], rel: str) -> None:
    found = _issues_by_path(hostile[1]).get(rel, set())
    expected = CASES[rel][1]
    assert expected <= found
    if not expected:
        assert found <= {"no_title", "no_sections", "no_side_effects_section"}


def test_link_and_fifo_codes(hostile: tuple[Path, Path, int]) -> None:
    found = _issues_by_path(hostile[1])
    assert found["link_out.md"] == {"symlink_outside_input"}
    assert found["link_broken.md"] == {"unreadable_file"}
    assert found["fifo.md"] == {"unreadable_file"}
    assert "link_in.md" not in found


def test_statuses(hostile: tuple[Path, Path, int]) -> None:
    rows = pq.read_table(hostile[1] / "monographs.parquet").to_pylist()
    status = {r["source_path"]: r["status"] for r in rows}
    assert status["good.md"] == "ok" and status["crlf.md"] == "ok"
    assert status["latin1.md"] == "failed" and status["big.md"] == "failed"
    assert status["fm_tag.md"] == "partial" and status["deep.md"] == "partial"


def test_yaml_values_stay_strings(hostile: tuple[Path, Path, int]) -> None:
    rows = pq.read_table(hostile[1] / "monographs.parquet").to_pylist()
    titles = {r["source_path"]: r["title"] for r in rows}
    assert titles["fm_ndc_title.md"] == "00023227"


def test_nothing_written_outside_out_and_nothing_executed(hostile: tuple[Path, Path, int]) -> None:
    base, out, _ = hostile
    assert sorted(p.name for p in base.iterdir()) == ["in", "out", "outside"]
    assert not (base / "PWNED").exists()
    assert sorted(p.name for p in (base / "outside").iterdir()) == ["secret.md"]
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve())


def test_strict_mode_fails_and_publishes_nothing(
    hostile: tuple[Path, Path, int], tmp_path: Path
) -> None:
    _, out, _ = hostile
    before = os.readlink(out / "current")
    args = ["extract", str(hostile[0] / "in"), "--jobs", "1", "--quiet", "--strict", "--no-cache"]
    assert main([*args, "--out", str(out)]) == 4
    assert os.readlink(out / "current") == before
    fresh = tmp_path / "fresh"
    assert main([*args, "--out", str(fresh)]) == 4
    assert not (fresh / "current").exists()


def test_rerun_with_cache_accounts_for_every_file(hostile: tuple[Path, Path, int]) -> None:
    base, out, _ = hostile
    args = ["extract", str(base / "in"), "--out", str(out), "--jobs", "1", "--quiet"]
    assert main([*args, "--max-bytes", str(MAX_BYTES)]) == 0


def test_strict_mode_passes_clean_input(tmp_path: Path) -> None:
    assert (
        main(
            [
                "extract",
                str(RAW),
                "--out",
                str(tmp_path / "o"),
                "--quiet",
                "--strict",
                "--jobs",
                "1",
            ]
        )
        == 0
    )


def _rows(data: bytes) -> dict[str, list[dict[str, object]]]:
    src = Source(SourceRef("m", "m.md", "m.md"))
    decode_into(src, data)
    result = process_source(src)
    tables = result.tables()
    tables["monographs"] = [{k: v for k, v in result.monograph.items() if k != "sha256"}]
    return tables


@pytest.mark.parametrize("path", sorted(RAW.rglob("*.md")), ids=lambda p: p.stem)
def test_crlf_and_bom_parse_like_plain(path: Path) -> None:
    plain = path.read_bytes().replace(b"\r\n", b"\n")
    expected = _rows(plain)
    assert expected["monographs"][0]["status"] == "ok"
    assert _rows(plain.replace(b"\n", b"\r\n")) == expected
    assert _rows(b"\xef\xbb\xbf" + plain) == expected
    assert _rows(b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")) == expected


def test_sample_has_rows_to_compare() -> None:
    assert len(_rows(SAMPLE)["side_effects"]) > 3
