"""`classify train`."""

from pathlib import Path

import typer

from .. import defaults
from . import app
from ._util import Progress, guarded


@app.command("train")
@guarded
def train_cli(
    data: Path = typer.Option(defaults.LABELS_DIR, "--data", help="Labelled JSONL file or folder."),
    out: Path = typer.Option(defaults.MODEL_PATH, "--out", help="Where to save the model (.joblib; .npz and .json go beside it)."),
    folds: int = typer.Option(defaults.CV_FOLDS, "--folds", min=2, help="Grouped folds for tuning thresholds."),
    seed: int = typer.Option(defaults.SEED, "--seed", help="Random seed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing on success."),
):
    """Train the sector model from labelled paragraphs and save it. Example: classify train --data labels/"""
    from ..pipeline import ModelConfig
    from ..training import train

    result = train(data, out, config=ModelConfig(seed=seed), n_splits=folds, progress=Progress("out-of-fold"))
    if not quiet:
        d = result.manifest["data"]
        s = result.scores
        typer.echo(
            f"trained on {d['n_paragraphs']} paragraphs in {d['n_articles']} articles; "
            f"out-of-fold micro-F1 {s.micro_f1:.3f}, macro-F1 {s.macro_f1:.3f} (tuned thresholds; "
            f"`classify evaluate` gives the nested estimate)"
        )
        typer.echo(f"saved {result.path} (+ .npz, .json)")
