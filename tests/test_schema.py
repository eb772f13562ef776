"""The Arrow schemas follow the pydantic models: names, types, nullability, enums, keys."""

from __future__ import annotations

import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from pipeline import models as models_module
from pipeline.issues import IssueCode
from pipeline.models import FrequencyBand, Record
from pipeline.schema import OUTPUT_TABLES, TABLES, Column, arrow_schema
from pipeline.tables import rows_to_arrow
from pipeline.writers import write_table

MODELS = {name: spec.model for name, spec in OUTPUT_TABLES.items()}


def _split_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` -> ``(X, True)``; anything else -> ``(annotation, False)``."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = typing.get_args(annotation)
        inner = [a for a in args if a is not type(None)]
        assert len(inner) == 1, f"unexpected union {annotation!r}"
        return inner[0], len(inner) < len(args)
    return annotation, False


_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
}


@pytest.mark.parametrize("model", list(MODELS.values()), ids=list(MODELS))
def test_every_field_has_a_description(model: type[Record]) -> None:
    assert model.__doc__ and model.__doc__.strip()
    for name, info in model.model_fields.items():
        assert info.description and info.description.strip(), f"{model.__name__}.{name}"


def test_every_record_model_is_a_table() -> None:
    records = {
        m
        for m in vars(models_module).values()
        if isinstance(m, type) and issubclass(m, Record) and m is not Record
    }
    assert records == set(MODELS.values())


@pytest.mark.parametrize("table", list(OUTPUT_TABLES))
def test_arrow_schema_matches_model(table: str) -> None:
    model = OUTPUT_TABLES[table].model
    schema = arrow_schema(table)
    assert schema.names == list(model.model_fields)
    for fld in schema:
        info = model.model_fields[fld.name]
        inner, optional = _split_optional(info.annotation)
        assert fld.nullable is optional, f"{table}.{fld.name}: nullable {fld.nullable}"
        assert fld.metadata[b"description"].decode() == info.description
        if isinstance(inner, type) and issubclass(inner, Enum):
            assert pa.types.is_dictionary(fld.type), f"{table}.{fld.name} not dictionary-encoded"
            assert fld.type.ordered, f"{table}.{fld.name} dictionary not ordered"
            assert pa.types.is_string(fld.type.value_type)
            assert fld.metadata[b"enum"].decode().split(",") == [m.value for m in inner]
        elif typing.get_origin(inner) is list:
            assert fld.type == pa.list_(pa.string())
        else:
            assert fld.type == _SCALARS[inner], f"{table}.{fld.name}: {fld.type}"


def _enum_columns() -> list[tuple[str, str, type[Enum]]]:
    out = []
    for table, spec in OUTPUT_TABLES.items():
        for name, info in spec.model.model_fields.items():
            inner, _ = _split_optional(info.annotation)
            if isinstance(inner, type) and issubclass(inner, Enum):
                out.append((table, name, inner))
    return out


@pytest.mark.parametrize(
    ("table", "column", "enum"), _enum_columns(), ids=[f"{t}.{c}" for t, c, _ in _enum_columns()]
)
def test_enum_dictionary_in_enum_order(table: str, column: str, enum: type[Enum]) -> None:
    members = [m.value for m in enum]
    # One row per member, in reverse: the dictionary must still be the enum's order.
    rows = [{column: v} for v in reversed(members)]
    arr = rows_to_arrow(table, rows).column(column).combine_chunks()
    assert arr.type.ordered
    assert arr.dictionary.to_pylist() == members
    assert arr.to_pylist() == list(reversed(members))


def _written_side_effects(tmp_path: Path, bands: list[str]) -> pd.DataFrame:
    base = {"monograph_id": "x/y", "term": "nausea", "term_raw": "Nausea", "line": 1}
    rows = [{**base, "item_no": i, "frequency_band": band} for i, band in enumerate(bands, start=1)]
    write_table(rows_to_arrow("side_effects", rows), "side_effects", tmp_path)
    return pd.read_parquet(tmp_path / "side_effects.parquet")


def test_frequency_band_comparisons_mean_what_an_analyst_means(tmp_path: Path) -> None:
    order = ["unknown", "very_rare", "rare", "uncommon", "common", "very_common"]
    assert [b.value for b in FrequencyBand] == order
    df = _written_side_effects(tmp_path, order)
    band = df["frequency_band"]
    assert isinstance(band.dtype, pd.CategoricalDtype)
    assert band.cat.ordered
    assert list(band.cat.categories) == order  # all categories, even unused ones
    # `>=`/`>` never take `unknown` in: "at least rare" is rare and more frequent.
    assert band[band >= "rare"].tolist() == ["rare", "uncommon", "common", "very_common"]
    assert band[band > "very_rare"].tolist() == ["rare", "uncommon", "common", "very_common"]
    assert band[band >= "common"].tolist() == ["common", "very_common"]
    # The README's way to keep `unknown` out of `<=`/`<` as well.
    known = band.cat.remove_categories("unknown")
    assert band[known <= "rare"].tolist() == ["very_rare", "rare"]
    assert band[known < "common"].tolist() == ["very_rare", "rare", "uncommon"]


_NUMPY_DTYPES = {str: "str", float: "float64", list: "object"}


def _expected_dtype(col: Column) -> str:
    """What an analyst gets from ``pd.read_parquet`` for a column of this kind."""
    if col.enum is not None:
        return "category"
    if col.py_type is bool:
        return "boolean" if col.nullable else "bool"
    if col.py_type is int:
        return "Int64" if col.nullable else "int64"
    return _NUMPY_DTYPES[col.py_type]


@pytest.mark.parametrize("table", list(TABLES))
def test_pandas_dtypes_of_every_column(table: str, tmp_path: Path) -> None:
    """Nullable bools load as ``boolean`` and nullable ints as ``Int64``, never object/float."""
    write_table(rows_to_arrow(table, []), table, tmp_path)
    df = pd.read_parquet(tmp_path / f"{table}.parquet")
    got = {name: str(dtype) for name, dtype in df.dtypes.items()}
    assert got == {c.name: _expected_dtype(c) for c in TABLES[table].columns}


def test_nullable_columns_keep_their_nulls_and_values(tmp_path: Path) -> None:
    base = {"monograph_id": "x/y", "term": "nausea", "term_raw": "Nausea", "line": 1}
    rows = [
        {**base, "item_no": i, "frequency_band": "rare", "serious": s}
        for i, s in enumerate([True, None, False], start=1)
    ]
    write_table(rows_to_arrow("side_effects", rows), "side_effects", tmp_path)
    serious = pd.read_parquet(tmp_path / "side_effects.parquet")["serious"]
    assert serious.dtype == "boolean"
    assert serious.tolist() == [True, pd.NA, False]
    issue = {
        "monograph_id": "x/y",
        "source_path": "x/y.md",
        "severity": "warning",
        "code": "no_title",
        "message": "m",
    }
    rows = [{**issue, "item_no": 1, "line": 7}, {**issue, "item_no": 2, "line": None}]
    write_table(rows_to_arrow("issues", rows), "issues", tmp_path)
    line = pd.read_parquet(tmp_path / "issues.parquet")["line"]
    assert line.dtype == "Int64"
    assert line.tolist() == [7, pd.NA]


@pytest.mark.parametrize("table", list(OUTPUT_TABLES))
def test_primary_key_declared(table: str) -> None:
    spec = OUTPUT_TABLES[table]
    assert spec.primary_key, f"{table} has no primary key"
    fields = spec.model.model_fields
    for col in spec.primary_key:
        assert col in fields, f"{table}: primary key column {col} is not a field"
        _, optional = _split_optional(fields[col].annotation)
        assert not optional, f"{table}: primary key column {col} is nullable"
    assert arrow_schema(table).metadata[b"primary_key"].decode() == ",".join(spec.primary_key)


def test_record_tables_key_on_monograph_and_item() -> None:
    assert OUTPUT_TABLES["monographs"].primary_key == ("monograph_id",)
    assert OUTPUT_TABLES["concepts"].primary_key == ("concept_id",)
    for name, spec in TABLES.items():
        if name != "monographs":
            assert spec.primary_key == ("monograph_id", "item_no"), name


README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_table_reference_matches_models() -> None:
    text = README.read_text(encoding="utf-8")
    for spec in OUTPUT_TABLES.values():
        keys = ", ".join(f"`{k}`" for k in spec.primary_key)
        line = f"| `{spec.name}` | {spec.description} | {keys} |"
        assert line in text, f"README table reference is stale for {spec.name}: want {line!r}"


def test_readme_names_every_issue_code() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [c.value for c in IssueCode if f"`{c.value}`" not in text]
    assert not missing, f"README does not mention issue codes {missing}"
