"""Checks that keep the labelled corpus clean: duplicates, uniform articles, counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .defaults import MIN_POSITIVES, NEAR_DUPLICATE
from .errors import ClassifyError
from .labels import Corpus, check_trainable
from .scheme import Scheme
from .text import normalise

#: Paragraphs shorter than this (bylines, credits) legitimately repeat across articles.
MIN_WORDS_FOR_DUPLICATES = 8


@dataclass
class CorpusReport:
    n_paragraphs: int
    n_articles: int
    per_sector: dict[str, int]
    per_lang: dict[str, int]
    per_partner: dict[str, int]
    share_multi: float
    share_empty: float
    n_hard_negatives: int
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # not errors, but `classify train` would refuse or suffer
    where: str = ""

    def format(self) -> str:
        lines = [
            f"{self.n_paragraphs} paragraphs in {self.n_articles} articles; "
            f"{self.share_multi:.0%} with 2+ sectors, {self.share_empty:.0%} with none, "
            f"{self.n_hard_negatives} hard negatives",
            "per sector:",
            *(f"  {s:<20} {n:>5}" for s, n in self.per_sector.items()),
            "per language: " + ", ".join(f"{k} {v}" for k, v in self.per_lang.items()),
            f"per partner ({len(self.per_partner)}): " + ", ".join(f"{k} {v}" for k, v in self.per_partner.items()),
        ]
        lines.extend(f"warning: {w}" for w in self.warnings)
        if self.problems:
            lines.append(f"{len(self.problems)} problem(s):")
            lines.extend(f"  {p}" for p in self.problems)
        elif self.warnings:
            lines.append(f"no problems found, {len(self.warnings)} warning(s)")
        else:
            lines.append("no problems found")
        return "\n".join(lines)


def near_duplicates(texts: list[str], near: float) -> list[tuple[int, int, float]]:
    """Pairs of paragraphs whose word TF-IDF cosine exceeds ``near``."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return []
    matrix = TfidfVectorizer(preprocessor=normalise, sublinear_tf=True).fit_transform(texts)
    sims = (matrix @ matrix.T).tocoo()
    keep = (sims.row < sims.col) & (sims.data > near)
    return sorted(zip(sims.row[keep].tolist(), sims.col[keep].tolist(), np.round(sims.data[keep], 3).tolist()))


def check_corpus(corpus: Corpus, scheme: Scheme, near: float = NEAR_DUPLICATE) -> CorpusReport:
    paras = corpus.paragraphs
    problems: list[str] = []

    long_ones = [i for i, p in enumerate(paras) if len(p.text.split()) >= MIN_WORDS_FOR_DUPLICATES]
    for a, b, sim in near_duplicates([paras[i].text for i in long_ones], near):
        pa, pb = paras[long_ones[a]], paras[long_ones[b]]
        kind = "duplicate" if sim >= 0.999 else f"near duplicate (cosine {sim:.2f})"
        problems.append(f"{pb.where}: {kind} of {pa.where}")

    uniform: list[str] = []
    by_article: dict[str, list] = defaultdict(list)
    for p in paras:
        by_article[p.article].append(p)
    for article, members in by_article.items():
        if len(members) >= 2 and len({frozenset(p.sectors) for p in members}) == 1:
            uniform.append(f"{members[0].where}: all {len(members)} paragraphs of article {article!r} have the same sectors (one-topic article, or labels copied from the topic?)")
        dates = {p.date for p in members}
        if len(dates) > 1:
            problems.append(f"{members[0].where}: article {article!r} has several dates {sorted(map(str, dates))}")

    counts = corpus.sector_counts()
    n = len(paras)
    warnings = list(uniform)
    try:
        check_trainable(corpus, scheme, MIN_POSITIVES)
    except ClassifyError as err:
        warnings.append(f"`classify train` would refuse this data: {err}")
    return CorpusReport(
        warnings=warnings,
        n_paragraphs=n,
        n_articles=len(by_article),
        per_sector={s: counts.get(s, 0) for s in scheme.ids},
        per_lang=dict(Counter(p.lang or "?" for p in paras).most_common()),
        per_partner=dict(Counter(p.partner or "?" for p in paras).most_common()),
        share_multi=sum(len(p.sectors) >= 2 for p in paras) / n,
        share_empty=sum(not p.sectors for p in paras) / n,
        n_hard_negatives=sum(bool(p.hard_negatives) for p in paras),
        problems=problems,
    )


def check_path(path=None, near: float = NEAR_DUPLICATE) -> CorpusReport:
    """What ``classify data check`` does: load the labelled data at ``path`` (default as `paths` says) and check it."""
    from . import defaults, paths
    from .labels import load_labels
    from .scheme import load_scheme

    found = paths.labels(path)
    scheme = load_scheme(paths.beside(found.path, defaults.SCHEME_FILE))
    report = check_corpus(load_labels(found.path, scheme), scheme, near=near)
    report.where = found.describe()
    return report
