import csv
import io
import json

import pytest
from typer.testing import CliRunner

from classifier.cli import app
from conftest import ROOT, SEEDS

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_help_has_an_example_for_every_command():
    for cmd in ([], ["tag"], ["train"], ["evaluate"], ["data", "check"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0
        assert "Example: classify" in " ".join(result.output.split())


def test_tag_json(trained):
    result = run("tag", SEEDS / "tolam-mishustin.txt", "--model", trained.path, "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["model"] == {"digest": trained.manifest.digest, "date": trained.manifest.date}
    # the content, with the shipped model (the small test model knows too little)
    import classifier

    shipped = classifier.load(ROOT / "models" / "sectors.joblib")
    result = run("tag", SEEDS / "tolam-mishustin.txt", "--model", shipped.path, "--format", "json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    [article] = out["articles"]
    assert article["source"].endswith("tolam-mishustin.txt")
    assert article["date"] is None and article["model"]["digest"] == shipped.digest
    sectors = {s["sector"]: s for s in article["sectors"]}
    assert "energy" in sectors and 0.5 <= sectors["energy"]["score"] <= 1
    assert 0 < sectors["energy"]["weight"] < 1 and isinstance(sectors["energy"]["sure"], bool)
    tagged = [article["paragraphs"][i - 1] for i in sectors["energy"]["paragraphs"]]
    para = max(tagged, key=lambda p: next(s["score"] for s in p["sectors"] if s["sector"] == "energy"))
    assert any(w in para["text"] for w in ("énergie", "pétrole", "gaz", "nucléaire"))
    assert set(article["paragraphs"][0]) == {"index", "text", "sectors", "lang"}
    assert set(para["sectors"][0]) == {"sector", "score", "sure"}


def test_tag_jsonl_csv_stdin_and_explain(trained):
    result = run("tag", SEEDS, "--model", trained.path, "--format", "jsonl")
    lines = result.stdout.strip().split("\n")
    assert result.exit_code == 0 and len(lines) == 5
    assert [json.loads(l)["source"].rsplit("/", 1)[-1] for l in lines][0] == "hanoi-moscow-2019.txt"
    assert {json.loads(l)["model"]["digest"] for l in lines} == {trained.manifest.digest}
    assert "read 5 txt" in result.stderr

    text = (SEEDS / "hanoi-moscow-2019.txt").read_text(encoding="utf-8")
    result = run("tag", "-", "--model", trained.path, "--format", "csv", input=text)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    head = rows[0]
    assert head[:16] == ["source", "id", "title", "date", "url", "lang", "partners", "partner_ids", "main_partner", "places",
                         "paragraph", "paragraph_lang", "sectors", "unsure", "text", "model"]
    assert head[16:] == list(trained.model.sectors)
    col = {name: k for k, name in enumerate(head)}
    assert len(rows) == 10 and rows[1][col["source"]] in ("-", "<stdin>")
    assert rows[1][col["date"]] == "2019-05" and rows[1][col["model"]] == trained.manifest.digest
    assert rows[1][col["partner_ids"]] == "RU" and rows[1][col["main_partner"]] == "Russia" and "Moscow" in rows[1][col["places"]]
    # the CSV scores are the model's own, not recomputed differently
    scores = trained.model.predict_proba([r[col["text"]] for r in rows[1:]])
    for r, expected in zip(rows[1:], scores):
        assert [float(v) for v in r[16:]] == pytest.approx(expected, abs=1e-4)
        tagged = {s for s, v in zip(head[16:], expected) if v >= trained.model.thresholds[head[16:].index(s)]}
        assert set(filter(None, r[col["sectors"]].split(";"))) == tagged

    for fmt in ("json", "jsonl", "csv", "table"):  # the shipped model: it tags every field of the seed
        result = run("tag", SEEDS / "tolam-mishustin.txt", "--format", fmt, "--explain")
        assert result.exit_code == 0, result.output
        if fmt == "json":
            [article] = json.loads(result.stdout)["articles"]
            terms = [t["term"] for p in article["paragraphs"] for s in p["sectors"] if s["sector"] == "energy" for t in s["terms"]]
            assert any(t.startswith("energ") or "keyword" in t for t in terms)
        elif fmt == "jsonl":
            assert '"term": ' in result.stdout and '"weight": ' in result.stdout
        else:
            assert "(0." in result.stdout or "(1." in result.stdout  # terms shown with their weights


def test_tag_table_is_readable(trained):
    result = run("tag", SEEDS / "hanoi-moscow-2019.txt", "--model", trained.path)
    assert result.exit_code == 0
    first = result.stdout.split("\n")
    assert first[0].startswith(f"model {trained.manifest.digest} of ") and "unsure" in first[0]
    assert first[2].startswith("== ") and "(2019-05" in first[2]
    assert "¶1" in result.stdout and "threshold" in result.stdout


def test_tag_table_fits_the_terminal_and_wraps_the_text(trained, monkeypatch):
    from classifier.cli.tag import format_table
    from classifier.articles import load_article

    result = trained.model.tag(load_article(SEEDS / "tolam-mishustin.txt"))
    for width in (60, 80, 120):
        table = format_table(result, trained.model, width=width)
        assert max(len(line) for line in table.splitlines()) <= width
        words = " ".join(table.split())
        assert all(" ".join(p.text.split()) in words for p in result.paragraphs)  # wrapped, never cut


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "missing.txt: no such file"),
        (lambda d: _write(d / "empty.txt", b""), "empty.txt: file is empty"),
        (lambda d: _write(d / "doc.txt", b"%PDF-1.4\n\x00\x01"), "doc.txt: looks like a binary file"),
        (lambda d: _write(d / "old.txt", "Coopération énergétique".encode("cp1252")), "old.txt: not UTF-8 text"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(trained, tmp_path, make, message):
    result = run("tag", make(tmp_path), "--model", trained.path)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr and "Traceback" not in result.output


def _write(path, data):
    path.write_bytes(data)
    return path


def test_folder_with_a_bad_file_tags_the_others(trained, tmp_path):
    (tmp_path / "good.TXT").write_text((SEEDS / "tolam-mishustin.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (tmp_path / "notes.xyz").write_text("not an article", encoding="utf-8")
    result = run("tag", tmp_path, "--model", trained.path, "--format", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.strip().split("\n")) == 1 and "good.TXT" in result.stdout
    assert "bad.txt: looks like a binary file" in result.stderr
    assert "1 of 2 inputs could not be tagged" in result.stderr
    assert "skipped 1 (.xyz: not an article format)" in result.stderr


def test_split_cuts_one_file_into_articles(trained, tmp_path):
    one = (SEEDS / "tolam-mishustin.txt").read_text(encoding="utf-8")
    two = (SEEDS / "hanoi-moscow-2019.txt").read_text(encoding="utf-8")
    export = tmp_path / "export.txt"
    export.write_text(f"{one}\n=====\n{two}\n=====\n", encoding="utf-8")
    result = run("tag", export, "--model", trained.path, "--format", "jsonl", "--split", "=+")
    assert result.exit_code == 0, result.output
    lines = [json.loads(l) for l in result.stdout.splitlines()]
    assert [l["source"] for l in lines] == [f"{export}#1", f"{export}#2"] and lines[1]["date"] == "2019-05"
    assert run("tag", export, "--model", trained.path, "--split", "(").exit_code == 2


def test_no_model_and_usage_errors(tmp_path):
    result = run("tag", SEEDS / "tolam-mishustin.txt", "--model", tmp_path / "none.joblib")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: no model at {tmp_path}/none.joblib: expected none.json and none.npz there"
    assert run("tag", SEEDS, "--format", "xml").exit_code == 2


def test_version_alone():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip().startswith("classify 0.")


def test_evaluate_saved_model_on_a_file_as_json(trained):
    from conftest import LABELS

    result = run("evaluate", "--data", LABELS / "seeds.jsonl", "--model", trained.path, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["n_paragraphs"] == 56
    assert set(scores["per_label"]["energy"]) == {"precision", "recall", "f1", "support"}
    assert scores["per_label"]["energy"]["support"] == 4
    assert 0 < scores["macro_f1"] <= 1 and 0 < scores["micro_f1"] <= 1
    lo, hi = scores["intervals"]["macro_f1"]
    assert lo <= scores["macro_f1"] <= hi and 0 <= scores["calibration_error"] <= 1
    assert not any("not a test" in n for n in scores["notes"])


def test_evaluate_on_training_data_warns(trained, tmp_path):
    from conftest import SMALL

    result = run("evaluate", "--data", SMALL, "--model", trained.path)
    assert result.exit_code == 0, result.output
    assert "warning: 202 of 202 paragraphs (of 8 words or more) are in the model's training data: these scores are not a test" in result.stdout


def test_evaluate_with_two_folds(tmp_path):
    from conftest import SMALL

    result = run("evaluate", "--labels", SMALL, "--folds", "2", "--json")
    assert result.exit_code == 0, result.output
    assert "grouped 2-fold" in json.loads(result.stdout)["method"]


def test_train_refuses_bad_labels_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a", "sectors": ["energy"], "article": "x"}\n{"text": "b", "sectors": ["space"], "article": "y"}\n')
    result = run("train", "--data", bad, "--out", tmp_path / "m.joblib")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}:2: unknown sector id 'space'")
    assert not (tmp_path / "m.joblib").exists()


def test_data_check_flags_duplicates_and_uniform_articles(tmp_path):
    text = "Le Vietnam et la Russie renforcent leur coopération dans le pétrole, le gaz et l'énergie nucléaire civile."
    lines = [
        {"text": text, "sectors": ["energy"], "article": "a", "lang": "fr"},
        {"text": "VNA/CVN", "sectors": ["energy"], "article": "a", "lang": "fr"},
        {"text": text.replace("Russie", "Biélorussie"), "sectors": ["energy"], "article": "b", "lang": "fr"},
        {"text": "Photo : VNA", "sectors": [], "article": "b", "lang": "fr"},
    ]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(l, ensure_ascii=False) for l in lines) + "\n", encoding="utf-8")
    result = run("data", "check", path)
    assert result.exit_code == 1
    assert "warning: `classify train` would refuse this data: too few labelled paragraphs" in result.stdout
    assert f"{path}:3: near duplicate (cosine" in result.stdout
    assert "all 2 paragraphs of article 'a' have the same sectors" in result.stdout
    assert "energy                   3" in result.stdout
