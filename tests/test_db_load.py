"""Loading output sets into DuckDB and PostgreSQL: counts, constraints, idempotence,
atomicity, incremental replacement and hostile values. Every test runs on both.

PostgreSQL: ``PIPELINE_TEST_POSTGRES_URL`` (a superuser URL; `.ci/run` starts a
throwaway cluster and sets it), else a throwaway cluster started here when the
server binaries are installed, else the PostgreSQL cases skip (fail under CI=true).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import writers
from pipeline.cli import main
from pipeline.db import ddl, load, merge
from pipeline.db.meta import METADATA
from pipeline.db.sql import ident
from pipeline.errors import LoadError
from pipeline.models import SCHEMA_VERSION
from pipeline.run import RunOptions, run
from pipeline.schema import OUTPUT_TABLES

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
HOSTILE = "'); DROP TABLE monographs;--"
HOSTILE_ID = 'o\'hara"; DROP TABLE "monographs";--'


# ---------------------------------------------------------------- output sets


def extract(src: Path, out: Path) -> Path:
    run(RunOptions(input_dir=src, out_dir=out, jobs=1, progress=False))
    return out


def republish(src: Path, dst: Path, edit: Callable[[dict[str, pa.Table]], None]) -> Path:
    """Publish a copy of output set ``src`` into ``dst`` after ``edit`` changed its tables."""
    tables = {n: pq.read_table(src / f"{n}.parquet") for n in OUTPUT_TABLES}
    edit(tables)
    manifest = json.loads((src / writers.MANIFEST).read_text())
    manifest["row_counts"] = {n: t.num_rows for n, t in tables.items()}
    staged = writers.stage(dst)
    for name, table in tables.items():
        writers.write_table(table, name, staged)
    writers.write_manifest(staged, manifest)
    writers.publish(staged, dst)
    return dst


def set_cell(tables: dict[str, pa.Table], table: str, column: str, row: int, value: Any) -> None:
    t = tables[table]
    values = t.column(column).to_pylist()
    values[row] = value
    i = t.schema.get_field_index(column)
    tables[table] = t.set_column(i, column, pa.array(values, pa.string()))


@pytest.fixture(scope="session")
def raw_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return extract(RAW, tmp_path_factory.mktemp("raw-out"))


@pytest.fixture(scope="session")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """raw/ plus a file whose name is an injection attempt, and an injection as a term."""
    src = tmp_path_factory.mktemp("hostile-in") / "in"
    shutil.copytree(RAW, src)
    first = sorted(src.rglob("*.md"))[0]
    shutil.copy(first, src / f"{HOSTILE_ID}.md")
    out = extract(src, tmp_path_factory.mktemp("hostile-mid"))
    return republish(
        out,
        tmp_path_factory.mktemp("hostile-out"),
        lambda t: set_cell(t, "side_effects", "term", 0, HOSTILE),
    )


# ---------------------------------------------------------------- backends


class Backend:
    """A database under test: its URL, and plain queries through an independent client."""

    def __init__(self, kind: str, url: str) -> None:
        self.kind, self.url = kind, url

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.kind == "duckdb":
            import duckdb

            con = duckdb.connect(str(Path(urlsplit(self.url).path[1:])))
            try:
                return [tuple(r) for r in con.execute(sql).fetchall()]
            finally:
                con.close()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as con:
            cur = con.execute(sql)
            return [tuple(r) for r in cur.fetchall()] if cur.description else []

    def rows(self, table: str) -> list[tuple[Any, ...]]:
        spec = OUTPUT_TABLES[table]
        cols = ", ".join(ident(c.name) for c in spec.columns)
        keys = ", ".join(ident(k) for k in spec.primary_key)
        return self.query(f"SELECT {cols} FROM {ident(table)} ORDER BY {keys}")

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        snap = {t: self.rows(t) for t in OUTPUT_TABLES}
        snap[METADATA.name] = self.query(f"SELECT * FROM {ident(METADATA.name)} ORDER BY 1")
        return snap


def parquet_rows(out: Path, table: str) -> list[tuple[Any, ...]]:
    t = pq.read_table(out / f"{table}.parquet")
    rows = [tuple(str(v) if isinstance(v, str) else v for v in r.values()) for r in t.to_pylist()]
    n = len(OUTPUT_TABLES[table].primary_key)
    return sorted(rows, key=lambda r: tuple(r[:n]))


def _with_db(url: str, dbname: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{dbname}"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    in_ci = os.environ.get("CI") == "true"
    try:
        import adbc_driver_postgresql  # noqa: F401
        import psycopg  # noqa: F401
    except ImportError as exc:
        if in_ci:
            pytest.fail(f"PostgreSQL drivers missing in CI: {exc}")
        pytest.skip(f"PostgreSQL drivers not installed (pip install -e '.[postgres]'): {exc}")
    url = os.environ.get("PIPELINE_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    from pipeline.db import throwaway

    try:
        cluster = throwaway.start()
    except throwaway.Unavailable as exc:
        if in_ci:
            pytest.fail(f"CI=true but no PIPELINE_TEST_POSTGRES_URL and no server: {exc}")
        pytest.skip(f"no PostgreSQL: set PIPELINE_TEST_POSTGRES_URL or install postgresql ({exc})")
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "duckdb":
        yield Backend("duckdb", f"duckdb:///{tmp_path / 'test.duckdb'}")
        return
    import psycopg

    server = request.getfixturevalue("pg_server")
    name = f"pipeline_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {ident(name)}")
    try:
        yield Backend("postgres", _with_db(server, name))
    finally:
        with psycopg.connect(server, autocommit=True) as con:
            con.execute(f"DROP DATABASE IF EXISTS {ident(name)} WITH (FORCE)")


# ---------------------------------------------------------------- tests


def test_load_matches_parquet(db: Backend, raw_out: Path) -> None:
    summary = load(raw_out, db.url)
    assert summary.created_schema
    for table in OUTPUT_TABLES:
        n = pq.read_metadata(raw_out / f"{table}.parquet").num_rows
        assert db.query(f"SELECT count(*) FROM {ident(table)}") == [(n,)]
        assert summary.rows[table] == n
        assert db.rows(table) == parquet_rows(raw_out, table)
    meta = dict(db.query(f"SELECT * FROM {ident(METADATA.name)}"))
    manifest = (raw_out / writers.MANIFEST).read_bytes()
    assert meta["schema_version"] == SCHEMA_VERSION
    assert meta["manifest_sha256"] == __import__("hashlib").sha256(manifest).hexdigest()
    assert meta["inputs_sha256"] == json.loads(manifest)["inputs_sha256"]


def test_views_answer(db: Backend, raw_out: Path) -> None:
    load(raw_out, db.url)
    freq = db.query('SELECT sum("n_mentions"), max("n_monographs") FROM "side_effect_frequency"')
    assert freq[0][0] == pq.read_metadata(raw_out / "side_effects.parquet").num_rows
    assert freq[0][1] >= 1
    db.query('SELECT * FROM "interaction_pairs"')
    db.query('SELECT * FROM "contraindications_by_population"')


def test_concepts_loaded_and_counted(db: Backend, raw_out: Path) -> None:
    load(raw_out, db.url)
    se = pq.read_table(raw_out / "side_effects.parquet")
    pairs = sum(len(ids) for ids in se.column("concept_ids").to_pylist())
    counted = db.query('SELECT sum("n_mentions") FROM "side_effect_concepts"')[0][0]
    assert counted == pairs > 0  # one line per (row, concept), every concept row found
    top = db.query(
        'SELECT "label", sum("n_monographs") FROM "side_effect_concepts" '
        'GROUP BY "label" ORDER BY 2 DESC, 1 LIMIT 1'
    )
    assert top[0][1] >= 2
    rolled = db.query('SELECT "category", count(*) FROM "side_effect_concepts" GROUP BY 1')
    assert any(cat for cat, _ in rolled)
    db.query('SELECT * FROM "contraindication_concepts"')
    with pytest.raises(Exception, match=r"(?i)constraint|violat|duplicate|unique"):
        db.query(
            'INSERT INTO "concepts" ("concept_id", "label", "source") '
            "SELECT \"concept_id\", 'x', 'hpo' FROM \"concepts\" LIMIT 1"
        )


def test_changed_concepts_replace_the_loaded_ones(
    db: Backend, raw_out: Path, tmp_path: Path
) -> None:
    load(raw_out, db.url)
    first = pq.read_table(raw_out / "concepts.parquet").column("concept_id")[0].as_py()

    def relabel_and_drop_last(tables: dict[str, pa.Table]) -> None:
        set_cell(tables, "concepts", "label", 0, "Relabelled")
        tables["concepts"] = tables["concepts"].slice(0, tables["concepts"].num_rows - 1)

    newer = republish(raw_out, tmp_path / "newer", relabel_and_drop_last)
    summary = load(newer, db.url)
    assert not summary.changed  # no monograph changed: only the run-wide table
    assert summary.rows["concepts"] == pq.read_metadata(raw_out / "concepts.parquet").num_rows - 1
    label = db.query(f'SELECT "label" FROM "concepts" WHERE "concept_id" = \'{first}\'')
    assert label == [("Relabelled",)]


def test_constraints_reject_bad_rows(db: Backend, raw_out: Path) -> None:
    load(raw_out, db.url)
    mid, item = db.query('SELECT "monograph_id", max("item_no") FROM "side_effects" GROUP BY 1')[0]
    cols = '("monograph_id", "item_no", "term", "term_raw", "frequency_band", "line")'
    ok = f"INSERT INTO \"side_effects\" {cols} VALUES ('{mid}', {item + 1}, 'x', 'x', 'rare', 1)"
    bad_fk = ok.replace(f"'{mid}'", "'no/such/monograph'")
    bad_enum = ok.replace("'rare'", "'sometimes'")
    bad_item = ok.replace(f"{item + 1}, 'x'", "0, 'x'")
    before = db.rows("side_effects")
    for sql in (bad_fk, bad_enum, bad_item):
        with pytest.raises(Exception, match=r"(?i)constraint|violat|foreign"):
            db.query(sql)
    assert db.rows("side_effects") == before
    db.query(ok)  # the same row without the defect is accepted


def test_schema_objects_exist(db: Backend, raw_out: Path) -> None:
    load(raw_out, db.url)
    if db.kind == "duckdb":
        indexes = {r[0] for r in db.query("SELECT index_name FROM duckdb_indexes()")}
        comment = db.query(
            "SELECT comment FROM duckdb_columns() "
            "WHERE table_name = 'side_effects' AND column_name = 'term'"
        )[0][0]
        table_comment = db.query(
            "SELECT comment FROM duckdb_tables() WHERE table_name = 'monographs'"
        )[0][0]
    else:
        indexes = {r[0] for r in db.query("SELECT indexname FROM pg_indexes")}
        comment = db.query("SELECT col_description('side_effects'::regclass, 4)")[0][0]
        table_comment = db.query("SELECT obj_description('monographs'::regclass)")[0][0]
    expected = {f"{s.name}_{c}_idx" for s in ddl.data_tables() for c in ddl.indexed_columns(s)}
    assert {"side_effects_monograph_id_idx", "side_effects_term_idx"} <= expected <= indexes
    assert comment == next(
        c.description for c in OUTPUT_TABLES["side_effects"].columns if c.name == "term"
    )
    assert table_comment == OUTPUT_TABLES["monographs"].description


def test_second_identical_load_changes_nothing(db: Backend, raw_out: Path) -> None:
    load(raw_out, db.url)
    before = db.snapshot()
    again = load(raw_out, db.url)
    assert not again.changed and not again.rewritten
    assert again.unchanged == len(before["monographs"])
    assert db.snapshot() == before


def test_newer_output_replaces_changed_and_removes_gone(db: Backend, tmp_path: Path) -> None:
    # Monographs that name no other (raw/'s samples link to each other, and a link
    # that appears or disappears rightly changes the linking monograph too).
    src = tmp_path / "in"
    src.mkdir()
    for name in ("alpha", "beta", "gamma", "delta"):
        (src / f"{name}.md").write_text(
            f"# {name.title()}ol\n\n### Side Effects\n* Nausea\n* Rash\n\n"
            f"### Precautions\n* **Contraindications:** Pregnancy.\n"
            f"* **Drug Interactions:** Avoid combining with warfarin.\n"
        )
    out = extract(src, tmp_path / "out")
    load(out, db.url)
    files = sorted(src.rglob("*.md"))
    with files[0].open("a") as fh:
        fh.write("\n<!-- revised -->\n")
    files[1].unlink()
    shutil.copy(files[2], src / "zz-new-product.md")
    extract(src, out)
    summary = load(out, db.url)
    assert (summary.added, summary.replaced, summary.removed) == (1, 1, 1)
    assert summary.unchanged == len(files) - 2
    for table in OUTPUT_TABLES:
        assert db.rows(table) == parquet_rows(out, table)


def test_failure_after_writes_rolls_back(
    db: Backend, raw_out: Path, hostile_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(raw_out, db.url)
    before = db.snapshot()

    def boom(*args: object) -> None:
        raise RuntimeError("injected failure after the rows were written")

    monkeypatch.setattr(merge, "write_metadata", boom)
    with pytest.raises(RuntimeError, match="injected"):
        load(hostile_out, db.url)
    assert db.snapshot() == before


def test_constraint_violation_mid_load_rolls_back(
    db: Backend, raw_out: Path, tmp_path: Path
) -> None:
    load(raw_out, db.url)
    before = db.snapshot()

    def edit(t: dict[str, pa.Table]) -> None:
        set_cell(t, "monographs", "sha256", 0, "changed")  # parent row updated first...
        set_cell(t, "side_effects", "frequency_band", 0, "sometimes")  # ...child rejected

    bad = republish(raw_out, tmp_path / "bad", edit)
    with pytest.raises(LoadError, match="nothing was changed"):
        load(bad, db.url)
    assert db.snapshot() == before
    assert main(["load", str(bad), "--db", db.url, "--quiet"]) == 5


def test_hostile_values_round_trip(db: Backend, hostile_out: Path) -> None:
    assert main(["load", str(hostile_out), "--db", db.url, "--quiet"]) == 0
    terms = {r[0] for r in db.query('SELECT "term" FROM "side_effects"')}
    ids = {r[0] for r in db.query('SELECT "monograph_id" FROM "monographs"')}
    assert HOSTILE in terms
    assert HOSTILE_ID in ids
    assert db.rows("side_effects") == parquet_rows(hostile_out, "side_effects")
    assert not load(hostile_out, db.url).changed


def test_schema_version_mismatch_refused_then_recreate(db: Backend, raw_out: Path) -> None:
    load(raw_out, db.url)
    db.query(
        f"UPDATE {ident(METADATA.name)} SET \"value\" = '0.0.1' WHERE \"key\" = 'schema_version'"
    )
    with pytest.raises(LoadError, match=r"schema version 0\.0\.1"):
        load(raw_out, db.url)
    summary = load(raw_out, db.url, recreate=True)
    assert summary.created_schema
    assert dict(db.query(f"SELECT * FROM {ident(METADATA.name)}"))["schema_version"] == (
        SCHEMA_VERSION
    )


def test_unreadable_output_is_a_load_error(db: Backend, tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="manifest"):
        load(tmp_path, db.url)


def test_empty_set_never_empties_a_database_unless_told(
    db: Backend, raw_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load(raw_out, db.url)
    before = db.snapshot()
    empty_in = tmp_path / "empty-in"
    empty_in.mkdir()
    empty = tmp_path / "empty-out"
    run(RunOptions(input_dir=empty_in, out_dir=empty, jobs=1, progress=False))
    assert main(["load", str(empty), "--db", db.url, "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no monographs" in err[0] and "--allow-empty" in err[0]
    assert main(["load", str(empty), "--db", db.url, "--quiet", "--recreate"]) == 2
    assert db.snapshot() == before
    assert main(["load", str(empty), "--db", db.url, "--quiet", "--allow-empty"]) == 0
    assert db.rows("monographs") == []
