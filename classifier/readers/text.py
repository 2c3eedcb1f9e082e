"""Plain-text articles: one per file, or many in one file cut by a separator line (``--split``)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..articles import Article, decode, read_text, split_article
from ..errors import ClassifyError


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
        yield split_article(text, source=source)
        return
    pattern = compile_split(split)
    parts = [p for p in pattern.split(text) if p.strip()]
    if not parts:
        raise ClassifyError(f"{where}: only separator lines, no article text")
    for k, part in enumerate(parts, 1):
        yield split_article(part, source=f"{where}#{k}", id=str(k))


def compile_split(pattern: str) -> re.Pattern:
    """A separator-line pattern: lines matching it (whole line) cut the text into articles."""
    try:
        return re.compile(rf"^(?:{pattern})[ \t]*$", re.MULTILINE)
    except re.error as err:
        raise ClassifyError(f"--split: not a valid regular expression ({err})", exit_code=2) from None
