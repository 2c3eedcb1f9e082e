"""The scikit-learn pipeline: preprocessing -> TF-IDF -> one logistic regression per sector."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from . import defaults
from .text import TOKENIZERS, Features, preprocess


@dataclass(frozen=True)
class ModelConfig:
    """Every choice that shapes the model; recorded in the manifest."""

    tokenizer: str = defaults.TOKENIZER
    fold_accents: bool = defaults.FOLD_ACCENTS
    word_ngrams: tuple[int, int] = defaults.WORD_NGRAMS
    char_ngrams: tuple[int, int] = defaults.CHAR_NGRAMS
    min_df: int = defaults.MIN_DF
    sublinear_tf: bool = defaults.SUBLINEAR_TF
    keywords: bool = defaults.KEYWORDS
    keyword_weight: float = defaults.KEYWORD_WEIGHT
    C: float = defaults.C
    class_weight: str | None = defaults.CLASS_WEIGHT
    seed: int = defaults.SEED

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ModelConfig":
        fields = dict(data)
        for key in ("word_ngrams", "char_ngrams"):
            if key in fields:
                fields[key] = tuple(fields[key])
        return cls(**fields)


class Preprocessor(TransformerMixin, BaseEstimator):
    """Paragraphs to normalised token strings (lower case, folded accents, French-aware tokens)."""

    def __init__(self, tokenizer: str = "regex", fold_accents: bool = True):
        self.tokenizer = tokenizer
        self.fold_accents = fold_accents

    def fit(self, X, y=None):
        if self.tokenizer not in TOKENIZERS:
            raise ValueError(f"tokenizer must be one of {sorted(TOKENIZERS)}, got {self.tokenizer!r}")
        return self

    def transform(self, X):
        return [preprocess(x, self.tokenizer, self.fold_accents) for x in X]


class KeywordMatches(TransformerMixin, BaseEstimator):
    """Preprocessed paragraphs to one column per sector: ``weight`` if a keyword of the sector occurs."""

    def __init__(self, lexicon=None, weight: float = 1.0, tokenizer: str = "regex", fold_accents: bool = True):
        self.lexicon = lexicon
        self.weight = weight
        self.tokenizer = tokenizer
        self.fold_accents = fold_accents

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        from scipy.sparse import csr_matrix

        rows = [self.lexicon.matches(doc, self.tokenizer, self.fold_accents) for doc in X]
        return csr_matrix(np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.lexicon.sectors)) * self.weight)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"keywords:{s}" for s in self.lexicon.sectors], dtype=object)


def default_lexicon():
    """The project's keyword lists, in the project's sector order."""
    from .lexicon import load_lexicon
    from .scheme import load_scheme

    return load_lexicon(defaults.KEYWORDS_PATH, load_scheme().ids)


def build_pipeline(config: ModelConfig = ModelConfig(), lexicon=None) -> Pipeline:
    """An unfitted pipeline for ``config`` (``lexicon``: the sector keywords; the project's by default)."""
    if config.keywords and lexicon is None:
        lexicon = default_lexicon()
    keywords = KeywordMatches(lexicon, config.keyword_weight, config.tokenizer, config.fold_accents) if config.keywords else "drop"
    return Pipeline(
        [
            ("preprocess", Preprocessor(config.tokenizer, config.fold_accents)),
            (
                "features",
                FeatureUnion(
                    [
                        (
                            "tfidf",
                            TfidfVectorizer(
                                analyzer=Features(tuple(config.word_ngrams), tuple(config.char_ngrams)),
                                min_df=config.min_df,
                                sublinear_tf=config.sublinear_tf,
                                norm="l2",
                            ),
                        ),
                        ("keywords", keywords),
                    ]
                ),
            ),
            (
                "classify",
                OneVsRestClassifier(
                    LogisticRegression(
                        C=config.C,
                        class_weight=config.class_weight,
                        solver="liblinear",
                        max_iter=1000,
                        random_state=config.seed,
                    )
                ),
            ),
        ]
    )
