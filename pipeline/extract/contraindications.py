"""TEMPORARY: replaced by the real extractor in this change."""

from __future__ import annotations

from typing import Any

from pipeline.extract.identity import Identity
from pipeline.tree import Document


def extract(doc: Document, ident: Identity) -> list[dict[str, Any]]:
    return []
