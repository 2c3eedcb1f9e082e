"""The news database in a notebook: its tables as pandas DataFrames, SQL, and the report's tables.

    >>> from classifier import corpus
    >>> news = corpus.open("news.duckdb")
    >>> news.articles.head()              # one row per article
    >>> news.sql("SELECT year, count(*) FROM articles GROUP BY 1 ORDER BY 1")
    >>> news.report(since="2020", partner="LA").sector_by_period
    >>> news.con                          # the DuckDB connection itself
"""

from __future__ import annotations

from pathlib import Path

from .database import DEFAULT_DB, TABLES



class NewsCorpus:
    """A read-only view of a news database. Each table is a property returning a fresh DataFrame."""

    def __init__(self, path: str | Path = DEFAULT_DB):
        from .database import connect

        self.path = Path(path)
        self.con = connect(self.path, write=False)

    def sql(self, query: str, params: list | None = None):
        """The result of a SQL query as a DataFrame."""
        return self.con.execute(query, params or []).df()

    def table(self, name: str):
        if name not in TABLES:
            from .errors import ClassifyError

            raise ClassifyError(f"unknown table {name!r}; the tables are: {', '.join(TABLES)}")
        return self.con.execute(f"SELECT * FROM {name}").df()

    articles = property(lambda self: self.table("articles"))
    paragraphs = property(lambda self: self.table("paragraphs"))
    paragraph_sectors = property(lambda self: self.table("paragraph_sectors"))
    article_sectors = property(lambda self: self.table("article_sectors"))
    partners = property(lambda self: self.table("partners"))
    places = property(lambda self: self.table("places"))
    models = property(lambda self: self.table("models"))
    sectors = property(lambda self: self.table("sectors"))

    def report(self, **filters):
        """The report's tables (`classifier.report.queries.Report`), with `Filters` given as keywords."""
        from .report import Filters, build_report

        return build_report(self.con, Filters(**filters), str(self.path))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "NewsCorpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        n = self.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        return f"<NewsCorpus {self.path}: {n:,} articles>"


def open(path: str | Path = DEFAULT_DB) -> NewsCorpus:  # noqa: A001  (corpus.open, as io.open)
    """Open a news database written by `classify ingest`, read-only."""
    return NewsCorpus(path)
