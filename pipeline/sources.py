"""Input files: discovery, monograph ids, and safe reading/decoding.

Every file whose name ends in ``.md`` (any case) under the input folder is a
source, whatever it contains. Reading never raises: what goes wrong becomes
a ``Problem`` and the source is still returned, so it still gets its
``monographs`` row.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.issues import IssueCode, Problem

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"
# UTF-32 LE first: it starts with the UTF-16 LE mark.
_WIDE_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a monograph comes from: its id and its path (relative and absolute)."""

    monograph_id: str
    source_path: str  # relative to the input folder, `/`-separated
    abs_path: str
    problems: tuple[Problem, ...] = ()  # what is wrong with the name itself


@dataclass(slots=True)
class Source:
    """A read source: text when decodable, and what went wrong."""

    ref: SourceRef
    sha256: str | None = None
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)


def _display(rel: bytes) -> tuple[str, bool]:
    """A relative path as text, and whether it was UTF-8. Otherwise its backslashes are
    doubled and each undecodable byte is written ``\\xNN``: escaped reversibly, never lost."""
    try:
        return rel.decode("utf-8"), True
    except UnicodeDecodeError:
        return rel.replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace"), False


def _strip_md(rel: str) -> str:
    """The id of a path: without ``.md``, unless nothing would be left of the file's name."""
    stem = rel[:-3] if rel.lower().endswith(".md") else rel
    return rel if stem.endswith("/") or not stem else stem


def discover(root: Path) -> list[SourceRef]:
    """All ``*.md`` files under ``root`` (sub-folders too), sorted, with unique ids.

    Symlinked folders are not descended (no loops, nothing outside the
    input); symlinked files are listed and checked when read. A sub-folder
    that cannot be listed becomes a source of its own (id ending in ``/``), so
    the loss is reported instead of silently skipped.
    """
    root_b = os.fsencode(root)
    found: list[tuple[str, str]] = []
    undecodable: set[str] = set()
    unlisted: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root_b, onerror=unlisted.append, followlinks=False):
        dirnames.sort()
        # one relpath per folder, not per file (it was most of a no-op rerun's listing)
        rel_dir = os.path.relpath(dirpath, root_b)
        prefix = b"" if rel_dir == b"." else rel_dir + os.sep.encode()
        for name in filenames:
            if not name.lower().endswith(b".md"):
                continue
            rel, utf8 = _display(prefix + name)
            location = os.fsdecode(os.path.join(dirpath, name))
            if not utf8:
                undecodable.add(location)
            found.append((rel.replace(os.sep, "/"), location))
    for err in unlisted:
        where = os.fsencode(err.filename) if err.filename is not None else root_b
        rel_b = os.path.relpath(where, root_b)
        if rel_b == b".":
            raise UsageError(f"cannot list the input folder {root}: {err.strerror or err}")
        rel = _display(rel_b)[0].replace(os.sep, "/") + "/"
        found.append((rel, os.fsdecode(where)))
    return assign_ids(found, undecodable)


def assign_ids(
    found: list[tuple[str, str]], undecodable: set[str] | None = None
) -> list[SourceRef]:
    """(relative path, location) pairs -> sources sorted by path, with unique ids.

    The id is the path without ``.md``, in Unicode NFC; when two files would share
    one (``a.md`` and ``a.MD``, or one name spelt NFC and NFD), the later keeps its
    extension (then ``#2``, ``#3``...). Ids that are equal after NFC or case
    folding (one file on a case-insensitive file system) are reported on every
    file concerned (``id_collision``), as are names that are not UTF-8
    (``undecodable`` locations: escaped by ``_display``) and names with nothing
    before ``.md``.
    """
    undecodable = undecodable or set()
    entries: list[tuple[str, str, str, list[Problem]]] = []
    used: set[str] = set()
    for rel, location in sorted(found):
        mid = _nfc(_strip_md(rel))
        if mid in used:
            mid, n = _nfc(rel), 2
            while mid in used:
                mid, n = f"{_nfc(rel)}#{n}", n + 1
        used.add(mid)
        entries.append((mid, rel, location, _name_problems(rel, mid, location in undecodable)))
    groups: dict[str, list[int]] = {}
    for i, (_, rel, _, _) in enumerate(entries):
        groups.setdefault(_nfc(_strip_md(rel)).casefold(), []).append(i)
    for members in groups.values():
        if len(members) > 1:
            names = ", ".join(entries[i][1] for i in members)
            for i in members:
                entries[i][3].append(
                    Problem(
                        IssueCode.id_collision,
                        f"file names that differ only in case, Unicode form or extension "
                        f"({names}): one file on a case-insensitive system; ids kept apart",
                    )
                )
    return [SourceRef(mid, rel, loc, tuple(problems)) for mid, rel, loc, problems in entries]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _name_problems(rel: str, mid: str, undecodable: bool) -> list[Problem]:
    problems: list[Problem] = []
    if undecodable:
        problems.append(
            Problem(
                IssueCode.name_not_utf8,
                "file name is not UTF-8: its undecodable bytes are written \\xNN "
                "(and its backslashes doubled) in source_path and monograph_id",
            )
        )
    if rel.rsplit("/", 1)[-1].lower() == ".md":
        problems.append(
            Problem(IssueCode.empty_name, f"file name has nothing before .md: its id is {mid}")
        )
    return problems


def read_source(ref: SourceRef, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read and decode one file; problems are recorded, never raised."""
    src = Source(ref, problems=list(ref.problems))
    try:
        data = _read_bytes(ref, root, max_bytes, src)
    except OSError as exc:
        src.problems.append(
            Problem(IssueCode.unreadable_file, f"cannot read file: {exc.strerror or exc}")
        )
        return src
    if data is None:
        return src
    src.sha256 = hashlib.sha256(data).hexdigest()
    decode_into(src, data)
    return src


def _refuse(src: Source, code: IssueCode, message: str) -> None:
    src.problems.append(Problem(code, message))


def _read_bytes(ref: SourceRef, root: Path, max_bytes: int, src: Source) -> bytes | None:
    path = ref.abs_path
    st = os.lstat(path)
    if stat.S_ISDIR(st.st_mode):
        _refuse(src, IssueCode.unreadable_folder, "folder cannot be listed; its files are not read")
        return None
    if stat.S_ISLNK(st.st_mode):
        real = os.path.realpath(path)
        root_real = os.path.realpath(root)
        if os.path.commonpath([real, root_real]) != root_real:
            _refuse(
                src,
                IssueCode.symlink_outside_input,
                "symbolic link points outside the input folder; not followed",
            )
            return None
        path = real
    # O_NOFOLLOW: a file swapped for a link after the check is not followed;
    # O_NONBLOCK: a FIFO or device never blocks the open; fstat decides on the
    # opened file itself, so nothing can be swapped between check and read.
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            _refuse(src, IssueCode.unreadable_file, "not a regular file; not read")
            return None
        if st.st_size > max_bytes:
            _refuse(
                src,
                IssueCode.too_large,
                f"file is {st.st_size} bytes, over the {max_bytes}-byte cap (--max-bytes); "
                "not read",
            )
            return None
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:  # read to EOF, at most one byte past the cap
            chunk = os.read(fd, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:  # grew while we looked
        _refuse(src, IssueCode.too_large, f"file is over the {max_bytes}-byte cap; not read")
        return None
    return data


def decode_into(src: Source, data: bytes) -> None:
    """Decode ``data`` as UTF-8 (BOM removed) into ``src.text``, or record why not."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    elif data.startswith(_WIDE_BOMS):
        src.problems.append(
            Problem(
                IssueCode.not_utf8,
                "file is UTF-16 or UTF-32 (byte-order mark), not UTF-8; not read",
                1,
            )
        )
        return
    if b"\x00" in data:
        src.problems.append(
            Problem(IssueCode.binary_file, "file contains NUL bytes: binary, not markdown")
        )
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        src.problems.append(
            Problem(
                IssueCode.not_utf8,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); not read",
                line,
            )
        )
        return
    if not text.strip():
        src.problems.append(Problem(IssueCode.empty_file, "file is empty or blank"))
        return
    src.text = text
