"""`classify review`: likely errors in labelled data, listed or corrected in the browser."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from . import app
from ._util import Progress, guarded


@app.command("review")
@guarded
def review_cli(
    path: Path = typer.Argument(None, help="Labelled JSONL file or folder (default: the project's labels/)."),
    list_: bool = typer.Option(False, "--list", help="Print the suspects instead of opening the page."),
    top: int = typer.Option(30, "--top", min=1, help="How many suspects to list or review."),
    as_json: bool = typer.Option(False, "--json", help="With --list: one JSON object per suspect."),
    folds: int = typer.Option(5, "--folds", min=2, help="Folds of the grouped out-of-fold scoring."),
    port: int = typer.Option(0, "--port", min=0, max=65535, help="Port on 127.0.0.1 (default: a free one)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Print the page's address instead of opening it."),
):
    """Find likely label errors (out-of-fold scores that disagree with the labels) and confirm or correct them.
    Example: classify review --list labels/"""
    from ..labelling.review import format_suspects, open_review_session, review

    result = review(path, folds, Progress("scoring out of fold"))
    if list_:
        if as_json:
            for s in result.suspects[:top]:
                typer.echo(json.dumps(s.to_dict(), ensure_ascii=False))
        else:
            typer.echo(format_suspects(result, top, Path.cwd()))
        return
    if not result.suspects:
        typer.echo(f"no suspected label errors among {len(result.corpus)} paragraphs", err=True)
        return
    from ..labelling.server import serve

    session = open_review_session(result, path, top)
    try:
        typer.echo(f"{len(session.items)} suspects to review (of {len(result.suspects)}); corrections go back to their files", err=True)
        serve(session, port, not no_browser, announce=lambda url: typer.echo(f"review page: {url}  (Ctrl-C to stop)", err=True))
    finally:
        session.close()
    typer.echo(f"{session.changed} corrections written, {session.confirmed} labels confirmed", err=True)
