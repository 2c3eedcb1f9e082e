"""Tagging articles: paragraph scores, and the article's sectors drawn from them."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from .articles import Article


@dataclass(frozen=True)
class SectorScore:
    sector: str
    score: float
    terms: tuple[str, ...] = ()  # with --explain: the features that weighed most


@dataclass(frozen=True)
class ParagraphTags:
    index: int  # 1-based position among the article's tagged paragraphs
    text: str
    sectors: tuple[SectorScore, ...]


@dataclass(frozen=True)
class ArticleSector:
    sector: str
    score: float  # the highest score of the sector among the article's paragraphs
    paragraphs: tuple[int, ...]  # indices of the paragraphs tagged with it


@dataclass(frozen=True)
class ArticleTags:
    path: str | None
    date: str | None
    sectors: tuple[ArticleSector, ...]
    paragraphs: tuple[ParagraphTags, ...]
    set_aside: tuple[str, ...] = ()

    def to_dict(self, explain: bool = False) -> dict:
        d = asdict(self)
        for p in d["paragraphs"]:
            for s in p["sectors"]:
                if explain:
                    s["terms"] = list(s["terms"])
                else:
                    del s["terms"]
        return d


def aggregate(sectors, proba: np.ndarray, hits: np.ndarray) -> tuple[ArticleSector, ...]:
    """An article carries a sector when at least one paragraph does; its score is the best paragraph's.

    Sorted by score, highest first.
    """
    out = []
    for j, sector in enumerate(sectors):
        rows = np.flatnonzero(hits[:, j])
        if rows.size:
            out.append(ArticleSector(sector, round(float(proba[rows, j].max()), 4), tuple(int(r) + 1 for r in rows)))
    return tuple(sorted(out, key=lambda a: (-a.score, a.sector)))


def tag_article(model, article: Article, explain: bool = False) -> ArticleTags:
    texts = list(article.paragraphs)
    proba = model.predict_proba(texts) if texts else np.zeros((0, len(model.sectors)))
    hits = proba >= model.thresholds
    paragraphs = []
    for i, text in enumerate(texts):
        cols = sorted(np.flatnonzero(hits[i]), key=lambda j: -proba[i, j])
        paragraphs.append(
            ParagraphTags(
                index=i + 1,
                text=text,
                sectors=tuple(
                    SectorScore(
                        model.sectors[j],
                        round(float(proba[i, j]), 4),
                        tuple(t for t, _ in model.scorer.explain(text, j)) if explain else (),
                    )
                    for j in cols
                ),
            )
        )
    return ArticleTags(
        path=article.path,
        date=article.date,
        sectors=aggregate(model.sectors, proba, hits),
        paragraphs=tuple(paragraphs),
        set_aside=article.set_aside,
    )
