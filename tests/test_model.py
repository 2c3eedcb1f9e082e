import json
import shutil

import numpy as np
import pytest

import classifier
from classifier.errors import ClassifyError
from classifier.labels import load_labels
from classifier.lexicon import load_lexicon
from classifier.model import model_files
from conftest import LABELS, ROOT, SEEDS


def test_scorer_gives_the_pipelines_scores(model, scheme):
    texts = load_labels(LABELS, scheme).texts[:300] + ["", "x", "Ηλεκτρική ενέργεια 电力 энергия"]
    np.testing.assert_allclose(model.scorer.predict_proba(texts), model.pipeline.predict_proba(texts), atol=1e-12)


def test_captions_bylines_and_links_score_zero(model):
    lines = ["VNA/CVN", "Photo : VNA", ">> Le Vietnam et la Russie renforcent leur coopération énergétique",
             "Le Premier ministre (à gauche) visite la centrale nucléaire. Photo : VNA"]
    assert not model.predict_proba(lines).any()
    assert model.predict(lines) == [[], [], [], []]
    assert "energy" in model.predict(["Le Vietnam et la Russie renforcent leur coopération énergétique"])[0]


def test_notebook_api(model):
    texts = [
        "Les deux pays développeront la coopération dans le pétrole, le gaz et l'énergie nucléaire.",
        "VNA/CVN",
    ]
    proba = model.predict_proba(texts)
    assert proba.shape == (2, 15) and ((proba >= 0) & (proba <= 1)).all()
    labels = model.predict(texts)
    assert "energy" in labels[0] and labels[1] == []
    result = model.tag((SEEDS / "tolam-mishustin.txt").read_text(encoding="utf-8"))
    assert {"energy", "defense"} <= {s.sector for s in result.sectors}
    with pytest.raises(ClassifyError, match="single string"):
        model.predict("une chaîne")


def test_training_is_deterministic(trained, tmp_path):
    from classifier.training import train

    again = train(LABELS, tmp_path / "again.joblib")
    first_npz = model_files(trained.path)[1].read_bytes()
    assert model_files(again.path)[1].read_bytes() == first_npz
    assert again.manifest["thresholds"] == trained.manifest["thresholds"]
    assert again.manifest["files"]["again.npz"] == trained.manifest["files"]["sectors.npz"]
    assert again.manifest["files"]["again.joblib"] == trained.manifest["files"]["sectors.joblib"]


def test_manifest_records_what_was_trained(trained, scheme):
    m = trained.manifest
    corpus = load_labels(LABELS, scheme)
    assert m["data"]["digest"] == corpus.digest()
    assert m["data"]["n_paragraphs"] == len(corpus)
    assert list(m["thresholds"]) == list(scheme.ids)
    assert m["scheme"]["sectors"][0]["id"] == "diplomacy"
    assert {"scikit-learn", "numpy", "python"} <= set(m["versions"])
    assert 0 < m["cv_metrics"]["macro_f1"] <= 1


def copy_model(trained, tmp_path):
    for f in model_files(trained.path):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / trained.path.name


def test_altered_or_truncated_model_is_refused(trained, tmp_path):
    path = copy_model(trained, tmp_path)
    npz = model_files(path)[1]
    npz.write_bytes(npz.read_bytes()[:-100])
    with pytest.raises(ClassifyError, match="does not match its manifest"):
        classifier.load(path)


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
        train(LABELS, path)
    assert {f.name: f.read_bytes() for f in model_files(path)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(before)  # no temporary file left


def test_shipped_model_is_up_to_date(scheme):
    """Fails when labels/ changed and `classify train` was not run again."""
    manifest = json.loads((ROOT / "models" / "sectors.json").read_text(encoding="utf-8"))
    assert manifest["data"]["digest"] == load_labels(LABELS, scheme).digest(), "run `classify train` and commit models/"
    assert manifest["scheme_digest"] == scheme.digest()
    assert manifest["data"]["keywords_digest"] == load_lexicon(LABELS / "keywords.json", scheme.ids).digest()
    model = classifier.load()
    assert model.sectors == scheme.ids


def test_safe_export_loads_without_the_pickle(trained, tmp_path):
    from classifier.cli import app
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["export", str(tmp_path / "shared"), "--model", str(trained.path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json", "shared.npz"]
    shared = classifier.load(tmp_path / "shared")
    texts = ["Coopération dans le pétrole et le gaz entre les deux pays."]
    np.testing.assert_array_equal(shared.predict_proba(texts), classifier.load(trained.path).predict_proba(texts))
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
