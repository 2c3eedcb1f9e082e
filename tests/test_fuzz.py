"""Arbitrary Unicode never crashes the splitter, the preprocessing or the tagger (hypothesis)."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from classifier.articles import decode, split_article
from classifier.errors import ClassifyError
from classifier.tagging import tag_article
from classifier.text import MAX_TOKEN, preprocess

# Any code point, with blank lines, accents and French words mixed in so that the
# splitter and the features see structure, not only noise.
pieces = st.one_of(
    st.text(min_size=0, max_size=80),
    st.sampled_from(["\n\n", "\n", "\r\n", "date 2019-05 ", ">> ", "Photo : VNA", "-VNA", "énergie", "Hanoï", "\u0301", "\x00"]),
)
articles = st.lists(pieces, max_size=12).map("".join)


@given(articles)
def test_splitter_never_crashes_and_keeps_clean_paragraphs(text):
    a = split_article(text)
    assert a == split_article(text)
    for p in a.paragraphs:
        assert p and p == p.strip() and "\n" not in p
        assert not any(ord(c) < 32 and c != "\t" for c in p)
    assert a.date is None or (len(a.date) == 7 and a.date[4] == "-")


@given(st.binary(max_size=300))
def test_decode_gives_text_or_a_clear_error(data):
    try:
        assert isinstance(decode(data, "f"), str)
    except ClassifyError as err:
        assert str(err).startswith("f: ") and "\n" not in str(err)


@given(st.text(max_size=200), st.sampled_from(["regex", "spacy"]), st.booleans())
def test_preprocess_is_total_and_bounded(text, tokenizer, fold):
    out = preprocess(text, tokenizer, fold)
    assert out == preprocess(text, tokenizer, fold)
    assert all(0 < len(t) <= MAX_TOKEN for t in out.split())


@given(st.lists(st.text(max_size=150), min_size=1, max_size=4))
def test_scores_are_probabilities_and_repeatable(model, texts):
    p = model.predict_proba(texts)
    assert p.shape == (len(texts), len(model.sectors))
    assert np.all((p >= 0) & (p <= 1)) and np.array_equal(p, model.predict_proba(texts))
    np.testing.assert_allclose(model.scorer.predict_proba(texts), model.pipeline.predict_proba(texts), rtol=0, atol=1e-12)


@given(articles)
def test_tagging_any_article(model, text):
    result = tag_article(model, split_article(text))
    assert len(result.paragraphs) == len(split_article(text).paragraphs)
    for s in result.sectors:
        assert 0 <= s.score <= 1 and s.paragraphs
    for p in result.paragraphs:
        assert all(model.thresholds[model.sectors.index(s.sector)] <= s.score <= 1 for s in p.sectors)


line_pieces = st.lists(
    st.sampled_from(["VNA", "/", "CVN", " ", "Photo", ":", "(à gauche)", ">>", "\x00", "\u2028", "\r", "é", "e\u0301",
                     "AFP", ", ", "& ", "-", "coopération", "Reuters", ".", "ảnh", "source"]),
    max_size=12,
).map("".join)


@given(st.one_of(line_pieces, st.text(max_size=80)))
def test_set_aside_shortcut_decides_as_the_rules_do(text):
    """`set_aside_mask` skips the rules for lines that none can concern; it must decide the same."""
    from classifier.articles import classify_line, clean, set_aside_mask

    stripped = text.strip()
    expected = bool(stripped) and "\n" not in stripped and classify_line(clean(stripped).strip()) != "paragraph"
    assert bool(set_aside_mask([text])[0]) == expected
