"""Tagging on a Dask cluster through joblib's Dask backend gives what one process gives (issue 13)."""

import pytest

pytest.importorskip("dask.distributed")
pytest.importorskip("duckdb")

import joblib  # noqa: E402

import classifier  # noqa: E402
from classifier.database import ingest  # noqa: E402
from classifier.tagging import tag_sources  # noqa: E402
from test_database import GOOD, INGEST  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c, Client(c) as client:
        yield client


def _rows(db):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return (
            con.execute("SELECT id, source, date, n_paragraphs FROM articles ORDER BY id").fetchall(),
            con.execute("SELECT article_id, sector, score, weight, sure FROM article_sectors ORDER BY 1, 2").fetchall(),
            con.execute("SELECT article_id, idx, sector, score, sure FROM paragraph_sectors ORDER BY 1, 2, 3").fetchall(),
        )
    finally:
        con.close()


def test_dask_cluster_tags_as_one_process(cluster, tmp_path):
    model = classifier.load()
    paths = [str(p) for p in GOOD] * 30  # 150 articles: several batches, spread over both workers
    alone = [o.result.to_dict() for o in tag_sources(model, paths)]
    with joblib.parallel_config(backend="dask"):
        spread = [o.result.to_dict() for o in tag_sources(model, paths, jobs=-1)]
    assert spread == alone
    assert len(cluster.scheduler_info()["workers"]) == 2


def test_ingest_on_dask_writes_the_same_database(cluster, tmp_path):
    model = classifier.load()
    one = ingest([INGEST], tmp_path / "one.duckdb", model)
    with joblib.parallel_config(backend="dask"):
        many = ingest([INGEST], tmp_path / "dask.duckdb", model, jobs=-1)
    assert (many.new, many.failed) == (one.new, one.failed) == (5, 1)
    assert _rows(tmp_path / "dask.duckdb") == _rows(tmp_path / "one.duckdb")
