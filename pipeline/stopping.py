"""A stop a signal asked for, remembered until the run can act on it.

SIGTERM's handler raises ``Terminated`` in the main thread; but a handler that runs
inside a callback whose exceptions Python ignores (an at-fork hook while a worker is
started) loses its exception, and the run would go on to publish. So the handler also
records the request here, and the run checks it where stopping is safe: between
chunks, and before anything is published.
"""

from __future__ import annotations

import threading

from pipeline.errors import Terminated

_asked = threading.Event()


def ask() -> None:
    """Remember that the process was asked to stop."""
    _asked.set()


def reset() -> None:
    """Forget an earlier request (a new command starts)."""
    _asked.clear()


def check() -> None:
    """Raise ``Terminated`` when a stop was asked for."""
    if _asked.is_set():
        raise Terminated
