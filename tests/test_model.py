import json
import shutil

import numpy as np
import pytest

import classifier
from classifier.config import ModelConfig
from classifier.errors import ClassifyError
from classifier.labels import load_labels
from classifier.lexicon import load_lexicon
from classifier.model import model_files, previous_files
from conftest import LABELS, ROOT, SEEDS, SMALL

CAPTIONS = ["VNA/CVN", "Photo : VNA", ">> Le Vietnam et la Russie renforcent leur coopération énergétique",
            "Le Premier ministre (à gauche) visite la centrale nucléaire. Photo : VNA"]


def seed_lines():
    return [l for f in sorted(SEEDS.glob("*.txt")) for l in f.read_text(encoding="utf-8").splitlines() if l.strip()]


def test_scorer_gives_the_pipelines_scores_captions_included(model, scheme):
    texts = load_labels(SMALL, scheme).texts + seed_lines() + CAPTIONS + ["", "x", "Ηλεκτρική ενέργεια 电力 энергия"]
    np.testing.assert_allclose(model.predict_proba(texts), model.pipeline.predict_proba(texts), atol=1e-12)
    assert not model.pipeline.predict_proba(CAPTIONS).any()  # the set-aside rule is inside the pipeline


@pytest.mark.parametrize(
    "config",
    [
        ModelConfig(char_mode="prefix", char_ngrams=(3, 7)),
        ModelConfig(keywords=False, sublinear_tf=False),
        ModelConfig(word_ngrams=(1, 3), char_ngrams=(0, 0), min_df=1, fold_accents=False),
        ModelConfig(word_ngrams=(0, 0), char_ngrams=(2, 4), keyword_weight=0.5, C=1.0),
        ModelConfig(nb_alpha=0.0),  # plain logistic regression, no naive-Bayes weighting
        ModelConfig(nb_alpha=1.0, C=3.0),
    ],
)
def test_parity_over_several_configurations(config, scheme):
    from classifier.lexicon import default_lexicon
    from classifier.pipeline import build_pipeline
    from classifier.scorer import LinearScorer

    corpus = load_labels(SMALL, scheme)
    pipe = build_pipeline(config, default_lexicon() if config.keywords else None).fit(corpus.texts, corpus.label_matrix(scheme))
    texts = corpus.texts[:80] + seed_lines() + CAPTIONS + [""]
    scorer = LinearScorer.from_pipeline(pipe)
    np.testing.assert_allclose(scorer.predict_proba(texts), pipe.predict_proba(texts), atol=1e-12)


def test_nb_weighting_folds_its_ratios_into_the_coefficients(scheme):
    """NB-LR learns on features times the log-count ratios; the model keeps those ratios folded into ``coef_``,
    so it scores raw features exactly as a plain regression fitted on scaled ones."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    from classifier.pipeline import NBLogisticRegression, nb_ratios

    X = csr_matrix(np.array([[2.0, 0, 1], [1, 0, 0], [0, 3, 1], [0, 1, 0], [1, 1, 1]]))
    y = np.array([1, 1, 0, 0, 1])
    ratio = nb_ratios(X, y, 0.5)
    assert ratio[0] > 0 > ratio[1]  # column 0 occurs with positives only, column 1 mostly with negatives
    nb = NBLogisticRegression(nb_alpha=0.5, C=2.0, random_state=0).fit(X, y)
    plain = LogisticRegression(C=2.0, solver="liblinear", max_iter=1000, random_state=0).fit(X.multiply(ratio).tocsr(), y)
    np.testing.assert_allclose(nb.coef_, plain.coef_ * ratio)
    np.testing.assert_allclose(nb.predict_proba(X), plain.predict_proba(X.multiply(ratio).tocsr()))


@pytest.mark.parametrize("param, value, message", [("binary", True, "binary=True"), ("norm", "l1", "norm='l1'")])
def test_scorer_refuses_what_it_cannot_reproduce(scheme, param, value, message):
    from classifier.pipeline import build_pipeline
    from classifier.scorer import LinearScorer

    corpus = load_labels(SMALL, scheme)
    pipe = build_pipeline(ModelConfig(keywords=False))
    pipe.set_params(**{f"features__tfidf__tfidf__{param}": value})
    pipe.fit(corpus.texts, corpus.label_matrix(scheme))
    with pytest.raises(ClassifyError, match=f"cannot reproduce.*{message}"):
        LinearScorer.from_pipeline(pipe)


def test_parity_check_at_save_refuses_a_scorer_that_disagrees(trained, tmp_path):
    from classifier.model import SectorModel

    broken = SectorModel(manifest=trained.manifest, scorer=trained.model.scorer)
    broken.scorer = type(broken.scorer)(**{**{k: v for k, v in vars(trained.model.scorer).items() if k not in ("index", "features", "_word_cache")},
                                         "intercept": trained.model.scorer.intercept + 0.5})
    with pytest.raises(ClassifyError, match="differs from the pipeline"):
        broken.save(tmp_path / "m.joblib", trained.model.pipeline, parity_texts=["Coopération pétrolière et gazière."])
    assert list(tmp_path.iterdir()) == []


def test_pipeline_works_with_clone_and_cross_val_predict(scheme):
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold, cross_val_predict

    from classifier.pipeline import build_pipeline

    corpus = load_labels(SMALL, scheme)
    texts = corpus.texts + CAPTIONS
    y = np.vstack([corpus.label_matrix(scheme), np.zeros((len(CAPTIONS), len(scheme)), dtype=np.int8)])
    groups = corpus.groups + ["captions"] * len(CAPTIONS)
    proba = cross_val_predict(clone(build_pipeline()), texts, y, groups=groups, cv=GroupKFold(3), method="predict_proba")
    assert proba.shape == y.shape and not proba[-len(CAPTIONS):].any()


def test_notebook_api():
    model = classifier.load(ROOT / "models" / "sectors.joblib")  # the shipped model: what a notebook gets
    texts = ["Les deux pays développeront la coopération dans le pétrole, le gaz et l'énergie nucléaire.", "VNA/CVN"]
    proba = model.predict_proba(texts)
    assert proba.shape == (2, 15) and ((proba >= 0) & (proba <= 1)).all()
    labels = model.predict(texts)
    assert "energy" in labels[0] and labels[1] == []
    with pytest.raises(ClassifyError, match="single string"):
        model.predict("une chaîne")


def test_tagging_a_path_string_says_so(model):
    with pytest.raises(ClassifyError, match="looks like a file name.*tag_paths"):
        model.tag(str(SEEDS / "tolam-mishustin.txt"))
    with pytest.raises(ClassifyError, match="looks like a file name"):
        model.tag("article.html")


def test_training_is_deterministic(trained, tmp_path):
    from classifier.training import train

    again = train(SMALL, tmp_path / "again.joblib")
    assert model_files(again.path)[1].read_bytes() == model_files(trained.path)[1].read_bytes()
    assert again.manifest.thresholds == trained.manifest.thresholds
    assert again.manifest.sure_from == trained.manifest.sure_from
    assert again.manifest.files["again.npz"] == trained.manifest.files["sectors.npz"]


def test_manifest_is_typed_and_records_what_was_trained(trained, scheme):
    m = trained.manifest
    corpus = load_labels(SMALL, scheme)
    assert m.data.digest == corpus.digest() and m.data.n_paragraphs == len(corpus) == 214
    assert m.scheme.ids == scheme.ids and len(m.thresholds) == len(m.sure_from) == 15
    assert all(s >= t for s, t in zip(m.sure_from, m.thresholds))
    assert m.config == ModelConfig()
    assert {"scikit-learn", "numpy", "python"} <= set(m.versions)
    assert 0 < m.macro_f1 <= 1 and 0 <= m.calibration["error"] < 1
    assert len(m.digest) == 12 and m.describe().startswith(f"model {m.digest} of {m.date}, 214 paragraphs")
    again = json.loads(model_files(trained.path)[2].read_text(encoding="utf-8"))
    assert again["thresholds"] == dict(zip(scheme.ids, m.thresholds))


def copy_model(trained, folder):
    for f in model_files(trained.path):
        shutil.copy(f, folder / f.name)
    return folder / trained.path.name


def test_altered_or_truncated_model_is_refused(trained, tmp_path):
    path = copy_model(trained, tmp_path)
    npz = model_files(path)[1]
    npz.write_bytes(npz.read_bytes()[:-100])
    with pytest.raises(ClassifyError, match="does not match its manifest"):
        classifier.load(path)


def test_missing_model_option_names_the_files_not_training(tmp_path):
    with pytest.raises(ClassifyError, match=r"no model at /no/such: expected such.json and such.npz") as err:
        classifier.load("/no/such")
    assert "classify train" not in str(err.value)


def test_model_with_another_scheme_is_refused(trained, tmp_path, scheme):
    from dataclasses import replace

    from classifier.model import load

    path = copy_model(trained, tmp_path)
    other = replace(scheme, sectors=scheme.sectors[:-1])
    with pytest.raises(ClassifyError, match="trained with another sector scheme"):
        load(path, scheme=other)


def test_failed_save_leaves_the_old_model(trained, tmp_path, monkeypatch):
    import joblib

    from classifier.training import train

    path = copy_model(trained, tmp_path)
    before = {f.name: f.read_bytes() for f in model_files(path)}

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(joblib, "dump", boom)
    with pytest.raises(OSError, match="disk full"):
        train(SMALL, path)
    assert {f.name: f.read_bytes() for f in model_files(path)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # no temporary file left


def test_retrain_refuses_a_clearly_worse_model_keeps_and_restores_the_replaced_one(trained, tmp_path, scheme):
    from classifier.model import restore
    from classifier.training import train

    path = copy_model(trained, tmp_path)
    good = {f.name: f.read_bytes() for f in model_files(path)}
    worse = tmp_path / "worse.jsonl"
    rows = [json.loads(l) for l in SMALL.read_text(encoding="utf-8").splitlines()]
    for row, other in zip(rows, rows[7:] + rows[:7]):  # labels of other paragraphs: a model that learns nothing
        row["sectors"] = other["sectors"]
    worse.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    try:
        train(worse, path, n_splits=3)
        pytest.fail("a clearly worse model replaced the current one")
    except ClassifyError as err:
        assert "not replacing" in str(err) and "--force" in str(err) and trained.manifest.digest in str(err)
    assert {f.name: f.read_bytes() for f in model_files(path)} == good
    forced = train(worse, path, n_splits=3, force=True)
    assert forced.replaced.digest == trained.manifest.digest
    assert [f.read_bytes() for f in previous_files(path)] == [good[f.name] for f in model_files(path)]
    assert classifier.load(path).digest == forced.manifest.digest
    back = restore(path)
    assert back.digest == trained.manifest.digest and classifier.load(path).digest == trained.manifest.digest
    assert classifier.load(previous_files(path)[0]).digest == forced.manifest.digest


def test_shipped_model_is_up_to_date(scheme):
    """Fails when labels/, the keywords or a default of the configuration changed and `classify train` was not run again."""
    model = classifier.load(ROOT / "models" / "sectors.joblib")
    m = model.manifest
    assert m.data.digest == load_labels(LABELS, scheme).digest(), "run `classify train` and commit models/"
    assert m.scheme.digest() == scheme.digest()
    assert m.data.keywords_digest == load_lexicon(LABELS / "keywords.json", scheme.ids).digest()
    assert m.config == ModelConfig(), "a default changed: run `classify train` and commit models/"
    assert model.sectors == scheme.ids


def test_safe_export_loads_without_the_pickle(trained, tmp_path):
    from typer.testing import CliRunner

    from classifier.cli import app

    result = CliRunner().invoke(app, ["export", str(tmp_path / "shared"), "--model", str(trained.path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json", "shared.npz"]
    shared = classifier.load(tmp_path / "shared")
    texts = ["Coopération dans le pétrole et le gaz entre les deux pays."]
    np.testing.assert_array_equal(shared.predict_proba(texts), classifier.load(trained.path).predict_proba(texts))
    assert shared.digest == trained.manifest.digest
    with pytest.raises(ClassifyError, match="exported without its scikit-learn pipeline"):
        shared.pipeline


def test_pipeline_from_another_scikit_learn_is_refused_with_advice(trained, tmp_path):
    path = copy_model(trained, tmp_path)
    json_path = model_files(path)[2]
    manifest = json.loads(json_path.read_text(encoding="utf-8"))
    manifest["versions"]["scikit-learn"] = "0.24.2"
    json_path.write_text(json.dumps(manifest), encoding="utf-8")
    model = classifier.load(path)  # tagging does not need scikit-learn: still fine
    assert model.predict(["Coopération dans le pétrole et le gaz."]) == trained.model.predict(["Coopération dans le pétrole et le gaz."])
    with pytest.raises(ClassifyError, match=r"saved with scikit-learn 0.24.2, this is .*install scikit-learn==0.24.2 or retrain"):
        model.pipeline


def test_batch_and_paragraph_paths_give_the_same_scores(model, scheme, monkeypatch):
    """Large batches take the vectorised path, small ones the paragraph loop: the same numbers."""
    from classifier import scorer

    texts = load_labels(SMALL, scheme).texts + seed_lines() + CAPTIONS + [
        "", "x", "free trade free trade agreement", "Ηλεκτρική ενέργεια 电力", "a\x00b énergie", "é" * 300]
    monkeypatch.setattr(scorer, "VECTOR_BATCH", 10**9)
    one_by_one = model.predict_proba(texts)
    monkeypatch.setattr(scorer, "VECTOR_BATCH", 1)
    model.scorer._word_cache.clear()
    batch = model.predict_proba(texts)
    np.testing.assert_allclose(batch, one_by_one, atol=1e-12)
    np.testing.assert_allclose(batch, model.pipeline.predict_proba(texts), atol=1e-12)
