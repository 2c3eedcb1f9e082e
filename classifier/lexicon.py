"""Sector keywords: hand-written evidence that the model weighs like any other feature.

With a few hundred labelled paragraphs a sector's vocabulary is seen only a few
dozen times; a short list of its words, written from the label guide, carries
that vocabulary from the start. Each sector gives one feature, 1 when any of
its keywords occurs; the logistic regressions learn how much it counts, so a
keyword is evidence, not a rule (benchmarks: BENCHMARKS.md).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ClassifyError
from .text import preprocess


@dataclass(frozen=True)
class Lexicon:
    """Keywords per sector, in the scheme's sector order."""

    sectors: tuple[str, ...]
    keywords: tuple[tuple[str, ...], ...]

    def compiled(self, tokenizer: str = "regex", fold_accents: bool = True) -> "_Compiled":
        """The keywords as the tokenizer sees them, ready to match (built once per setting)."""
        key = (tokenizer, fold_accents)
        cache = self.__dict__.setdefault("_compiled", {})
        if key not in cache:
            cache[key] = _Compiled.build(self, tokenizer, fold_accents)
        return cache[key]

    def matches(self, doc: str, tokenizer: str = "regex", fold_accents: bool = True) -> list[float]:
        """1.0 for each sector with a keyword in ``doc`` (already preprocessed), else 0.0.

        A keyword matches at the start of a word, as a prefix ("energ" matches
        "energie"), or as a whole word when written with a trailing space; a
        keyword of several words matches those words in a row.
        """
        c = self.compiled(tokenizer, fold_accents)
        hits = c.doc_hits(doc)
        return [1.0 if j in hits else 0.0 for j in range(len(self.sectors))]

    def to_dict(self) -> dict:
        return {s: list(k) for s, k in zip(self.sectors, self.keywords)}

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]

    def __getstate__(self):  # compiled patterns are rebuilt on demand, not pickled
        return {"sectors": self.sectors, "keywords": self.keywords}

    def __setstate__(self, state):
        self.__dict__.update(state)


class _Compiled:
    """Keywords split into single words (matched word by word, cached) and phrases (matched in the text)."""

    def __init__(self, by_start: dict, phrases: list):
        self.by_start = by_start  # first 3 characters -> [(body, whole word?, sector index)]
        self.phrases = phrases  # [(" body" or " body ", sector index)]
        self._words: dict[str, frozenset[int]] = {}

    @classmethod
    def build(cls, lexicon: "Lexicon", tokenizer: str, fold_accents: bool) -> "_Compiled":
        by_start: dict[str, list] = {}
        phrases = []
        for j, words in enumerate(lexicon.keywords):
            for w in words:
                body = preprocess(w, tokenizer, fold_accents)
                if not body:
                    continue
                whole = w.endswith(" ")
                if " " in body:
                    phrases.append((" " + body + (" " if whole else ""), j))
                else:
                    by_start.setdefault(body[:3], []).append((body, whole, j))
        return cls(by_start, phrases)

    def word_hits(self, word: str) -> frozenset[int]:
        """The sectors one word matches by itself (cached: words repeat)."""
        hits = self._words.get(word)
        if hits is None:
            hits = frozenset(
                j
                for n in range(1, 4)
                for body, whole, j in self.by_start.get(word[:n], ())
                if (len(body) >= 3 or n == len(body)) and (word == body if whole else word.startswith(body))
            )
            if len(self._words) >= 100_000:
                self._words.clear()
            self._words[word] = hits
        return hits

    def word_mask(self, word: str) -> int:
        """`word_hits` as a bit mask (bit j for sector j), cached."""
        masks = self.__dict__.setdefault("_masks", {})
        mask = masks.get(word)
        if mask is None:
            mask = sum(1 << j for j in self.word_hits(word))
            if len(masks) >= 100_000:
                masks.clear()
            masks[word] = mask
        return mask

    def doc_hits(self, doc: str) -> set[int]:
        hits: set[int] = set()
        for w in set(doc.split()):
            hits |= self.word_hits(w)
        padded = f" {doc} "
        for needle, j in self.phrases:
            if j not in hits and needle in padded:
                hits.add(j)
        return hits


def lexicon_from_dict(data: dict, sectors: tuple[str, ...], where: str = "keywords") -> Lexicon:
    unknown = sorted(set(data) - set(sectors))
    if unknown:
        raise ClassifyError(f"{where}: keywords for unknown sector ids {unknown}")
    for s, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ClassifyError(f"{where}: keywords of {s!r} must be a list of non-empty strings")
    return Lexicon(sectors=tuple(sectors), keywords=tuple(tuple(data.get(s, ())) for s in sectors))


def load_lexicon(path: str | Path, sectors: tuple[str, ...]) -> Lexicon:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["keywords"]
    except FileNotFoundError:
        raise ClassifyError(f"{path}: keyword file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as err:
        raise ClassifyError(f"{path}: not a keyword file ({err})") from None
    return lexicon_from_dict(data, sectors, where=str(path))


def default_lexicon() -> Lexicon:
    """The keywords that go with the current labels (the project's, else the shipped ones), in scheme order."""
    from .paths import keywords_file
    from .scheme import load_scheme

    return load_lexicon(keywords_file(), load_scheme().ids)
