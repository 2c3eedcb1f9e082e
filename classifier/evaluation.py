"""Scores: per-sector precision, recall and F1, and grouped cross-validation."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

import numpy as np

from . import defaults
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
    intervals: dict = field(default_factory=dict)  # 95% bootstrap intervals over articles, see `bootstrap_intervals`
    calibration_error: float | None = None  # see `calibration`
    calibration: dict | None = None
    notes: list[str] = field(default_factory=list)  # warnings a reader must see beside the scores
    check: "Scores | None" = None  # the held-out check set's scores, beside cross-validation

    def to_dict(self) -> dict:
        d = asdict(self)
        d["per_label"] = {k: asdict(v) for k, v in self.per_label.items()}
        d["check"] = None if self.check is None else self.check.to_dict()
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


def _fit_fold(pipeline_factory, texts, y, train, test) -> np.ndarray:
    pipe = pipeline_factory().fit(list(texts[train]), y[train])
    return pipe.predict_proba(list(texts[test]))


def fold_workers(n_paragraphs: int, n_folds: int) -> int:
    """Processes for fitting folds side by side: one per core, but none for a corpus too small
    to repay starting them (tests, a first labelling session)."""
    if n_paragraphs < defaults.PARALLEL_FROM:
        return 1
    return max(1, min(n_folds, os.cpu_count() or 1))


def out_of_fold(pipeline_factory, texts, y, groups, n_splits: int, seed: int, progress=None) -> np.ndarray:
    """Out-of-fold probabilities from grouped K-fold: each paragraph scored by a model that never saw its article.

    Folds are fitted in parallel processes when the corpus is large; each fit is
    deterministic, so the scores do not depend on how many run at once.
    """
    from joblib import Parallel, delayed

    texts = np.asarray(texts, dtype=object)
    proba = np.zeros(y.shape, dtype=np.float64)
    folds = group_folds(groups, n_splits, seed)
    workers = fold_workers(len(texts), len(folds))
    results = Parallel(n_jobs=workers, return_as="generator")(
        delayed(_fit_fold)(pipeline_factory, texts, y, train, test) for train, test in folds
    )
    for k, ((_, test), fold_proba) in enumerate(zip(folds, results)):
        proba[test] = fold_proba
        if progress:
            progress(k + 1, len(folds))
    return proba


@dataclass(frozen=True)
class Recalibration:
    """Per sector, Platt scaling of scores in log-odds: ``logit(p') = slope * logit(p) + offset``.

    Fitted on out-of-fold scores, where the model's confidence can be checked;
    `pipeline.fold_recalibration` writes it into the regressions' coefficients,
    so the saved model scores calibrated probabilities with nothing new to compute.
    """

    slope: tuple[float, ...]
    offset: tuple[float, ...]

    @classmethod
    def identity(cls, n: int) -> "Recalibration":
        return cls((1.0,) * n, (0.0,) * n)

    @classmethod
    def fit(cls, y_true: np.ndarray, proba: np.ndarray) -> "Recalibration":
        from sklearn.linear_model import LogisticRegression

        y_true = np.asarray(y_true, dtype=bool)
        slopes, offsets = [], []
        for j in range(y_true.shape[1]):
            scored = proba[:, j] > 0  # lines set aside score exactly 0 and stay so
            y = y_true[scored, j]
            if y.all() or not y.any():
                slopes.append(1.0), offsets.append(0.0)
                continue
            lr = LogisticRegression(C=1e4, max_iter=1000).fit(_logit(proba[scored, j]).reshape(-1, 1), y)
            slope, offset = float(lr.coef_[0, 0]), float(lr.intercept_[0])
            if slope <= 0:  # scores that do not rank: keep them as they are rather than turn them round
                slope, offset = 1.0, 0.0
            slopes.append(round(slope, 6)), offsets.append(round(offset, 6))
        return cls(tuple(slopes), tuple(offsets))

    def apply(self, proba: np.ndarray) -> np.ndarray:
        z = np.asarray(self.slope) * _logit(proba) + np.asarray(self.offset)
        return np.where(proba > 0, 1.0 / (1.0 + np.exp(-z)), 0.0)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p) - np.log1p(-p)


@dataclass
class Fitted:
    """A pipeline fitted on all the data it was given, with what its out-of-fold scores decided."""

    pipeline: object
    thresholds: np.ndarray
    recalibration: Recalibration
    oof: np.ndarray  # out-of-fold scores, recalibrated as the pipeline's are


def fit_tuned(pipeline_factory, texts, y, groups, n_splits: int, seed: int, recalibrate: bool = True, progress=None) -> Fitted:
    """The whole training procedure: grouped out-of-fold scores, their recalibration and per-sector
    thresholds, then the pipeline fitted on everything with the recalibration folded in.

    `training.fit` ships its result; `cross_validate` runs it inside each training fold.
    """
    from .pipeline import fold_recalibration

    texts = np.asarray(texts, dtype=object)
    oof = out_of_fold(pipeline_factory, texts, y, groups, n_splits, seed, progress)
    # Thresholds are tuned on the raw scores and carried through the (increasing) recalibration,
    # so it changes what the scores say, never which sectors are tagged.
    thresholds = tune_thresholds(y, oof)
    recal = Recalibration.fit(y, oof) if recalibrate else Recalibration.identity(y.shape[1])
    pipeline = fold_recalibration(pipeline_factory().fit(list(texts), y), recal)
    return Fitted(pipeline, recal.apply(thresholds[None, :])[0], recal, recal.apply(oof))


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

    Recalibration and thresholds are fitted inside each training fold (on its
    own grouped out-of-fold scores), so the test fold never influences them.
    """
    from .pipeline import ModelConfig, build_pipeline

    config = config or ModelConfig()
    if config.keywords and lexicon is None:
        from .lexicon import default_lexicon

        lexicon = default_lexicon()
    texts = np.asarray(corpus.texts, dtype=object)
    y = corpus.label_matrix(scheme)
    groups = np.asarray(corpus.groups)
    pred = np.zeros_like(y, dtype=bool)
    scores_out = np.zeros(y.shape, dtype=np.float64)
    folds = group_folds(groups, n_splits, config.seed)
    for k, (train, test) in enumerate(folds):
        if tune:
            fitted = fit_tuned(
                lambda: build_pipeline(config, lexicon), texts[train], y[train], groups[train], max(2, n_splits - 1), config.seed,
                config.recalibrate,
            )
            pipe, thresholds = fitted.pipeline, fitted.thresholds
        else:
            pipe = build_pipeline(config, lexicon).fit(list(texts[train]), y[train])
            thresholds = np.full(len(scheme), defaults.THRESHOLD)
        proba = pipe.predict_proba(list(texts[test]))
        pred[test] = proba >= thresholds
        scores_out[test] = proba
        if progress:
            progress(k + 1, len(folds))
    method = f"grouped {len(folds)}-fold cross-validation by article, scores recalibrated and thresholds tuned within each training fold"
    result = score(y, pred, scheme.ids, method=method, langs=[p.lang for p in corpus.paragraphs])
    return with_uncertainty(result, y, pred, scores_out, groups, scheme.ids)


def with_uncertainty(result: Scores, y, pred, proba, groups, sectors) -> Scores:
    """Add bootstrap intervals and the calibration error to ``result``."""
    result.intervals = bootstrap_intervals(y, pred, groups, sectors)
    result.calibration = calibration(y, proba)
    result.calibration_error = result.calibration["error"]
    return result


def evaluate_model(model, corpus: Corpus, trained_on: set[str] | None = None) -> Scores:
    """Score a saved model on labelled paragraphs (for example the held-out check set), with intervals,
    calibration, and the share of articles whose every paragraph got exactly the right sectors.

    ``trained_on``: `labels.text_key` of the paragraphs the model was trained on; any overlap is reported in ``notes``,
    since those scores are then no test.
    """
    y = corpus.label_matrix(model.scheme)
    proba = model.predict_proba(corpus.texts)
    pred = proba >= model.thresholds
    result = score(y, pred, model.sectors, method="saved model on the given data", langs=[p.lang for p in corpus.paragraphs])
    result = with_uncertainty(result, y, pred, proba, np.asarray(corpus.groups), model.sectors)
    exact = (pred == y.astype(bool)).all(1)
    result.notes.append(f"paragraphs exactly right: {exact.mean():.1%} of {len(exact)}")
    if trained_on:
        from .labels import text_key

        # bylines and other short boilerplate recur everywhere: only paragraphs of some length count
        overlap = sum(len(t.split()) >= 8 and text_key(t) in trained_on for t in corpus.texts)
        if overlap:
            result.notes.insert(
                0,
                f"warning: {overlap} of {sum(len(t.split()) >= 8 for t in corpus.texts)} paragraphs "
                "(of 8 words or more) are in the model's training data: "
                "these scores are not a test",
            )
    return result


def unsure_bands(y_true: np.ndarray, proba: np.ndarray, thresholds: np.ndarray, step: float = 0.02) -> np.ndarray:
    """Per sector, the score below which a tag is unsure: the widest band above the threshold in which
    out-of-fold tags are right at most `defaults.UNSURE_PRECISION` of the time (about half).

    A sector whose tags are right more often than that even just above its
    threshold gets no band (every tag sure).
    """
    y_true = np.asarray(y_true, dtype=bool)
    out = np.asarray(thresholds, dtype=np.float64).copy()
    for j, t in enumerate(thresholds):
        best = t
        for width in np.arange(step, 0.5 + 1e-9, step):
            band = (proba[:, j] >= t) & (proba[:, j] < t + width)
            if band.sum() < 5:
                continue
            if y_true[band, j].mean() <= defaults.UNSURE_PRECISION:
                best = min(t + width, 1.0)
        out[j] = max(float(t), round(float(best), 4))  # never below the threshold, which needs not be round
    return out


def calibration(y_true: np.ndarray, proba: np.ndarray, bins: int = 10) -> dict:
    """Expected calibration error over the scores that matter (at or above `defaults.CALIBRATION_FROM`):
    per bin of scores, the gap between the mean score and the share of true labels, weighted by size."""
    y = np.asarray(y_true, dtype=bool).ravel()
    p = np.asarray(proba, dtype=np.float64).ravel()
    keep = p >= defaults.CALIBRATION_FROM
    y, p = y[keep], p[keep]
    edges = np.linspace(defaults.CALIBRATION_FROM, 1.0, bins + 1)
    rows, ece = [], 0.0
    for k in range(bins):
        inside = (p >= edges[k]) & ((p < edges[k + 1]) if k < bins - 1 else (p <= 1.0))
        n = int(inside.sum())
        if not n:
            continue
        mean_score, share = float(p[inside].mean()), float(y[inside].mean())
        ece += n * abs(mean_score - share)
        rows.append({"from": round(float(edges[k]), 2), "n": n, "mean_score": round(mean_score, 4), "share_true": round(share, 4)})
    return {"error": round(ece / max(len(p), 1), 4), "from_score": defaults.CALIBRATION_FROM, "bins": rows}


def bootstrap_intervals(y_true, y_pred, groups, sectors, n: int = 1000, seed: int = defaults.SEED) -> dict:
    """95% intervals for each sector's F1 and for micro- and macro-F1, from a bootstrap over articles
    (whole articles are resampled, as they are what cross-validation keeps apart)."""
    y_true = np.asarray(y_true, dtype=bool)
    y_pred = np.asarray(y_pred, dtype=bool)
    _, article = np.unique(np.asarray(groups), return_inverse=True)
    n_articles = article.max() + 1 if article.size else 0
    counts = np.zeros((3, n_articles, y_true.shape[1]))
    np.add.at(counts[0], article, y_true & y_pred)
    np.add.at(counts[1], article, ~y_true & y_pred)
    np.add.at(counts[2], article, y_true & ~y_pred)
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(n_articles, np.full(n_articles, 1.0 / n_articles), size=n).astype(np.float64)
    tp, fp, fn = (weights @ counts[k] for k in range(3))  # (n, sectors)
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
        micro = 2 * tp.sum(1) / np.maximum(2 * tp.sum(1) + fp.sum(1) + fn.sum(1), 1e-12)

    def interval(values):
        lo, hi = np.percentile(values, [2.5, 97.5])
        return [round(float(lo), 4), round(float(hi), 4)]

    return {
        "method": f"{n} bootstrap resamples of the {n_articles} articles",
        "macro_f1": interval(f1.mean(1)),
        "micro_f1": interval(micro),
        "per_label": {s: interval(f1[:, j]) for j, s in enumerate(sectors)},
    }


def evaluate_path(data=None, model=None, labels=None, folds: int = defaults.CV_FOLDS, progress=None, check: bool = True):
    """What ``classify evaluate`` does: returns (scores, a line saying what was used).

    With ``data``: the saved model scored on that labelled data (warning when it
    overlaps the model's training data). Without: grouped cross-validation on
    the labels, and, when the labels have a ``check/`` folder, the saved model
    scored on that held-out check set (``scores.check``).
    """
    from . import paths
    from .config import ModelConfig
    from .labels import load_labels
    from .model import load

    if data is not None:
        m = load(model)
        scores = evaluate_model(m, load_labels(data, m.scheme), trained_on=set(m.manifest.data.text_keys))
        return scores, f"model: {m.manifest.describe()} ({m.path}); data: {data}"
    from .training import training_inputs

    found = paths.labels(labels)
    config = ModelConfig()
    scheme, corpus, lexicon = training_inputs(found.path, config)
    scores = cross_validate(corpus, scheme, config, n_splits=folds, progress=progress, lexicon=lexicon)
    used = f"labels: {found.describe()}"
    held_out = found.path / defaults.CHECK_FOLDER if found.path.is_dir() else None
    if check and held_out is not None and held_out.is_dir() and any(held_out.glob("*.jsonl")):
        m = load(model)
        check_scores = evaluate_model(m, load_labels(held_out, m.scheme), trained_on=set(m.manifest.data.text_keys))
        check_scores.method = f"held-out check set {held_out}, scored by {m.manifest.describe()}"
        scores.check = check_scores
        used += f"; check set scored by {m.manifest.describe()}"
    return scores, used
