"""The Dask executor: chunks of sources processed on a Dask cluster (``--executor dask``).

The same task as the local pool (``executors.process_chunk``), shipped to the cluster's
workers; each chunk's tables come back with its index, in the order the chunks finish.
``distributed`` is an optional extra, imported only here.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.errors import UsageError
from pipeline.executors import Done, Tables, process_chunk
from pipeline.sources import SourceRef


def run_dask(
    chunks: list[list[SourceRef]], root: str, max_bytes: int, scheduler: str
) -> Iterator[Done]:
    """Yield one ``Done`` per chunk, computed on the Dask cluster at ``scheduler``."""
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as exc:
        raise UsageError(
            "--executor dask needs the optional extra: pip install 'monograph-pipeline[dask]'"
        ) from exc
    try:
        client = Client(scheduler, set_as_default=False, timeout=30)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    with client:
        futures = client.map(
            process_chunk, chunks, root=root, max_bytes=max_bytes, pure=False, batch_size=256
        )
        chunk_of = {
            fut.key: (i, len(c)) for i, (fut, c) in enumerate(zip(futures, chunks, strict=True))
        }
        with client.as_current():  # as_completed looks for "the current client"
            done = dask_completed(futures)  # type: ignore[no-untyped-call]
        for fut in done:
            tables: Tables = fut.result()
            fut.release()  # free the worker's copy as soon as we hold ours
            yield Done(*chunk_of[fut.key], tables)
