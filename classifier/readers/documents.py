"""Reports received as Word (.docx) or PDF files, through the optional extra ``docs`` (python-docx, pypdf)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Iterator

from ..articles import Article, split_article
from ..errors import ClassifyError
from .dates import normalise_date
from .files import missing_extra, read_bytes

_HYPHENATED = re.compile(r"(\w)-\n(\w)")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^date\s+\d{4}-\d{2}(?:-\d{2})?$", re.IGNORECASE)
_SENTENCE_END = tuple('.!?:;»"”)…')


def read_docx_file(path: Path, options) -> Iterator[Article]:
    try:
        import docx
    except ImportError:
        raise missing_extra(path, "Word files", "docs", "python-docx") from None
    data = read_bytes(path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # a zip that is not a Word file, a damaged file  # noqa: BLE001
        raise ClassifyError(f"{path}: not a readable Word .docx file ({type(err).__name__}: {err})") from None
    lines = []
    for block in _blocks(document):
        text = " ".join(block.split())
        if text:
            lines.append(text)
    if not lines:
        raise ClassifyError(f"{path}: the Word file has no text")
    title = " ".join((document.core_properties.title or "").split()) or None
    if lines and _is_heading(document, lines[0]) and (title is None or _same(title, lines[0])):
        title = lines.pop(0)
    elif title and lines and _same(title, lines[0]):
        lines.pop(0)
    date = _header_date(lines)
    article = split_article("\n\n".join(lines), source=str(path), title=title, date=date)
    if not article.paragraphs:
        raise ClassifyError(f"{path}: the Word file has no paragraph to tag (only captions, bylines or links)")
    yield article


def _blocks(document) -> Iterator[str]:
    """Paragraphs and table rows in document order (a report's tables carry text too)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document).text
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = []
                for cell in row.cells:
                    if cell.text.strip() and (not cells or cells[-1] != cell.text.strip()):  # merged cells repeat
                        cells.append(cell.text.strip())
                yield " ; ".join(cells)


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _header_date(lines: list[str]) -> str | None:
    """A ``date 2024-04-12`` first line, as in a plain-text article, taken off the lines."""
    if lines and _DATE_LINE.match(lines[0]):
        return normalise_date(lines.pop(0).split()[1])
    return None


def _is_heading(document, first_line: str) -> bool:
    for p in document.paragraphs:
        if p.text.strip():
            style = (p.style.name or "").lower() if p.style is not None else ""
            return style.startswith(("title", "heading", "titre")) and " ".join(p.text.split()) == first_line
    return False


def read_pdf_file(path: Path, options) -> Iterator[Article]:
    try:
        import pypdf
    except ImportError:
        raise missing_extra(path, "PDF files", "docs", "pypdf") from None
    data = read_bytes(path)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001
                ok = 0
            if not ok:
                raise ClassifyError(f"{path}: the PDF is password-protected; save an unprotected copy and tag that")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except ClassifyError:
        raise
    except Exception as err:  # pypdf raises many kinds on damaged files  # noqa: BLE001
        raise ClassifyError(f"{path}: not a readable PDF ({type(err).__name__}: {err})") from None
    if not any(p.strip() for p in pages):
        raise ClassifyError(
            f"{path}: the PDF has no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''} of images, a scan?); "
            "run OCR on it first (for example `ocrmypdf in.pdf out.pdf`) and tag the result"
        )
    lines = reflow(pages)
    title = None
    if info is not None and info.title and info.title.strip() and not info.title.lower().startswith(("microsoft word", "untitled")):
        title = " ".join(info.title.split())
    if title and lines and lines[0].casefold().startswith(title.casefold()):  # the headline printed on the page
        lines[0] = lines[0][len(title) :].strip()
        if not lines[0]:
            lines.pop(0)
    date = _header_date(lines)
    article = split_article("\n\n".join(lines), source=str(path), title=title, date=date)
    if not article.paragraphs:
        raise ClassifyError(f"{path}: the PDF has no paragraph to tag (only captions, bylines or links)")
    yield article


def reflow(pages: list[str]) -> list[str]:
    """Paragraphs from PDF text, where every printed line ends with a newline.

    A line joins the next unless it is short (a headline) or ends a sentence
    before the page's usual margin (a paragraph's last line); words cut by a hyphen at
    a line's end are joined; page numbers are dropped.
    """
    out: list[str] = []
    for page in pages:
        page = _HYPHENATED.sub(r"\1\2", page.replace("\r\n", "\n"))
        lines = [line.strip() for line in page.split("\n")]
        lengths = sorted(len(line) for line in lines if line)
        full = lengths[int(len(lengths) * 0.8)] if lengths else 0
        current: list[str] = []
        for line in lines:
            if not line or _PAGE_NUMBER.match(line):
                if current:
                    out.append(" ".join(current))
                    current = []
                continue
            current.append(line)
            # A short line ends its paragraph (a headline, a paragraph's last line); so does a sentence
            # that stops before the margin.
            if len(line) < 0.6 * full or (line.endswith(_SENTENCE_END) and len(line) < 0.85 * full):
                out.append(" ".join(current))
                current = []
        if current:
            out.append(" ".join(current))
    return out
