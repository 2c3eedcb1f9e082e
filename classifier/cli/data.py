"""`classify data ...`: checks on the labelled corpus."""

from pathlib import Path

import typer

from .. import defaults
from . import app
from ._util import fail, guarded

data_app = typer.Typer(help="Work with the labelled data. Example: classify data check labels/", no_args_is_help=True)
app.add_typer(data_app, name="data")


@data_app.command("check")
@guarded
def check_cli(
    path: Path = typer.Argument(None, help="Labelled JSONL file or folder (default: the project's labels/, else the shipped ones)."),
    threshold: float = typer.Option(defaults.NEAR_DUPLICATE, "--near", help="TF-IDF cosine above which two paragraphs count as near duplicates."),
):
    """Validate labelled data: schema, sector ids, duplicates, counts, trainability. Example: classify data check labels/"""
    from ..quality import check_path

    report = check_path(path, near=threshold)
    typer.echo(f"labels: {report.where}")
    typer.echo(report.format())
    if report.problems:
        raise fail(f"{len(report.problems)} problem(s) in {report.where}", 1)
from . import data_interop  # noqa: E402,F401  (registers `data export` and `data import`)
