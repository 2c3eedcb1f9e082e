"""The labelled corpus keeps the size and variety a real model needs (issue: labels/)."""

from collections import Counter, defaultdict

import pytest

from classifier.labels import load_labels
from classifier.quality import check_corpus
from conftest import LABELS

FLOORS = {
    "paragraphs": 3000,
    "articles": 450,
    "per_sector": 100,
    "share_empty": 0.10,
    "share_multi": 0.30,
    "hard_negatives": 100,
    "share_en": 0.25,
    "share_fr": 0.50,
    "partners": 60,
    "real_articles": 150,  # modelled on a real page, whose address is in `source`
    "real_partners": 40,
    "real_share_en": 0.40,
    "check_articles": 40,
    "dated_articles": 0.95,
}
#: Body paragraphs (12 words or more) of real news pages measure so; the corpus must too.
SHAPE = {"mean_words": (35, 50), "two_sentences": (0.15, 0.30), "sixty_words": (0.07, 0.22)}


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
    assert all(len(found) == 1 for found in dates.values())  # one date (or none) per article
    known = [d for (d,) in dates.values() if d]
    assert len(known) / len(dates) >= FLOORS["dated_articles"]  # a few real pages give no date
    assert all("2005-01" <= d <= "2026-12" for d in known)


def test_written_articles_have_4_to_25_paragraphs(corpus):
    sizes = Counter(p.article for p in corpus.paragraphs if p.source != "seed")
    assert {a: n for a, n in sizes.items() if not 4 <= n <= 25} == {}


def test_articles_modelled_on_real_pages(corpus):
    real = {}
    for p in corpus.paragraphs:
        if p.source and p.source.startswith("http"):
            real.setdefault(p.article, p)
    assert len(real) >= FLOORS["real_articles"]
    assert len({p.partner for p in real.values()}) >= FLOORS["real_partners"]
    assert sum(p.lang == "en" for p in real.values()) / len(real) >= FLOORS["real_share_en"]


def _sentences(text):
    import re

    return len([s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÝĐ«\"“])", text.strip()) if s.strip()])


def test_paragraphs_are_shaped_like_real_news(corpus):
    body = [p.text for p in corpus.paragraphs if len(p.text.split()) >= 12]
    words = [len(t.split()) for t in body]
    shape = {
        "mean_words": sum(words) / len(body),
        "two_sentences": sum(_sentences(t) >= 2 for t in body) / len(body),
        "sixty_words": sum(w >= 60 for w in words) / len(body),
    }
    assert all(lo <= shape[k] <= hi for k, (lo, hi) in SHAPE.items()), shape


def test_check_set_is_held_out(corpus, scheme):
    check = load_labels(LABELS / "check", scheme)
    articles = set(check.groups)
    assert len(articles) >= FLOORS["check_articles"]
    assert not articles & set(corpus.groups)
    assert not {p.source for p in check.paragraphs} & {p.source for p in corpus.paragraphs}
    assert all(f.parent.name == "check" for f in check.files) and not any(f.parent.name == "check" for f in corpus.files)


def test_seeds_are_all_labelled(corpus):
    seeds = {p.article for p in corpus.paragraphs if p.source == "seed"}
    assert len(seeds) == 5


def test_data_check_finds_no_problem(corpus, scheme):
    report = check_corpus(corpus, scheme)
    assert report.problems == []
