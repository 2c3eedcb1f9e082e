"""`classify tag`."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path

import typer

from . import app
from ._util import Progress, fail, guarded, show_traceback


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(result, explain: bool = False) -> str:
    head = result.path or "<stdin>"
    lines = [f"== {head}" + (f"  ({result.date})" if result.date else "")]
    if result.sectors:
        for s in result.sectors:
            paras = ",".join(map(str, s.paragraphs))
            lines.append(f"   {s.sector:<20} {s.score:.2f}  ¶ {paras}")
    else:
        lines.append("   (no sector)")
    lines.append("")
    for p in result.paragraphs:
        tags = ", ".join(f"{s.sector} {s.score:.2f}" for s in p.sectors) or "-"
        lines.append(f"   ¶{p.index:<3} {tags}")
        lines.append(f"        {_short(p.text)}")
        if explain:
            for s in p.sectors:
                lines.append(f"        {s.sector}: {', '.join(repr(t) for t in s.terms)}")
    return "\n".join(lines) + "\n"




@app.command("tag")
@guarded
def tag_cli(
    paths: list[str] = typer.Argument(..., help="Article files, folders (their *.txt) or - for standard input."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    model_path: Path = typer.Option(None, "--model", help="Model to use (default: the shipped one)."),
    explain: bool = typer.Option(False, "--explain", help="Show the terms that weighed most for each tagged sector."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes to tag with (for many files)."),
    encoding: str = typer.Option(
        None, "--encoding", "-e", help="Text encoding of the files, e.g. cp1252 (default: UTF-8, or UTF-16 with a BOM)."
    ),
):
    """Tag articles paragraph by paragraph with their sectors. Example: classify tag seeds/tolam-mishustin.txt --format json"""
    from ..articles import article_files, check_encoding, decode, split_article
    from ..errors import ClassifyError
    from ..model import load
    from ..tagging import tag_article

    if encoding is not None:
        encoding = check_encoding(encoding)
    model = load(model_path)
    files = article_files([p for p in paths if p != "-"])
    inputs: list[str] = (["-"] if "-" in paths else []) + [str(f) for f in files]
    if not inputs:
        raise ClassifyError("no .txt article found in the given folders", exit_code=1)

    out = sys.stdout
    writer = csv.writer(out, lineterminator="\n") if fmt is Format.csv else None
    if writer:
        writer.writerow(["path", "date", "paragraph", "sectors", "text", *model.sectors])
    if fmt is Format.json:
        out.write("[")
    progress = Progress("tagging", enabled=sys.stderr.isatty() and len(inputs) > 1)
    failures = 0
    first = True

    def results():
        from ..articles import load_article

        if "-" in inputs:
            try:
                text = decode(sys.stdin.buffer.read(), "<stdin>", encoding)
                if not text.strip():
                    raise ClassifyError("<stdin>: no text on standard input")
                article = split_article(text, path=None)
                yield "-", tag_article(model, article, explain=explain), None
            except ClassifyError as err:
                show_traceback()
                yield "-", None, str(err)
        files = [p for p in inputs if p != "-"]
        if jobs > 1 and len(files) > 1:
            from ..batch import tag_files_parallel

            yield from tag_files_parallel(model, files, jobs=jobs, explain=explain, encoding=encoding)
            return
        for path in files:
            try:
                yield path, tag_article(model, load_article(path, encoding), explain=explain), None
            except ClassifyError as err:
                show_traceback()
                yield path, None, str(err)

    for done, (path, result, error) in enumerate(results(), 1):
        progress(done, len(inputs))
        if error is not None:
            failures += 1
            typer.echo(f"error: {error}", err=True)
            continue
        if not result.paragraphs:
            typer.echo(f"warning: {path}: no paragraph to tag (empty, or only captions and links)", err=True)
        if fmt is Format.table:
            out.write(format_table(result, explain) + "\n")
        elif fmt is Format.json:
            out.write(("" if first else ",\n") + json.dumps(result.to_dict(explain), ensure_ascii=False, indent=2))
        elif fmt is Format.jsonl:
            out.write(json.dumps(result.to_dict(explain), ensure_ascii=False) + "\n")
            out.flush()
        else:
            scores = model.predict_proba([p.text for p in result.paragraphs]) if result.paragraphs else []
            for p, row in zip(result.paragraphs, scores):
                writer.writerow(
                    [result.path or "-", result.date or "", p.index, ";".join(s.sector for s in p.sectors), p.text]
                    + [f"{v:.4f}" for v in row]
                )
        first = False
    if fmt is Format.json:
        out.write("]\n")
    out.flush()
    if failures:
        if len(inputs) == 1:
            raise typer.Exit(1)
        raise fail(f"{failures} of {len(inputs)} inputs could not be tagged, the others were (see above)", 1)
    if len(inputs) > 1 and sys.stderr.isatty():
        typer.echo(f"tagged {len(inputs)} articles", err=True)
