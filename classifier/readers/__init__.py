"""Reading articles from what analysts keep, whatever its form.

`read_sources` takes the paths given on the command line (files, folders, ``-``
for standard input), picks a reader for each file by its extension (case does
not matter), and yields one `Article` per article found, or a `ReadFailure`
for what could not be read, so that one bad file never stops a run. A folder
walk counts what it read and what it skipped, and why (`WalkSummary`).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..articles import Article
from ..errors import ClassifyError
from .text import read_stdin, read_text_file


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: the encoding of text files, and a pattern that cuts a text file into articles."""

    encoding: str | None = None
    split: str | None = None


@dataclass(frozen=True)
class ReadFailure:
    """Something that could not be read: where (a path, ``FILE:LINE``), and why, in one line."""

    source: str
    message: str


@dataclass
class WalkSummary:
    """What a run read: files per kind, and files skipped with the reason."""

    read: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)

    def format(self) -> str:
        read = ", ".join(f"{n} {kind}" for kind, n in sorted(self.read.items())) or "nothing"
        line = f"read {read}"
        if self.skipped:
            line += "; skipped " + ", ".join(f"{n} ({why})" for why, n in sorted(self.skipped.items()))
        return line


#: Readers by file extension (lower case): each yields Articles or ReadFailures for one file.
READERS = {".txt": read_text_file}


def reader_for(path: Path):
    return READERS.get(path.suffix.lower())


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
                if child.is_dir():
                    continue
                if reader_for(child) is None:
                    if not child.name.startswith("."):
                        summary.skipped[f"{child.suffix.lower() or 'no extension'}: not an article format"] += 1
                    continue
                yield child
        else:
            yield p


def read_sources(paths, options: ReadOptions = ReadOptions(), summary: WalkSummary | None = None) -> Iterator[Article | ReadFailure]:
    """Every article in ``paths``, in order, as `Article`, or a `ReadFailure` for what cannot be read."""
    summary = summary if summary is not None else WalkSummary()
    for item in expand(paths, summary):
        if item == "-":
            yield from _guard("<stdin>", lambda: read_stdin(sys.stdin.buffer, options), summary, "standard input")
            continue
        reader = reader_for(item)
        if reader is None:
            reader = read_text_file  # a file named explicitly is read as text, whatever its name
        yield from _guard(str(item), lambda: reader(item, options), summary, (item.suffix.lower() or "text").lstrip("."))


def _guard(source: str, read, summary: WalkSummary, kind: str) -> Iterator[Article | ReadFailure]:
    ok = False
    try:
        for out in read():
            ok = ok or isinstance(out, Article)
            yield out
    except ClassifyError as err:
        yield ReadFailure(source, str(err))
    if ok:
        summary.read[kind] += 1
