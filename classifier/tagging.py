"""Tagging articles: paragraph scores, the article's sectors drawn from them, and runs over many inputs.

`tag_sources` is what ``classify tag`` does: read every input (files, folders,
collections, standard input), tag each article, and yield a `TagOutcome` per
article, a result or a failure, in input order, in one process or several.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import islice
from typing import Iterable, Iterator

import numpy as np

from .articles import Article
from .evidence import explain_words
from .partners import detect as detect_partners
from .readers.language import paragraph_languages
from .readers import ReadFailure, ReadOptions, WalkSummary, read_sources

#: Articles per batch: scored with one matrix product, and sent to a worker as one task.
BATCH = 64


@dataclass(frozen=True)
class ModelInfo:
    """Which model produced a result: the short digest of its arrays and the day it was trained."""

    digest: str
    date: str
    path: str | None = None


@dataclass(frozen=True)
class SectorScore:
    sector: str
    score: float
    sure: bool = True  # False when the score lies in the sector's unsure band just above its threshold
    terms: tuple[tuple[str, float], ...] = ()  # with explain: the words that weighed most, with their weights


@dataclass(frozen=True)
class ParagraphTags:
    index: int  # 1-based position among the article's tagged paragraphs
    text: str
    sectors: tuple[SectorScore, ...]
    lang: str | None = None
    scores: tuple[float, ...] = ()  # every sector's score, in the model's sector order (for CSV and frames)


@dataclass(frozen=True)
class ArticleSector:
    sector: str
    score: float  # the highest score of the sector among the article's paragraphs
    paragraphs: tuple[int, ...]  # indices of the paragraphs tagged with it
    weight: float = 0.0  # share of the article's words in the paragraphs tagged with it
    sure: bool = True  # at least one of its paragraphs carries it surely


@dataclass(frozen=True)
class ArticleTags:
    source: str | None
    date: str | None
    sectors: tuple[ArticleSector, ...]
    paragraphs: tuple[ParagraphTags, ...]
    set_aside: tuple[str, ...] = ()
    title: str | None = None
    lang: str | None = None
    id: str | None = None
    url: str | None = None
    partners: tuple = ()  # partners.Partner, when partner detection is available
    places: tuple = ()
    main_partner: str | None = None
    model: ModelInfo | None = None

    def to_dict(self, explain: bool = False, scores: bool = False) -> dict:
        d = asdict(self)
        for p in d["paragraphs"]:
            if not scores:
                del p["scores"]
            for s in p["sectors"]:
                if explain:
                    s["terms"] = [{"term": t, "weight": w} for t, w in s["terms"]]
                else:
                    del s["terms"]
        return d


@dataclass(frozen=True)
class TagOutcome:
    """One input's outcome: its tags, or the one-line reason it could not be tagged."""

    source: str
    result: ArticleTags | None = None
    error: str | None = None
    trace: str = ""  # the traceback behind ``error``, for `classify --debug`

    @property
    def ok(self) -> bool:
        return self.error is None


def aggregate(sectors, proba: np.ndarray, hits: np.ndarray, sure: np.ndarray, words: np.ndarray) -> tuple[ArticleSector, ...]:
    """An article carries a sector when at least one paragraph does; its score is the best paragraph's,
    its weight the share of the article's words in the paragraphs that carry it. Highest score first."""
    out = []
    total = max(int(words.sum()), 1)
    for j, sector in enumerate(sectors):
        rows = np.flatnonzero(hits[:, j])
        if rows.size:
            out.append(
                ArticleSector(
                    sector,
                    round(float(proba[rows, j].max()), 4),
                    tuple(int(r) + 1 for r in rows),
                    round(float(words[rows].sum()) / total, 4),
                    bool(sure[rows, j].any()),
                )
            )
    return tuple(sorted(out, key=lambda a: (-a.score, a.sector)))


def model_info(model) -> ModelInfo:
    return ModelInfo(model.digest, model.date, None if model.path is None else str(model.path))


def tag_articles(model, articles: list[Article], explain: bool = False) -> list[ArticleTags]:
    """Tag several articles, scoring all their paragraphs in one batch."""
    texts = [t for a in articles for t in a.paragraphs]
    proba = model.predict_proba(texts) if texts else np.zeros((0, len(model.sectors)))
    hits = proba >= model.thresholds
    sure = proba >= model.sure_from
    info = model_info(model)
    out, start = [], 0
    for article in articles:
        n = len(article.paragraphs)
        out.append(_article_tags(model, article, proba[start : start + n], hits[start : start + n], sure[start : start + n], info, explain))
        start += n
    return out


def tag_article(model, article: Article, explain: bool = False) -> ArticleTags:
    return tag_articles(model, [article], explain)[0]


def _article_tags(model, article: Article, proba, hits, sure, info: ModelInfo, explain: bool) -> ArticleTags:
    paragraphs = []
    langs = paragraph_languages(article.paragraphs)
    for i, text in enumerate(article.paragraphs):
        cols = sorted(np.flatnonzero(hits[i]), key=lambda j: -proba[i, j])
        paragraphs.append(
            ParagraphTags(
                index=i + 1,
                text=text,
                sectors=tuple(
                    SectorScore(
                        model.sectors[j],
                        round(float(proba[i, j]), 4),
                        bool(sure[i, j]),
                        explain_words(model.scorer, text, j) if explain else (),
                    )
                    for j in cols
                ),
                lang=langs[i] if langs else None,
                scores=tuple(round(float(v), 4) for v in proba[i]),
            )
        )
    words = np.array([len(t.split()) for t in article.paragraphs], dtype=np.int64)
    found = detect_partners(article.paragraphs, article.title)
    return ArticleTags(
        source=article.source,
        date=article.date,
        sectors=aggregate(model.sectors, proba, hits, sure, words),
        paragraphs=tuple(paragraphs),
        set_aside=article.set_aside,
        title=article.title,
        lang=article.lang,
        id=article.id,
        url=article.url,
        partners=found.partners,
        places=found.places,
        main_partner=found.main,
        model=info,
    )


def tag_sources(
    model,
    paths: Iterable,
    options: ReadOptions = ReadOptions(),
    jobs: int = 1,
    explain: bool = False,
    summary: WalkSummary | None = None,
    backend: str | None = None,
) -> Iterator[TagOutcome]:
    """Read and tag every article in ``paths``; yield one `TagOutcome` per article or failure, in order.

    Streaming: articles are read, tagged and yielded in batches of `BATCH`, so
    memory stays bounded whatever the input. With ``jobs`` > 1 the batches are
    tagged in that many processes (joblib); ``backend`` is any joblib backend,
    and inside ``joblib.parallel_config(backend="dask")`` the same call runs on
    a Dask cluster.
    """
    batches = _batches(read_sources(paths, options, summary))
    if jobs == 1:
        for batch in batches:
            yield from _tag_batch(model, batch, explain)
        return
    from joblib import Parallel, delayed

    parallel = Parallel(n_jobs=jobs, backend=backend, return_as="generator")
    for outcomes in parallel(delayed(_tag_batch)(model, batch, explain) for batch in batches):
        yield from outcomes


def _batches(items: Iterator) -> Iterator[list]:
    while True:
        batch = list(islice(items, BATCH))
        if not batch:
            return
        yield batch


def _tag_batch(model, batch: list, explain: bool) -> list[TagOutcome]:
    articles = [a for a in batch if isinstance(a, Article)]
    tagged = iter(tag_articles(model, articles, explain))
    out = []
    for item in batch:
        if isinstance(item, ReadFailure):
            out.append(TagOutcome(item.source, error=item.message, trace=item.trace))
        else:
            out.append(TagOutcome(item.source or "<stdin>", result=next(tagged)))
    return out
