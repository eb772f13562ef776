"""Inputs named by URL (any fsspec filesystem), and content hashes for the cache.

Local folders keep going through ``pipeline.sources`` unchanged. A URL input
(``s3://bucket/monographs``, ``memory://corpus``...) is listed once by the
client and read by whichever worker processes each file; ids follow the
same rules as ``sources.discover`` (path without ``.md``, ``/``-separated).
fsspec is imported only when a URL is used (it comes with the ``dask`` extra).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError
from pipeline.issues import IssueCode, Problem
from pipeline.sources import Source, SourceRef, assign_ids, decode_into, read_source

_URL = re.compile(r"\A[A-Za-z][A-Za-z0-9+.\-]*://")


def is_url(location: str) -> bool:
    return _URL.match(location) is not None


def _fs(url: str) -> tuple[Any, str]:
    try:
        from fsspec.core import url_to_fs
    except ImportError as exc:
        raise UsageError("URL inputs need fsspec: pip install 'monograph-pipeline[dask]'") from exc
    try:
        return url_to_fs(url)  # type: ignore[no-any-return]
    except (ImportError, ValueError) as exc:
        raise UsageError(f"cannot open {url}: {exc}") from exc


def discover_url(url: str) -> list[SourceRef]:
    """All ``*.md`` files under ``url``, sorted, with ids unique as in ``sources.discover``."""
    fs, base = _fs(url)
    try:
        if not fs.isdir(base):
            raise UsageError(f"input is not a folder: {url}")
        found = sorted(p for p in fs.find(base) if p.lower().endswith(".md"))
    except OSError as exc:
        raise UsageError(f"cannot list {url}: {exc}") from exc
    prefix = base.rstrip("/") + "/"
    return assign_ids(
        [
            (full[len(prefix) :] if full.startswith(prefix) else full, fs.unstrip_protocol(full))
            for full in found
        ]
    )


def _read_url_bytes(ref: SourceRef, max_bytes: int, src: Source) -> bytes | None:
    fs, path = _fs(ref.abs_path)
    size = fs.size(path)
    if size is not None and size > max_bytes:
        src.problems.append(
            Problem(
                IssueCode.too_large,
                f"file is {size} bytes, over the {max_bytes}-byte cap (--max-bytes); not read",
            )
        )
        return None
    with fs.open(path, "rb") as fh:
        data: bytes = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        src.problems.append(
            Problem(IssueCode.too_large, f"file is over the {max_bytes}-byte cap; not read")
        )
        return None
    return data


def read_url(ref: SourceRef, max_bytes: int) -> Source:
    """``sources.read_source`` for a file named by URL; never raises."""
    src = Source(ref, problems=list(ref.problems))
    try:
        data = _read_url_bytes(ref, max_bytes, src)
    except (OSError, UsageError) as exc:
        src.problems.append(Problem(IssueCode.unreadable_file, f"cannot read file: {exc}"))
        return src
    if data is not None:
        src.sha256 = hashlib.sha256(data).hexdigest()
        decode_into(src, data)
    return src


#: A file's identity short of its bytes: size, mtime, ctime (ns), inode, device.
StatKey = tuple[int, int, int, int, int]


def stat_key(ref: SourceRef, root: str) -> StatKey | None:
    """What ``lstat`` says of a local regular file (None for URLs, links and the rest).

    The cache trusts an unchanged key instead of hashing the file again, as git's
    index does. The key holds the ctime, which every write updates and no tool can
    set back (``cp -p``, ``touch -r`` and ``rsync -t`` restore the mtime only); on
    other systems than POSIX ctime means something else, so there is no key there.
    """
    if os.name != "posix" or is_url(root):
        return None
    try:
        st = os.lstat(ref.abs_path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def content_sha(ref: SourceRef, root: str, max_bytes: int) -> str | None:
    """SHA-256 that reading ``ref`` would record (None when it would not be read).

    A plain regular file within the cap is read and hashed directly (no
    decoding: what follows from the bytes is in the cached result already);
    anything else (links, folders, oversized or odd files) goes through the
    reader itself, so a cache hit never skips a check that depends on more
    than the file's content.
    """
    if is_url(root):
        return read_url(ref, max_bytes).sha256
    try:
        st = os.lstat(ref.abs_path)
        if stat.S_ISREG(st.st_mode) and st.st_size <= max_bytes:
            with open(ref.abs_path, "rb") as fh:
                data = fh.read(max_bytes + 1)
            if len(data) <= max_bytes:
                return hashlib.sha256(data).hexdigest()
            return None
    except OSError:
        return None
    return read_source(ref, Path(root), max_bytes).sha256
