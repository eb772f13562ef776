"""Discovery and safe reading: every .md file is a source, every failure a problem."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import UsageError
from pipeline.issues import IssueCode
from pipeline.sources import Source, SourceRef, decode_into, discover, read_source


def _codes(src: Source) -> list[IssueCode]:
    return [p.code for p in src.problems]


def _write(root: Path, rel: str, data: bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _read(root: Path, rel: str, max_bytes: int = 1 << 20) -> Source:
    (ref,) = [r for r in discover(root) if r.source_path == rel]
    return read_source(ref, root, max_bytes)


def test_discover_every_md_any_case_any_depth(tmp_path: Path) -> None:
    for rel in ["a.md", "B.MD", "x/y/z/c.Md", "skip.txt", "x/d.md.bak", "sp ace é.md"]:
        _write(tmp_path, rel, b"# T\n")
    (tmp_path / "folder.md").mkdir()  # a folder named *.md is not a file
    refs = discover(tmp_path)
    assert [r.source_path for r in refs] == ["B.MD", "a.md", "sp ace é.md", "x/y/z/c.Md"]
    assert [r.monograph_id for r in refs] == ["B", "a", "sp ace é", "x/y/z/c"]


def test_discover_ids_unique_when_only_case_of_extension_differs(tmp_path: Path) -> None:
    for rel in ["a.md", "a.MD", "a.mD"]:
        _write(tmp_path, rel, b"# T\n")
    ids = [r.monograph_id for r in discover(tmp_path)]
    assert len(ids) == len(set(ids)) == 3
    assert "a" in ids


def test_discover_does_not_descend_symlinked_folders(tmp_path: Path) -> None:
    root, outside = tmp_path / "in", tmp_path / "outside"
    _write(outside, "secret.md", b"# S\n")
    _write(root, "a.md", b"# A\n")
    os.symlink(outside, root / "linked")
    os.symlink(root, root / "loop")
    assert [r.source_path for r in discover(root)] == ["a.md"]


def test_discover_reports_unlistable_subfolder(tmp_path: Path, monkeypatch: Any) -> None:
    _write(tmp_path, "ok.md", b"# A\n")
    _write(tmp_path, "locked/hidden.md", b"# H\n")
    real_scandir = os.scandir
    locked = os.fsencode(tmp_path / "locked")

    def scandir(path: Any) -> Any:
        if os.fsencode(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    refs = discover(tmp_path)
    assert [r.source_path for r in refs] == ["locked/", "ok.md"]
    monkeypatch.undo()
    src = read_source(refs[0], tmp_path)
    assert _codes(src) == [IssueCode.unreadable_folder]


def test_discover_unlistable_root_is_a_usage_error(tmp_path: Path, monkeypatch: Any) -> None:
    def scandir(path: Any) -> Any:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(UsageError):
        discover(tmp_path)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", IssueCode.empty_file),
        (b" \n\t\r\n  \n", IssueCode.empty_file),
        (b"\xef\xbb\xbf", IssueCode.empty_file),
        (b"# T\n\x00\x01\x02", IssueCode.binary_file),
        ("# Drüg\n".encode("latin-1"), IssueCode.not_utf8),
        ("# Drug\n".encode("utf-16"), IssueCode.not_utf8),
        ("# Drug\n".encode("utf-32"), IssueCode.not_utf8),
        (b"# ok\n\xc3", IssueCode.not_utf8),  # truncated multi-byte sequence
    ],
)
def test_undecodable_content_is_a_problem_and_no_text(data: bytes, code: IssueCode) -> None:
    src = Source(SourceRef("x", "x.md", "x.md"))
    decode_into(src, data)
    assert _codes(src) == [code]
    assert src.text is None


def test_not_utf8_reports_line_of_bad_byte() -> None:
    src = Source(SourceRef("x", "x.md", "x.md"))
    decode_into(src, b"# T\n\nok\ncaf\xe9\n")
    assert src.problems[0].line == 4


def test_bom_is_removed_and_text_kept(tmp_path: Path) -> None:
    _write(tmp_path, "b.md", b"\xef\xbb\xbf# Title\n")
    src = _read(tmp_path, "b.md")
    assert src.problems == []
    assert src.text == "# Title\n"
    assert src.sha256 is not None


def test_size_cap(tmp_path: Path) -> None:
    _write(tmp_path, "big.md", b"# T\n" + b"a" * 200)
    _write(tmp_path, "fits.md", b"# T\n" + b"a" * 96)
    big = _read(tmp_path, "big.md", max_bytes=100)
    assert _codes(big) == [IssueCode.too_large] and big.text is None and big.sha256 is None
    assert _read(tmp_path, "fits.md", max_bytes=100).text is not None


def test_symlinks(tmp_path: Path) -> None:
    root, outside = tmp_path / "in", tmp_path / "outside"
    secret = _write(outside, "secret.md", b"# Secret\n")
    _write(root, "real.md", b"# Real\n")
    os.symlink(secret, root / "out.md")
    os.symlink("real.md", root / "in.md")
    os.symlink("../" * 10 + "etc/passwd", root / "passwd.md")
    os.symlink("missing.md", root / "broken.md")
    os.symlink("loop.md", root / "loop.md")
    out = _read(root, "out.md")
    assert _codes(out) == [IssueCode.symlink_outside_input] and out.text is None
    assert _read(root, "in.md").text == "# Real\n"
    assert _codes(_read(root, "passwd.md")) == [IssueCode.symlink_outside_input]
    assert _codes(_read(root, "broken.md")) == [IssueCode.unreadable_file]
    assert _codes(_read(root, "loop.md")) == [IssueCode.unreadable_file]


def test_fifo_is_not_opened_for_blocking_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    src = _read(tmp_path, "pipe.md")  # would hang forever if the FIFO were read
    assert _codes(src) == [IssueCode.unreadable_file]


def test_odd_file_names_keep_their_bytes_visible(tmp_path: Path) -> None:
    names = [
        b"rtl\xe2\x80\xaeevil.md",
        b"mark\xe2\x80\x8f.md",
        b"bad\xff.md",
        b"-rf.md",
        b"=1+2.md",
    ]
    for name in names:
        (tmp_path / os.fsdecode(name)).write_bytes(b"# T\n")
    refs = discover(tmp_path)
    assert len(refs) == len(names)
    assert "bad\\xff" in [r.monograph_id for r in refs]  # undecodable byte escaped, not lost
    for ref in refs:
        assert read_source(ref, tmp_path).text == "# T\n"


# --------------------------------------------------------- issue 16: file names


def _by_path(root: Path) -> dict[str, SourceRef]:
    return {ref.source_path: ref for ref in discover(root)}


def _name_codes(ref: SourceRef) -> list[IssueCode]:
    return [p.code for p in ref.problems]


def test_ids_are_nfc_and_spellings_that_collide_are_kept_and_reported(tmp_path: Path) -> None:
    nfc, nfd = "caf\u00e9", "cafe\u0301"
    (tmp_path / f"{nfd}.md").write_text("# D\n")
    alone = discover(tmp_path)
    assert [r.monograph_id for r in alone] == [nfc] and not alone[0].problems
    (tmp_path / f"{nfc}.md").write_text("# C\n")
    (tmp_path / "Aspirin.md").write_text("# A\n")
    (tmp_path / "aspirin.md").write_text("# a\n")
    refs = _by_path(tmp_path)
    assert len(refs) == 4 and len({r.monograph_id for r in refs.values()}) == 4
    assert {refs[f"{nfc}.md"].monograph_id, refs[f"{nfd}.md"].monograph_id} == {nfc, f"{nfc}.md"}
    for ref in refs.values():
        assert _name_codes(ref) == [IssueCode.id_collision], ref
    assert all(unicodedata.is_normalized("NFC", r.monograph_id) for r in refs.values())


def test_names_that_are_not_utf8_are_reported_and_never_share_an_id(tmp_path: Path) -> None:
    (tmp_path / os.fsdecode(b"dose\xff.md")).write_text("# Bad\n")
    (tmp_path / "dose\\xff.md").write_text("# Backslash\n")  # the escape, spelt literally
    (tmp_path / os.fsdecode(b"a\\b\xfe.md")).write_text("# Both\n")
    refs = discover(tmp_path)
    ids = [r.monograph_id for r in refs]
    assert len(set(ids)) == 3
    bad = next(r for r in refs if r.abs_path.endswith(os.fsdecode(b"dose\xff.md")))
    both = next(r for r in refs if r.abs_path.endswith(os.fsdecode(b"a\\b\xfe.md")))
    assert IssueCode.name_not_utf8 in _name_codes(bad)
    assert both.source_path == "a\\\\b\\xfe.md"  # reversible: backslashes doubled
    assert _name_codes(both) == [IssueCode.name_not_utf8]
    literal = next(r for r in refs if r.abs_path.endswith("dose\\xff.md"))
    assert IssueCode.name_not_utf8 not in _name_codes(literal)
    assert read_source(bad, tmp_path).text == "# Bad\n"


def test_empty_stem_is_reported_and_gets_an_id(tmp_path: Path) -> None:
    (tmp_path / ".md").write_text("# Hidden\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".MD").write_text("# Hidden too\n")
    refs = _by_path(tmp_path)
    assert refs[".md"].monograph_id == ".md" and refs["sub/.MD"].monograph_id == "sub/.MD"
    for ref in refs.values():
        assert _name_codes(ref) == [IssueCode.empty_name]
        assert read_source(ref, tmp_path).problems[0].code is IssueCode.empty_name
