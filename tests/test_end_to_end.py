"""Tag the seeds as a user would: with a model that never saw them (generalisation), and with the shipped one."""

import pytest

import classifier
from classifier.articles import load_article
from conftest import SEEDS

TOLAM = {"energy", "defense", "transport", "tourism", "education", "science_technology"}
HANOI_MOSCOW = {"transport", "education", "health", "tourism", "culture"}


def article_sectors(model, name):
    return {s.sector for s in model.tag(load_article(SEEDS / name)).sectors}


@pytest.mark.slow
def test_seeds_with_a_model_trained_without_them(without_seeds):
    model = classifier.load(without_seeds.path)
    assert without_seeds.manifest.data.n_paragraphs > 1000
    assert TOLAM <= article_sectors(model, "tolam-mishustin.txt")
    assert HANOI_MOSCOW <= article_sectors(model, "hanoi-moscow-2019.txt")
    a = model.tag(load_article(SEEDS / "tolam-mishustin.txt"))
    migrants = next(p for p in a.paragraphs if p.text.startswith("De plus, des conditions favorables"))
    assert "migration_labour" in {s.sector for s in migrants.sectors}
    defence = next(p for p in a.paragraphs if "défense et de sécurité" in p.text)
    assert "defense" in {s.sector for s in defence.sectors}


def test_shipped_model_tags_the_seeds():
    model = classifier.load()
    assert TOLAM <= article_sectors(model, "tolam-mishustin.txt")
    assert HANOI_MOSCOW <= article_sectors(model, "hanoi-moscow-2019.txt")


def test_small_model_finds_the_plain_sectors(model):
    """Even the small test model (214 paragraphs, no seed) finds the visit, and scores the paragraph
    on oil, gas and nuclear power highest for energy (too few examples to be sure of tagging it)."""
    assert "diplomacy" in article_sectors(model, "tolam-mishustin.txt")
    article = load_article(SEEDS / "tolam-mishustin.txt")
    energy = model.predict_proba(list(article.paragraphs))[:, list(model.sectors).index("energy")]
    assert "l'énergie (pétrole et gaz" in article.paragraphs[int(energy.argmax())]
