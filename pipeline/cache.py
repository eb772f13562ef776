"""Incremental runs: per-file results kept between runs, keyed by content hash and version.

Layout (default ``OUT/.cache/``, next to the publish layout of ``pipeline.writers``)::

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
Rows of deleted files are simply not taken. A cache that is unreadable,
truncated, of another version or format, or whose files do not match the
digests in ``meta.json`` is discarded (with a warning) and rebuilt; nothing
from it is used. Files are replaced one by one and ``meta.json`` last, so a
run killed mid-write leaves digests that do not match: discarded next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from pipeline.schema import TABLES, arrow_schema

FORMAT = "monograph-pipeline-cache/2"
META = "meta.json"
CACHE_DIR = ".cache"
#: No fingerprint is kept when a file changed this close (ns) to the taking of the keys:
#: a coarse file-system clock (a tick, or FAT's 2 s) can give a later write the same times.
RACY_NS = 3_000_000_000


class CacheInvalid(Exception):
    """Why a cache folder was not trusted."""


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


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def _read_table(path: Path, name: str) -> pa.Table:
    with pa.memory_map(str(path)) as source:
        table = ipc.open_file(source).read_all()
    if not table.schema.equals(arrow_schema(name), check_metadata=True):
        raise CacheInvalid(f"{path.name} has another schema")
    return table


def _index(monographs: pa.Table) -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    cols = [monographs.column(c).to_pylist() for c in ("monograph_id", "source_path", "sha256")]
    for mid, path, sha in zip(*cols, strict=True):
        if sha is not None:  # never read (too large, unreadable...): never a hit
            index[mid] = (path, sha)
    return index


def load(folder: Path, version: str) -> Cache:
    """Load and verify the cache in ``folder``; raises ``CacheInvalid`` (or OSError)."""
    try:
        meta = json.loads((folder / META).read_text("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CacheInvalid(f"{META} is not valid JSON") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CacheInvalid("not a cache of this pipeline (unknown format)")
    if meta.get("extractor_version") != version:
        raise CacheInvalid(f"made by extractor {meta.get('extractor_version')}, this is {version}")
    digests = meta.get("tables")
    if not isinstance(digests, dict) or set(digests) != set(TABLES):
        raise CacheInvalid(f"{META} does not list the tables")
    tables: dict[str, pa.Table] = {}
    for name in TABLES:
        path = folder / f"{name}.arrow"
        if _digest(path) != digests[name]:
            raise CacheInvalid(f"{path.name} does not match its digest (corrupt or half-written)")
        try:
            tables[name] = _read_table(path, name)
        except pa.ArrowException as exc:
            raise CacheInvalid(f"{path.name} is unreadable: {exc}") from exc
    published = meta.get("published")
    record = published if isinstance(published, dict) else {}
    if meta.get("fingerprint") is not None and not isinstance(meta["fingerprint"], str):
        raise CacheInvalid(f"{META} has a malformed fingerprint")
    return Cache(tables, _index(tables["monographs"]), record, meta)


#: The only names a cache folder holds: anything else means the folder is not ours.
_OWN_FILES = frozenset({META, *(f"{name}.arrow" for name in TABLES)})


def is_ours(folder: Path) -> bool:
    """True when ``folder`` is missing, empty, or holds only cache files (and their temps)."""
    if not folder.exists():
        return True
    if folder.is_symlink() or not folder.is_dir():
        return False
    return all(
        p.name in _OWN_FILES or (p.name.startswith(".") and p.name.endswith(".tmp"))
        for p in folder.iterdir()
    )


def open_cache(folder: Path, version: str) -> tuple[Cache | None, str | None]:
    """The cache in ``folder`` if trusted, else ``(None, warning)``; a bad one is removed.

    A folder holding anything but cache files is never read, written or removed
    (``run.validate`` refuses it first).
    """
    if not folder.exists() or not is_ours(folder):
        return None, None
    try:
        return load(folder, version), None
    except (CacheInvalid, OSError) as exc:
        discard(folder)
        return None, f"cache {folder} discarded, full run: {exc}"


def discard(folder: Path) -> None:
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    else:
        shutil.rmtree(folder, ignore_errors=True)


def _replace(path: Path, write: Any) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _write_arrow(table: pa.Table, path: Path) -> None:
    with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def save(
    folder: Path,
    version: str,
    tables: dict[str, pa.Table],
    published: dict[str, Any],
    fingerprint: str | None = None,
) -> None:
    """Store ``tables`` (pre-link rows), the record of what was published from them, and
    the fingerprint of the input files taken before they were read."""
    if not is_ours(folder):
        return  # not a cache folder of ours: never overwrite someone's files
    folder.mkdir(parents=True, exist_ok=True)
    digests: dict[str, str] = {}
    for name in TABLES:
        path = folder / f"{name}.arrow"
        table = tables[name]
        _replace(path, lambda p, t=table: _write_arrow(t, p))
        digests[name] = _digest(path)
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
