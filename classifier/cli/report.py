"""`classify report`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from . import app
from ._util import guarded


class Period(str, Enum):
    year = "year"
    month = "month"


class Unit(str, Enum):
    articles = "articles"
    paragraphs = "paragraphs"


class Level(str, Enum):
    national = "national"
    decentralised = "decentralised"


class TableFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"


@app.command("report")
@guarded
def report_cli(
    db: Path = typer.Option(None, "--db", help="The database written by `classify ingest` (default: news.duckdb)."),
    out: list[Path] = typer.Option([], "--out", "-o", help="report.html for the page, or a folder for the tables (repeatable)."),
    table_format: TableFormat = typer.Option(TableFormat.csv, "--format", "-f", help="Format of the tables written to a folder."),
    by: Period = typer.Option(Period.year, "--by", help="Period of the trends."),
    unit: Unit = typer.Option(Unit.articles, "--count", help="What to count: articles, or paragraphs."),
    partner: str = typer.Option(None, "--partner", help="Only this partner's articles, and its trend (a code such as LA, or a name)."),
    sector: str = typer.Option(None, "--sector", help="Add this sector's trend and partners (a sector id such as energy)."),
    since: str = typer.Option(None, "--since", help="Articles dated from (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Articles dated up to, included."),
    level: Level = typer.Option(None, "--level", help="Only national or decentralised cooperation."),
    place: list[str] = typer.Option([], "--place", help="Only articles naming this place or country (repeatable)."),
    main_only: bool = typer.Option(False, "--main-partner", help="Count only each article's main partner."),
    sure_only: bool = typer.Option(False, "--sure", help="Count only sure tags (not those in the unsure band)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Do not print the tables in the terminal."),
):
    """Sector counts and shares by period and partner, as a page with charts, table files and text. Example: classify report --out report.html"""
    from ..database import DEFAULT_DB
    from ..report import Filters, make_report
    from ..report.terminal import render_text

    filters = Filters(
        since=since, until=until, level=level.value if level else None, places=tuple(place), partner=partner, sector=sector,
        by=by.value, unit=unit.value, main_only=main_only, sure_only=sure_only,
    )
    result = make_report(db or DEFAULT_DB, filters, tuple(out), table_format.value)
    if not quiet:
        typer.echo(render_text(result.report), nl=False)
    for path in result.written:
        if path.suffix == ".html" or path.name == "about.txt":
            typer.echo(f"wrote {path}")
    tables = [p for p in result.written if p.suffix in (".csv", ".parquet")]
    if tables:
        typer.echo(f"wrote {len(tables)} tables to {tables[0].parent}/")
