"""`classify tag`: read and tag articles (`tagging.tag_sources`), and format the outcomes."""

from __future__ import annotations

import csv
import json
import shutil
import sys
import textwrap
from enum import Enum
from pathlib import Path

import typer

from . import app
from ._util import (
    STATE, DateField, Encoding, IdField, LangField, Progress, Split, TextField, TitleField, UrlField, fail, guarded, read_options,
)


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _partners(result) -> str:
    return ";".join(p.name for p in result.partners)


def _main_partner(result) -> str:
    return next((p.name for p in result.partners if p.id == result.main_partner), result.main_partner or "")


def _mark(score, sure: bool) -> str:
    return f"{score:.2f}" + ("" if sure else "?")


def format_table(result, model, explain: bool = False, width: int | None = None) -> str:
    """One article as a readable block that fits ``width`` columns (the terminal's by default)."""
    width = max(60, width or shutil.get_terminal_size((100, 24)).columns)
    head = f"== {result.source or '<stdin>'}"
    facts = [x for x in (result.date, result.lang) if x]
    if facts:
        head += f"  ({', '.join(facts)})"
    lines = [_fit(head, width)]
    if result.title:
        lines += _wrap(f"title: {result.title}", width, initial_indent="   ", subsequent_indent="   ")
    if result.partners:
        main = f" (main: {_main_partner(result)})" if result.main_partner else ""
        lines += _wrap(f"partners: {_partners(result).replace(';', ', ')}{main}", width, initial_indent="   ", subsequent_indent="   ")
    if result.places:
        places = ", ".join(f"{p.name} ({p.country})" for p in result.places)
        lines += _wrap(f"places: {places}", width, initial_indent="   ", subsequent_indent="   ")
    index = {s: j for j, s in enumerate(model.sectors)}
    if result.sectors:
        for s in result.sectors:
            paras = ",".join(map(str, s.paragraphs))
            t = model.thresholds[index[s.sector]]
            lines.append(_fit(f"   {s.sector:<19} {_mark(s.score, s.sure):<5} weight {s.weight:.2f}  threshold {t:.2f}  ¶ {paras}", width))
    else:
        lines.append("   (no sector)")
    lines.append("")
    for p in result.paragraphs:
        tags = ", ".join(f"{s.sector} {_mark(s.score, s.sure)}" for s in p.sectors) or "-"
        lines += _wrap(f"¶{p.index:<3} {tags}", width, initial_indent="   ", subsequent_indent="        ")
        lines += _wrap(p.text, width, initial_indent="        ", subsequent_indent="        ")
        if explain:
            for s in p.sectors:
                terms = ", ".join(f"{t} ({w:.2f})" for t, w in s.terms)
                lines += _wrap(f"{s.sector}: {terms}", width, initial_indent="        ", subsequent_indent="          ")
    return "\n".join(lines) + "\n"


def _wrap(text: str, width: int, **indents) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False, **indents)


def _fit(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def table_header(model) -> str:
    return (
        f"model {model.digest} of {model.date}; scores marked ? are unsure "
        "(just above the sector's threshold, right about half the time)\n\n"
    )


CSV_HEAD = [
    "source", "id", "title", "date", "url", "lang", "partners", "partner_ids", "main_partner", "places",
    "paragraph", "paragraph_lang", "sectors", "unsure", "text",
]


def csv_rows(result, model, explain: bool):
    for p in result.paragraphs:
        row = [
            result.source or "-", result.id or "", result.title or "", result.date or "", result.url or "", result.lang or "",
            _partners(result), ";".join(x.id for x in result.partners), _main_partner(result),
            ";".join(x.name for x in result.places), p.index, p.lang or "",
            ";".join(s.sector for s in p.sectors), ";".join(s.sector for s in p.sectors if not s.sure), p.text,
            model.digest,
        ]
        if explain:
            row.append(" | ".join(f"{s.sector}: " + ", ".join(f"{t} ({w:.2f})" for t, w in s.terms) for s in p.sectors))
        yield row + [f"{v:.4f}" for v in p.scores]


@app.command("tag")
@guarded
def tag_cli(
    paths: list[str] = typer.Argument(..., help="Articles: files (.txt, and the other kinds the README lists), folders, or - for standard input."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    model_path: Path = typer.Option(None, "--model", help="Model to use (default: the project's models/, else the shipped one)."),
    explain: bool = typer.Option(False, "--explain", help="Show the words that weighed most for each tagged sector."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes to tag with (for many files)."),
    encoding: Encoding = None,
    split: Split = None,
    text_field: TextField = None,
    title_field: TitleField = None,
    date_field: DateField = None,
    url_field: UrlField = None,
    id_field: IdField = None,
    lang_field: LangField = None,
):
    """Tag articles paragraph by paragraph with their sectors. Example: classify tag seeds/tolam-mishustin.txt --format json"""
    from ..model import load
    from ..readers import WalkSummary
    from ..tagging import tag_sources

    options = read_options(encoding, split, text_field, title_field, date_field, url_field, id_field, lang_field)
    model = load(model_path)
    summary = WalkSummary()
    out = sys.stdout
    writer = csv.writer(out, lineterminator="\n") if fmt is Format.csv else None
    info = {"digest": model.digest, "date": model.date}
    if writer:
        writer.writerow(CSV_HEAD + ["model"] + (["terms"] if explain else []) + list(model.sectors))
    elif fmt is Format.json:
        out.write('{"model": ' + json.dumps(info) + ', "articles": [')
    elif fmt is Format.table:
        out.write(table_header(model))
    progress = Progress("tagging", enabled=sys.stderr.isatty())
    failures = done = 0
    for done, outcome in enumerate(tag_sources(model, paths, options, jobs=jobs, explain=explain, summary=summary), 1):
        progress(done, 0)
        if not outcome.ok:
            failures += 1
            if STATE["debug"] and outcome.trace:
                typer.echo(outcome.trace.rstrip(), err=True)
            typer.echo(f"error: {outcome.error}", err=True)
            continue
        result = outcome.result
        if not result.paragraphs:
            typer.echo(f"warning: {outcome.source}: no paragraph to tag (empty, or only captions and links)", err=True)
        if fmt is Format.table:
            out.write(format_table(result, model, explain) + "\n")
        elif fmt is Format.json:
            out.write(("" if done - failures == 1 else ",\n") + json.dumps(result.to_dict(explain), ensure_ascii=False, indent=2))
        elif fmt is Format.jsonl:
            out.write(json.dumps(result.to_dict(explain), ensure_ascii=False) + "\n")
            out.flush()
        else:
            writer.writerows(csv_rows(result, model, explain))
    progress.finish()
    if fmt is Format.json:
        out.write("]}\n")
    out.flush()
    many = done > 1 or any(Path(p).is_dir() for p in paths if p != "-")
    if many:
        typer.echo(summary.format(), err=True)
    if done == 0:
        raise fail("no article found in the given paths", 1)
    if failures:
        if done == 1:
            raise typer.Exit(1)
        raise fail(f"{failures} of {done} inputs could not be tagged, the others were (see above)", 1)
