"""The scikit-learn pipeline: preprocessing -> features -> one logistic regression per sector.

Every step follows scikit-learn's estimator contract, so the whole model,
the set-aside rule included, is a real ``Pipeline``: ``clone``,
``cross_val_predict`` and grid search see exactly what tagging uses.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from .config import ModelConfig
from .errors import ClassifyError
from .text import TOKENIZERS, Features, preprocess

__all__ = ["ModelConfig", "build_pipeline", "check_reproducible"]


class Preprocessor(TransformerMixin, BaseEstimator):
    """Paragraphs to normalised token strings (lower case, folded accents, French-aware tokens)."""

    def __init__(self, tokenizer: str = "regex", fold_accents: bool = True):
        self.tokenizer = tokenizer
        self.fold_accents = fold_accents

    def __sklearn_is_fitted__(self):
        return True  # stateless: nothing to learn

    def fit(self, X, y=None):
        if self.tokenizer not in TOKENIZERS:
            raise ValueError(f"tokenizer must be one of {sorted(TOKENIZERS)}, got {self.tokenizer!r}")
        return self

    def transform(self, X):
        return [preprocess(x, self.tokenizer, self.fold_accents) for x in X]


class SetAside(TransformerMixin, BaseEstimator):
    """Raw paragraphs to one column: 1 for a caption, byline, credit or ``>>`` link, else 0.

    `SetAsideClassifier` reads this column: such lines are left out of training
    and score 0, as the guide gives them no sector.
    """

    def __sklearn_is_fitted__(self):
        return True  # stateless: nothing to learn

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        from scipy.sparse import csr_matrix

        from .articles import set_aside_mask

        return csr_matrix(set_aside_mask(list(X)).astype(np.float64).reshape(-1, 1))

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["set_aside"], dtype=object)


class KeywordMatches(TransformerMixin, BaseEstimator):
    """Preprocessed paragraphs to one column per sector: ``weight`` if a keyword of the sector occurs."""

    def __init__(self, lexicon=None, weight: float = 1.0, tokenizer: str = "regex", fold_accents: bool = True):
        self.lexicon = lexicon
        self.weight = weight
        self.tokenizer = tokenizer
        self.fold_accents = fold_accents

    def __sklearn_is_fitted__(self):
        return True  # stateless: nothing to learn

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        from scipy.sparse import csr_matrix

        rows = [self.lexicon.matches(doc, self.tokenizer, self.fold_accents) for doc in X]
        return csr_matrix(np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.lexicon.sectors)) * self.weight)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"keywords:{s}" for s in self.lexicon.sectors], dtype=object)


class SetAsideClassifier(ClassifierMixin, BaseEstimator):
    """A multi-label classifier whose last input column marks lines set aside.

    Those rows are not learnt from and score 0 for every sector; the other
    columns go to ``estimator`` (one logistic regression per sector).
    """

    def __init__(self, estimator=None):
        self.estimator = estimator

    def fit(self, X, y):
        from threadpoolctl import threadpool_limits

        X, keep = _split_mask(X)
        y = np.asarray(y)
        # liblinear's dot products run on BLAS, which splits long sums across threads and so
        # rounds differently with the number of cores: on one thread the model is the same
        # whatever the cores, in the main process or in a worker (`evaluation.out_of_fold`).
        with threadpool_limits(limits=1, user_api="blas"):
            self.estimator_ = clone(self.estimator).fit(X[keep], y[keep])
        self.classes_ = self.estimator_.classes_
        return self

    def predict_proba(self, X):
        X, keep = _split_mask(X)
        out = np.zeros((X.shape[0], len(self.classes_)))
        if keep.any():
            out[keep] = self.estimator_.predict_proba(X[keep])
        return out

    def predict(self, X):
        return (self.predict_proba(X) >= 0.5).astype(int)


class NBLogisticRegression(LogisticRegression):
    """Logistic regression on features scaled by naive-Bayes log-count ratios (NB-LR, after Wang & Manning 2012).

    Each feature is weighted by how much more often it occurs with the sector
    than without it, so a word that marks a sector starts ahead of one that is
    merely frequent. The ratios are folded into ``coef_`` after fitting:
    ``(x * r) . w == x . (r * w)``, so scoring (and `LinearScorer`) need nothing new.
    """

    def __init__(self, nb_alpha: float = 0.1, C: float = 1.0, class_weight=None, solver: str = "liblinear",
                 max_iter: int = 1000, random_state=None):
        super().__init__(C=C, class_weight=class_weight, solver=solver, max_iter=max_iter, random_state=random_state)
        self.nb_alpha = nb_alpha

    def fit(self, X, y, sample_weight=None):
        from scipy.sparse import csr_matrix

        X, y = csr_matrix(X), np.asarray(y)
        ratio = nb_ratios(X, y, self.nb_alpha)
        super().fit(X.multiply(ratio).tocsr(), y, sample_weight)
        self.coef_ = self.coef_ * ratio  # the ratios live on only in here: keeping them too would double the file
        return self


def nb_ratios(X, y, alpha: float) -> np.ndarray:
    """Per column, log of (smoothed share of the column's mass among positives) / (same among negatives).

    Defined for weights that cannot be negative, as every feature of `build_pipeline` is (TF-IDF, keyword matches).
    """
    pos = alpha + np.asarray(X[y == 1].sum(0)).ravel()
    neg = alpha + np.asarray(X[y != 1].sum(0)).ravel()
    return np.log((pos / pos.sum()) / (neg / neg.sum()))


def fold_recalibration(pipeline, recalibration):
    """Write a per-sector `evaluation.Recalibration` into the fitted regressions: with ``z = w.x + c``,
    ``slope * z + offset`` is a regression with weights ``slope * w`` and intercept ``slope * c + offset``."""
    ovr = pipeline.named_steps["classify"].estimator_
    for est, slope, offset in zip(ovr.estimators_, recalibration.slope, recalibration.offset):
        est.coef_ = est.coef_ * slope
        est.intercept_ = est.intercept_ * slope + offset
    return pipeline


def _split_mask(X):
    X = X.tocsr()
    keep = np.asarray(X[:, -1].todense()).ravel() == 0
    return X[:, :-1], keep


def build_pipeline(config: ModelConfig = ModelConfig(), lexicon=None) -> Pipeline:
    """An unfitted pipeline for ``config`` (``lexicon``: the sector keywords; the project's by default)."""
    if config.keywords and lexicon is None:
        from .lexicon import default_lexicon

        lexicon = default_lexicon()
    prep = Preprocessor(config.tokenizer, config.fold_accents)
    tfidf = TfidfVectorizer(
        analyzer=Features(tuple(config.word_ngrams), tuple(config.char_ngrams), config.char_mode),
        min_df=config.min_df,
        sublinear_tf=config.sublinear_tf,
        norm="l2",
    )
    keywords = KeywordMatches(lexicon, config.keyword_weight, config.tokenizer, config.fold_accents) if config.keywords else "drop"
    return Pipeline(
        [
            (
                "features",
                FeatureUnion(
                    [
                        ("tfidf", Pipeline([("preprocess", prep), ("tfidf", tfidf)])),
                        ("keywords", Pipeline([("preprocess", clone(prep)), ("match", keywords)]) if keywords != "drop" else "drop"),
                        ("set_aside", SetAside()),
                    ]
                ),
            ),
            (
                "classify",
                SetAsideClassifier(
                    OneVsRestClassifier(_learner(config))
                ),
            ),
        ]
    )


def _learner(config: ModelConfig) -> LogisticRegression:
    """One sector's learner: NB-weighted logistic regression when ``config.nb_alpha`` is set, else plain."""
    common = dict(C=config.C, class_weight=config.class_weight, solver="liblinear", max_iter=1000, random_state=config.seed)
    if config.nb_alpha:
        return NBLogisticRegression(nb_alpha=config.nb_alpha, **common)
    return LogisticRegression(**common)


def check_reproducible(pipeline):
    """The pipeline's parts, after checking that `LinearScorer` can compute exactly what it computes.

    Returns (preprocessor, tfidf, keyword step or None, one-vs-rest classifier);
    raises `ClassifyError` naming what it cannot reproduce.
    """
    def refuse(what: str):
        raise ClassifyError(f"the fast scorer cannot reproduce this pipeline: {what}")

    if not isinstance(pipeline, Pipeline) or [n for n, _ in pipeline.steps] != ["features", "classify"]:
        refuse("expected the steps features -> classify of build_pipeline")
    union = pipeline.named_steps["features"]
    names = [n for n, _ in union.transformer_list]
    if names != ["tfidf", "keywords", "set_aside"] or union.transformer_weights:
        refuse("expected the features tfidf, keywords, set_aside without weights")
    text = union.transformer_list[0][1]
    prep, tfidf = text.named_steps["preprocess"], text.named_steps["tfidf"]
    if type(tfidf) is not TfidfVectorizer or not isinstance(tfidf.analyzer, Features):
        refuse("the TF-IDF step must be a TfidfVectorizer with the Features analyzer")
    if tfidf.binary or tfidf.norm != "l2" or not tfidf.use_idf or tfidf.dtype not in (np.float64,):
        refuse(f"TF-IDF with binary={tfidf.binary}, norm={tfidf.norm!r}, use_idf={tfidf.use_idf}, dtype={tfidf.dtype.__name__}")
    kw = union.transformer_list[1][1]
    keywords = None
    if kw != "drop":
        keywords = kw.named_steps["match"]
        kprep = kw.named_steps["preprocess"]
        if (kprep.tokenizer, kprep.fold_accents) != (prep.tokenizer, prep.fold_accents) or (
            keywords.tokenizer, keywords.fold_accents) != (prep.tokenizer, prep.fold_accents):
            refuse("keywords and TF-IDF see differently preprocessed text")
    if not isinstance(union.transformer_list[2][1], SetAside):
        refuse("the last feature must be the set-aside column")
    clf = pipeline.named_steps["classify"]
    if not isinstance(clf, SetAsideClassifier) or not isinstance(clf.estimator_, OneVsRestClassifier):
        refuse("the classifier must be one-vs-rest inside SetAsideClassifier")
    ovr = clf.estimator_
    for est in ovr.estimators_:
        if not isinstance(est, LogisticRegression) or est.coef_.shape[0] != 1:
            refuse(f"every sector needs a binary logistic regression, found {type(est).__name__} (a sector with no positive example?)")
    return prep, tfidf, keywords, ovr
