"""Training: labelled paragraphs in, a saved model with its manifest out.

A retrain never silently replaces a better model: the model it would replace
is named with both scores, a clearly worse one needs ``force``, and the
replaced model is kept beside the new one (``classify train --restore``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import defaults, paths
from .config import ModelConfig
from .errors import ClassifyError
from .evaluation import Scores, calibration, fit_tuned, score, unsure_bands
from .labels import Corpus, check_trainable, load_labels, text_key
from .lexicon import load_lexicon
from .manifest import DataSummary, Manifest, now, versions
from .scheme import load_scheme


@dataclass
class TrainResult:
    model: object  # SectorModel
    manifest: Manifest
    scores: Scores  # out-of-fold scores with the thresholds chosen on them
    path: Path
    data: paths.Found
    replaced: Manifest | None = None  # the model this one replaced (kept as NAME.previous.*)


def corpus_summary(corpus: Corpus, lexicon) -> DataSummary:
    return DataSummary(
        digest=corpus.digest(),
        files=tuple(str(f.name) for f in corpus.files),
        n_paragraphs=len(corpus),
        n_articles=len(set(corpus.groups)),
        per_sector=dict(sorted(corpus.sector_counts().items())),
        per_lang=dict(sorted(Counter(p.lang or "?" for p in corpus.paragraphs).items())),
        keywords_digest=lexicon.digest() if lexicon else None,
        text_keys=tuple(sorted({text_key(p.text) for p in corpus.paragraphs})),
    )


def fit(corpus: Corpus, scheme, config: ModelConfig | None = None, n_splits: int = defaults.CV_FOLDS, progress=None, lexicon=None):
    """Fit the pipeline on the whole corpus; tune thresholds and unsure bands on grouped out-of-fold scores.

    Returns (pipeline, thresholds, sure_from, out-of-fold scores, calibration).
    """
    from .pipeline import build_pipeline

    config = config or ModelConfig()
    check_trainable(corpus, scheme, defaults.MIN_POSITIVES)
    y = corpus.label_matrix(scheme)
    groups = np.asarray(corpus.groups)
    fitted = fit_tuned(lambda: build_pipeline(config, lexicon), corpus.texts, y, groups, n_splits, config.seed, config.recalibrate, progress)
    oof, thresholds, pipeline = fitted.oof, fitted.thresholds, fitted.pipeline
    sure_from = unsure_bands(y, oof, thresholds)
    oof_scores = score(
        y,
        oof >= thresholds,
        scheme.ids,
        method=f"grouped {min(n_splits, len(set(groups)))}-fold out-of-fold scores, thresholds tuned on the same scores (optimistic; `classify evaluate` is nested)",
        langs=[p.lang for p in corpus.paragraphs],
    )
    # The terms cut by min_df are kept only for inspection and would bloat the file.
    pipeline.named_steps["features"].transformer_list[0][1].named_steps["tfidf"].stop_words_ = None
    calib = calibration(y, oof)
    calib["recalibration"] = {"slope": list(fitted.recalibration.slope), "offset": list(fitted.recalibration.offset)}
    return pipeline, thresholds, sure_from, oof_scores, calib


def train(
    data: str | Path | None = None,
    out: str | Path | None = None,
    config: ModelConfig | None = None,
    n_splits: int = defaults.CV_FOLDS,
    progress=None,
    force: bool = False,
) -> TrainResult:
    """Train on ``data`` and save the model to ``out`` (plus its ``.npz`` and ``.json``), atomically.

    Paths default as `paths` says. Replacing a model whose out-of-fold macro-F1
    is higher by more than `defaults.WORSE_BY` needs ``force``.
    """
    from .model import SectorModel, model_files
    from .manifest import read
    from .scorer import LinearScorer

    config = config or ModelConfig()
    found = paths.labels(data)
    target = paths.model_output(out).path
    scheme, corpus, lexicon = training_inputs(found.path, config)
    pipeline, thresholds, sure_from, oof_scores, calib = fit(corpus, scheme, config, n_splits, progress, lexicon)
    manifest = Manifest(
        scheme=scheme,
        thresholds=tuple(float(t) for t in thresholds),
        sure_from=tuple(float(t) for t in sure_from),
        config=config,
        data=corpus_summary(corpus, lexicon),
        cv_metrics=oof_scores.to_dict(),
        calibration=calib,
        versions=versions(),
        created=now(),
    )
    replaced = None
    json_path = model_files(target)[2]
    if json_path.exists():
        try:
            replaced = read(json_path)
        except ClassifyError:
            replaced = None  # an unreadable model is no better model to protect
    if replaced is not None and not force and _clearly_worse(manifest, replaced):
        raise ClassifyError(
            f"not replacing {target}: the new model scores macro-F1 {manifest.macro_f1:.3f} out of fold "
            f"on {manifest.data.n_paragraphs} paragraphs, the current {replaced.describe()}; "
            "pass --force to replace it anyway, or --out to save elsewhere"
        )
    model = SectorModel(manifest=manifest, scorer=LinearScorer.from_pipeline(pipeline))
    sample = _parity_sample(corpus.texts, config.seed)
    model.save(target, pipeline, parity_texts=sample)
    model._pipeline = pipeline
    return TrainResult(model=model, manifest=model.manifest, scores=oof_scores, path=model.path, data=found, replaced=replaced)


def _clearly_worse(new: Manifest, old: Manifest) -> bool:
    if new.macro_f1 is None or old.macro_f1 is None:
        return False
    return new.macro_f1 < old.macro_f1 - defaults.WORSE_BY


def _parity_sample(texts: list[str], seed: int) -> list[str]:
    from .model import PARITY_SAMPLE

    rng = np.random.default_rng(seed)
    picked = rng.choice(len(texts), size=min(PARITY_SAMPLE, len(texts)), replace=False)
    return [texts[i] for i in sorted(picked)] + ["", "VNA/CVN", ">> Un lien vers un autre article"]


def training_inputs(data: str | Path, config: ModelConfig):
    """The scheme, labelled corpus and keywords (None when the config uses none) for training on ``data``."""
    scheme = load_scheme(paths.beside(data, defaults.SCHEME_FILE))
    corpus = load_labels(data, scheme)
    lexicon = load_lexicon(paths.beside(data, defaults.KEYWORDS_FILE), scheme.ids) if config.keywords else None
    return scheme, corpus, lexicon
