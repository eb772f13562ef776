"""One run at a time per output folder and per cache folder: advisory ``flock``s.

The lock is taken on the folder itself (no lock file to leave behind) and
the kernel releases it when the process ends, however it ends: a killed run
never blocks the next one. A run that finds the lock taken says so, then
waits for it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(folder: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold ``folder``'s exclusive flock; ``on_wait`` runs first if another process has it."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock
