"""Scores: per-sector precision, recall and F1, and grouped cross-validation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from . import defaults
from .articles import set_aside_mask
from .labels import Corpus
from .scheme import Scheme


@dataclass(frozen=True)
class LabelScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Scores:
    """What ``classify evaluate`` reports."""

    micro_f1: float
    macro_f1: float
    n_paragraphs: int
    per_label: dict[str, LabelScore]
    micro_precision: float = 0.0
    micro_recall: float = 0.0
    method: str = ""
    per_lang: dict[str, dict] = field(default_factory=dict)
    confusions: list[dict] = field(default_factory=list)  # the most frequent mix-ups, see `confusions`

    def to_dict(self) -> dict:
        d = asdict(self)
        d["per_label"] = {k: asdict(v) for k, v in self.per_label.items()}
        return d


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def confusions(y_true: np.ndarray, y_pred: np.ndarray, sectors, top: int = 8) -> list[dict]:
    """The sector pairs the model mixes up most: in one paragraph, ``predicted`` was tagged
    wrongly while ``expected`` was missed ("(none)" when the paragraph has no sector at all).
    """
    y_true = np.asarray(y_true, dtype=bool)
    y_pred = np.asarray(y_pred, dtype=bool)
    counts: dict[tuple[str, str], int] = {}
    for t, p in zip(y_true, y_pred):
        wrong = np.flatnonzero(p & ~t)
        missed = np.flatnonzero(t & ~p)
        expected = [sectors[j] for j in missed] or (["(none)"] if not t.any() else [])
        for i in wrong:
            for e in expected:
                counts[sectors[i], e] = counts.get((sectors[i], e), 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [{"predicted": a, "expected": b, "paragraphs": n} for (a, b), n in ranked]


def score(y_true: np.ndarray, y_pred: np.ndarray, sectors, method: str = "", langs=None) -> Scores:
    """Precision, recall and F1 per sector, with micro and macro F1 (macro over all sectors)."""
    y_true = np.asarray(y_true, dtype=bool)
    y_pred = np.asarray(y_pred, dtype=bool)
    tp = (y_true & y_pred).sum(0)
    fp = (~y_true & y_pred).sum(0)
    fn = (y_true & ~y_pred).sum(0)
    per_label = {}
    for j, s in enumerate(sectors):
        p, r, f = _prf(tp[j], fp[j], fn[j])
        per_label[s] = LabelScore(round(p, 4), round(r, 4), round(f, 4), int(y_true[:, j].sum()))
    mp, mr, mf = _prf(tp.sum(), fp.sum(), fn.sum())
    result = Scores(
        micro_f1=round(mf, 4),
        macro_f1=round(float(np.mean([v.f1 for v in per_label.values()])), 4),
        n_paragraphs=int(y_true.shape[0]),
        per_label=per_label,
        micro_precision=round(mp, 4),
        micro_recall=round(mr, 4),
        method=method,
        confusions=confusions(y_true, y_pred, list(sectors)),
    )
    if langs is not None:
        langs = np.asarray([lang or "?" for lang in langs])
        for lang in sorted(set(langs)):
            rows = langs == lang
            sub = score(y_true[rows], y_pred[rows], sectors)
            result.per_lang[lang] = {"micro_f1": sub.micro_f1, "macro_f1": sub.macro_f1, "n_paragraphs": sub.n_paragraphs}
    return result


def tune_thresholds(y_true: np.ndarray, proba: np.ndarray, grid=defaults.THRESHOLD_GRID) -> np.ndarray:
    """Per sector, the threshold on the grid with the best F1 (ties go to the one nearest 0.5)."""
    y_true = np.asarray(y_true, dtype=bool)
    out = np.full(y_true.shape[1], defaults.THRESHOLD)
    order = sorted(grid, key=lambda t: (abs(t - defaults.THRESHOLD), t))
    for j in range(y_true.shape[1]):
        if not y_true[:, j].any():
            continue
        best = -1.0
        for t in order:
            pred = proba[:, j] >= t
            tp = np.sum(pred & y_true[:, j])
            f = 2 * tp / (pred.sum() + y_true[:, j].sum())
            if f > best + 1e-12:
                best, out[j] = f, t
    return out


def group_folds(groups, n_splits: int, seed: int):
    """Grouped K-fold splits: no article has paragraphs on both sides; fixed by ``seed``."""
    from sklearn.model_selection import GroupKFold

    n_groups = len(set(groups))
    k = min(n_splits, n_groups)
    cv = GroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return list(cv.split(np.zeros(len(groups)), groups=groups))


def fit_pipeline(pipe, texts, y):
    """Fit on the paragraphs only: captions, bylines and links carry no sector and are never tagged."""
    keep = ~set_aside_mask(texts)
    return pipe.fit([t for t, k in zip(texts, keep) if k], np.asarray(y)[keep])


def predict_pipeline(pipe, texts) -> np.ndarray:
    """The pipeline's scores, with 0 for the lines the tagger sets aside (as `SectorModel.predict_proba`)."""
    proba = pipe.predict_proba(list(texts))
    proba[set_aside_mask(texts)] = 0.0
    return proba


def out_of_fold(pipeline_factory, texts, y, groups, n_splits: int, seed: int, progress=None) -> np.ndarray:
    """Out-of-fold probabilities from grouped K-fold: each paragraph scored by a model that never saw its article."""
    texts = np.asarray(texts, dtype=object)
    proba = np.zeros(y.shape, dtype=np.float64)
    folds = group_folds(groups, n_splits, seed)
    for k, (train, test) in enumerate(folds):
        pipe = fit_pipeline(pipeline_factory(), texts[train], y[train])
        proba[test] = predict_pipeline(pipe, texts[test])
        if progress:
            progress(k + 1, len(folds))
    return proba


def cross_validate(
    corpus: Corpus,
    scheme: Scheme,
    config=None,
    n_splits: int = defaults.CV_FOLDS,
    tune: bool = True,
    progress=None,
    lexicon=None,
) -> Scores:
    """Grouped K-fold cross-validation of the whole training procedure.

    Thresholds are tuned inside each training fold (on its own grouped
    out-of-fold scores), so the test fold never influences them.
    """
    from .pipeline import ModelConfig, build_pipeline

    config = config or ModelConfig()
    if config.keywords and lexicon is None:
        from .pipeline import default_lexicon

        lexicon = default_lexicon()
    texts = np.asarray(corpus.texts, dtype=object)
    y = corpus.label_matrix(scheme)
    groups = np.asarray(corpus.groups)
    pred = np.zeros_like(y, dtype=bool)
    folds = group_folds(groups, n_splits, config.seed)
    for k, (train, test) in enumerate(folds):
        pipe = fit_pipeline(build_pipeline(config, lexicon), texts[train], y[train])
        proba = predict_pipeline(pipe, texts[test])
        if tune:
            inner = out_of_fold(
                lambda: build_pipeline(config, lexicon), texts[train], y[train], groups[train], n_splits - 1, config.seed
            )
            thresholds = tune_thresholds(y[train], inner)
        else:
            thresholds = np.full(len(scheme), defaults.THRESHOLD)
        pred[test] = proba >= thresholds
        if progress:
            progress(k + 1, len(folds))
    method = f"grouped {len(folds)}-fold cross-validation by article, thresholds tuned within each training fold"
    return score(y, pred, scheme.ids, method=method, langs=[p.lang for p in corpus.paragraphs])


def evaluate_model(model, corpus: Corpus) -> Scores:
    """Score a saved model on labelled paragraphs it is checked against (for example a held-out file)."""
    y = corpus.label_matrix(model.scheme)
    pred = model.predict_proba(corpus.texts) >= model.thresholds
    return score(y, pred, model.sectors, method="saved model on the given data", langs=[p.lang for p in corpus.paragraphs])
