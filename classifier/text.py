"""Text to features: normalisation, tokens and n-grams.

Plain functions with no scikit-learn import, so that the tagging path can use
them without paying for it; ``pipeline.py`` wraps them as estimator steps.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(r"\w+", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
# Ligatures that accent folding (NFKD) leaves alone: "cœur" and "coeur" must match.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_DIGITS = re.compile(r"\d")
# Longer "words" are not language (URLs, base64, run-together junk); capping them
# keeps the cost of character n-grams linear in the input.
MAX_TOKEN = 40


class _FoldTable(dict):
    """Code point -> the same character without its accents, computed once per character."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(self) < 65_536:  # arbitrary input cannot grow the table without bound
            self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Drop accents and other combining marks: "Hanoï" -> "Hanoi", "énergie" -> "energie"."""
    return text if text.isascii() else text.translate(_FOLD)


def normalise(text: str, fold_accents: bool = True) -> str:
    """Lower-case, unify apostrophes, map digits to 0, and optionally fold accents."""
    text = text.translate(_APOSTROPHES).lower()
    if fold_accents:
        text = fold(text.translate(_LIGATURES))
    return _DIGITS.sub("0", text)


def regex_tokens(text: str) -> list[str]:
    """Word tokens: runs of letters and digits; elided articles (l', d', qu') fall away."""
    return [t[:MAX_TOKEN] for t in _TOKEN.findall(text) if len(t) > 1]


@lru_cache(maxsize=1)
def _spacy_tokenizer():
    import spacy  # heavy: imported only when this tokenizer is chosen

    return spacy.blank("fr").tokenizer


def spacy_tokens(text: str) -> list[str]:
    """Word tokens from spaCy's French tokenizer (elisions and hyphens handled by its rules)."""
    tokenizer = _spacy_tokenizer()
    return [t.text[:MAX_TOKEN] for t in tokenizer(text) if not (t.is_punct or t.is_space) and len(t.text) > 1]


TOKENIZERS = {"regex": regex_tokens, "spacy": spacy_tokens}


def preprocess(text: str, tokenizer: str = "regex", fold_accents: bool = True) -> str:
    """A paragraph as the space-separated, normalised tokens the features are built from."""
    return " ".join(TOKENIZERS[tokenizer](normalise(text, fold_accents)))


@dataclass(frozen=True)
class Features:
    """Word n-grams (marked with a leading "=") and character n-grams of words.

    A callable, so that a ``TfidfVectorizer`` takes it as its analyzer and the
    tagging path computes exactly the same features without scikit-learn.
    ``(0, 0)`` turns a family off. ``char_mode`` "within" takes every n-gram
    inside a word (padded with spaces at both ends); "prefix" takes only those
    that start the word, its stems, so that no piece from the middle of a word
    ("istique", "ovid") can stand for a sector.
    """

    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (3, 6)
    char_mode: str = "within"

    def __post_init__(self):
        if self.char_mode not in CHAR_MODES:
            raise ValueError(f"char_mode must be one of {CHAR_MODES}, got {self.char_mode!r}")

    def __call__(self, doc: str) -> list[str]:
        words = doc.split()
        out: list[str] = []
        lo, hi = self.word_ngrams
        if hi:
            for n in range(lo, hi + 1):
                if n == 1:
                    out.extend("=" + w for w in words)
                else:
                    out.extend("=" + " ".join(words[i : i + n]) for i in range(len(words) - n + 1))
        if self.char_ngrams[1]:
            for w in words:
                out.extend(self.word_chars(w))
        return out

    def word_chars(self, word: str) -> list[str]:
        """The character n-grams of one word."""
        lo, hi = self.char_ngrams
        padded = f" {word} "
        size = len(padded)
        if self.char_mode == "prefix":
            return [padded[:n] for n in range(lo, min(hi, size) + 1)]
        return [padded[i : i + n] for n in range(lo, min(hi, size) + 1) for i in range(size - n + 1)]


CHAR_MODES = ("within", "prefix")
