"""`classify label`: label paragraphs in the browser, the model suggesting and retraining as you go."""

from __future__ import annotations

from pathlib import Path

import typer

from . import app
from ._util import DateField, Encoding, IdField, LangField, Split, TextField, TitleField, UrlField, guarded, read_options


@app.command("label")
@guarded
def label_cli(
    sources: list[str] = typer.Argument(..., help="Articles to label: anything `classify tag` reads (files, folders, - for standard input)."),
    into: Path = typer.Option(..., "--into", help="JSONL file the answers go to (created; appended; resumed on restart)."),
    order: str = typer.Option("uncertain", "--order", help="uncertain: the paragraphs the model is least sure of first; sequential: reading order."),
    sector: str = typer.Option(None, "--sector", help="Ask about one sector only (yes/no), e.g. --sector energy."),
    retrain_every: int = typer.Option(50, "--retrain-every", help="Retrain a temporary model after this many answers (0: never)."),
    labels: Path = typer.Option(None, "--labels", help="Labelled data to retrain on, with the answers (default: the project's labels/)."),
    model_path: Path = typer.Option(None, "--model", help="Model that suggests (default: the project's, else the shipped one)."),
    port: int = typer.Option(0, "--port", min=0, max=65535, help="Port on 127.0.0.1 (default: a free one)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Print the page's address instead of opening it."),
    encoding: Encoding = None,
    split: Split = None,
    text_field: TextField = None,
    title_field: TitleField = None,
    date_field: DateField = None,
    url_field: UrlField = None,
    id_field: IdField = None,
    lang_field: LangField = None,
):
    """Label paragraphs in the browser with the model's suggestions; every answer is on disk at once.
    Example: classify label news/ --into labels/news.jsonl"""
    from ..labelling.server import serve
    from ..labelling.session import open_label_session

    options = read_options(encoding, split, text_field, title_field, date_field, url_field, id_field, lang_field)
    session = open_label_session(
        sources, into, order, sector, retrain_every, labels, model_path, options
    )
    try:
        for failure in session.source.failures:
            typer.echo(f"warning: {failure}", err=True)
        p = session.progress()
        typer.echo(f"{p.total} paragraphs from {len(session.source.articles)} articles; {p.total - p.left} already in {into}, {p.left} to ask", err=True)
        serve(session, port, not no_browser, announce=lambda url: typer.echo(f"labelling page: {url}  (Ctrl-C to stop)", err=True))
    finally:
        session.store.close()
    p = session.progress()
    typer.echo(f"{p.answered_now} answers given this session; {p.answered} in {into}; {p.left} paragraphs left", err=True)
