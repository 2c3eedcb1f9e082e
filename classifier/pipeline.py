"""The scikit-learn pipeline: preprocessing -> TF-IDF -> one logistic regression per sector."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import Pipeline

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


def build_pipeline(config: ModelConfig = ModelConfig()) -> Pipeline:
    """An unfitted pipeline for ``config``."""
    return Pipeline(
        [
            ("preprocess", Preprocessor(config.tokenizer, config.fold_accents)),
            (
                "tfidf",
                TfidfVectorizer(
                    analyzer=Features(tuple(config.word_ngrams), tuple(config.char_ngrams)),
                    min_df=config.min_df,
                    sublinear_tf=config.sublinear_tf,
                    norm="l2",
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
