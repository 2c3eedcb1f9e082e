"""`classify label`: the session, its store and every route of the page's server (FastAPI's TestClient).

Articles: tests/data/labelling/articles (two seeds and a short article with a
caption, a byline and a link). Suggestions come from the shipped model;
retraining uses the tiny labelled set tests/data/labelling/tiny.jsonl.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from classifier.errors import ClassifyError  # noqa: E402
from classifier.labelling.order import margins  # noqa: E402
from classifier.labelling.session import Retrainer, open_label_session  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "labelling"
ARTICLES = DATA / "articles"
TINY = DATA / "tiny.jsonl"
TOKEN = "test-token-123"
H = {"X-Token": TOKEN}


def client_for(session):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's notice about httpx
        from fastapi.testclient import TestClient
    from classifier.labelling.server import build_app

    return TestClient(build_app(session, TOKEN))


@pytest.fixture(scope="module")
def shipped():
    import classifier

    return classifier.load()


@pytest.fixture
def into(tmp_path):
    return tmp_path / "answers.jsonl"


@pytest.fixture
def session(into, shipped):
    s = open_label_session([ARTICLES], into, retrain_every=0, model=shipped)
    yield s
    s.store.close()


@pytest.fixture
def client(session):
    return client_for(session)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def current(client) -> dict:
    return client.get("/api/state", headers=H).json()["question"]


# ---------------------------------------------------------------- the token


def test_every_route_needs_the_token(client, into):
    for method, path in [("GET", "/"), ("GET", "/api/state"), ("GET", "/static/page.js"), ("POST", "/api/back")]:
        assert client.request(method, path).status_code == 403
        assert client.request(method, path, headers={"X-Token": "wrong"}).status_code == 403
    q = current(client)
    r = client.post("/api/answer?token=wrong", json={"id": q["item"]["id"], "sectors": []})
    assert r.status_code == 403
    assert not into.exists()


def test_page_and_its_files_carry_the_token(client):
    r = client.get(f"/?token={TOKEN}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert f"static/page.js?token={TOKEN}" in r.text and f"static/page.css?token={TOKEN}" in r.text
    assert "http" not in r.text.replace("http-equiv", "")  # nothing fetched from the internet
    assert client.get(f"/static/page.css?token={TOKEN}").status_code == 200
    assert client.get(f"/static/../session.py?token={TOKEN}").status_code == 404


# ---------------------------------------------------------------- answer, skip, back


def test_answer_is_one_line_in_the_label_format_and_the_page_moves_on(client, into, session):
    q = current(client)
    r = client.post("/api/answer", headers=H, json={"id": q["item"]["id"], "sectors": ["tourism", "diplomacy"]})
    assert r.status_code == 200
    [line] = lines(into)
    assert line["text"] == q["item"]["text"]
    assert line["sectors"] == ["diplomacy", "tourism"]  # scheme order
    assert line["article"] == q["article"]["key"]
    assert line["source"] == "labelled" and line["lang"] == "fr"
    state = r.json()
    assert state["question"]["item"]["id"] != q["item"]["id"]
    assert state["progress"]["answered"] == 1 and state["progress"]["positives"]["tourism"] == 1
    assert state["progress"]["left"] == state["progress"]["total"] - 1
    # the file is what `classify train` reads
    from classifier.labels import load_labels

    assert load_labels(into, session.scheme).paragraphs[0].sectors == ("diplomacy", "tourism")


def test_no_sector_is_an_answer(client, into):
    q = current(client)
    client.post("/api/answer", headers=H, json={"id": q["item"]["id"], "sectors": []})
    assert lines(into)[0]["sectors"] == []


def test_article_date_and_partner_fields(client, into, session):
    busan = next(it for it in session.items if it.text.startswith("Les deux villes ont convenu"))
    client.post("/api/answer", headers=H, json={"id": busan.id, "sectors": ["tourism", "transport"]})
    [line] = lines(into)
    assert line["date"] == "2024-06" and line["article"].endswith("hanoi-busan-2024.txt")


def test_captions_bylines_and_links_are_never_asked(session):
    texts = [it.text for it in session.items]
    assert not any("Photo : VNA" in t or t == "VNA/CVN" or t.startswith(">>") for t in texts)
    assert any(t.startswith("Busan propose") for t in texts)


def test_question_shows_context_and_suggestions(client, session):
    q = current(client)
    item = session.by_id[q["item"]["id"]]
    assert q["item"]["before"] == item.before and q["item"]["after"] == item.after
    sectors = q["sectors"]
    assert len(sectors) == 15 and sectors[0]["name_fr"] and sectors[0]["description"]
    assert [s["key"] for s in sectors] == list("123456789abcdef")
    for s in sectors:  # pre-set from the model's suggestion
        assert s["on"] == s["suggested"] == (s["score"] >= s["threshold"])


def test_the_words_behind_a_suggestion_are_located_in_the_text(client, session):
    item = next(it for it in session.items if it.text.startswith("Busan propose"))
    q = session.question_for(item.id)
    transport = next(s for s in q.sectors if s.id == "transport")
    assert transport.suggested
    words = {item.text[a:b].lower() for e in transport.evidence for a, b in e.spans}
    assert "ports" in words or "logistique" in words


def test_skip_writes_nothing_and_is_not_asked_again(client, into):
    q = current(client)
    r = client.post("/api/skip", headers=H, json={"id": q["item"]["id"]})
    assert r.status_code == 200 and not into.exists()
    state = r.json()
    assert state["progress"]["skipped"] == 1
    assert state["question"]["item"]["id"] != q["item"]["id"]


def test_back_returns_to_the_previous_answer_and_a_change_rewrites_only_its_line(client, into):
    a = current(client)
    client.post("/api/answer", headers=H, json={"id": a["item"]["id"], "sectors": ["culture"]})
    b = current(client)
    after_b = client.post("/api/answer", headers=H, json={"id": b["item"]["id"], "sectors": []}).json()["question"]
    first_line = into.read_bytes().split(b"\n")[0]
    back = client.post("/api/back", headers=H).json()["question"]
    assert back["item"]["id"] == b["item"]["id"] and back["revisit"] and back["given"] == []
    assert [s["id"] for s in back["sectors"] if s["on"]] == []  # shows the answer given, not the suggestion
    again = client.post("/api/back", headers=H).json()["question"]
    assert again["item"]["id"] == a["item"]["id"] and again["given"] == ["culture"]
    # skipping a revisited answer keeps it and moves forward
    client.post("/api/skip", headers=H, json={"id": a["item"]["id"]})
    r = client.post("/api/answer", headers=H, json={"id": b["item"]["id"], "sectors": ["energy"]})
    assert r.json()["question"]["item"]["id"] == after_b["item"]["id"]  # back where the person was
    assert [line["sectors"] for line in lines(into)] == [["culture"], ["energy"]]
    assert into.read_bytes().split(b"\n")[0] == first_line
    assert client.post("/api/back", headers=H).status_code == 200


def test_back_with_nothing_answered_is_refused(client):
    assert client.post("/api/back", headers=H).status_code == 409


def test_the_same_answer_twice_writes_one_line(client, into):
    q = current(client)
    body = {"id": q["item"]["id"], "sectors": ["economy"]}
    client.post("/api/answer", headers=H, json=body)
    client.post("/api/answer", headers=H, json=body)
    assert len(lines(into)) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        json.dumps({"id": 0}).encode(),
        json.dumps({"sectors": []}).encode(),
        json.dumps({"id": "0", "sectors": []}).encode(),
        json.dumps({"id": 0, "sectors": ["energie"]}).encode(),
        json.dumps({"id": 0, "sectors": ["energy", "energy"]}).encode(),
        json.dumps({"id": 0, "sectors": "energy"}).encode(),
        json.dumps({"id": 0, "sectors": [], "extra": 1}).encode(),
        json.dumps({"id": 10_000, "sectors": []}).encode(),
        json.dumps({"id": -1, "sectors": []}).encode(),
    ],
)
def test_malformed_answers_get_4xx_and_write_nothing(client, into, body):
    r = client.post("/api/answer", headers=H | {"Content-Type": "application/json"}, content=body)
    assert 400 <= r.status_code < 500
    assert not into.exists()


@pytest.mark.parametrize("body", [b"{not json", json.dumps({"id": "x"}).encode(), json.dumps({"id": 10_000}).encode(), b"{}"])
def test_malformed_skips_get_4xx_and_change_nothing(client, body):
    before = client.get("/api/state", headers=H).json()
    r = client.post("/api/skip", headers=H | {"Content-Type": "application/json"}, content=body)
    assert 400 <= r.status_code < 500
    assert client.get("/api/state", headers=H).json() == before


def test_unknown_paragraph_is_404(client):
    assert client.post("/api/answer", headers=H, json={"id": 10_000, "sectors": []}).status_code == 404
    assert client.post("/api/skip", headers=H, json={"id": 10_000}).status_code == 404


# ---------------------------------------------------------------- resume and lock


def test_restart_resumes_without_asking_again(into):
    s = open_label_session([ARTICLES], into, retrain_every=0)
    first = s.question().item
    s.answer(first.id, ["diplomacy"])
    second = s.question().item
    s.answer(second.id, [])
    total = s.progress().total
    s.store.close()

    again = open_label_session([ARTICLES], into, retrain_every=0)
    try:
        asked = set(again.walk.queue)
        assert first.id not in asked and second.id not in asked
        p = again.progress()
        assert (p.answered, p.left, p.total) == (2, total - 2, total)
        again.back()  # earlier answers can still be changed
        assert again.question().item.text == second.text and again.question().given == ()
    finally:
        again.store.close()


def test_a_second_server_on_the_same_file_is_refused(session, into):
    with pytest.raises(ClassifyError, match="already open in another session"):
        open_label_session([ARTICLES], into, retrain_every=0)


def test_cli_refuses_a_second_server_in_one_line(session, into):
    from typer.testing import CliRunner

    from classifier.cli import app

    r = CliRunner().invoke(app, ["label", str(ARTICLES), "--into", str(into), "--no-browser", "--retrain-every", "0"])
    assert r.exit_code == 1
    assert "error:" in r.output and "already open in another session" in r.output and "Traceback" not in r.output


def test_into_must_be_a_jsonl_file(tmp_path):
    with pytest.raises(ClassifyError, match="expected a .jsonl file"):
        open_label_session([ARTICLES], tmp_path / "answers.txt", retrain_every=0)


# ---------------------------------------------------------------- order


def test_uncertain_order_asks_the_least_sure_first_spread_across_articles(session):
    queue = session.walk.queue
    m = margins(session.proba, session.model.thresholds)
    n_articles = len({it.article for it in session.items})
    first_round = queue[:n_articles]
    assert len({session.by_id[i].article for i in first_round}) == n_articles  # one per article first
    assert queue[0] == int(np.argmin(m))  # the least sure paragraph of all comes first
    assert [m[i] for i in first_round] == sorted(m[i] for i in first_round)
    for article in {it.article for it in session.items}:  # within an article, least sure first
        mine = [m[i] for i in queue if session.by_id[i].article == article]
        assert mine == sorted(mine)


def test_sequential_order_is_reading_order(into):
    s = open_label_session([ARTICLES], into, order="sequential", retrain_every=0)
    try:
        assert s.walk.queue == [it.id for it in s.items]
        assert s.question().item.position == 1
    finally:
        s.store.close()


def test_sector_mode_orders_by_that_sector_and_says_so(into):
    s = open_label_session([ARTICLES], into, sector="transport", retrain_every=0)
    try:
        j = s.model.sectors.index("transport")
        m = margins(s.proba, s.model.thresholds, j)
        assert s.walk.queue[0] == int(np.argmin(m))
        state = client_for(s).get("/api/state", headers=H).json()
        assert state["focus"] == "transport" and state["question"]["focus"] == "transport"
    finally:
        s.store.close()
    with pytest.raises(ClassifyError, match="unknown sector id"):
        open_label_session([ARTICLES], into, sector="transports", retrain_every=0)


# ---------------------------------------------------------------- retraining


def test_retraining_in_the_background_follows_the_answers(into):
    shipped = Path(__import__("classifier").load().path).with_suffix(".npz")
    before = hashlib.sha256(shipped.read_bytes()).hexdigest()
    s = open_label_session([ARTICLES], into, retrain_every=2, labels=TINY)
    s.retrainer = Retrainer(TINY, n_splits=2)  # a tiny set and two folds keep the test short
    try:
        old_model = s.model
        client = client_for(s)
        for sectors in (["tourism", "transport"], ["diplomacy"]):
            q = current(client)
            client.post("/api/answer", headers=H, json={"id": q["item"]["id"], "sectors": sectors})
        assert s.status.busy or s.status.version == 1  # started in the background after the 2nd answer
        s.wait(120)
        state = client.get("/api/state", headers=H).json()
        model = state["model"]
        assert model["version"] == 1 and model["error"] is None and not model["busy"]
        assert model["n_paragraphs"] == sum(1 for _ in TINY.open()) + 2
        assert 0 < model["micro_f1"] <= 1 and 0 < model["macro_f1"] <= 1
        assert s.model is not old_model
        # suggestions and order now come from the new model
        expected = s.model.predict_proba([it.text for it in s.items])
        assert np.allclose(s.proba, expected)
        q = state["question"]
        assert q["sectors"][0]["score"] == pytest.approx(expected[q["item"]["id"], 0], abs=1e-4)
        waiting = set(s.walk.queue)
        assert s.walk.queue == [i for i in s._ordered() if i in waiting]
    finally:
        s.store.close()
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == before  # the shipped model is never replaced


def test_a_retraining_that_cannot_run_says_why_and_keeps_the_model(into, tmp_path):
    few = tmp_path / "few.jsonl"
    few.write_text("".join(line for line in TINY.open(encoding="utf-8") if '"energy"' not in line), encoding="utf-8")
    s = open_label_session([ARTICLES], into, retrain_every=1, labels=few, background=False)
    try:
        model = s.model
        s.answer(s.question().item.id, [])
        assert s.status.error and "energy" in s.status.error and s.status.version == 0
        assert s.model is model
        assert len(lines(into)) == 1  # the answer itself is kept
    finally:
        s.store.close()


# ---------------------------------------------------------------- a kill -9 loses nothing


def _start_server(into: Path) -> tuple[subprocess.Popen, str]:
    cmd = [sys.executable, "-c", "from classifier.cli import main; main()", "label", str(ARTICLES),
           "--into", str(into), "--no-browser", "--retrain-every", "0"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if "labelling page:" in line:
            return proc, line.split("labelling page:")[1].split()[0]
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"the server did not start: {proc.stderr.read()}")


def test_kill_9_between_answers_loses_no_answer(tmp_path):
    import httpx

    into = tmp_path / "answers.jsonl"
    proc, url = _start_server(into)
    given = []
    try:
        base, token = url.split("/?token=")
        h = {"X-Token": token}
        for sectors in (["energy"], [], ["education", "culture"]):
            q = httpx.get(f"{base}/api/state", headers=h, timeout=30).json()["question"]
            r = httpx.post(f"{base}/api/answer", headers=h, json={"id": q["item"]["id"], "sectors": sectors}, timeout=30)
            assert r.status_code == 200
            given.append((q["item"]["text"], sectors))
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    assert [(line["text"], line["sectors"]) for line in lines(into)] == given
    # the lock died with the process: the same command starts again and resumes
    proc, url = _start_server(into)
    try:
        base, token = url.split("/?token=")
        state = httpx.get(f"{base}/api/state", headers={"X-Token": token}, timeout=30).json()
        assert state["progress"]["answered"] == 3
        assert state["question"]["item"]["text"] not in {t for t, _ in given}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
