"""The words behind a decision: the model's strongest features for a sector, found back in the text.

Used by ``classify tag --explain`` and by the labelling page's highlights.

`scorer.explain` names features as the model sees them (accent-folded word
n-grams ``=petrole``, character n-grams `` petr``, a sector's keyword list);
a person needs the words of the paragraph they came from, so each feature is
mapped to the character spans of the original words that produce it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import MAX_TOKEN, normalise

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Evidence:
    """One feature that raised a sector's score, its weight, and where it is in the text."""

    feature: str  # as `scorer.explain` names it
    words: tuple[str, ...]  # the words of the text it stands for (the feature's name when none is found)
    weight: float
    spans: tuple[tuple[int, int], ...]  # character offsets in the paragraph


def _tokens(text: str, fold_accents: bool = True) -> list[tuple[int, int, str]]:
    """The tokens the model sees (two characters or more), with their spans in the original text."""
    out = []
    for m in _WORD.finditer(text):
        norm = normalise(m.group(0), fold_accents)
        if len(norm) > 1:
            out.append((m.start(), m.end(), norm[:MAX_TOKEN]))
    return out


def evidence(scorer, text: str, column: int, top: int = 5) -> list[Evidence]:
    """The ``top`` features that pushed ``text`` towards sector ``column``, located in the text."""
    fold_accents = getattr(scorer, "fold_accents", True)
    tokens = _tokens(text, fold_accents)
    out = []
    for feature, weight in scorer.explain(text, column, top):
        spans = _locate(scorer, feature, tokens, column, fold_accents)
        words = tuple(dict.fromkeys(text[s:e] for s, e in spans)) or (feature,)
        out.append(Evidence(feature, words, round(float(weight), 4), spans))
    return out


_KEYWORD = re.compile(r"^keyword “(.+)”$")


def _locate(scorer, feature: str, tokens, column: int, fold_accents: bool) -> tuple[tuple[int, int], ...]:
    """Spans of the words behind a feature, whichever way `explain` names it: a keyword matched
    (``keyword “formation”``), a sector's keyword list (``keyword: education``), a stem or
    character n-gram (``form…``), or a word or phrase as the model normalises it."""
    kw = _KEYWORD.match(feature)
    if kw:
        return _phrase_spans(normalise(kw.group(1), fold_accents).split(), tokens, prefix=True)
    if feature.startswith("keyword: ") or feature.startswith("[keywords of "):
        return _keyword_spans(scorer, column, tokens)
    if feature.endswith("…"):
        gram = normalise(feature[:-1].strip(), fold_accents)
        return tuple((s, e) for s, e, norm in tokens if gram and gram in norm)
    if feature.startswith(" ") or feature.endswith(" "):  # a raw character n-gram with its word edges
        return tuple((s, e) for s, e, norm in tokens if feature in f" {norm} ")
    return _phrase_spans(normalise(feature.lstrip("="), fold_accents).split(), tokens, prefix=False)


def _phrase_spans(words: list[str], tokens, prefix: bool) -> tuple[tuple[int, int], ...]:
    """Runs of tokens equal to ``words`` (the last one as a prefix, for keywords that are stems)."""
    n = len(words)
    if not n:
        return ()
    spans = []
    for i in range(len(tokens) - n + 1):
        window = [t[2] for t in tokens[i : i + n]]
        last = window[-1].startswith(words[-1]) if prefix else window[-1] == words[-1]
        if window[:-1] == words[:-1] and last:
            spans.append((tokens[i][0], tokens[i + n - 1][1]))
    return tuple(spans)


def _keyword_spans(scorer, column: int, tokens) -> tuple[tuple[int, int], ...]:
    lexicon = getattr(scorer, "lexicon", None)
    if lexicon is None or column >= len(lexicon.keywords):
        return ()
    spans = set()
    for keyword in lexicon.keywords[column]:
        spans.update(_phrase_spans(normalise(keyword, getattr(scorer, "fold_accents", True)).split(), tokens, prefix=not keyword.endswith(" ")))
    return tuple(sorted(spans))


def explain_words(scorer, text: str, column: int, top: int = 5) -> tuple[tuple[str, float], ...]:
    """The words or phrases of ``text`` that weighed most for sector ``column``, with their weights:
    the features of one word (the word, its stems) add up; a keyword shows as the words it matched."""
    totals: dict[str, float] = {}
    for ev in evidence(scorer, text, column, top=3 * top):
        term = " / ".join(ev.words)
        if ev.feature.startswith("keyword"):
            term += " [keyword]"
        totals[term] = totals.get(term, 0.0) + ev.weight
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])[:top]
    return tuple((term, round(weight, 4)) for term, weight in ranked)
