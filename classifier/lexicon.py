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

    def patterns(self, tokenizer: str = "regex", fold_accents: bool = True) -> list[re.Pattern]:
        """One pattern per sector, matching its keywords as word prefixes in preprocessed text.

        Keywords go through the same preprocessing as the paragraphs, so "main-d'oeuvre"
        matches what the tokenizer makes of it; a trailing space asks for a whole word.
        """
        key = (tokenizer, fold_accents)
        cache = self.__dict__.setdefault("_compiled", {})
        if key not in cache:
            out = []
            for words in self.keywords:
                parts = []
                for w in words:
                    body = preprocess(w, tokenizer, fold_accents)
                    if body:
                        parts.append(re.escape(body) + (r"(?= |$)" if w.endswith(" ") else ""))
                out.append(re.compile(r"(?:^| )(?:" + "|".join(parts) + ")") if parts else re.compile(r"(?!)"))
            cache[key] = out
        return cache[key]

    def matches(self, doc: str, tokenizer: str = "regex", fold_accents: bool = True) -> list[float]:
        """1.0 for each sector with a keyword in ``doc`` (already preprocessed), else 0.0."""
        return [1.0 if p.search(doc) else 0.0 for p in self.patterns(tokenizer, fold_accents)]

    def to_dict(self) -> dict:
        return {s: list(k) for s, k in zip(self.sectors, self.keywords)}

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]

    def __getstate__(self):  # compiled patterns are rebuilt on demand, not pickled
        return {"sectors": self.sectors, "keywords": self.keywords}

    def __setstate__(self, state):
        self.__dict__.update(state)


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
