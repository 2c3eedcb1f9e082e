"""Train on the repository's labels, then tag the seeds as a user would."""

import classifier
from classifier.articles import load_article
from conftest import SEEDS


def article_sectors(model, name):
    return {s.sector for s in model.tag(load_article(SEEDS / name)).sectors}


def test_tolam_mishustin_seed(model):
    found = article_sectors(model, "tolam-mishustin.txt")
    assert {"energy", "defense", "transport", "tourism", "education", "science_technology"} <= found


def test_hanoi_moscow_seed(model):
    found = article_sectors(model, "hanoi-moscow-2019.txt")
    assert {"transport", "education", "health", "tourism", "culture"} <= found


def test_shipped_model_tags_the_seeds_too():
    model = classifier.load()
    assert {"energy", "defense", "transport", "tourism", "education", "science_technology"} <= article_sectors(model, "tolam-mishustin.txt")
    assert {"transport", "education", "health", "tourism", "culture"} <= article_sectors(model, "hanoi-moscow-2019.txt")


def test_paragraph_level_decisions(model):
    a = model.tag(load_article(SEEDS / "tolam-mishustin.txt"))
    by_text = {p.text[:40]: {s.sector for s in p.sectors} for p in a.paragraphs}
    migrants = next(v for k, v in by_text.items() if k.startswith("De plus, des conditions favorables"))
    assert "migration_labour" in migrants
    defence = next(p for p in a.paragraphs if "défense et de sécurité" in p.text)
    assert "defense" in {s.sector for s in defence.sectors}
