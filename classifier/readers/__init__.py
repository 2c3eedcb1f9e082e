"""Reading articles from what analysts keep, whatever its form.

`read_sources` takes the paths given on the command line (files, folders, ``-``
for standard input), picks a reader for each file by its extension (case does
not matter), and yields one `Article` per article found, or a `ReadFailure`
for what could not be read, so that one bad file never stops a run. A folder
walk counts what it read and what it skipped, and why (`WalkSummary`).

Formats: ``.txt`` (one article, or many cut by ``split``), ``.html``/``.htm``
(a saved web page), ``.jsonl``/``.json``/``.csv``/``.tsv`` (one article per
record), ``.docx``/``.pdf`` (with the ``docs`` extra).
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..articles import Article
from ..errors import ClassifyError
from .documents import read_docx_file, read_pdf_file
from .html import read_html_file
from .language import article_language
from .records import read_csv_file, read_json_file, read_jsonl_file, read_tsv_file
from .text import read_stdin, read_text_file


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs.

    ``encoding``: of text files, CSV and JSON (default UTF-8). ``split``: a
    pattern whose lines cut a text file into articles. ``*_field``: the field
    of a JSON record or CSV column holding the text, title, date, URL and id
    (a dotted name reaches into nested objects); None tries the usual names
    (`records.DEFAULT_FIELDS`).
    """

    encoding: str | None = None
    split: str | None = None
    text_field: str | None = None
    title_field: str | None = None
    date_field: str | None = None
    url_field: str | None = None
    id_field: str | None = None
    lang_field: str | None = None


@dataclass(frozen=True)
class ReadFailure:
    """Something that could not be read: where (a path, ``FILE:LINE``), and why, in one line."""

    source: str
    message: str
    trace: str = ""  # the traceback, for `classify --debug`

@dataclass
class WalkSummary:
    """What a run read: files per kind, and files skipped with the reason."""

    read: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)

    def format(self) -> str:
        read = ", ".join(f"{n} {kind}" for kind, n in sorted(self.read.items())) or "nothing"
        line = f"read {read}"
        if self.failed:
            line += "; could not read " + ", ".join(f"{n} {kind}" for kind, n in sorted(self.failed.items()))
        if self.skipped:
            line += "; skipped " + ", ".join(f"{n} ({why})" for why, n in sorted(self.skipped.items()))
        return line


#: Readers by file extension (lower case): each yields Articles or ReadFailures for one file.
READERS = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".xhtml": read_html_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".json": read_json_file,
    ".csv": read_csv_file,
    ".tsv": read_tsv_file,
    ".docx": read_docx_file,
    ".pdf": read_pdf_file,
}
#: What each extension is called in the summary.
KINDS = {".text": "txt", ".htm": "html", ".xhtml": "html", ".ndjson": "jsonl"}
#: Formats refused with a reason rather than read as text.
UNSUPPORTED = {
    ".doc": "old Word .doc: save it as .docx",
    ".odt": "OpenDocument: save it as .docx",
    ".rtf": "RTF: save it as .docx or .txt",
    ".xlsx": "Excel: save the sheet as .csv",
    ".xls": "Excel: save the sheet as .csv",
    ".pages": "Pages: export it as .docx or .pdf",
}


def reader_for(path: Path):
    return READERS.get(path.suffix.lower())


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return KINDS.get(suffix, suffix.lstrip(".") or "text")


def expand(paths, summary: WalkSummary | None = None) -> Iterator[Path | str]:
    """The inputs named by ``paths``: files as given, folders walked (sorted) to the files a reader
    accepts, ``-`` as is. Links to folders are not followed, so no loop can trap the walk."""
    summary = summary if summary is not None else WalkSummary()
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_dir() or any(part.startswith(".") for part in child.relative_to(p).parts):
                    continue  # hidden files and folders (.git, .DS_Store) are not articles
                if reader_for(child) is None:
                    suffix = child.suffix.lower()
                    why = UNSUPPORTED.get(suffix, f"{suffix or 'no extension'}: not an article format")
                    summary.skipped[why] += 1
                    continue
                yield child
        else:
            yield p


def read_sources(paths, options: ReadOptions = ReadOptions(), summary: WalkSummary | None = None) -> Iterator[Article | ReadFailure]:
    """Every article in ``paths``, in order, as `Article`, or a `ReadFailure` for what cannot be read.

    An article without a language gets the one its words show (`language.article_language`).
    """
    summary = summary if summary is not None else WalkSummary()
    for item in expand(paths, summary):
        if item == "-":
            yield from _guard("<stdin>", lambda: read_stdin(sys.stdin.buffer, options), summary, "standard input")
            continue
        reader = reader_for(item)
        if reader is None:
            why = UNSUPPORTED.get(item.suffix.lower())
            if why is not None:
                yield ReadFailure(str(item), f"{item}: cannot read {why}")
                summary.failed[kind_of(item)] += 1
                continue
            reader = read_text_file  # a file named explicitly is read as text, whatever its name
        yield from _guard(str(item), lambda: reader(item, options), summary, kind_of(item))


def _guard(source: str, read, summary: WalkSummary, kind: str) -> Iterator[Article | ReadFailure]:
    ok = False
    try:
        for out in read():
            if isinstance(out, Article):
                ok = True
                if out.lang is None:
                    lang = article_language(out.paragraphs)
                    if lang is not None:
                        out = dataclasses.replace(out, lang=lang)
            yield out
    except ClassifyError as err:
        import traceback

        yield ReadFailure(source, str(err), traceback.format_exc())
    if ok:
        summary.read[kind] += 1
    else:
        summary.failed[kind] += 1
