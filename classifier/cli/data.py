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
    path: Path = typer.Argument(defaults.LABELS_DIR, help="Labelled JSONL file or folder."),
    threshold: float = typer.Option(0.85, "--near", help="TF-IDF cosine above which two paragraphs count as near duplicates."),
):
    """Validate labelled data: schema, sector ids, duplicates, counts. Example: classify data check labels/"""
    from ..quality import check_corpus
    from ..scheme import load_scheme
    from ..training import beside
    from ..labels import load_labels

    scheme = load_scheme(beside(path, "scheme.json", defaults.SCHEME_PATH))
    report = check_corpus(load_labels(path, scheme), scheme, near=threshold)
    typer.echo(report.format())
    if report.problems:
        raise fail(f"{len(report.problems)} problem(s) in {path}", 1)
