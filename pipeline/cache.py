"""Incremental runs: per-file results kept between runs, keyed by content hash and version.

Layout (default ``OUT/.cache/``, next to the publish layout of ``pipeline.writers``)::

    CACHEDIR.TAG       the marker: this folder was made by the pipeline (backup tools skip it)
    meta.json          format, extractor version, SHA-256 of each table file, last publish
    <table>.arrow      the previous run's rows, before cross-file linking (Arrow IPC)

A file's rows are reused when the file has the same id and path and the
SHA-256 of its bytes equals the one its rows were extracted from, under the
same ``run.extractor_version()`` (package, schema, lexicons and the
pipeline's own source code): any change to the code re-extracts everything.
Like git's index, ``meta.json`` also keeps a fingerprint of the input
files' ``lstat`` keys (size, mtime, ctime, inode, device), taken before they
were read: when a rerun takes the same fingerprint, no file is hashed again.
No fingerprint is kept when a file's times fall within ``RACY_NS`` of when
the keys were taken (a write in the same clock tick might not show).
Rows of deleted files are simply not taken.

Every cache file is read once, and its digest is checked on the bytes read
(never by path and then reopened: a file swapped in between would be
trusted); a save digests the bytes it writes. A cache that is unreadable,
truncated, of another version or format, or whose files do not match the
digests in ``meta.json`` is discarded (with a warning) and rebuilt; nothing
from it is used. Files are replaced one by one and ``meta.json`` last, so a
run killed mid-write leaves digests that do not match: discarded next time.

A folder is used as a cache only when it is new, empty, or holds the
pipeline's marker; only the file names below are ever written or removed in
it, and anything under those names that is not a regular file is refused
without being opened (a FIFO or a link to ``/dev/zero`` would hang a read).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import stat
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from pipeline.issues import NAME_CODES
from pipeline.schema import TABLES, arrow_schema

FORMAT = "monograph-pipeline-cache/3"
#: Formats of earlier versions: their folders are adopted (marked) rather than refused.
_FORMAT_PREFIX = "monograph-pipeline-cache/"
META = "meta.json"
CACHE_DIR = ".cache"
#: The marker (the Cache Directory Tagging Specification's file, with a line of our own).
MARKER = "CACHEDIR.TAG"
_MARKER_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is a cache made by monograph-pipeline; it can be deleted.\n"
)
#: No fingerprint is kept when a file changed this close (ns) to the taking of the keys:
#: a coarse file-system clock (a tick, or FAT's 2 s) can give a later write the same times.
RACY_NS = 3_000_000_000
_T = TypeVar("_T")


class CacheInvalid(Exception):
    """Why a cache folder's contents were not trusted (discarded and rebuilt)."""


class CacheRefused(Exception):
    """Why a folder is not used as a cache at all (nothing in it is read, written or removed)."""


@dataclass
class Cache:
    """A loaded, verified cache."""

    tables: dict[str, pa.Table]
    #: monograph_id -> (source_path, sha256) of every cached file.
    index: dict[str, tuple[str, str]]
    #: What the last publish from these rows was (see ``run._published_record``).
    published: dict[str, Any] = field(default_factory=dict)
    #: ``meta.json`` as loaded and verified: it binds the table digests to these rows.
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str | None:
        """Fingerprint of the input files' ``lstat`` keys before they were read (see
        ``run._fingerprint``); None when a file was too fresh to trust its key."""
        value = self.meta.get("fingerprint")
        return value if isinstance(value, str) else None

    def take(self, mids: list[str]) -> dict[str, pa.Table]:
        """The cached rows of ``mids`` (still sorted by primary key)."""
        if len(mids) == len(self.index) == self.tables["monographs"].num_rows:
            return dict(self.tables)  # every cached file hit, none unindexed: all rows, no copy
        keep = pa.array(mids, pa.string())
        return {
            name: t.filter(pc.is_in(t.column("monograph_id"), value_set=keep))
            for name, t in self.tables.items()
        }


def _read_regular(path: Path) -> bytes:
    """The bytes of ``path``, read once; refused unopened unless a regular file.

    ``O_NOFOLLOW`` and ``O_NONBLOCK``: a link or a FIFO swapped in after any check
    is neither followed nor waited on; ``fstat`` decides on the opened file itself.
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise CacheInvalid(f"{path.name} cannot be opened: {exc.strerror or exc}") from exc
    with open(fd, "rb", closefd=True) as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise CacheInvalid(f"{path.name} is not a regular file; not read")
        return fh.read()


def _read_table(path: Path, name: str, digest: object) -> pa.Table:
    """The table in ``path``, from the very bytes whose digest was checked."""
    data = _read_regular(path)
    if hashlib.sha256(data).hexdigest() != digest:
        raise CacheInvalid(f"{path.name} does not match its digest (corrupt or half-written)")
    try:
        table = ipc.open_file(pa.BufferReader(data)).read_all()
    except pa.ArrowException as exc:
        raise CacheInvalid(f"{path.name} is unreadable: {exc}") from exc
    if not table.schema.equals(arrow_schema(name), check_metadata=True):
        raise CacheInvalid(f"{path.name} has another schema")
    return table


def _index(monographs: pa.Table, issues: pa.Table) -> dict[str, tuple[str, str]]:
    """Files whose rows may be reused. Not those never read (too large, unreadable...)
    nor those with a name issue: it depends on the other files' names, not on the bytes."""
    named = pc.is_in(
        issues.column("code").cast(pa.string()), value_set=pa.array([c.value for c in NAME_CODES])
    )
    renamed = set(issues.filter(named).column("monograph_id").to_pylist())
    index: dict[str, tuple[str, str]] = {}
    cols = [monographs.column(c).to_pylist() for c in ("monograph_id", "source_path", "sha256")]
    for mid, path, sha in zip(*cols, strict=True):
        if sha is not None and mid not in renamed:
            index[mid] = (path, sha)
    return index


def load(folder: Path, version: str) -> Cache:
    """Load and verify the cache in ``folder``; raises ``CacheInvalid``."""
    try:
        meta = json.loads(_read_regular(folder / META).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CacheInvalid(f"{META} is not valid JSON") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CacheInvalid("not a cache of this pipeline (unknown format)")
    if meta.get("extractor_version") != version:
        raise CacheInvalid(f"made by extractor {meta.get('extractor_version')}, this is {version}")
    digests = meta.get("tables")
    if not isinstance(digests, dict) or set(digests) != set(TABLES):
        raise CacheInvalid(f"{META} does not list the tables")
    tables = {name: _read_table(folder / f"{name}.arrow", name, digests[name]) for name in TABLES}
    published = meta.get("published")
    record = published if isinstance(published, dict) else {}
    if meta.get("fingerprint") is not None and not isinstance(meta["fingerprint"], str):
        raise CacheInvalid(f"{META} has a malformed fingerprint")
    return Cache(tables, _index(tables["monographs"], tables["issues"]), record, meta)


#: The only names the pipeline writes in a cache folder (besides its temporaries).
_OWN_FILES = frozenset({META, *(f"{name}.arrow" for name in TABLES)})


def _is_temp(name: str) -> bool:
    """A temporary file of ``_replace`` (``.<own name>.<32 hex digits>.tmp``), and no other."""
    own, _, token = name.removeprefix(".").removesuffix(".tmp").rpartition(".")
    return (
        name.startswith(".")
        and name.endswith(".tmp")
        and own in _OWN_FILES | {MARKER}
        and len(token) == 32
        and all(c in "0123456789abcdef" for c in token)
    )


def _marked(folder: Path) -> bool:
    try:
        return _read_regular(folder / MARKER).decode("utf-8", "replace") == _MARKER_TEXT
    except CacheInvalid:
        return False


def _legacy(folder: Path, names: list[str]) -> bool:
    """A cache an earlier version made (before the marker): only its names, its format."""
    if META not in names or not all(n in _OWN_FILES or _is_temp(n) for n in names):
        return False
    try:
        meta = json.loads(_read_regular(folder / META).decode("utf-8"))
    except (CacheInvalid, ValueError, UnicodeDecodeError):
        return False
    return isinstance(meta, dict) and str(meta.get("format", "")).startswith(_FORMAT_PREFIX)


def check_folder(folder: Path) -> None:
    """Raise ``CacheRefused`` unless ``folder`` may be used as a cache: missing, empty,
    marked by the pipeline (or a cache of an earlier version), with nothing but regular
    files under the names the pipeline writes there."""
    try:
        st = folder.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise CacheRefused(f"cannot be read: {exc.strerror or exc}") from exc
    if not stat.S_ISDIR(st.st_mode):
        raise CacheRefused(
            "is not a folder" + (" (a symbolic link)" if folder.is_symlink() else "")
        )
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise CacheRefused(f"cannot be read: {exc.strerror or exc}") from exc
    if names and not _marked(folder) and not _legacy(folder, names):
        raise CacheRefused(
            f"was not made by this pipeline (no {MARKER} of its own) and is not empty; "
            "give a new or empty folder"
        )
    for name in sorted(_OWN_FILES & set(names)):
        if not stat.S_ISREG(os.lstat(folder / name).st_mode):
            raise CacheRefused(f"holds {name}, which is not a regular file; remove it")


def prepare(folder: Path) -> None:
    """Create ``folder`` (checked by ``check_folder``) with the marker, if not there yet."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _marked(folder):
        _replace(folder / MARKER, lambda p: p.write_text(_MARKER_TEXT, "utf-8"))


def open_cache(folder: Path, version: str) -> tuple[Cache | None, str | None]:
    """The cache in ``folder`` if trusted, else ``(None, why)``; an untrusted one is
    discarded. The caller has refused any folder ``check_folder`` refuses."""
    if not (folder / META).exists():
        return None, None
    try:
        return load(folder, version), None
    except CacheInvalid as exc:
        discard(folder)
        return None, str(exc)


def discard(folder: Path) -> None:
    """Remove the cache's own files (``meta.json`` first): never anything else."""
    with contextlib.suppress(OSError):
        for name in [META, *sorted(_OWN_FILES - {META}), *os.listdir(folder)]:
            path = folder / name
            if (name in _OWN_FILES or _is_temp(name)) and path.is_file() and not path.is_symlink():
                path.unlink(missing_ok=True)


def _replace(path: Path, write: Callable[[Path], _T]) -> _T:
    """Write a temporary file with ``write`` and rename it to ``path``; what ``write`` gave."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        result = write(tmp)
        os.replace(tmp, path)
        return result
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class _Hashing(io.RawIOBase):
    """A sink that digests every byte on its way to the file: the digest of what was written."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.sha = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.sha.update(data)
        return int(self.fh.write(data))


def _write_arrow(table: pa.Table, path: Path) -> str:
    """Write ``table`` to ``path``; the SHA-256 of the bytes written."""
    with open(path, "xb") as fh:
        sink = _Hashing(fh)
        with pa.PythonFile(sink, mode="w") as out, ipc.new_file(out, table.schema) as writer:
            writer.write_table(table)
    return sink.sha.hexdigest()


def save(
    folder: Path,
    version: str,
    tables: dict[str, pa.Table],
    published: dict[str, Any],
    fingerprint: str | None = None,
) -> None:
    """Store ``tables`` (pre-link rows), the record of what was published from them, and
    the fingerprint of the input files taken before they were read. The digests are of
    the bytes written: a file swapped in afterwards does not match them."""
    prepare(folder)
    digests: dict[str, str] = {}
    for name in TABLES:
        digests[name] = _replace(folder / f"{name}.arrow", partial(_write_arrow, tables[name]))
    meta = {
        "format": FORMAT,
        "extractor_version": version,
        "tables": digests,
        "published": published,
        "fingerprint": fingerprint,
    }
    _write_meta(folder, meta)


def remember_fingerprint(folder: Path, cached: Cache, fingerprint: str) -> None:
    """Record the inputs' fingerprint after a rerun found (by hashing) that ``cached``
    answers for every file, so that the next one need not hash.

    The fingerprint goes into the ``meta.json`` that was loaded, never into the one on
    disk now: another run may have saved its own rows since, and its tables then no
    longer match the digests written here, so that cache is discarded, not trusted.
    """
    _write_meta(folder, {**cached.meta, "fingerprint": fingerprint})


def _write_meta(folder: Path, meta: dict[str, Any]) -> None:
    text = json.dumps(meta, indent=2, sort_keys=True) + "\n"
    _replace(folder / META, lambda p: p.write_text(text, "utf-8"))
