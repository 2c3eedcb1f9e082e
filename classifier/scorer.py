"""The fitted pipeline's arithmetic as plain arrays, for fast and safe tagging.

Loading scikit-learn costs over a second; a linear model needs only its
vocabulary, IDF weights and coefficients. ``LinearScorer`` holds exactly those,
computes the same scores as the pipeline (a test holds them equal), and is
stored as an ``.npz`` file that numpy loads without unpickling anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ClassifyError
from .text import Features, preprocess


@dataclass
class LinearScorer:
    terms: list[str]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_features, n_sectors)
    intercept: np.ndarray  # (n_sectors,)
    tokenizer: str
    fold_accents: bool
    word_ngrams: tuple[int, int]
    char_ngrams: tuple[int, int]
    sublinear_tf: bool

    def __post_init__(self):
        self.index = {t: i for i, t in enumerate(self.terms)}
        self.features = Features(tuple(self.word_ngrams), tuple(self.char_ngrams))

    @classmethod
    def from_pipeline(cls, pipeline) -> "LinearScorer":
        prep = pipeline.named_steps["preprocess"]
        tfidf = pipeline.named_steps["tfidf"]
        clf = pipeline.named_steps["classify"]
        vocab = tfidf.vocabulary_
        terms = [""] * len(vocab)
        for term, i in vocab.items():
            terms[i] = term
        coef = np.column_stack([est.coef_[0] for est in clf.estimators_])
        intercept = np.array([est.intercept_[0] for est in clf.estimators_])
        return cls(
            terms=terms,
            idf=np.asarray(tfidf.idf_, dtype=np.float64),
            coef=coef.astype(np.float64),
            intercept=intercept.astype(np.float64),
            tokenizer=prep.tokenizer,
            fold_accents=prep.fold_accents,
            word_ngrams=tfidf.analyzer.word_ngrams,
            char_ngrams=tfidf.analyzer.char_ngrams,
            sublinear_tf=tfidf.sublinear_tf,
        )

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The paragraph's TF-IDF vector as (feature indices, l2-normalised weights)."""
        counts: dict[int, int] = {}
        index = self.index
        for f in self.features(preprocess(text, self.tokenizer, self.fold_accents)):
            i = index.get(f)
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        w = tf * self.idf[idx]
        return idx, w / np.sqrt(np.dot(w, w))

    def decision(self, texts) -> np.ndarray:
        out = np.empty((len(texts), self.coef.shape[1]))
        for row, text in enumerate(texts):
            idx, w = self.vector(text)
            out[row] = w @ self.coef[idx] + self.intercept
        return out

    def predict_proba(self, texts) -> np.ndarray:
        """Per-sector probabilities, shape (len(texts), n_sectors), as the pipeline's ``predict_proba``."""
        return 1.0 / (1.0 + np.exp(-self.decision(texts)))

    def explain(self, text: str, column: int, top: int = 5) -> list[tuple[str, float]]:
        """The features that pushed this paragraph's score for one sector up the most."""
        idx, w = self.vector(text)
        contrib = w * self.coef[idx, column]
        order = np.argsort(-contrib, kind="stable")[:top]
        return [(self.terms[idx[k]], float(contrib[k])) for k in order if contrib[k] > 0]

    # Storage: arrays only, so that loading runs no code (allow_pickle=False).
    def save(self, path: Path) -> None:
        with open(path, "wb") as f:
            np.savez_compressed(
                f,
                terms=np.frombuffer("\n".join(self.terms).encode("utf-8"), dtype=np.uint8),
                idf=self.idf,
                coef=self.coef,
                intercept=self.intercept,
                config=np.frombuffer(
                    repr(
                        (self.tokenizer, self.fold_accents, tuple(self.word_ngrams), tuple(self.char_ngrams), self.sublinear_tf)
                    ).encode(),
                    dtype=np.uint8,
                ),
            )

    @classmethod
    def load(cls, path: Path) -> "LinearScorer":
        import ast

        try:
            with np.load(path, allow_pickle=False) as data:
                terms = data["terms"].tobytes().decode("utf-8").split("\n")
                tokenizer, fold_accents, word_ngrams, char_ngrams, sublinear = ast.literal_eval(
                    data["config"].tobytes().decode()
                )
                scorer = cls(
                    terms=terms,
                    idf=data["idf"],
                    coef=data["coef"],
                    intercept=data["intercept"],
                    tokenizer=tokenizer,
                    fold_accents=bool(fold_accents),
                    word_ngrams=tuple(word_ngrams),
                    char_ngrams=tuple(char_ngrams),
                    sublinear_tf=bool(sublinear),
                )
        except (OSError, ValueError, KeyError, SyntaxError, EOFError) as err:
            raise ClassifyError(f"{path}: not a readable scorer file ({err}); run `classify train`") from None
        if not (len(terms) == scorer.idf.shape[0] == scorer.coef.shape[0]):
            raise ClassifyError(f"{path}: scorer arrays do not agree in size; run `classify train`")
        return scorer
