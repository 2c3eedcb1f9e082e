import csv
import io
import json

import pytest
from typer.testing import CliRunner

from classifier.cli import app
from conftest import SEEDS

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
    [article] = json.loads(result.stdout)
    assert article["path"].endswith("tolam-mishustin.txt")
    assert article["date"] is None
    sectors = {s["sector"]: s for s in article["sectors"]}
    assert "energy" in sectors and 0.5 <= sectors["energy"]["score"] <= 1
    para = article["paragraphs"][sectors["energy"]["paragraphs"][0] - 1]
    assert "énergie" in para["text"] and "energy" in [s["sector"] for s in para["sectors"]]
    assert set(article["paragraphs"][0]) == {"index", "text", "sectors"}


def test_tag_jsonl_csv_stdin_and_explain(trained):
    result = run("tag", SEEDS, "--model", trained.path, "--format", "jsonl")
    lines = result.stdout.strip().split("\n")
    assert result.exit_code == 0 and len(lines) == 5
    assert [json.loads(l)["path"].rsplit("/", 1)[-1] for l in lines][0] == "hanoi-moscow-2019.txt"

    text = (SEEDS / "hanoi-moscow-2019.txt").read_text(encoding="utf-8")
    result = run("tag", "-", "--model", trained.path, "--format", "csv", input=text)
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:5] == ["path", "date", "paragraph", "sectors", "text"] and len(rows[0]) == 20
    assert len(rows) == 10 and rows[1][0] == "-" and rows[1][1] == "2019-05"
    assert all(0 <= float(v) <= 1 for v in rows[1][5:])

    result = run("tag", SEEDS / "tolam-mishustin.txt", "--model", trained.path, "--format", "json", "--explain")
    [article] = json.loads(result.stdout)
    terms = [t for p in article["paragraphs"] for s in p["sectors"] if s["sector"] == "energy" for t in s["terms"]]
    assert any("energ" in t for t in terms)


def test_tag_table_is_readable(trained):
    result = run("tag", SEEDS / "hanoi-moscow-2019.txt", "--model", trained.path)
    assert result.exit_code == 0
    assert result.stdout.startswith("== ") and "(2019-05)" in result.stdout.split("\n")[0]
    assert "¶1" in result.stdout and "transport" in result.stdout


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
    (tmp_path / "good.txt").write_text((SEEDS / "tolam-mishustin.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    result = run("tag", tmp_path, "--model", trained.path, "--format", "jsonl")
    assert result.exit_code == 1
    assert len(result.stdout.strip().split("\n")) == 1 and "good.txt" in result.stdout
    assert "bad.txt: looks like a binary file" in result.stderr
    assert "1 of 2 inputs could not be tagged" in result.stderr


def test_no_model_and_usage_errors(tmp_path):
    result = run("tag", SEEDS / "tolam-mishustin.txt", "--model", tmp_path / "none.joblib")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: no model at {tmp_path}/none.joblib; run `classify train` first"
    assert run("tag", SEEDS, "--format", "xml").exit_code == 2


def test_evaluate_saved_model_on_a_file_as_json(trained):
    from conftest import LABELS

    result = run("evaluate", "--data", LABELS / "seeds.jsonl", "--model", trained.path, "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["n_paragraphs"] == 56
    assert set(scores["per_label"]["energy"]) == {"precision", "recall", "f1", "support"}
    assert scores["per_label"]["energy"]["support"] == 4
    assert 0 < scores["macro_f1"] <= 1 and 0 < scores["micro_f1"] <= 1


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
    assert f"{path}:3: near duplicate (cosine" in result.stdout
    assert "all 2 paragraphs of article 'a' have the same sectors" in result.stdout
    assert "energy                   3" in result.stdout
