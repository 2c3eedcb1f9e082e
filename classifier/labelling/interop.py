"""Labelled paragraphs to and from other annotation tools: doccano, Label Studio, Prodigy.

- doccano: JSONL, one paragraph a line, ``{"text", "label": [sector ids], ...}``
  with the other fields of our format at the top level;
- Label Studio: a JSON list of tasks, ``{"data": {"text", ...}, "annotations":
  [{"result": [{"type": "choices", "value": {"choices": [...]}}]}]}``;
- Prodigy: JSONL, ``{"text", "options", "accept": [...], "answer": "accept", "meta": {...}}``.

Export then import gives back the same labelled paragraphs. An import that
would lose something (an unknown label, a span annotation, a rejected or
ignored answer, disagreeing annotators, a field we have no place for) lists it
in `ImportResult.losses`; the CLI refuses such an import unless told to go on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ClassifyError
from ..labels import Corpus, Paragraph
from .store import escape_separators, label_line

FORMATS = ("doccano", "label-studio", "prodigy")
#: Our fields besides text and sectors, carried as metadata by every format.
META = ("article", "date", "lang", "source", "partner", "level", "hard_negatives")
#: The names Label Studio's labelling config must use (see `label_studio_config`).
LS_FROM, LS_TO = "sectors", "text"


@dataclass
class ImportResult:
    paragraphs: list[Paragraph]
    losses: list[str] = field(default_factory=list)  # what the import drops: one line each, with where
    notes: list[str] = field(default_factory=list)  # what it had to fill in


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ClassifyError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}", 2)
    return fmt


def _meta(p: Paragraph) -> dict:
    out = {}
    for key in META:
        value = getattr(p, key)
        if key == "hard_negatives":
            if value:
                out[key] = list(value)
        elif value:
            out[key] = value
    return out


# ---------------------------------------------------------------- export


def export_labels(corpus: Corpus, fmt: str, scheme) -> str:
    """The corpus in ``fmt``, as the text of one file."""
    check_format(fmt)
    if fmt == "doccano":
        return "".join(_line({"text": p.text, "label": list(p.sectors)} | _meta(p)) for p in corpus.paragraphs)
    if fmt == "prodigy":
        options = [{"id": s.id, "text": s.name_fr} for s in scheme.sectors]
        return "".join(
            _line({"text": p.text, "options": options, "accept": list(p.sectors), "answer": "accept", "meta": _meta(p)})
            for p in corpus.paragraphs
        )
    tasks = [
        {
            "data": {"text": p.text} | _meta(p),
            "annotations": [
                {"result": [{"from_name": LS_FROM, "to_name": LS_TO, "type": "choices", "value": {"choices": list(p.sectors)}}]}
            ],
        }
        for p in corpus.paragraphs
    ]
    return json.dumps(tasks, ensure_ascii=False, indent=1) + "\n"


def label_studio_config(scheme) -> str:
    """The Label Studio labelling interface that reads and writes the exported tasks."""
    choices = "\n".join(f'    <Choice value="{s.id}" hint="{s.name_fr} / {s.name_en}"/>' for s in scheme.sectors)
    return (
        "<View>\n"
        f'  <Text name="{LS_TO}" value="$text"/>\n'
        f'  <Choices name="{LS_FROM}" toName="{LS_TO}" choice="multiple">\n{choices}\n  </Choices>\n'
        "</View>\n"
    )


def _line(obj: dict) -> str:
    return escape_separators(json.dumps(obj, ensure_ascii=False)) + "\n"


# ---------------------------------------------------------------- import


def import_labels(path: str | Path, fmt: str, scheme) -> ImportResult:
    """Read a file exported by another tool into labelled paragraphs, listing what could not be kept."""
    check_format(fmt)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ClassifyError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ClassifyError(f"{path}: cannot read as UTF-8 text ({err})") from None
    out = ImportResult([])
    if fmt == "label-studio":
        try:
            tasks = json.loads(text)
        except json.JSONDecodeError as err:
            raise ClassifyError(f"{path}: not JSON ({err.msg} at line {err.lineno}); expected Label Studio's JSON export (a list of tasks)") from None
        if isinstance(tasks, dict):
            tasks = [tasks]
        if not isinstance(tasks, list):
            raise ClassifyError(f"{path}: expected a list of Label Studio tasks, found {type(tasks).__name__}")
        records = [(f"{path}:task {n}", t) for n, t in enumerate(tasks, 1)]
        read = _from_label_studio
    else:
        records = []
        for n, raw in enumerate(text.splitlines(), 1):
            if not raw.strip():
                continue
            try:
                records.append((f"{path}:{n}", json.loads(raw)))
            except json.JSONDecodeError as err:
                raise ClassifyError(f"{path}:{n}: bad JSON ({err.msg}); expected {fmt} JSONL, one record a line") from None
        read = _from_doccano if fmt == "doccano" else _from_prodigy
    for where, record in records:
        if not isinstance(record, dict):
            raise ClassifyError(f"{where}: expected a JSON object, found {type(record).__name__}")
        found = read(record, where, out)
        if found is None:
            continue
        text_value, labels, meta = found
        if not isinstance(text_value, str) or not text_value.strip():
            raise ClassifyError(f"{where}: expected the paragraph's text in `text`, found {str(text_value)[:40]!r}")
        out.paragraphs.append(_paragraph(text_value, labels, meta, where, scheme, out, path, len(out.paragraphs) + 1))
    if not out.paragraphs:
        raise ClassifyError(f"{path}: no labelled paragraph found in this {fmt} file")
    return out


def _paragraph(text, labels, meta: dict, where: str, scheme, out: ImportResult, path: Path, n: int) -> Paragraph:
    sectors = []
    for label in labels:
        if not isinstance(label, str):
            out.losses.append(f"{where}: label {label!r} is not a sector id (a span or another kind of annotation); dropped")
        elif label not in scheme:
            out.losses.append(f"{where}: unknown label {label!r} (not a sector of the scheme); dropped")
        elif label not in sectors:
            sectors.append(label)
    known = {k: v for k, v in meta.items() if k in META}
    for key in sorted(set(meta) - set(META)):
        out.losses.append(f"{where}: field {key!r} has no place in the label format; dropped")
    article = known.get("article")
    if not isinstance(article, str) or not article:
        article = f"{path.stem}-{n}"
        out.notes.append(f"{where}: no `article`; it counts as an article of its own ({article})")
    hard = known.get("hard_negatives") or []
    if not isinstance(hard, list) or any(h not in scheme for h in hard):
        out.losses.append(f"{where}: `hard_negatives` {hard!r} is not a list of sector ids; dropped")
        hard = []

    def opt(key):
        value = known.get(key)
        return value if isinstance(value, str) and value else None

    date = opt("date")
    if date is not None and (len(date) < 7 or not date[:4].isdigit() or date[4] != "-"):
        out.losses.append(f"{where}: date {date!r} is not YYYY-MM; dropped")
        date = None
    return Paragraph(
        text=text.strip(),
        sectors=tuple(sectors),
        article=article,
        date=date[:7] if date else None,
        lang=opt("lang"),
        source=opt("source"),
        partner=opt("partner"),
        level=opt("level"),
        hard_negatives=tuple(h for h in hard if h not in sectors),
    )


_DOCCANO_IGNORED = {"id"}


def _from_doccano(record: dict, where: str, out: ImportResult):
    labels = record.get("label", record.get("labels", []))
    if isinstance(labels, str):
        labels = [labels]
    if not isinstance(labels, list):
        raise ClassifyError(f"{where}: expected `label` as a list of sector ids, found {type(labels).__name__}")
    plain = []
    for label in labels:
        if isinstance(label, list):  # sequence labelling: [start, end, tag]
            out.losses.append(f"{where}: span annotation {label!r} (sequence labelling); only paragraph labels are kept")
        else:
            plain.append(label)
    comments = record.get("Comments") or record.get("comments")
    if comments:
        out.losses.append(f"{where}: {len(comments)} comment(s) dropped")
    meta = {k: v for k, v in record.items() if k not in {"text", "label", "labels", "Comments", "comments"} | _DOCCANO_IGNORED}
    return record.get("text"), plain, meta


def _from_prodigy(record: dict, where: str, out: ImportResult):
    answer = record.get("answer", "accept")
    if answer != "accept":
        out.losses.append(f"{where}: answer {answer!r}, not accept; the record is left out")
        return None
    if record.get("spans"):
        out.losses.append(f"{where}: {len(record['spans'])} span annotation(s) dropped; only paragraph labels are kept")
    if "accept" in record:
        labels = record["accept"]
        if not isinstance(labels, list):
            raise ClassifyError(f"{where}: expected `accept` as a list of sector ids")
    elif "label" in record:  # a binary answer: yes for one label, nothing known of the others
        out.losses.append(f"{where}: a binary answer on {record['label']!r} says nothing of the other sectors; read as that sector only")
        labels = [record["label"]]
    else:
        labels = []
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        meta = {}
    return record.get("text"), labels, dict(meta)


def _from_label_studio(task: dict, where: str, out: ImportResult):
    data = task.get("data")
    if not isinstance(data, dict):
        raise ClassifyError(f"{where}: expected a Label Studio task with a `data` object")
    annotations = [a for a in task.get("annotations") or [] if isinstance(a, dict) and not a.get("was_cancelled")]
    if not annotations:
        out.losses.append(f"{where}: no (non-cancelled) annotation; the task is left out")
        return None
    answers = []
    for a in annotations:
        choices = []
        for r in a.get("result") or []:
            if r.get("type") == "choices":
                choices.extend((r.get("value") or {}).get("choices") or [])
            else:
                out.losses.append(f"{where}: a {r.get('type')!r} result dropped; only choices are kept")
        answers.append(choices)
    if len({tuple(sorted(map(str, c))) for c in answers}) > 1:
        out.losses.append(f"{where}: {len(answers)} annotations disagree; the last one is kept")
    meta = {k: v for k, v in data.items() if k != "text"}
    return data.get("text"), answers[-1], meta


def to_jsonl(paragraphs: list[Paragraph]) -> str:
    return "".join(label_line(p) + "\n" for p in paragraphs)
