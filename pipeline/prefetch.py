"""Per-wording work of the run-level steps, done while the workers extract.

Linking (``link``) and coding (``concept_step``) need every file's rows, so they
run after extraction; but most of their cost is per distinct wording: a side
effect's concepts, a drug name's keys. Both are memoized. During extraction the
main process mostly waits on its workers, so it reads each finished chunk's
wordings then, and the steps after extraction find most answers ready. The
output is the same as without it: only when each wording is first read changes.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import coding, link
from pipeline.concept_step import CODED


class Prefetch:
    """Reads the wordings of each chunk of rows as it arrives; holds the coder."""

    def __init__(self) -> None:
        self._coder: coding.Coder | None = None
        self._names = link.IndexBuilder()

    def coder(self) -> coding.Coder:
        """The run's coder, built on first use (after the workers are forked: they never
        hold it)."""
        if self._coder is None:
            self._coder = coding.build()
        return self._coder

    def drop_coder(self) -> None:
        """Let the coder go (its memory is not needed through the writes)."""
        self._coder = None

    def take(self, tables: dict[str, pa.Table]) -> None:
        """Code the chunk's side effects and conditions; index its monographs' names; read
        its agents."""
        for name, (column, domain) in CODED.items():
            table = tables.get(name)
            if table is not None and table.num_rows:
                coder = self.coder()
                for text in pc.unique(table.column(column)).to_pylist():
                    if text is not None:
                        coder.code(text, domain)
        self.read_names(tables)

    def read_names(self, tables: dict[str, pa.Table]) -> None:
        """Index the chunk's monographs' names; read its agents."""
        if "monographs" in tables:
            self._names.add(tables["monographs"])
        if "interactions" in tables:
            link.prefetch(tables["interactions"])

    def name_index(self, monographs: pa.Table) -> link.NameIndex | None:
        """The index of the names of ``monographs``, when it is what the chunks taken built
        (not when rows came from the cache, or from elsewhere)."""
        return self._names.index() if self._names.covers(monographs) else None
