"""`classify evaluate`."""

import json
from pathlib import Path

import typer

from .. import defaults
from . import app
from ._util import Progress, guarded


def format_scores(scores) -> str:
    rows = [f"{'sector':<20} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    for sector, s in scores.per_label.items():
        rows.append(f"{sector:<20} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.support:>8d}")
    rows.append("")
    rows.append(f"{'micro avg':<20} {scores.micro_precision:>9.3f} {scores.micro_recall:>7.3f} {scores.micro_f1:>6.3f}")
    rows.append(f"{'macro F1':<20} {'':>9} {'':>7} {scores.macro_f1:>6.3f}")
    for lang, s in scores.per_lang.items():
        rows.append(f"lang {lang:<15} micro-F1 {s['micro_f1']:.3f}  macro-F1 {s['macro_f1']:.3f}  ({s['n_paragraphs']} paragraphs)")
    if scores.confusions:
        mixups = ", ".join(f"{c['predicted']} for {c['expected']} ({c['paragraphs']})" for c in scores.confusions[:5])
        rows.append(f"most frequent mix-ups (tagged X where Y was expected): {mixups}")
    rows.append(f"{scores.n_paragraphs} paragraphs; {scores.method}")
    return "\n".join(rows)


@app.command("evaluate")
@guarded
def evaluate_cli(
    data: Path = typer.Option(None, "--data", help="Score the saved model on this labelled file instead of cross-validating."),
    model: Path = typer.Option(None, "--model", help="Model to score with --data (default: the shipped one)."),
    labels: Path = typer.Option(defaults.LABELS_DIR, "--labels", help="Corpus to cross-validate on."),
    folds: int = typer.Option(defaults.CV_FOLDS, "--folds", min=2, help="Number of grouped folds."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
):
    """Measure the model: grouped cross-validation, or a saved model on --data. Example: classify evaluate --json"""
    if data is not None:
        from ..evaluation import evaluate_model
        from ..labels import load_labels
        from ..model import load

        m = load(model)
        scores = evaluate_model(m, load_labels(data, m.scheme))
    else:
        from ..evaluation import cross_validate
        from ..pipeline import ModelConfig
        from ..training import training_inputs

        config = ModelConfig()
        scheme, corpus, lexicon = training_inputs(labels, config)
        scores = cross_validate(corpus, scheme, config, n_splits=folds, progress=Progress("folds"), lexicon=lexicon)
    typer.echo(json.dumps(scores.to_dict(), ensure_ascii=False) if as_json else format_scores(scores))
