import pickle

import pytest

from conftest import LABELS

from classifier import defaults
from classifier.errors import ClassifyError
from classifier.lexicon import lexicon_from_dict, load_lexicon
from classifier.text import preprocess


def test_keywords_match_word_prefixes_after_the_same_preprocessing():
    lex = lexicon_from_dict({"energy": ["énerg", "gaz "], "tourism": ["touris"]}, ("energy", "tourism", "health"))
    doc = preprocess("Les deux pays coopèrent dans l'ÉNERGIE éolienne et le tourisme.")
    assert lex.matches(doc) == [1.0, 1.0, 0.0]
    assert lex.matches(preprocess("Le gazoduc traverse la région.")) == [0.0, 0.0, 0.0]  # "gaz " is a whole word
    assert lex.matches(preprocess("Le gaz naturel liquéfié")) == [1.0, 0.0, 0.0]
    assert lex.matches(preprocess("la synergie des efforts")) == [0.0, 0.0, 0.0]  # prefixes, not substrings


def test_lexicon_pickles_without_its_compiled_patterns():
    lex = lexicon_from_dict({"energy": ["energ"]}, ("energy",))
    lex.matches("energie")
    again = pickle.loads(pickle.dumps(lex))
    assert again == lex and "_compiled" not in again.__dict__
    assert again.matches("energie") == [1.0]


def test_project_keywords_cover_every_sector(scheme):
    lex = load_lexicon(LABELS / "keywords.json", scheme.ids)
    assert lex.sectors == scheme.ids
    assert all(len(words) >= 10 for words in lex.keywords)


def test_bad_keyword_files(tmp_path, scheme):
    bad = tmp_path / "k.json"
    bad.write_text('{"keywords": {"space": ["satellite"]}}', encoding="utf-8")
    with pytest.raises(ClassifyError, match=r"keywords for unknown sector ids \['space'\]"):
        load_lexicon(bad, scheme.ids)
    bad.write_text('{"keywords": {"energy": "oil"}}', encoding="utf-8")
    with pytest.raises(ClassifyError, match="keywords of 'energy' must be a list"):
        load_lexicon(bad, scheme.ids)
