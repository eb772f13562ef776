"""The metadata table: what output, at which schema version, a database holds."""

from __future__ import annotations

from pydantic import Field

from pipeline.models import Record
from pipeline.schema import TableSpec


class MetadataEntry(Record):
    """Facts about the loaded output: schema version, manifest digest and provenance."""

    key: str = Field(
        description="What the entry tells: `schema_version`, `manifest_sha256`, "
        "`inputs_sha256`, `extractor_version`, `package_version`, `extracted_at`."
    )
    value: str = Field(description="The value, as text.")


#: Not an output table: it exists only in databases, written by ``pipeline load``.
METADATA = TableSpec("pipeline_metadata", MetadataEntry, ("key",))
