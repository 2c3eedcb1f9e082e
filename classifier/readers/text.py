"""Plain-text articles: one per file, or many in one file cut by a separator line (``--split``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..articles import Article, decode, read_text, split_article
from ..errors import ClassifyError

# "date 2019-05-12" or "date 2019-05" on the first line (split_article itself reads only YYYY-MM).
_HEADER_DATE = re.compile(r"\A\s*date\s+(\d{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)[ \t]*(?:\n|\Z)", re.IGNORECASE)


def read_text_file(path: Path, options) -> Iterator[Article]:
    text = read_text(path, options.encoding)
    yield from _articles(text, str(path), options.split)


def read_stdin(stream, options) -> Iterator[Article]:
    text = decode(stream.read(), "<stdin>", options.encoding)
    if not text.strip():
        raise ClassifyError("<stdin>: no text on standard input")
    yield from _articles(text, None, options.split, where="<stdin>")


def _articles(text: str, source: str | None, split: str | None, where: str | None = None) -> Iterator[Article]:
    where = where or source
    if not text.strip():
        raise ClassifyError(f"{where}: file is empty")
    if split is None:
        yield _article(text, source)
        return
    parts = [p for p in cut(text, compile_split(split)) if p.strip()]
    if not parts:
        raise ClassifyError(f"{where}: only separator lines, no article text")
    if len(parts) == 1:  # no separator in this file: one article, named as without --split
        yield _article(parts[0], source)
        return
    for k, part in enumerate(parts, 1):
        yield _article(part, f"{where}#{k}", id=str(k))


def _article(text: str, source: str | None, **known) -> Article:
    m = _HEADER_DATE.match(text.lstrip("\ufeff"))
    if m:
        known["date"] = m.group(1)
        text = text.lstrip("\ufeff")[m.end():]
    return split_article(text, source=source, **known)


def cut(text: str, separator: re.Pattern) -> list[str]:
    """The pieces of ``text`` between separator lines (groups in the pattern are not pieces)."""
    pieces, start = [], 0
    for m in separator.finditer(text):
        pieces.append(text[start : m.start()])
        start = m.end()
    pieces.append(text[start:])
    return pieces


def compile_split(pattern: str) -> re.Pattern:
    """A separator-line pattern: lines matching it (whole line) cut the text into articles."""
    try:
        compiled = re.compile(rf"^[ \t]*(?:{pattern})[ \t\r]*$", re.MULTILINE)
    except re.error as err:
        raise ClassifyError(f"--split: not a valid regular expression ({err})", exit_code=2) from None
    if compiled.match(""):
        raise ClassifyError(f"--split: {pattern!r} matches a blank line, which would cut every paragraph apart; "
                            "give the separator's text, e.g. --split '-{{3,}}'", exit_code=2)
    return compiled
