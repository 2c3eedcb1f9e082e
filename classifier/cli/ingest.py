"""`classify ingest`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from . import app
from ._util import DateField, Encoding, IdField, LangField, Split, TextField, TitleField, UrlField, guarded, read_options


@app.command("ingest")
@guarded
def ingest_cli(
    paths: list[str] = typer.Argument(..., help="Article files, folders or - for standard input (as for `classify tag`)."),
    db: Path = typer.Option(None, "--db", help="The database file (default: news.duckdb; created if missing)."),
    model_path: Path = typer.Option(None, "--model", help="Model to tag with (default: the project's models/, else the shipped one)."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Processes to tag with (-1: all cores)."),
    retag: bool = typer.Option(False, "--retag", help="Tag again articles already stored with the same model."),
    parquet: Path = typer.Option(None, "--parquet", help="Also write every table as Parquet under this folder, partitioned by year."),
    dask: str = typer.Option(None, "--dask", help="Tag on a Dask cluster: the scheduler's address, e.g. tcp://10.0.0.5:8786."),
    encoding: Encoding = None,
    split: Split = None,
    text_field: TextField = None,
    title_field: TitleField = None,
    date_field: DateField = None,
    url_field: UrlField = None,
    id_field: IdField = None,
    lang_field: LangField = None,
):
    """Tag articles into a DuckDB database; articles already stored with the same model are skipped. Example: classify ingest articles/ --db news.duckdb"""
    from ..database import DEFAULT_DB, ingest
    from ..errors import ClassifyError
    from ..model import load

    if jobs == 0 or jobs < -1:
        raise ClassifyError(f"--jobs: expected a positive number or -1 (all cores), found {jobs}", 2)
    options = read_options(encoding, split, text_field, title_field, date_field, url_field, id_field, lang_field)
    db = db or DEFAULT_DB
    model = load(model_path)
    show = sys.stderr.isatty()

    def progress(s):
        if show:
            rate = f", {s.seen / s.seconds:,.0f}/s" if s.seconds > 0 else ""
            sys.stderr.write(f"\ringesting: {s.seen:,} articles ({s.written:,} written, {s.unchanged:,} unchanged, {s.failed:,} failed{rate})   ")
            sys.stderr.flush()

    run = lambda: ingest(paths, db, model, options, jobs=jobs, retag=retag, parquet=parquet, progress=progress)  # noqa: E731
    if dask:
        summary = _on_dask(dask, run)
    else:
        summary = run()
    if show:
        sys.stderr.write("\n")
    for source, error in summary.failures:
        typer.echo(f"error: {error}" if error.startswith(source) else f"error: {source}: {error}", err=True)
    if summary.failed > len(summary.failures):
        typer.echo(f"error: ... and {summary.failed - len(summary.failures):,} more failures", err=True)
    typer.echo(summary.format())
    if summary.parquet:
        typer.echo(f"wrote Parquet tables under {summary.parquet}/ (partitioned by year)")
    if summary.seen == 0 and summary.failed == 0:
        raise ClassifyError("no article found in the given inputs", 1)
    if summary.failed:
        raise typer.Exit(1)


def _on_dask(address: str, run):
    import joblib

    from ..errors import ClassifyError

    try:
        from dask.distributed import Client
    except ImportError:
        raise ClassifyError("--dask needs dask[distributed]: pip install 'classify[dask]'", 2) from None
    try:
        client = Client(address, timeout="10s")
    except OSError as err:
        raise ClassifyError(f"--dask: cannot reach the scheduler at {address} ({err})") from None
    with client, joblib.parallel_config(backend="dask"):
        return run()
