import os

import numpy as np
import pytest

from classifier.evaluation import Recalibration, calibration, group_folds, score, tune_thresholds
from classifier.tagging import aggregate


def test_scores_match_scikit_learn():
    from sklearn.metrics import f1_score, precision_recall_fscore_support

    rng = np.random.default_rng(0)
    y = rng.random((200, 4)) < 0.3
    pred = rng.random((200, 4)) < 0.3
    s = score(y, pred, ["a", "b", "c", "d"])
    p, r, f, sup = precision_recall_fscore_support(y, pred, zero_division=0)
    assert [s.per_label[k].f1 for k in "abcd"] == pytest.approx(f, abs=1e-4)
    assert [s.per_label[k].support for k in "abcd"] == list(sup)
    assert s.micro_f1 == pytest.approx(f1_score(y, pred, average="micro"), abs=1e-4)
    assert s.macro_f1 == pytest.approx(f1_score(y, pred, average="macro", zero_division=0), abs=1e-4)


def test_thresholds_pick_the_best_f1_and_fall_back_to_half():
    y = np.array([[1, 0], [1, 0], [0, 0], [0, 0]])
    proba = np.array([[0.32, 0.9], [0.3, 0.2], [0.2, 0.1], [0.1, 0.4]])
    t = tune_thresholds(y, proba)
    # 0.25 and 0.30 both keep the two positives and drop the negatives: the tie goes to the one nearer 0.5
    assert t[0] == pytest.approx(0.3)
    assert t[1] == 0.5  # no positive example: keep the default


def test_folds_never_split_an_article():
    groups = np.repeat([f"a{i}" for i in range(12)], 3)
    for train, test in group_folds(groups, 5, seed=1):
        assert not set(groups[train]) & set(groups[test])
    assert [list(t) for _, t in group_folds(groups, 5, 1)] == [list(t) for _, t in group_folds(groups, 5, 1)]


def test_article_sector_is_its_best_paragraph():
    proba = np.array([[0.9, 0.1], [0.6, 0.7], [0.2, 0.3]])
    hits = proba >= np.array([0.5, 0.5])
    sure = proba >= np.array([0.65, 0.8])
    out = aggregate(["energy", "health"], proba, hits, sure, np.array([10, 30, 60]))
    assert [(a.sector, a.score, a.paragraphs, a.weight, a.sure) for a in out] == [
        ("energy", 0.9, (1, 2), 0.4, True), ("health", 0.7, (2,), 0.3, False)]


def test_confusions_pair_wrong_tags_with_missed_ones():
    from classifier.evaluation import confusions

    sectors = ["energy", "industry", "economy"]
    y = np.array([[1, 0, 0], [1, 0, 0], [0, 0, 1], [0, 0, 0], [0, 1, 0]], dtype=bool)
    p = np.array([[0, 1, 0], [0, 1, 0], [0, 1, 1], [0, 0, 1], [0, 1, 0]], dtype=bool)
    assert confusions(y, p, sectors) == [
        {"predicted": "industry", "expected": "energy", "paragraphs": 2},
        {"predicted": "economy", "expected": "(none)", "paragraphs": 1},
    ]


def test_recalibration_repairs_overconfident_scores_and_keeps_set_aside_lines_at_zero():
    rng = np.random.default_rng(3)
    truth = rng.random((4000, 2))  # the real chance of each label
    y = rng.random((4000, 2)) < truth
    z = np.log(truth) - np.log1p(-truth)
    proba = 1 / (1 + np.exp(-3 * z))  # the same ranking, three times too sure
    proba[:50] = 0.0  # lines set aside
    recal = Recalibration.fit(y, proba)
    assert recal.slope == pytest.approx((1 / 3, 1 / 3), abs=0.05)
    fixed = recal.apply(proba)
    assert (fixed[:50] == 0).all()
    order = np.argsort(proba[50:, 0])
    assert (np.diff(fixed[50:, 0][order]) >= 0).all()  # the ranking, hence what thresholds can do, is kept
    assert calibration(y, fixed)["error"] < 0.03 < calibration(y, proba)["error"]


def test_recalibration_folded_into_the_pipeline_gives_the_same_scores(scheme):
    from classifier.config import ModelConfig
    from classifier.labels import load_labels
    from classifier.pipeline import build_pipeline, fold_recalibration
    from classifier.scorer import LinearScorer
    from conftest import SMALL

    corpus = load_labels(SMALL, scheme)
    y = corpus.label_matrix(scheme)
    pipe = build_pipeline(ModelConfig(keywords=False)).fit(corpus.texts, y)
    texts = corpus.texts[:60] + ["Photo : VNA", "Coopération pétrolière et gazière."]
    before = pipe.predict_proba(texts)
    recal = Recalibration(tuple(np.linspace(0.3, 1.2, len(scheme))), tuple(np.linspace(-1, 1, len(scheme))))
    after = fold_recalibration(pipe, recal).predict_proba(texts)
    np.testing.assert_allclose(after, recal.apply(before), atol=1e-10)
    np.testing.assert_allclose(LinearScorer.from_pipeline(pipe).predict_proba(texts), after, atol=1e-12)


def test_folds_fitted_in_parallel_processes_score_exactly_as_one_after_another(scheme, monkeypatch):
    from classifier import defaults, evaluation
    from classifier.config import ModelConfig
    from classifier.labels import load_labels
    from classifier.pipeline import build_pipeline
    from conftest import SMALL

    corpus = load_labels(SMALL, scheme)
    y, groups = corpus.label_matrix(scheme), np.asarray(corpus.groups)
    factory = lambda: build_pipeline(ModelConfig(keywords=False))  # noqa: E731
    assert evaluation.fold_workers(len(corpus), 5) == 1  # a corpus this small is not worth the processes
    one_by_one = evaluation.out_of_fold(factory, corpus.texts, y, groups, 3, seed=2)
    monkeypatch.setattr(defaults, "PARALLEL_FROM", 0)
    assert evaluation.fold_workers(len(corpus), 3) == min(3, os.cpu_count() or 1)
    done = []
    side_by_side = evaluation.out_of_fold(factory, corpus.texts, y, groups, 3, seed=2, progress=lambda k, n: done.append((k, n)))
    assert done == [(1, 3), (2, 3), (3, 3)]
    for _, test in evaluation.group_folds(groups, 3, 2):  # every fold's paragraphs were scored
        assert (one_by_one[test] > 0).any(axis=1).mean() > 0.7  # the rest: captions and bylines set aside
    np.testing.assert_array_equal(side_by_side, one_by_one)
