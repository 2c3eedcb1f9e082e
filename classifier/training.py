"""Training: labelled paragraphs in, a saved model with its manifest out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import defaults
from .evaluation import Scores, fit_pipeline, out_of_fold, score, tune_thresholds
from .labels import Corpus, check_trainable, load_labels
from .lexicon import load_lexicon
from .scheme import Scheme, load_scheme


@dataclass
class TrainResult:
    model: object  # SectorModel
    manifest: dict
    scores: Scores  # out-of-fold scores with the thresholds chosen on them
    path: Path


def corpus_summary(corpus: Corpus) -> dict:
    return {
        "digest": corpus.digest(),
        "files": [str(f.name) for f in corpus.files],
        "n_paragraphs": len(corpus),
        "n_articles": len(set(corpus.groups)),
        "per_sector": dict(sorted(corpus.sector_counts().items())),
        "per_lang": dict(sorted(Counter(p.lang or "?" for p in corpus.paragraphs).items())),
    }


def fit(corpus: Corpus, scheme: Scheme, config=None, n_splits: int = defaults.CV_FOLDS, progress=None, lexicon=None):
    """Fit the pipeline on the whole corpus and tune thresholds on grouped out-of-fold scores.

    Returns (pipeline, thresholds, out-of-fold scores).
    """
    from .pipeline import ModelConfig, build_pipeline

    config = config or ModelConfig()
    if config.keywords and lexicon is None:
        lexicon = load_lexicon(defaults.KEYWORDS_PATH, scheme.ids)
    check_trainable(corpus, scheme, defaults.MIN_POSITIVES)
    y = corpus.label_matrix(scheme)
    groups = np.asarray(corpus.groups)
    oof = out_of_fold(lambda: build_pipeline(config, lexicon), corpus.texts, y, groups, n_splits, config.seed, progress)
    thresholds = tune_thresholds(y, oof)
    oof_scores = score(
        y,
        oof >= thresholds,
        scheme.ids,
        method=f"grouped {min(n_splits, len(set(groups)))}-fold out-of-fold scores, thresholds tuned on the same scores (optimistic; `classify evaluate` is nested)",
        langs=[p.lang for p in corpus.paragraphs],
    )
    pipeline = fit_pipeline(build_pipeline(config, lexicon), corpus.texts, y)
    # The terms cut by min_df are kept only for inspection and would bloat the file.
    pipeline.named_steps["features"].named_transformers["tfidf"].stop_words_ = None
    return pipeline, thresholds, oof_scores


def train(
    data: str | Path = defaults.LABELS_DIR,
    out: str | Path = defaults.MODEL_PATH,
    scheme_path: str | Path | None = None,
    config=None,
    n_splits: int = defaults.CV_FOLDS,
    progress=None,
) -> TrainResult:
    """Train on ``data`` and save the model to ``out`` (plus its ``.npz`` and ``.json``), atomically."""
    from .model import SectorModel, build_manifest
    from .pipeline import ModelConfig
    from .scorer import LinearScorer

    config = config or ModelConfig()
    scheme, corpus, lexicon = training_inputs(data, config, scheme_path)
    pipeline, thresholds, oof_scores = fit(corpus, scheme, config, n_splits, progress, lexicon)
    model = SectorModel(scheme=scheme, thresholds=thresholds, scorer=LinearScorer.from_pipeline(pipeline))
    summary = corpus_summary(corpus) | {"keywords_digest": lexicon.digest() if lexicon else None}
    manifest = build_manifest(scheme, thresholds, config.to_dict(), summary, oof_scores.to_dict())
    manifest = model.save(out, pipeline, manifest)
    model._pipeline = pipeline
    return TrainResult(model=model, manifest=manifest, scores=oof_scores, path=Path(out))


def training_inputs(data: str | Path, config, scheme_path: str | Path | None = None):
    """The scheme, labelled corpus and keywords (None when the config uses none) for training on ``data``."""
    scheme = load_scheme(scheme_path or beside(data, "scheme.json", defaults.SCHEME_PATH))
    corpus = load_labels(data, scheme)
    lexicon = load_lexicon(beside(data, "keywords.json", defaults.KEYWORDS_PATH), scheme.ids) if config.keywords else None
    return scheme, corpus, lexicon


def beside(data: str | Path, name: str, fallback: Path) -> Path:
    """A file that goes with a labels folder (``scheme.json``, ``keywords.json``): its own if it has one, else the project's."""
    data = Path(data)
    folder = data if data.is_dir() else data.parent
    own = folder / name
    return own if own.exists() else fallback
