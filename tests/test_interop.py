"""`classify data export` / `data import`: doccano, Label Studio and Prodigy, round trips and losses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from classifier.cli import app
from classifier.labelling.interop import FORMATS, export_labels, import_labels, label_studio_config
from classifier.labelling.store import label_line
from classifier.labels import load_labels

DATA = Path(__file__).resolve().parent / "data" / "labelling"
TINY = DATA / "tiny.jsonl"


@pytest.fixture
def corpus(scheme, tmp_path):
    """The tiny set plus a line with every optional field (hard negatives, level) and awkward characters."""
    path = tmp_path / "labels.jsonl"
    extra = {
        "text": "L'énergie de la jeunesse\u2028et « la coopération » 100 % \"citée\".",
        "sectors": ["culture"],
        "article": "x-1",
        "date": "2020-01",
        "lang": "fr",
        "source": "written",
        "partner": "France",
        "level": "decentralised",
        "hard_negatives": ["energy"],
    }
    path.write_text(TINY.read_text(encoding="utf-8") + label_line_from(extra) + "\n", encoding="utf-8")
    return load_labels(path, scheme)


def label_line_from(obj: dict) -> str:
    from classifier.labelling.store import escape_separators

    return escape_separators(json.dumps(obj, ensure_ascii=False))


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_every_field(fmt, corpus, scheme, tmp_path):
    exported = tmp_path / f"out.{fmt}"
    exported.write_text(export_labels(corpus, fmt, scheme), encoding="utf-8")
    result = import_labels(exported, fmt, scheme)
    assert result.losses == [] and result.notes == []
    assert [label_line(p) for p in result.paragraphs] == [label_line(p) for p in corpus.paragraphs]


def test_export_shapes_are_the_tools_own(corpus, scheme):
    doccano = json.loads(export_labels(corpus, "doccano", scheme).splitlines()[-1])
    assert doccano["label"] == ["culture"] and doccano["article"] == "x-1"
    prodigy = json.loads(export_labels(corpus, "prodigy", scheme).splitlines()[-1])
    assert prodigy["accept"] == ["culture"] and prodigy["answer"] == "accept" and len(prodigy["options"]) == 15
    assert prodigy["meta"]["hard_negatives"] == ["energy"]
    tasks = json.loads(export_labels(corpus, "label-studio", scheme))
    result = tasks[-1]["annotations"][0]["result"][0]
    assert result["type"] == "choices" and result["value"]["choices"] == ["culture"]
    assert result["from_name"] in label_studio_config(scheme) and 'choice="multiple"' in label_studio_config(scheme)


def test_doccano_spans_and_unknown_labels_are_reported(tmp_path, scheme):
    path = tmp_path / "doccano.jsonl"
    path.write_text(
        json.dumps({"id": 7, "text": "Un texte.", "label": ["energy", "Energie", [0, 2, "ORG"]], "article": "a"}) + "\n"
        + json.dumps({"text": "Un autre.", "label": ["tourism"], "Comments": ["vérifier"], "article": "a", "annotator": "kim"}) + "\n",
        encoding="utf-8",
    )
    result = import_labels(path, "doccano", scheme)
    assert [p.sectors for p in result.paragraphs] == [("energy",), ("tourism",)]
    assert len(result.losses) == 4
    assert any("unknown label 'Energie'" in x and ":1:" in x for x in result.losses)
    assert any("span annotation" in x for x in result.losses)
    assert any("comment" in x for x in result.losses) and any("'annotator'" in x for x in result.losses)


def test_label_studio_losses_cancelled_and_disagreeing_annotations(tmp_path, scheme):
    def choices(*c):
        return {"type": "choices", "from_name": "sectors", "to_name": "text", "value": {"choices": list(c)}}

    tasks = [
        {"data": {"text": "Un.", "article": "a"}, "annotations": [{"result": [choices("energy")]}, {"was_cancelled": True, "result": [choices("health")]}]},
        {"data": {"text": "Deux.", "article": "a"}, "annotations": [{"result": [choices("energy")]}, {"result": [choices("industry")]}]},
        {"data": {"text": "Trois.", "article": "a"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 5, "labels": ["X"]}}]}]},
        {"data": {"text": "Quatre.", "article": "a"}, "annotations": []},
    ]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    result = import_labels(path, "label-studio", scheme)
    assert [(p.text, p.sectors) for p in result.paragraphs] == [("Un.", ("energy",)), ("Deux.", ("industry",)), ("Trois.", ())]
    assert len(result.losses) == 3
    assert any("disagree" in x for x in result.losses) and any("'labels' result" in x for x in result.losses)
    assert any("task 4" in x and "no (non-cancelled) annotation" in x for x in result.losses)


def test_prodigy_rejects_and_binary_answers_are_reported(tmp_path, scheme):
    path = tmp_path / "prodigy.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"text": "Un.", "accept": ["energy"], "answer": "accept", "meta": {"article": "a"}},
                {"text": "Deux.", "accept": ["energy"], "answer": "reject", "meta": {"article": "a"}},
                {"text": "Trois.", "label": "health", "answer": "accept"},
            ]
        ),
        encoding="utf-8",
    )
    result = import_labels(path, "prodigy", scheme)
    assert [p.sectors for p in result.paragraphs] == [("energy",), ("health",)]
    assert any("'reject'" in x for x in result.losses) and any("binary answer" in x for x in result.losses)
    assert result.notes == [f"{path}:3: no `article`; it counts as an article of its own (prodigy-2)"]


def test_cli_refuses_a_lossy_import_unless_allowed(tmp_path):
    src = tmp_path / "d.jsonl"
    src.write_text(json.dumps({"text": "Un.", "label": ["energy", "Wind"], "article": "a"}) + "\n", encoding="utf-8")
    out = tmp_path / "imported.jsonl"
    runner = CliRunner()
    r = runner.invoke(app, ["data", "import", str(src), "--from", "doccano", "--out", str(out)])
    assert r.exit_code == 1 and "unknown label 'Wind'" in r.output and "nothing written" in r.output
    assert not out.exists()
    r = runner.invoke(app, ["data", "import", str(src), "--from", "doccano", "--out", str(out), "--allow-loss"])
    assert r.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == {"text": "Un.", "sectors": ["energy"], "article": "a"}


def test_cli_export_then_import_through_files(tmp_path):
    runner = CliRunner()
    exported = tmp_path / "tasks.json"
    r = runner.invoke(app, ["data", "export", str(TINY), "--to", "label-studio", "--out", str(exported)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["data", "import", str(exported), "--from", "label-studio"])
    assert r.exit_code == 0, r.output
    def plain(line):  # an empty `hard_negatives` is the same as none
        return {k: v for k, v in json.loads(line).items() if v != []} | {"sectors": json.loads(line)["sectors"]}

    assert [plain(x) for x in r.stdout.splitlines()] == [plain(x) for x in TINY.read_text(encoding="utf-8").splitlines()]
    r = runner.invoke(app, ["data", "export", str(TINY), "--to", "brat"])
    assert r.exit_code == 2 and "unknown format 'brat'" in r.output
