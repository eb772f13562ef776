"""Table schemas derived from the pydantic models: Arrow, CSV, JSON Schema.

``TABLES`` is the registry of the tables extracted file by file (each row
belongs to one monograph); ``RUN_TABLES`` those built once for the whole run
(``concepts``); ``OUTPUT_TABLES`` every table a run publishes. Everything that
needs column names, types, nullability or descriptions asks this module, which
asks the models; nothing else lists columns.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any

import pyarrow as pa
from pydantic.fields import FieldInfo

from pipeline.models import (
    SCHEMA_VERSION,
    Concept,
    Contraindication,
    Interaction,
    Issue,
    Monograph,
    Record,
    SideEffect,
)


@dataclass(frozen=True)
class Column:
    """One column as every writer sees it."""

    name: str
    py_type: type  # str, int, float, bool, list, or an Enum subclass
    nullable: bool
    description: str
    enum: type[Enum] | None = None
    ge: float | None = None  # smallest allowed value (``Field(ge=...)``)
    min_length: int | None = None  # shortest allowed text (``Field(min_length=...)``)

    @property
    def enum_values(self) -> list[str]:
        return [str(m.value) for m in self.enum] if self.enum else []


@dataclass(frozen=True)
class TableSpec:
    """An output table: its record model, keys and derived columns."""

    name: str
    model: type[Record]
    primary_key: tuple[str, ...]

    @property
    def description(self) -> str:
        return (self.model.__doc__ or self.name).strip().splitlines()[0]

    @property
    def columns(self) -> list[Column]:
        return columns_of(self.model)

    @property
    def has_parent(self) -> bool:
        """A record table whose rows belong to a monograph."""
        return self.name != "monographs" and any(c.name == "monograph_id" for c in self.columns)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec("monographs", Monograph, ("monograph_id",)),
        TableSpec("side_effects", SideEffect, ("monograph_id", "item_no")),
        TableSpec("contraindications", Contraindication, ("monograph_id", "item_no")),
        TableSpec("interactions", Interaction, ("monograph_id", "item_no")),
        TableSpec("issues", Issue, ("monograph_id", "item_no")),
    )
}

#: Tables built once per run from the others (not per file, never cached per file).
RUN_TABLES: dict[str, TableSpec] = {
    spec.name: spec for spec in (TableSpec("concepts", Concept, ("concept_id",)),)
}

#: Every table a run publishes, per-file tables first.
OUTPUT_TABLES: dict[str, TableSpec] = {**TABLES, **RUN_TABLES}


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Strip ``X | None`` to ``(X, True)``."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0], len(args) < len(typing.get_args(annotation))
    return annotation, False


def _bounds(info: FieldInfo) -> dict[str, Any]:
    """The ``ge`` and ``min_length`` constraints pydantic keeps as field metadata."""
    out: dict[str, Any] = {}
    for meta in info.metadata:
        if getattr(meta, "ge", None) is not None:
            out["ge"] = meta.ge
        if getattr(meta, "min_length", None) is not None:
            out["min_length"] = meta.min_length
    return out


def _column(name: str, info: FieldInfo) -> Column:
    inner, nullable = _unwrap(info.annotation)
    if not info.description:
        raise TypeError(f"field {name} has no description")
    if typing.get_origin(inner) is list:
        return Column(name, list, nullable, info.description)
    if isinstance(inner, type) and issubclass(inner, Enum):
        return Column(name, str, nullable, info.description, enum=inner)
    if inner not in (str, int, float, bool):
        raise TypeError(f"unsupported column type for {name}: {inner!r}")
    return Column(name, inner, nullable, info.description, **_bounds(info))


@cache
def columns_of(model: type[Record]) -> list[Column]:
    return [_column(name, info) for name, info in model.model_fields.items()]


_ARROW: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    list: pa.list_(pa.string()),
}


def arrow_type(col: Column) -> pa.DataType:
    # Enum columns are dictionary-encoded with an ordered dictionary so pandas
    # reads them as ordered categoricals in the spec's order.
    if col.enum is not None:
        return pa.dictionary(pa.int8(), pa.string(), ordered=True)
    return _ARROW[col.py_type]


# pandas' own extension dtypes for the columns whose default conversion loses
# their type: a nullable bool becomes ``object`` (None/True/False) and a nullable
# int becomes ``float64``. Every other column converts right by default.
_PANDAS_NULLABLE: dict[type, tuple[str, str]] = {bool: ("bool", "boolean"), int: ("int64", "Int64")}


def pandas_metadata(columns: list[Column]) -> dict[str, Any]:
    """The ``pandas`` schema metadata ``pd.read_parquet`` follows for dtypes.

    Only the columns that need an extension dtype are listed (pyarrow
    converts the others by their Arrow type).
    """
    listed = [
        {
            "name": c.name,
            "field_name": c.name,
            "pandas_type": _PANDAS_NULLABLE[c.py_type][0],
            "numpy_type": _PANDAS_NULLABLE[c.py_type][1],
            "metadata": None,
        }
        for c in columns
        if c.nullable and c.enum is None and c.py_type in _PANDAS_NULLABLE
    ]
    return {"index_columns": [], "column_indexes": [], "columns": listed}


@cache
def arrow_schema(table: str) -> pa.Schema:
    spec = OUTPUT_TABLES[table]
    fields = [
        pa.field(
            c.name,
            arrow_type(c),
            nullable=c.nullable,
            metadata={
                "description": c.description,
                **({"enum": ",".join(c.enum_values)} if c.enum else {}),
            },
        )
        for c in spec.columns
    ]
    return pa.schema(
        fields,
        metadata={
            "table": spec.name,
            "description": spec.description,
            "schema_version": SCHEMA_VERSION,
            "primary_key": ",".join(spec.primary_key),
            "pandas": json.dumps(pandas_metadata(spec.columns), sort_keys=True),
        },
    )


def json_schema(table: str) -> dict[str, Any]:
    """JSON Schema of one record, straight from pydantic."""
    schema = OUTPUT_TABLES[table].model.model_json_schema()
    schema["$id"] = f"urn:monograph-pipeline:{SCHEMA_VERSION}:{table}"
    return schema
