import json

import pytest

from classifier.errors import ClassifyError
from classifier.labels import check_trainable, load_labels

GOOD = {"text": "Les deux pays ont signé un accord sur le pétrole.", "sectors": ["energy"], "article": "a1"}


def write(tmp_path, *lines, name="x.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(l if isinstance(l, str) else json.dumps(l, ensure_ascii=False) for l in lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "bad, message",
    [
        ('{"text": "x", "sectors": [', "bad JSON"),
        ({"sectors": ["energy"], "article": "a"}, "expected a non-empty string in `text`"),
        ({"text": "   ", "sectors": [], "article": "a"}, "expected a non-empty string in `text`"),
        ({"text": "t", "sectors": ["energie"], "article": "a"}, "unknown sector id 'energie'"),
        ({"text": "t", "sectors": ["energy", "energy"], "article": "a"}, "sector 'energy' is given twice"),
        ({"text": "t", "sectors": "energy", "article": "a"}, "expected the field `sectors` to be a list of sector ids, found str"),
        ({"text": "t", "sectors": [], "article": "a", "date": "2019-13"}, "expected `date` as YYYY-MM"),
        ({"text": "t", "sectors": []}, "expected a non-empty string in `article`"),
        ('["text"]', "expected a JSON object, found list"),
    ],
)
def test_bad_lines_are_refused_with_file_and_line(tmp_path, scheme, bad, message):
    path = write(tmp_path, GOOD, GOOD | {"article": "a2"}, bad)
    with pytest.raises(ClassifyError) as err:
        load_labels(path, scheme)
    assert str(err.value).startswith(f"{path}:3: ")
    assert message in str(err.value)


def test_folder_is_read_in_sorted_order_and_blank_lines_skipped(tmp_path, scheme):
    write(tmp_path, GOOD | {"article": "b"}, name="b.jsonl")
    write(tmp_path, GOOD | {"article": "a"}, "", GOOD | {"article": "a", "sectors": []}, name="a.jsonl")
    corpus = load_labels(tmp_path, scheme)
    assert [p.article for p in corpus.paragraphs] == ["a", "a", "b"]
    assert corpus.paragraphs[1].where.endswith("a.jsonl:3")
    assert corpus.paragraphs[1].sectors == ()


def test_empty_corpus_and_missing_path(tmp_path, scheme):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match="the corpus is empty"):
        load_labels(empty, scheme)
    with pytest.raises(ClassifyError, match="no such file or folder"):
        load_labels(tmp_path / "nope", scheme)
    folder = tmp_path / "d"
    folder.mkdir()
    with pytest.raises(ClassifyError, match="no .jsonl files"):
        load_labels(folder, scheme)


def test_digest_ignores_line_order_but_not_labels(tmp_path, scheme):
    a = load_labels(write(tmp_path, GOOD, GOOD | {"article": "z", "text": "Autre."}, name="a.jsonl"), scheme)
    b = load_labels(write(tmp_path, GOOD | {"article": "z", "text": "Autre."}, GOOD, name="b.jsonl"), scheme)
    c = load_labels(write(tmp_path, GOOD | {"sectors": ["economy"]}, GOOD | {"article": "z", "text": "Autre."}, name="c.jsonl"), scheme)
    assert a.digest() == b.digest() != c.digest()


def test_too_few_examples_names_the_sector_and_count(tmp_path, scheme):
    corpus = load_labels(write(tmp_path, GOOD, GOOD | {"article": "b"}), scheme)
    with pytest.raises(ClassifyError) as err:
        check_trainable(corpus, scheme, min_positives=3)
    assert "energy (2)" in str(err.value) and "diplomacy (0)" in str(err.value)


def test_repository_labels_load_and_cover_every_sector(scheme):
    from conftest import LABELS

    corpus = load_labels(LABELS, scheme)
    counts = corpus.sector_counts()
    assert set(counts) == set(scheme.ids)
    assert all(p.lang in ("fr", "en") for p in corpus.paragraphs)
