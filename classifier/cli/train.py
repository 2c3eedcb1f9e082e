"""`classify train`."""

from pathlib import Path

import typer

from .. import defaults
from . import app
from ._util import Progress, guarded


@app.command("train")
@guarded
def train_cli(
    data: Path = typer.Option(None, "--data", help="Labelled JSONL file or folder (default: the project's labels/, else the shipped ones)."),
    out: Path = typer.Option(None, "--out", help="Where to save the model (.joblib; .npz and .json go beside it). Default: the project's models/sectors.joblib."),
    folds: int = typer.Option(defaults.CV_FOLDS, "--folds", min=2, help="Grouped folds for tuning thresholds."),
    seed: int = typer.Option(defaults.SEED, "--seed", help="Random seed."),
    force: bool = typer.Option(False, "--force", help="Replace the current model even if the new one scores clearly worse."),
    restore: bool = typer.Option(False, "--restore", help="Undo the last retrain: bring back the model it replaced."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing on success."),
):
    """Train the sector model from labelled paragraphs and save it. Example: classify train --data labels/"""
    from .. import paths

    target = paths.model_output(out).path
    if restore:
        from ..model import restore as restore_model

        back = restore_model(target)
        typer.echo(f"restored {target}: {back.describe()}; the replaced one is kept as the previous model")
        return
    from ..config import ModelConfig
    from ..training import train

    result = train(data, out, config=ModelConfig(seed=seed), n_splits=folds, progress=Progress("out-of-fold"), force=force)
    if not quiet:
        s = result.scores
        typer.echo(f"labels: {result.data.describe()}")
        typer.echo(
            f"trained on {result.manifest.data.n_paragraphs} paragraphs in {result.manifest.data.n_articles} articles; "
            f"out-of-fold micro-F1 {s.micro_f1:.3f}, macro-F1 {s.macro_f1:.3f} (tuned thresholds; "
            f"`classify evaluate` gives the nested estimate)"
        )
        typer.echo(f"saved {result.path} (+ .npz, .json): {result.manifest.describe()}")
        if result.replaced is not None:
            typer.echo(
                f"replaced {result.replaced.describe()}; it is kept: `classify train --restore` brings it back"
            )
