"""`classify data export` and `classify data import`: labelled data to and from doccano, Label Studio, Prodigy."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .. import defaults
from ._util import fail, guarded
from .data import data_app

FORMATS_HELP = "doccano, label-studio or prodigy"


@data_app.command("export")
@guarded
def export_cli(
    path: Path = typer.Argument(..., help="Labelled JSONL file or folder."),
    to: str = typer.Option(..., "--to", help=f"Format: {FORMATS_HELP}."),
    out: Path = typer.Option(None, "--out", help="File to write (default: standard output)."),
):
    """Write labelled paragraphs in another annotation tool's format. Example: classify data export labels/ --to doccano --out doccano.jsonl"""
    from .. import paths
    from ..labelling.interop import check_format, export_labels, label_studio_config
    from ..labels import load_labels
    from ..scheme import load_scheme
    from ..storage import write_text_atomic

    check_format(to)
    scheme = load_scheme(paths.beside(path, defaults.SCHEME_FILE))
    corpus = load_labels(path, scheme)
    text = export_labels(corpus, to, scheme)
    if out is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(out, text)
        typer.echo(f"wrote {len(corpus)} paragraphs to {out} ({to})", err=True)
    if to == "label-studio":
        typer.echo("Label Studio labelling interface for these tasks:\n" + label_studio_config(scheme), err=True)


@data_app.command("import")
@guarded
def import_cli(
    file: Path = typer.Argument(..., help="File exported by the annotation tool."),
    from_: str = typer.Option(..., "--from", help=f"Format: {FORMATS_HELP}."),
    out: Path = typer.Option(None, "--out", help="JSONL file to write in the label format (default: standard output)."),
    allow_loss: bool = typer.Option(False, "--allow-loss", help="Write even if some information cannot be kept (it is listed)."),
):
    """Read another annotation tool's export into the label format. Example: classify data import doccano.jsonl --from doccano --out labels/imported.jsonl"""
    from .. import paths
    from ..labelling.interop import import_labels, to_jsonl
    from ..scheme import load_scheme
    from ..storage import write_text_atomic

    scheme = load_scheme(paths.scheme_file() if out is None else paths.beside(out, defaults.SCHEME_FILE))
    result = import_labels(file, from_, scheme)
    for note in result.notes[:20]:
        typer.echo(f"note: {note}", err=True)
    for loss in result.losses[:50]:
        typer.echo(f"{'warning' if allow_loss else 'lost'}: {loss}", err=True)
    if len(result.losses) > 50:
        typer.echo(f"... and {len(result.losses) - 50} more", err=True)
    if result.losses and not allow_loss:
        raise fail(
            f"importing {file} would lose information in {len(result.losses)} place(s) (listed above); "
            "nothing written; pass --allow-loss to import what can be kept",
            1,
        )
    text = to_jsonl(result.paragraphs)
    if out is None:
        sys.stdout.write(text)
    else:
        write_text_atomic(out, text)
        typer.echo(f"wrote {len(result.paragraphs)} labelled paragraphs to {out}", err=True)
