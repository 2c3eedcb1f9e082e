"""`classify evaluate`."""

import json
from pathlib import Path

import typer

from .. import defaults
from . import app
from ._util import Progress, guarded


def format_scores(scores) -> str:
    ci = scores.intervals.get("per_label", {}) if scores.intervals else {}
    rows = [f"{'sector':<20} {'precision':>9} {'recall':>7} {'f1':>6} {'95% interval':>14} {'support':>8}"]
    for sector, s in scores.per_label.items():
        lo_hi = f"{ci[sector][0]:.2f}-{ci[sector][1]:.2f}" if sector in ci else ""
        rows.append(f"{sector:<20} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {lo_hi:>14} {s.support:>8d}")
    rows.append("")

    def interval(key):
        v = scores.intervals.get(key) if scores.intervals else None
        return f"  (95% interval {v[0]:.3f}-{v[1]:.3f})" if v else ""

    rows.append(f"{'micro avg':<20} {scores.micro_precision:>9.3f} {scores.micro_recall:>7.3f} {scores.micro_f1:>6.3f}{interval('micro_f1')}")
    rows.append(f"{'macro F1':<20} {'':>9} {'':>7} {scores.macro_f1:>6.3f}{interval('macro_f1')}")
    for lang, s in scores.per_lang.items():
        rows.append(f"lang {lang:<15} micro-F1 {s['micro_f1']:.3f}  macro-F1 {s['macro_f1']:.3f}  ({s['n_paragraphs']} paragraphs)")
    if scores.calibration_error is not None:
        rows.append(f"calibration error (ECE, scores >= {defaults.CALIBRATION_FROM}): {scores.calibration_error:.3f}")
    if scores.confusions:
        mixups = ", ".join(f"{c['predicted']} for {c['expected']} ({c['paragraphs']})" for c in scores.confusions[:5])
        rows.append(f"most frequent mix-ups (tagged X where Y was expected): {mixups}")
    rows.extend(scores.notes)
    rows.append(f"{scores.n_paragraphs} paragraphs; {scores.method}")
    return "\n".join(rows)


@app.command("evaluate")
@guarded
def evaluate_cli(
    data: Path = typer.Option(None, "--data", help="Score the saved model on this labelled file or folder (e.g. labels/check/) instead of cross-validating."),
    model: Path = typer.Option(None, "--model", help="Model to score with --data (default: the project's, else the shipped one)."),
    labels: Path = typer.Option(None, "--labels", help="Corpus to cross-validate on (default: the project's labels/, else the shipped ones)."),
    folds: int = typer.Option(defaults.CV_FOLDS, "--folds", min=2, help="Number of grouped folds."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
):
    """Measure the model: grouped cross-validation, or a saved model on --data. Example: classify evaluate --json"""
    from ..evaluation import evaluate_path

    scores, used = evaluate_path(data=data, model=model, labels=labels, folds=folds, progress=Progress("folds"))
    typer.echo(used, err=True)
    if as_json:
        typer.echo(json.dumps(scores.to_dict(), ensure_ascii=False))
        return
    typer.echo(format_scores(scores))
    if scores.check is not None:
        typer.echo("\n== held-out check set (real-news articles never trained on)")
        typer.echo(format_scores(scores.check))
