"""`classify review`: confident learning on out-of-fold scores, corrections written back, the review page."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest

from classifier.errors import ClassifyError
from classifier.labelling.review import REVIEW_LOG, confident_suspects, correct, review, where

DATA = Path(__file__).resolve().parent / "data" / "labelling"
TINY = DATA / "tiny.jsonl"
TOKEN = "review-token"
H = {"X-Token": TOKEN}



def test_confident_learning_flags_what_the_scores_contradict():
    sectors = ("a", "b")
    y = np.array([[1, 0], [1, 0], [1, 0], [0, 0], [0, 1], [0, 1], [0, 0], [1, 1]])
    p = np.array(
        [
            [0.9, 0.1],
            [0.8, 0.2],
            [0.05, 0.1],  # labelled a, scored far below: suspected removal of a
            [0.97, 0.1],  # not labelled a, scored high: suspected addition of a
            [0.1, 0.9],
            [0.2, 0.7],
            [0.1, 0.1],
            [0.9, 0.8],
        ]
    )
    found = {row: (adds, rems) for row, adds, rems, _ in confident_suspects(y, p, sectors)}
    assert set(found) == {2, 3}
    assert found[2] == ([], [("a", 0.05)])
    assert found[3] == ([("a", 0.97)], [])
    ranked = [row for row, *_ in confident_suspects(y, p, sectors)]
    assert ranked == [3, 2]  # 1 - 0.97 < 0.05: the surest first


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """The tiny set with two labels made wrong on purpose, and its review (3 folds: fast)."""
    folder = tmp_path_factory.mktemp("planted")
    rows = [json.loads(line) for line in TINY.open(encoding="utf-8")]
    trade = next(i for i, r in enumerate(rows) if r["text"].startswith("Le commerce bilatéral, quasi inexistant"))
    # a paragraph that plainly reports a visit: even a model trained on 70 paragraphs knows it
    rice = next(i for i, r in enumerate(rows) if r["text"].startswith("Le secrétaire général du Parti Nguyen Phu Trong a effectué ce mois-ci une visite"))
    assert rows[trade]["sectors"] == ["economy"] and rows[rice]["sectors"] == ["diplomacy"]
    rows[trade]["sectors"] = ["economy", "health"]  # a sector added by mistake
    rows[rice]["sectors"] = []  # a sector forgotten
    path = folder / "tiny.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path, trade + 1, rice + 1, review(path, n_splits=3)


def test_review_finds_planted_errors_with_file_and_line(planted):
    path, trade_line, rice_line, result = planted
    found = {(s.file, s.line): (rank, s) for rank, s in enumerate(result.suspects, 1)}
    rank, trade = found[path, trade_line]
    assert [s for s, _ in trade.removals] == ["health"] and trade.given == ("economy", "health")
    assert trade.suggested == ("economy",)
    assert rank <= len(result.suspects) // 3  # a wrong sector the model is sure of ranks high
    _, rice = found[path, rice_line]
    assert [s for s, _ in rice.additions] == ["diplomacy"] and rice.given == ()
    assert result.proba.shape == (len(result.corpus), 15)
    assert [s.confidence for s in result.suspects] == sorted(s.confidence for s in result.suspects)
    # a strong disagreement only: every suspect is on the far side of 1/2 from its label
    assert all(p >= 0.5 for s in result.suspects for _, p in s.additions)
    assert all(p < 0.5 for s in result.suspects for _, p in s.removals)


def test_list_prints_file_line_labels_and_scores(planted):
    from typer.testing import CliRunner

    from classifier.cli import app

    path, _, rice_line, result = planted
    top = len(result.suspects)
    r = CliRunner().invoke(app, ["review", str(path), "--list", "--top", str(top), "--folds", "3"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"{top} suspected label errors among 109 paragraphs")
    assert f"tiny.jsonl:{rice_line}  given [(none)]  +diplomacy(0." in r.output
    r = CliRunner().invoke(app, ["review", str(path), "--list", "--json", "--top", "3", "--folds", "3"])
    first = json.loads(r.output.splitlines()[0])
    assert set(first) == {"file", "line", "text", "given", "add", "remove", "confidence"}


def _copy(tmp_path) -> Path:
    path = tmp_path / "labels.jsonl"
    shutil.copyfile(TINY, path)
    return path


def test_correction_rewrites_one_line_and_logs_it(tmp_path, scheme):
    from classifier.labels import load_labels

    path = _copy(tmp_path)
    # a line written by hand, with escapes and odd spacing, must stay byte for byte
    with path.open("a", encoding="utf-8") as f:
        f.write('{"text":"Co\\u00f6p\\u00e9ration  \\"x\\"", "sectors":["culture"],"article":"hand-1"}\n')
    before = path.read_bytes().split(b"\n")
    corpus = load_labels(path, scheme)
    p = corpus.paragraphs[4]
    file, line = where(p)
    new = tuple(s for s in scheme.ids if s in set(p.sectors) | {"governance"})
    correct(file, line, p, new)
    after = path.read_bytes().split(b"\n")
    assert len(after) == len(before)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert changed == [line - 1]
    assert json.loads(after[line - 1])["sectors"] == list(new)
    assert json.loads(after[line - 1]) | {"sectors": list(p.sectors)} == json.loads(before[line - 1])
    log = [json.loads(x) for x in (tmp_path / REVIEW_LOG).read_text(encoding="utf-8").splitlines()]
    assert log[0]["file"] == str(path) and log[0]["line"] == line
    assert log[0]["before"] == list(p.sectors) and log[0]["after"] == list(new) and log[0]["date"].endswith("Z")
    # the hand-written line, when corrected, keeps everything but its sectors
    hand = load_labels(path, scheme).paragraphs[-1]
    correct(*where(hand), hand, ("culture", "governance"))
    assert path.read_bytes().split(b"\n")[-2] == b'{"text":"Co\\u00f6p\\u00e9ration  \\"x\\"", "sectors": ["culture", "governance"],"article":"hand-1"}'


def test_a_line_changed_on_disk_is_not_overwritten(tmp_path, scheme):
    from classifier.labels import load_labels

    path = _copy(tmp_path)
    p = load_labels(path, scheme).paragraphs[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace('"sectors": [', '"sectors": ["tourism", ', 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    snapshot = path.read_bytes()
    with pytest.raises(ClassifyError, match="changed on disk"):
        correct(*where(p), p, ("energy",))
    assert path.read_bytes() == snapshot


def test_a_correction_waits_for_no_labelling_session_on_the_same_file(tmp_path, scheme):
    from classifier.labelling.store import AnswerStore
    from classifier.labels import load_labels

    path = _copy(tmp_path)
    p = load_labels(path, scheme).paragraphs[0]
    with AnswerStore(path, scheme):
        with pytest.raises(ClassifyError, match="already open"):
            correct(*where(p), p, ("energy",))


def test_review_page_confirms_corrects_and_goes_back(planted, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from classifier.labelling.review import open_review_session
    from classifier.labelling.server import build_app

    original, _, _, result = planted
    path = tmp_path / original.name
    shutil.copyfile(original, path)
    # the same review, pointed at the copy
    from dataclasses import replace

    suspects = [replace(s, file=path) for s in result.suspects]
    result = replace(result, suspects=suspects)
    session = open_review_session(result, path, top=5)
    try:
        client = TestClient(build_app(session, TOKEN))
        state = client.get("/api/state", headers=H).json()
        assert state["mode"] == "review"
        q = state["question"]
        first = suspects[0]
        assert q["where"] == f"{path}:{first.line}" and q["given"] == list(first.given)
        assert {s["id"] for s in q["sectors"] if s["on"]} == set(first.given)  # the toggles start at the given labels
        assert q["note"].startswith("model ")
        before = path.read_bytes()
        # confirm: nothing written
        client.post("/api/answer", headers=H, json={"id": q["item"]["id"], "sectors": q["given"]})
        assert path.read_bytes() == before and not (tmp_path / REVIEW_LOG).exists()
        # correct the second as the model suggests
        q2 = client.get("/api/state", headers=H).json()["question"]
        second = suspects[1]
        r = client.post("/api/answer", headers=H, json={"id": q2["item"]["id"], "sectors": list(second.suggested)})
        assert r.status_code == 200 and r.json()["progress"]["answered_now"] == 1
        line = json.loads(path.read_bytes().split(b"\n")[second.line - 1])
        assert set(line["sectors"]) == set(second.suggested)
        # back, and put it back as it was: logged too
        back = client.post("/api/back", headers=H).json()["question"]
        assert back["item"]["id"] == q2["item"]["id"] and set(back["given"]) == set(second.suggested)
        client.post("/api/answer", headers=H, json={"id": q2["item"]["id"], "sectors": list(second.given)})
        assert path.read_bytes() == before
        assert len((tmp_path / REVIEW_LOG).read_text(encoding="utf-8").splitlines()) == 2
        assert client.post("/api/answer", headers=H, json={"id": 99, "sectors": []}).status_code == 404
        assert client.post("/api/answer", headers=H, json={"id": 0, "sectors": ["x"]}).status_code == 422
        assert client.get("/api/state").status_code == 403
        with pytest.raises(ClassifyError, match="already open"):
            open_review_session(result, path, top=5)
    finally:
        session.close()
