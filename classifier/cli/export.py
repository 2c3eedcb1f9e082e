"""`classify export`."""

from pathlib import Path

import typer

from . import app
from ._util import guarded


@app.command("export")
@guarded
def export_cli(
    out: Path = typer.Argument(..., help="Name of the bundle to write (OUT.npz and OUT.json)."),
    model: Path = typer.Option(None, "--model", help="Model to export (default: the shipped one)."),
):
    """Write a model as arrays + manifest only, safe to share (no pickle). Example: classify export shared/sectors"""
    from ..model import export

    written = export(model, out)
    typer.echo(f"wrote {written.with_suffix('.npz')} and {written}; load it with classifier.load({str(written.with_suffix(''))!r})")
