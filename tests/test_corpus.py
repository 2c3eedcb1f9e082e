"""The labelled corpus keeps the size and variety a real model needs (issue: labels/)."""

from collections import Counter, defaultdict

import pytest

from classifier.labels import load_labels
from classifier.quality import check_corpus
from conftest import LABELS

FLOORS = {
    "paragraphs": 1200,
    "articles": 180,
    "per_sector": 60,
    "share_empty": 0.10,
    "share_multi": 0.30,
    "hard_negatives": 100,
    "share_en": 0.10,
    "share_fr": 0.80,
    "partners": 25,
}


@pytest.fixture(scope="module")
def corpus(scheme):
    return load_labels(LABELS, scheme)


def test_size(corpus):
    assert len(corpus) >= FLOORS["paragraphs"]
    assert len(set(corpus.groups)) >= FLOORS["articles"]


def test_every_sector_has_enough_positives(corpus, scheme):
    counts = corpus.sector_counts()
    short = {s: counts.get(s, 0) for s in scheme.ids if counts.get(s, 0) < FLOORS["per_sector"]}
    assert not short, f"sectors under {FLOORS['per_sector']} positives: {short}"


def test_shares_of_empty_multi_label_and_hard_negatives(corpus):
    n = len(corpus)
    assert sum(not p.sectors for p in corpus.paragraphs) / n >= FLOORS["share_empty"]
    assert sum(len(p.sectors) >= 2 for p in corpus.paragraphs) / n >= FLOORS["share_multi"]
    assert sum(bool(p.hard_negatives) for p in corpus.paragraphs) >= FLOORS["hard_negatives"]
    assert all(not set(p.hard_negatives) & set(p.sectors) for p in corpus.paragraphs)


def test_languages_partners_and_dates(corpus):
    langs = Counter(p.lang for p in corpus.paragraphs)
    assert set(langs) == {"fr", "en"}, "every line needs `lang`"
    assert langs["en"] / len(corpus) >= FLOORS["share_en"]
    assert langs["fr"] / len(corpus) >= FLOORS["share_fr"]
    assert len({p.partner for p in corpus.paragraphs if p.partner}) >= FLOORS["partners"]
    dates = defaultdict(set)
    for p in corpus.paragraphs:
        dates[p.article].add(p.date)
    for article, found in dates.items():
        assert len(found) == 1 and None not in found, article
        (date,) = found
        assert "2010-01" <= date <= "2026-12", (article, date)


def test_written_articles_have_4_to_10_paragraphs(corpus):
    sizes = Counter(p.article for p in corpus.paragraphs if p.source != "seed")
    assert {a: n for a, n in sizes.items() if not 4 <= n <= 10} == {}


def test_seeds_are_all_labelled(corpus):
    seeds = {p.article for p in corpus.paragraphs if p.source == "seed"}
    assert len(seeds) == 5


def test_data_check_finds_no_problem(corpus, scheme):
    report = check_corpus(corpus, scheme)
    assert report.problems == []
