"""The fitted pipeline's arithmetic as plain arrays, for fast and safe tagging.

Loading scikit-learn costs over a second; a linear model needs only its
vocabulary, IDF weights and coefficients. ``LinearScorer`` holds exactly those,
computes the same scores as the pipeline (a test holds them equal), and is
stored as an ``.npz`` file that numpy loads without unpickling anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import ClassifyError
from .lexicon import Lexicon, lexicon_from_dict
from .text import Features, preprocess

#: Distinct words whose features are kept between paragraphs (a few MB at most).
WORD_CACHE = 100_000


@dataclass
class LinearScorer:
    terms: list[str]
    idf: np.ndarray  # (n_features,)
    coef: np.ndarray  # (n_terms + n_keyword_columns, n_sectors)
    intercept: np.ndarray  # (n_sectors,)
    tokenizer: str
    fold_accents: bool
    word_ngrams: tuple[int, int]
    char_ngrams: tuple[int, int]
    sublinear_tf: bool
    lexicon: Lexicon | None = None
    keyword_weight: float = 1.0

    def __post_init__(self):
        self.index = {t: i for i, t in enumerate(self.terms)}
        self.features = Features(tuple(self.word_ngrams), tuple(self.char_ngrams))
        self._word_cache: dict[str, tuple[int, ...]] = {}

    def __getstate__(self) -> dict:
        """Pickled (to worker processes) without its derived lookups, which each process rebuilds."""
        state = dict(self.__dict__)
        for derived in ("index", "features", "_word_cache"):
            state.pop(derived, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    @classmethod
    def from_pipeline(cls, pipeline) -> "LinearScorer":
        prep = pipeline.named_steps["preprocess"]
        union = pipeline.named_steps["features"].named_transformers
        tfidf, keywords = union["tfidf"], union["keywords"]
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
            lexicon=None if keywords == "drop" else keywords.lexicon,
            keyword_weight=1.0 if keywords == "drop" else float(keywords.weight),
        )

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The paragraph's feature vector as (feature indices, values): l2-normalised TF-IDF,
        then the keyword columns (which follow the terms)."""
        doc = preprocess(text, self.tokenizer, self.fold_accents)
        words = doc.split()
        found: list[int] = []
        for w in words:
            ids = self._word_cache.get(w)
            if ids is None:
                ids = self._word_ids(w)
            found.extend(ids)
        lo, hi = self.features.word_ngrams
        index = self.index
        for n in range(max(lo, 2), hi + 1):
            for k in range(len(words) - n + 1):
                i = index.get("=" + " ".join(words[k : k + n]))
                if i is not None:
                    found.append(i)
        idx, counts = np.unique(np.asarray(found, dtype=np.intp), return_counts=True)
        w = counts.astype(np.float64)
        if idx.size:
            if self.sublinear_tf:
                w = np.log(w) + 1.0
            w = w * self.idf[idx]
            w = w / np.sqrt(np.dot(w, w))
        if self.lexicon is not None:
            hits = np.flatnonzero(self.lexicon.matches(doc, self.tokenizer, self.fold_accents))
            idx = np.concatenate([idx, hits + len(self.terms)])
            w = np.concatenate([w, np.full(hits.size, self.keyword_weight)])
        return idx, w

    def _word_ids(self, word: str) -> tuple[int, ...]:
        """The known features one word yields alone (its unigram and character n-grams), cached:
        words repeat, so most of a paragraph's features are looked up once per run."""
        index = self.index
        ids = tuple(i for f in self.features(word) for i in (index.get(f),) if i is not None)
        if len(self._word_cache) >= WORD_CACHE:
            self._word_cache.clear()
        self._word_cache[word] = ids
        return ids

    def feature_name(self, i: int) -> str:
        return self.terms[i] if i < len(self.terms) else f"[keywords of {self.lexicon.sectors[i - len(self.terms)]}]"

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
        return [(self.feature_name(idx[k]), float(contrib[k])) for k in order if contrib[k] > 0]

    # Storage: arrays only, so that loading runs no code (allow_pickle=False).
    def save(self, path: Path) -> None:
        with open(path, "wb") as f:
            np.savez_compressed(
                f,
                terms=_bytes("\n".join(self.terms)),
                idf=self.idf,
                coef=self.coef,
                intercept=self.intercept,
                config=_bytes(
                    json.dumps(
                        {
                            "tokenizer": self.tokenizer,
                            "fold_accents": self.fold_accents,
                            "word_ngrams": list(self.word_ngrams),
                            "char_ngrams": list(self.char_ngrams),
                            "sublinear_tf": self.sublinear_tf,
                            "keyword_weight": self.keyword_weight,
                            "lexicon": None if self.lexicon is None else {
                                "sectors": list(self.lexicon.sectors), "keywords": self.lexicon.to_dict()
                            },
                        },
                        ensure_ascii=False,
                        sort_keys=True,
                    )
                ),
            )

    @classmethod
    def load(cls, path: Path) -> "LinearScorer":
        try:
            with np.load(path, allow_pickle=False) as data:
                terms = data["terms"].tobytes().decode("utf-8").split("\n")
                config = json.loads(data["config"].tobytes().decode("utf-8"))
                lex = config["lexicon"]
                scorer = cls(
                    terms=terms,
                    idf=data["idf"],
                    coef=data["coef"],
                    intercept=data["intercept"],
                    tokenizer=config["tokenizer"],
                    fold_accents=bool(config["fold_accents"]),
                    word_ngrams=tuple(config["word_ngrams"]),
                    char_ngrams=tuple(config["char_ngrams"]),
                    sublinear_tf=bool(config["sublinear_tf"]),
                    lexicon=None if lex is None else lexicon_from_dict(lex["keywords"], tuple(lex["sectors"])),
                    keyword_weight=float(config["keyword_weight"]),
                )
        except (OSError, ValueError, KeyError, TypeError, EOFError, ClassifyError) as err:
            raise ClassifyError(f"{path}: not a readable scorer file ({err}); run `classify train`") from None
        n_keywords = 0 if scorer.lexicon is None else len(scorer.lexicon.sectors)
        if not (len(terms) == scorer.idf.shape[0] == scorer.coef.shape[0] - n_keywords):
            raise ClassifyError(f"{path}: scorer arrays do not agree in size; run `classify train`")
        return scorer


def _bytes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
