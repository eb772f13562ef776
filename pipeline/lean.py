"""The extract command's own process: pyarrow alone, without numpy or pandas.

pyarrow imports numpy whenever it is installed (50 ms before the workers can
start, and ~8 MB in every process of a run: 23 MB of the 4x corpus's peak) and
tries to import pandas on its first conversion (0.1-0.6 s, ~60 MB). A run
never builds an array or a DataFrame from either, so the console entry point
refuses both before pyarrow is first imported; forked workers inherit that.
Programs that call ``pipeline.run.run`` themselves are left alone.
"""

from __future__ import annotations

import gc
import importlib.abc
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn


class _Refuse(importlib.abc.MetaPathFinder):
    """An import finder that makes ``names`` (and their submodules) look not installed."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        self.prefixes = tuple(f"{n}." for n in names)

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name in self.names or name.startswith(self.prefixes):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def refuse(*names: str) -> importlib.abc.MetaPathFinder:
    """Make ``names`` unimportable in this process (until the finder is removed)."""
    finder = _Refuse(names)
    sys.meta_path.insert(0, finder)
    return finder


def _local_extract(argv: Sequence[str]) -> bool:
    """``extract`` on the local executor (the default; another one is never assumed lean)."""
    return argv[:1] == ["extract"] and not any(
        a == "--executor" or a.startswith("--executor=") for a in argv
    )


#: First-generation threshold of the cyclic GC while ``extract`` starts (Python's default:
#: 700). Its imports and lexicons make ~55k objects that all live on: the collector went
#: through them ~80 times before the workers could start (~25 ms, the other core idle).
#: The run itself then sets its own (``run._few_collections``).
STARTUP_GC_THRESHOLD = 100_000


def console() -> int:
    """The console script and ``python -m pipeline``: the CLI in a process of its own."""
    argv = sys.argv[1:]
    if argv[:1] == ["extract"]:
        gc.set_threshold(STARTUP_GC_THRESHOLD, *gc.get_threshold()[1:])
    if _local_extract(argv) and "pyarrow" not in sys.modules:
        refuse("numpy", "pandas")  # the process ends with the run
    elif argv[:1] == ["extract"]:
        from pipeline.executors import arrow_without_pandas

        arrow_without_pandas()
    from pipeline.cli import main

    return main()


def script() -> NoReturn:
    """``python -m pipeline`` and the console script: ``console()``, then exit.

    After a local extract the process ends at once (``os._exit``, streams flushed):
    freeing the run's objects one by one at interpreter exit took ~0.1 s, and nothing
    is left to do by then (tables published, workers ended and joined, writer threads
    joined, locks held by descriptors the exit closes).
    """
    code = console()
    if _local_extract(sys.argv[1:]):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (OSError, ValueError):
            sys.exit(code)  # a closed or broken stream: the normal exit reports it
        os._exit(code)
    sys.exit(code)
