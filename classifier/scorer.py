"""The fitted pipeline's arithmetic as plain arrays, for fast and safe tagging.

Loading scikit-learn costs over a second; a linear model needs only its
vocabulary, IDF weights and coefficients. ``LinearScorer`` holds exactly those
and computes the pipeline's scores for a whole batch of paragraphs at once:
each distinct word's features are computed once (and cached), the batch
becomes one sparse matrix, scored with one product. ``from_pipeline`` refuses
any pipeline whose arithmetic it does not reproduce, and `check_parity`
proves the two agree. Stored as an ``.npz`` file that numpy loads without
unpickling anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import numpy as np

from .errors import ClassifyError
from .lexicon import Lexicon, lexicon_from_dict
from .text import Features, preprocess, tokens_batch

#: Distinct words whose features are kept between batches (a few MB at most).
WORD_CACHE = 100_000
#: Batches of at least this many paragraphs take the vectorised path (its n-gram index costs
#: a fraction of a second to build once, which a single article does not repay).
VECTOR_BATCH = 256


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
    char_mode: str = "within"

    def __post_init__(self):
        self.index = {t: i for i, t in enumerate(self.terms)}
        self.features = Features(tuple(self.word_ngrams), tuple(self.char_ngrams), self.char_mode)
        self._word_cache: dict[str, tuple[int, ...]] = {}

    def __getstate__(self) -> dict:
        """Pickled (to worker processes) without its derived lookups, which each process rebuilds."""
        state = dict(self.__dict__)
        for derived in ("index", "features", "_word_cache", "_ngram_indexes"):
            state.pop(derived, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    @classmethod
    def from_pipeline(cls, pipeline) -> "LinearScorer":
        """The scorer of a fitted pipeline built by `pipeline.build_pipeline`; anything else is refused."""
        from .pipeline import check_reproducible

        prep, tfidf, keywords, clf = check_reproducible(pipeline)
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
            char_mode=tfidf.analyzer.char_mode,
            sublinear_tf=tfidf.sublinear_tf,
            lexicon=None if keywords is None else keywords.lexicon,
            keyword_weight=1.0 if keywords is None else float(keywords.weight),
        )

    # Features
    def _word_ids(self, word: str) -> tuple[int, ...]:
        """The known features one word yields alone (its unigram and character n-grams), cached."""
        ids = self._word_cache.get(word)
        if ids is None:
            index = self.index
            feats = (["=" + word] if self.word_ngrams[0] <= 1 <= self.word_ngrams[1] else []) + (
                self.features.word_chars(word) if self.char_ngrams[1] else []
            )
            ids = tuple(i for f in feats for i in (index.get(f),) if i is not None)
            if len(self._word_cache) >= WORD_CACHE:
                self._word_cache.clear()
            self._word_cache[word] = ids
        return ids

    def _doc_ids(self, words: list[str]) -> list[int]:
        found: list[int] = []
        for w in words:
            found.extend(self._word_ids(w))
        lo, hi = self.word_ngrams
        index = self.index
        for n in range(max(lo, 2), hi + 1):
            for k in range(len(words) - n + 1):
                i = index.get("=" + " ".join(words[k : k + n]))
                if i is not None:
                    found.append(i)
        return found

    def matrix(self, texts, skip=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """The batch's feature matrix in coordinate form, sorted by row: (rows, columns, values, n_rows).

        TF-IDF values l2-normalised per row, then the keyword columns (which follow the terms).
        Set-aside lines (``skip``) have no features. Paragraph by paragraph: what `explain` and
        small batches use; `decision` scores large batches with array operations instead
        (`_batch_features`), to the same numbers (a test holds them equal).
        """
        from .articles import set_aside_mask

        skip = set_aside_mask(texts) if skip is None else skip
        n_terms = len(self.terms)
        docs = [preprocess(t, self.tokenizer, self.fold_accents) if not s else "" for t, s in zip(texts, skip)]
        rows, cols, counts, kw_rows, kw_cols = self._loop_counts(docs)
        vals = counts.astype(np.float64)
        if self.sublinear_tf:
            vals = np.log(vals) + 1.0
        vals *= self.idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=len(texts)))
        vals /= norms[rows]
        if len(kw_rows):
            rows = np.concatenate([rows, kw_rows])
            cols = np.concatenate([cols, kw_cols + n_terms])
            vals = np.concatenate([vals, np.full(len(kw_rows), self.keyword_weight)])
            order = np.argsort(rows, kind="stable")
            rows, cols, vals = rows[order], cols[order], vals[order]
        return rows, cols, vals, len(texts)

    def _loop_counts(self, docs):
        """Feature counts paragraph by paragraph (small batches: no index to build)."""
        n_cols = len(self.terms)
        compiled = None if self.lexicon is None else self.lexicon.compiled(self.tokenizer, self.fold_accents)
        keys: list[np.ndarray] = []
        kw_rows: list[int] = []
        kw_cols: list[int] = []
        for row, doc in enumerate(docs):
            if not doc:
                continue
            ids = self._doc_ids(doc.split())
            if ids:
                keys.append(np.asarray(ids, dtype=np.int64) + row * n_cols)
            if compiled is not None:
                for j in sorted(compiled.doc_hits(doc)):
                    kw_rows.append(row)
                    kw_cols.append(j)
        uniq, counts = np.unique(np.concatenate(keys), return_counts=True) if keys else (np.zeros(0, np.int64), np.zeros(0, np.int64))
        rows, cols = np.divmod(uniq, n_cols)
        return rows, cols, counts, np.asarray(kw_rows, dtype=np.int64), np.asarray(kw_cols, dtype=np.int64)

    def _batch_features(self, tokens):
        """A whole batch's features (each paragraph's tokens) with array operations: each distinct
        word's features are looked up once, word n-grams are matched as integer keys, keywords per
        distinct word. Returns the parts (single words with their stems, then each n-gram size), each
        (rows, columns) of every occurrence in row order, duplicates included; and the keyword hits
        as a (paragraphs, sectors) 0/1 array (None without keywords)."""
        from itertools import chain

        n_cols = len(self.terms)
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        flat_tokens = list(chain.from_iterable(tokens))
        words = list(dict.fromkeys(flat_tokens))
        local = {w: i for i, w in enumerate(words)}
        tok = np.fromiter(map(local.__getitem__, flat_tokens), dtype=np.int64, count=len(flat_tokens))
        row_of = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths)
        # unigrams and character n-grams: each token expands to its word's features
        feats = list(map(self._word_ids, words))
        sizes = np.fromiter(map(len, feats), dtype=np.int64, count=len(feats))
        ptr = np.concatenate([[0], np.cumsum(sizes)])
        flat = np.fromiter(chain.from_iterable(feats), dtype=np.int64, count=int(ptr[-1]))
        per_tok = sizes[tok]
        total = int(per_tok.sum())
        starts = np.repeat(ptr[tok] - (np.cumsum(per_tok) - per_tok), per_tok)
        cols = [flat[starts + np.arange(total)]]
        rows = [np.repeat(row_of, per_tok)]
        # word n-grams of 2 and more
        lo, hi = self.word_ngrams
        for n in range(max(lo, 2), hi + 1):
            r, c = self._ngram_ids(words, tok, row_of, n)
            rows.append(r)
            cols.append(c)
        return list(zip(rows, cols)), self._batch_keywords(tokens, words, tok, row_of)

    def _ngram_ids(self, words, tok, row_of, n):
        """Rows and columns of the word n-grams of the batch that the vocabulary knows."""
        index = self._ngram_index(n)
        if index is None:  # no such n-gram in the vocabulary
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        ids, keys, cols = index
        gid = np.fromiter(map(ids.get, words, repeat(-1)), dtype=np.int64, count=len(words))[tok]
        if len(gid) < n:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        m = len(gid) - n + 1
        ok = row_of[: m] == row_of[n - 1 :]
        key = np.zeros(m, dtype=np.int64)
        base = len(ids) + 1
        for k in range(n):
            part = gid[k : k + m]
            ok &= part >= 0
            key = key * base + part
        key, start = key[ok], np.flatnonzero(ok)
        pos = np.searchsorted(keys, key)
        pos[pos == len(keys)] = 0
        hit = keys[pos] == key
        return row_of[start[hit]], cols[pos[hit]]

    def _ngram_index(self, n):
        """For word n-grams (n >= 2) of the vocabulary: word -> id, and the n-grams as sorted integer keys."""
        cache = self.__dict__.setdefault("_ngram_indexes", {})
        if n not in cache:
            grams = [(t[1:].split(" "), i) for i, t in enumerate(self.terms) if t.startswith("=") and t.count(" ") == n - 1]
            if not grams:
                cache[n] = None
            else:
                ids: dict[str, int] = {}
                for parts, _ in grams:
                    for w in parts:
                        ids.setdefault(w, len(ids))
                base = len(ids) + 1
                keys = np.zeros(len(grams), dtype=np.int64)
                for k in range(n):
                    keys = keys * base + np.fromiter((ids[p[k]] for p, _ in grams), dtype=np.int64, count=len(grams))
                cols = np.fromiter((i for _, i in grams), dtype=np.int64, count=len(grams))
                order = np.argsort(keys)
                cache[n] = (ids, keys[order], cols[order])
        return cache[n]

    def _batch_keywords(self, tokens, words, tok, row_of):
        """(rows, sector columns) of the keyword matches: single words by each distinct word's sectors,
        phrases by searching the batch's text once."""
        if self.lexicon is None:
            return None
        compiled = self.lexicon.compiled(self.tokenizer, self.fold_accents)
        known = compiled.__dict__.setdefault("_masks", {})
        masks = list(map(known.get, words))
        for i, mask in enumerate(masks):
            if mask is None:
                masks[i] = compiled.word_mask(words[i])
        masks = np.asarray(masks, dtype=np.int64)
        hits = np.zeros(len(tokens), dtype=np.int64)
        np.bitwise_or.at(hits, row_of, masks[tok])
        if compiled.phrases:
            # a phrase has two words or more, the first matched whole: only the paragraphs with
            # that word can hold it
            local = {w: i for i, w in enumerate(words)}
            by_first: dict[int, list] = {}
            for needle, j in compiled.phrases:
                first = local.get(needle.split()[0])
                if first is not None:
                    by_first.setdefault(first, []).append((needle, j))
            if by_first:
                at = np.flatnonzero(np.isin(tok, np.fromiter(by_first, dtype=np.int64)))
                texts: dict[int, str] = {}
                for wid, row in set(zip(tok[at].tolist(), row_of[at].tolist())):
                    for needle, j in by_first[wid]:
                        if not hits[row] & (1 << j):
                            text = texts.get(row)
                            if text is None:
                                text = texts[row] = f" {' '.join(tokens[row])} "
                            if needle in text:
                                hits[row] |= 1 << j
        bits = 1 << np.arange(len(self.lexicon.sectors), dtype=np.int64)
        return ((hits[:, None] & bits) != 0).astype(np.float64)

    def decision(self, texts, skip=None) -> np.ndarray:
        if len(texts) >= VECTOR_BATCH:
            return self._batch_decision(texts, skip)
        rows, cols, vals, n = self.matrix(texts, skip)
        out = np.tile(self.intercept, (n, 1))
        if rows.size:
            contrib = vals[:, None] * self.coef[cols]
            starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
            out[rows[starts]] += np.add.reduceat(contrib, starts, axis=0)
        return out

    def _batch_decision(self, texts, skip) -> np.ndarray:
        """`decision` for a large batch: its TF-IDF as one sparse matrix (scipy sums the repeated
        features), one product with the coefficients, and the keyword columns as a small dense product."""
        from scipy.sparse import csr_matrix

        from .articles import set_aside_mask

        skip = set_aside_mask(texts) if skip is None else skip
        n, n_terms = len(texts), len(self.terms)
        words = tokens_batch([t if not s else "" for t, s in zip(texts, skip)], self.tokenizer, self.fold_accents)
        parts, keywords = self._batch_features(words)
        # each part is in row order and no two parts share a column: one CSR matrix each, built
        # directly, repeated features summed within rows (the counts), no global sort
        mats = []
        for rows, cols in parts:
            indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
            x = csr_matrix((np.ones(len(cols)), cols, indptr), shape=(n, n_terms))
            x.sum_duplicates()
            if self.sublinear_tf:
                np.log(x.data, out=x.data)
                x.data += 1.0
            x.data *= self.idf[x.indices]
            mats.append(x)
        squares = np.zeros(n)
        for x in mats:
            squares += np.bincount(np.repeat(np.arange(n), np.diff(x.indptr)), weights=x.data * x.data, minlength=n)
        norms = np.sqrt(squares)
        norms[norms == 0] = 1.0
        out = np.tile(self.intercept, (n, 1))
        for x in mats:
            x.data /= np.repeat(norms, np.diff(x.indptr))
            out += np.asarray(x @ self.coef[:n_terms])
        if keywords is not None:
            out += (keywords * self.keyword_weight) @ self.coef[n_terms:]
        return out

    def predict_proba(self, texts) -> np.ndarray:
        """Per-sector probabilities, shape (len(texts), n_sectors), as the pipeline's ``predict_proba``:
        0 for captions, bylines, credits and links, which carry no sector."""
        from .articles import set_aside_mask

        texts = list(texts)
        skip = set_aside_mask(texts)
        proba = 1.0 / (1.0 + np.exp(-self.decision(texts, skip)))
        proba[skip] = 0.0
        return proba

    def feature_name(self, i: int) -> str:
        if i < len(self.terms):
            term = self.terms[i]
            return term[1:] if term.startswith("=") else term.strip() + "…"
        return f"keyword: {self.lexicon.sectors[i - len(self.terms)]}"

    def explain(self, text: str, column: int, top: int = 5) -> list[tuple[str, float]]:
        """The features that pushed this paragraph's score for one sector up the most, with their weights:
        words and phrases as written, stems ending in "…", and the keyword list matched."""
        rows, cols, vals, _ = self.matrix([text])
        contrib = vals * self.coef[cols, column]
        order = np.argsort(-contrib, kind="stable")[:top]
        out = []
        for k in order:
            if contrib[k] <= 0:
                break
            name = self.feature_name(int(cols[k]))
            if name.startswith("keyword: "):
                name = self._keyword_matched(text, column) or name
            out.append((name, float(contrib[k])))
        return out

    def _keyword_matched(self, text: str, column: int) -> str | None:
        """Which keyword of the sector occurs in the paragraph (as the user wrote it in keywords.json)."""
        doc = preprocess(text, self.tokenizer, self.fold_accents)
        for word in self.lexicon.keywords[column]:
            one = Lexicon((self.lexicon.sectors[column],), ((word,),))
            if one.matches(doc, self.tokenizer, self.fold_accents)[0]:
                return f"keyword “{word.strip()}”"
        return None

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
                            "char_mode": self.char_mode,
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
                    char_mode=config.get("char_mode", "within"),
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


def check_parity(scorer: LinearScorer, pipeline, texts, atol: float = 1e-9) -> float:
    """The largest difference between the scorer's and the pipeline's scores on ``texts``;
    a `ClassifyError` if it exceeds ``atol`` (the model is then not saved)."""
    texts = list(texts)
    if not texts:
        return 0.0
    gap = float(np.max(np.abs(scorer.predict_proba(texts) - pipeline.predict_proba(texts))))
    if gap > atol:
        raise ClassifyError(f"the fast scorer differs from the pipeline by {gap:.3g} on the training paragraphs; model not saved")
    return gap


def _bytes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
