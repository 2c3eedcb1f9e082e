"""The news database (issue 13): incremental, safe ingest; partners and level; bad databases; Parquet; notebook access."""

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import classifier  # noqa: E402
from classifier import corpus, database  # noqa: E402
from classifier.database import connect, ingest  # noqa: E402
from classifier import partners as detection  # noqa: E402
from classifier.errors import ClassifyError  # noqa: E402
from conftest import DATA  # noqa: E402

INGEST = DATA / "ingest"
GOOD = sorted(p for p in INGEST.glob("*.txt") if p.name != "broken.txt")


def Partner(id: str, name: str) -> detection.Partner:  # noqa: N802 (what detection would find)
    return detection.Partner(id, name, "country", 1, 1.0)


def Place(name: str, country: str) -> detection.Place:  # noqa: N802
    return detection.Place(f"{country.lower()}:{name}", name, country, 1)


#: What partner detection would find in each test article (file stem prefix -> partners, places).
KNOWN = {
    "laos": ((Partner("LA", "Laos"),), ()),
    "russia": ((Partner("RU", "Russia"),), ()),
    "france": ((Partner("FR", "France"), Partner("EU", "European Union")), (Place("Hải Phòng", "VN"),)),
    "japan": ((Partner("JP", "Japan"),), (Place("Đà Nẵng", "VN"), Place("Osaka", "JP"))),
    "cambodia": ((), ()),
}


def with_partners(result):
    partners, places = KNOWN[Path(result.source).stem.split("-")[0]]
    return replace(result, partners=partners, places=places, main_partner=partners[0].id if partners else None)


@pytest.fixture(scope="module")
def model():
    return classifier.load()


@pytest.fixture
def folder(tmp_path):
    out = tmp_path / "articles"
    shutil.copytree(INGEST, out)
    return out


class OtherModel:
    """The shipped model under another digest: what a retrained model looks like to the database."""

    def __init__(self, model):
        self._model = model

    digest = "0therm0del00"

    def __getattr__(self, name):
        return getattr(self._model, name)


def count(db, table):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_ingest_writes_every_table_and_reports_the_failed_file(folder, tmp_path, model):
    db = tmp_path / "news.duckdb"
    s = ingest([folder], db, model, transform=with_partners)
    assert (s.new, s.changed, s.unchanged, s.failed) == (5, 0, 0, 1)
    assert s.failures[0][0].endswith("broken.txt") and "not UTF-8" in s.failures[0][1]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    # every paragraph of every article is stored, with the sectors the model gives it
    laos = next(p for p in GOOD if p.name.startswith("laos"))
    tagged = model.tag(laos.read_text(encoding="utf-8"))
    aid = con.execute("SELECT id FROM articles WHERE source LIKE '%laos%'").fetchone()[0]
    rows = con.execute("SELECT idx, text FROM paragraphs WHERE article_id = ? ORDER BY idx", [aid]).fetchall()
    assert [r[1] for r in rows] == [p.text for p in tagged.paragraphs]
    sectors = con.execute("SELECT sector FROM article_sectors WHERE article_id = ? ORDER BY score DESC, sector", [aid]).fetchall()
    assert [r[0] for r in sectors] == [s.sector for s in tagged.sectors]
    assert "transport" in [r[0] for r in sectors]
    # dates as given, year for grouping
    assert con.execute("SELECT date, year, month FROM articles WHERE id = ?", [aid]).fetchone() == ("2023-02", 2023, 2)
    # partners with the main flag; level from places in Viet Nam
    got = dict(con.execute("SELECT source, level FROM articles").fetchall())
    level = {Path(k).stem.split("-")[0]: v for k, v in got.items()}
    assert level == {"laos": "national", "russia": "national", "france": "decentralised", "japan": "decentralised", "cambodia": None}
    fr = con.execute("SELECT code, name, main FROM partners p JOIN articles a ON a.id = p.article_id WHERE a.source LIKE '%france%' ORDER BY code").fetchall()
    assert fr == [("EU", "European Union", False), ("FR", "France", True)]
    assert con.execute("SELECT count(*) FROM places").fetchone()[0] == 3
    model_row = con.execute("SELECT digest, date, micro_f1 FROM models").fetchone()
    assert model_row[0] == model.digest and model_row[2] > 0.5
    assert con.execute("SELECT count(*) FROM sectors").fetchone()[0] == len(model.sectors)
    con.close()


def test_second_ingest_writes_nothing_and_says_so(folder, tmp_path, model):
    db = tmp_path / "news.duckdb"
    ingest([folder], db, model)
    before = db.stat().st_mtime_ns, count(db, "paragraphs")
    s = ingest([folder], db, model)
    assert (s.new, s.changed, s.retagged, s.unchanged, s.failed) == (0, 0, 0, 5, 1)
    assert "nothing to write, the database is up to date" in s.format()
    assert count(db, "articles") == 5 and count(db, "paragraphs") == before[1]


def test_an_edited_file_replaces_its_article(folder, tmp_path, model):
    db = tmp_path / "news.duckdb"
    ingest([folder], db, model)
    laos = next(folder.glob("laos*.txt"))
    laos.write_text(laos.read_text(encoding="utf-8") + "\nLes deux pays ont signé un accord sur le pétrole et le gaz.\n", encoding="utf-8")
    s = ingest([folder], db, model)
    assert (s.new, s.changed, s.unchanged) == (0, 1, 4)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
    aid, n = con.execute("SELECT id, n_paragraphs FROM articles WHERE source LIKE '%laos%'").fetchone()
    assert n == 5 and con.execute("SELECT count(*) FROM paragraphs WHERE article_id = ?", [aid]).fetchone()[0] == 5
    # nothing of the old version is left anywhere
    assert con.execute("SELECT count(*) FROM paragraphs WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0] == 0
    con.close()


def test_a_new_model_retags_and_retag_forces_it(folder, tmp_path, model):
    db = tmp_path / "news.duckdb"
    ingest([folder], db, model)
    s = ingest([folder], db, OtherModel(model))
    assert (s.new, s.retagged, s.unchanged) == (0, 5, 0)
    assert count(db, "articles") == 5 and count(db, "models") == 2
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT DISTINCT model FROM articles").fetchall() == [("0therm0del00",)]
    con.close()
    assert ingest([folder], db, OtherModel(model)).unchanged == 5
    s = ingest([folder], db, OtherModel(model), retag=True)
    assert s.retagged == 5 and count(db, "articles") == 5


def test_the_same_text_twice_is_stored_once(folder, tmp_path, model):
    db = tmp_path / "news.duckdb"
    shutil.copy(next(folder.glob("laos*.txt")), folder / "zz-copy.txt")
    s = ingest([folder], db, model)
    assert (s.new, s.duplicates) == (5, 1)
    assert count(db, "articles") == 5


def test_a_failure_mid_ingest_leaves_whole_batches_and_the_next_run_completes(folder, tmp_path, model):
    db = tmp_path / "news.duckdb"
    seen = []

    def dies_on_the_fourth(result):
        seen.append(result)
        if len(seen) == 4:
            raise KeyboardInterrupt  # as a Ctrl-C would, between two batches' writes
        return result

    with pytest.raises(KeyboardInterrupt):
        ingest([folder], db, model, batch=2, transform=dies_on_the_fourth)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2  # the first batch, whole
    assert con.execute("SELECT count(DISTINCT article_id) FROM paragraphs").fetchone()[0] == 2
    assert con.execute("SELECT sum(n_paragraphs) FROM articles").fetchone()[0] == con.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    con.close()
    s = ingest([folder], db, model)
    assert (s.new, s.unchanged) == (3, 2) and count(db, "articles") == 5


def test_a_write_that_fails_is_rolled_back(folder, tmp_path, model, monkeypatch):
    db = tmp_path / "news.duckdb"
    real = database._append
    calls = []

    def flaky(data, row):
        calls.append(1)
        if "text" in data and len(calls) > 40:  # fails half-way through building the second batch
            raise OSError("disk full")
        return real(data, row)

    monkeypatch.setattr(database, "_append", flaky)
    with pytest.raises(OSError):
        ingest([folder], db, model, batch=2)
    monkeypatch.undo()
    n = count(db, "articles")
    assert n == 2  # the first batch is in, whole; nothing of the second
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT sum(n_paragraphs) FROM articles").fetchone()[0] == con.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    con.close()
    assert ingest([folder], db, model).new == 5 - n


@pytest.mark.slow
def test_sigkill_during_ingest_leaves_a_consistent_database(tmp_path):
    """Kill -9 a real `classify ingest` while it writes: the database opens, holds whole articles, and the next run completes."""
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in GOOD]
    for i in range(1500):
        (folder / f"a{i:05d}.txt").write_text(texts[i % len(texts)] + f"\nDépêche numéro {i}.\n", encoding="utf-8")
    db = tmp_path / "news.duckdb"
    cmd = [sys.executable, "-c", "from classifier.cli import main; main()", "ingest", str(folder), "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(4.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    con = connect(db)
    n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert con.execute("SELECT sum(n_paragraphs) FROM articles").fetchone()[0] == con.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    con.close()
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{1500 - n:,} new" in done.stdout and f"{n:,} unchanged" in done.stdout
    assert count(db, "articles") == 1500


def test_parquet_partitioned_by_year_reads_back(folder, tmp_path, model):
    db, out = tmp_path / "news.duckdb", tmp_path / "parquet"
    ingest([folder], db, model, parquet=out, transform=with_partners)
    assert sorted(p.name for p in (out / "articles").iterdir()) == ["year=2011", "year=2013", "year=2016", "year=2017", "year=2023"]
    con = duckdb.connect()
    got = con.execute(f"SELECT year, count(*) FROM read_parquet('{out}/paragraphs/*/*.parquet', hive_partitioning = true) GROUP BY 1 ORDER BY 1").fetchall()
    assert sum(n for _, n in got) == count(db, "paragraphs")
    import pandas as pd

    partners = pd.read_parquet(out / "partners")
    assert sorted(partners["code"]) == ["EU", "FR", "JP", "LA", "RU"]
    assert len(pd.read_parquet(out / "models.parquet")) == 1


def test_notebook_access(folder, tmp_path, model):
    db = tmp_path / "news.duckdb"
    ingest([folder], db, model, transform=with_partners)
    with corpus.open(db) as news:
        assert len(news.articles) == 5 and set(news.articles.columns) >= {"id", "source", "date", "level", "model"}
        assert len(news.paragraph_sectors) == count(db, "paragraph_sectors")
        assert news.sql("SELECT count(*) AS n FROM partners WHERE main")["n"][0] == 4
        r = news.report(partner="Laos")
        assert r.filters.partner == "LA" and r.scope.articles == 1
        assert "5 articles" in repr(news)


# ------------------------------------------------------------------ bad databases


def test_not_a_duckdb_file(tmp_path):
    bad = tmp_path / "news.duckdb"
    bad.write_text("id,title\n1,hello\n")
    for write in (False, True):
        with pytest.raises(ClassifyError, match="not a DuckDB database .* give another file with --db"):
            connect(bad, write=write)


def test_another_programs_duckdb_is_refused(tmp_path):
    other = tmp_path / "sales.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE orders (id INTEGER)")
    con.close()
    with pytest.raises(ClassifyError, match="not a classify news database .*orders"):
        connect(other, write=True)


def _with_version(db: Path, version: int) -> None:
    con = connect(db, write=True)
    con.execute("UPDATE classify_meta SET value = ? WHERE key = 'schema_version'", [str(version)])
    con.close()


def test_newer_schema_is_refused_older_migrated_or_refused(tmp_path, monkeypatch):
    db = tmp_path / "news.duckdb"
    _with_version(db, database.SCHEMA_VERSION + 1)
    for write in (False, True):
        with pytest.raises(ClassifyError, match=rf"newer classify \(schema version {database.SCHEMA_VERSION + 1}, this one reads {database.SCHEMA_VERSION}\)"):
            connect(db, write=write)
    _with_version_raw(db, database.SCHEMA_VERSION - 1)
    with pytest.raises(ClassifyError, match="too old to migrate .* re-ingest"):
        connect(db, write=True)
    ran = []
    monkeypatch.setitem(database.MIGRATIONS, database.SCHEMA_VERSION - 1, lambda con: ran.append(con.execute("SELECT 1").fetchone()))
    con = connect(db, write=False)  # reading migrates first when the file is writable
    assert ran and con.execute("SELECT value FROM classify_meta WHERE key = 'schema_version'").fetchone()[0] == str(database.SCHEMA_VERSION)
    con.close()


def _with_version_raw(db: Path, version: int) -> None:
    con = duckdb.connect(str(db))
    con.execute("UPDATE classify_meta SET value = ? WHERE key = 'schema_version'", [str(version)])
    con.close()


def test_missing_and_empty_databases(tmp_path):
    with pytest.raises(ClassifyError, match="no such database; create it with `classify ingest FOLDER --db"):
        connect(tmp_path / "none.duckdb")
    empty = tmp_path / "touched.duckdb"
    empty.touch()
    connect(empty, write=True).close()  # an empty file becomes a new database
    assert count(empty, "articles") == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files; run as a normal user")
def test_read_only_database_refuses_ingest(folder, tmp_path, model):
    db = tmp_path / "news.duckdb"
    ingest([folder], db, model)
    db.chmod(0o444)
    with pytest.raises(ClassifyError, match="read-only"):
        ingest([folder], db, model)


def test_read_only_database_still_reports(folder, tmp_path, model):
    db = tmp_path / "news.duckdb"
    ingest([folder], db, model)
    db.chmod(0o444)
    con = connect(db)  # read-only connection: works on a read-only file or medium
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM articles")
    con.close()
    with corpus.open(db) as news:
        assert news.report().scope.articles == 5


def test_a_database_that_cannot_be_read_is_one_line(tmp_path, monkeypatch):
    import errno

    db = tmp_path / "news.duckdb"
    db.write_bytes(b"\0" * 8 + b"DUCK" + b"\0" * 16)
    real_open = Path.open

    def failing_open(self, *args, **kwargs):
        if self == db:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", failing_open)
    with pytest.raises(ClassifyError, match=r"news\.duckdb: cannot read \(Input/output error\)$"):
        connect(db)
