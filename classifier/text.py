"""Text to features: normalisation, tokens and n-grams.

Plain functions with no scikit-learn import, so that the tagging path can use
them without paying for it; ``pipeline.py`` wraps them as estimator steps.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import defaults

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


_NON_ASCII_SPLIT = re.compile(r"([^\x00-\x7f]+)")


class _RunTable(dict):
    """A run of non-ASCII characters -> its normalised form (apostrophes unified, ligatures split,
    accents folded), computed once per distinct run: a paragraph has few, and they repeat."""

    def __init__(self, fold_accents: bool):
        super().__init__()
        self.fold_accents = fold_accents

    def __missing__(self, run: str) -> str:
        out = run.translate(_APOSTROPHES)
        if self.fold_accents:
            out = fold(out.translate(_LIGATURES))
        if len(self) < 100_000:
            self[run] = out
        return out


_RUNS = {True: _RunTable(True), False: _RunTable(False)}


def normalise(text: str, fold_accents: bool = True) -> str:
    """Lower-case, unify apostrophes, map digits to 0, and optionally fold accents.

    Each step maps characters one by one, so only the non-ASCII runs need work:
    they are looked up whole (`_RunTable`), which keeps this fast on French text.
    """
    text = text.lower()
    if "`" in text:  # the one ASCII character that changes: a backtick used as an apostrophe
        text = text.replace("`", "'")
    if not text.isascii():
        parts = _NON_ASCII_SPLIT.split(text)  # ascii, non-ascii, ascii, ...
        parts[1::2] = map(_RUNS[fold_accents].__getitem__, parts[1::2])
        text = "".join(parts)
    return _DIGITS.sub("0", text)


_TOKEN_2 = re.compile(r"\w\w+", re.UNICODE)  # the runs of two characters or more
_TOKEN_OR_SEP = re.compile(r"\w\w+|\x00", re.UNICODE)


def regex_tokens(text: str) -> list[str]:
    """Word tokens: runs of letters and digits; elided articles (l', d', qu') fall away."""
    tokens = _TOKEN_2.findall(text)
    if tokens and max(map(len, tokens)) > MAX_TOKEN:
        tokens = [t[:MAX_TOKEN] for t in tokens]
    return tokens


@lru_cache(maxsize=1)
def _spacy_tokenizer():
    import spacy  # heavy: imported only when this tokenizer is chosen

    return spacy.blank("fr").tokenizer


def spacy_tokens(text: str) -> list[str]:
    """Word tokens from spaCy's French tokenizer (elisions and hyphens handled by its rules)."""
    tokenizer = _spacy_tokenizer()
    return [t.text[:MAX_TOKEN] for t in tokenizer(text) if not (t.is_punct or t.is_space) and len(t.text) > 1]


TOKENIZERS = {"regex": regex_tokens, "spacy": spacy_tokens}


def tokens(text: str, tokenizer: str = "regex", fold_accents: bool = True) -> list[str]:
    """A paragraph's normalised tokens, the words the features are built from."""
    return TOKENIZERS[tokenizer](normalise(text, fold_accents))


def tokens_batch(texts: list[str], tokenizer: str = "regex", fold_accents: bool = True) -> list[list[str]]:
    """`tokens` of many paragraphs at once: one normalisation pass over them all (normalising is
    character by character, so joining the paragraphs changes nothing), then each one's tokens."""
    if tokenizer != "regex" or any("\x00" in t for t in texts):
        return [tokens(t, tokenizer, fold_accents) for t in texts]
    found = _TOKEN_OR_SEP.findall(normalise("\x00".join(texts), fold_accents) + "\x00")
    if found and max(map(len, found)) > MAX_TOKEN:
        found = [t[:MAX_TOKEN] for t in found]
    out, start = [], 0
    for _ in texts:
        end = found.index("\x00", start)
        out.append(found[start:end])
        start = end + 1
    return out


def preprocess(text: str, tokenizer: str = "regex", fold_accents: bool = True) -> str:
    """A paragraph as the space-separated, normalised tokens the features are built from."""
    return " ".join(tokens(text, tokenizer, fold_accents))


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

    word_ngrams: tuple[int, int] = defaults.WORD_NGRAMS
    char_ngrams: tuple[int, int] = defaults.CHAR_NGRAMS
    char_mode: str = defaults.CHAR_MODE

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
