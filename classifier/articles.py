"""Raw articles: reading text files and splitting them into paragraphs to tag.

Articles are plain text as the seeds are: paragraphs separated by blank lines,
one paragraph a line, an optional leading ``date YYYY-MM``. Captions, bylines,
photo credits and ``>>`` links to other stories are set aside, not tagged.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import ClassifyError

_DATE = re.compile(r"^\s*date\s+(\d{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)\b[ \t]*")
_LINK = re.compile(r"^\s*>>")
# What any set-aside rule needs to see, or what `clean` would change: without it, a line is a paragraph.
_PLAIN = re.compile("[>:(\x00-\x08\x0b-\x1f\x7f\u200b\ufeff\r\u2028\u2029]")
# a credit closing a line: "Photo: VNA", "Photos : Hoàng Hai/VNA/CVN", "(Source: VNA)", "(Photo: Tuan Anh)."
_PHOTO_AT_END = re.compile(
    r"(?:\b(?:photo|photos|ảnh|crédit|credit)\s*:\s*[^.:()]{1,60}\)?|\(\s*(?:photo|photos|ảnh|source|crédit|credit)\s*:[^()]{1,60}\))\s*\.?\s*$",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"\b(photo|photos|ảnh|source|crédit|credit)\s*:\s*\S", re.IGNORECASE)
# "(à gauche)", "(right)", "(au centre)", "(centre, front row)"; but not "Da Nang (Centre)", a region of Vietnam
_POSITION = re.compile(r"\((?:(?i:à |au |at |on the )?(?i:gauche|droite|left|right)|(?i:à |au |at |on the )(?i:centre|center)|centre|center)[^)]{0,30}\)")
_AGENCY = r"(?:VNA|CVN|VNA/CVN|VNS|VOV|VietnamPlus|NDO|AFP|AP|Reuters|Xinhua|TASS|RIA Novosti|Sputnik)"
_BYLINE = re.compile(rf"^\s*[-–—]?\s*(?:{_AGENCY})(?:\s*[/,&]\s*{_AGENCY})*\s*[.]?\s*$", re.IGNORECASE)
_TRAILING_BYLINE = re.compile(rf"\s+[-–—]\s*{_AGENCY}(?:/{_AGENCY})?\s*$", re.IGNORECASE)
# Control characters other than tab and newline are dropped; so are zero-width ones.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]")

MAX_BYTES = 200 * 1024 * 1024
_SIGNATURES = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")
# Bytes that text files do not contain in any number (tab, newlines, form feed and escape excepted).
_BINARY_BYTES = [c for c in range(32) if c not in (9, 10, 12, 13, 27)]


@dataclass(frozen=True)
class Article:
    """An article ready to tag: its paragraphs, the lines set aside, and what is known of it.

    ``source`` names where it came from (a path, a URL, ``FILE:LINE`` or a record
    id); ``date`` is the most precise known, ``YYYY-MM-DD`` or ``YYYY-MM``.
    """

    paragraphs: tuple[str, ...]
    set_aside: tuple[str, ...] = ()
    date: str | None = None
    source: str | None = None
    title: str | None = None
    lang: str | None = None
    id: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Line:
    text: str
    kind: str = "paragraph"  # or "caption", "byline", "credit", "link"


def looks_binary(data: bytes) -> bool:
    """A PDF, an image, an archive...: a known signature, or many control bytes near the start.

    A stray NUL or escape in a text file is not enough: those are dropped by `clean`.
    """
    if data.startswith(_SIGNATURES):
        return True
    head = data[:8192]
    if not head:
        return False
    controls = sum(head.count(bytes([c])) for c in _BINARY_BYTES)
    return controls > max(16, len(head) // 20)


def decode(data: bytes, where: str, encoding: str | None = None) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM, or the ``encoding`` given.

    Without ``encoding``, anything else is refused rather than guessed: a wrong
    guess would tag mojibake. ``classify tag --encoding cp1252`` reads such files.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and encoding is None:
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ClassifyError(f"{where}: has a UTF-16 mark but is not valid UTF-16") from None
    if looks_binary(data):
        raise ClassifyError(f"{where}: looks like a binary file, not text (expected a UTF-8 .txt article)")
    if encoding is not None:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as err:
            raise ClassifyError(f"{where}: not valid {encoding} text (invalid byte at offset {err.start})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ClassifyError(
            f"{where}: not UTF-8 text (invalid byte at offset {err.start}); "
            "if it is Windows or Latin-1 text, pass `--encoding cp1252` or `--encoding latin-1`"
        ) from None


def check_encoding(name: str) -> str:
    """The codec's canonical name, or a `ClassifyError` (a usage error) for an unknown one."""
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ClassifyError(f"unknown encoding {name!r} (try utf-8, cp1252, latin-1)", exit_code=2) from None


@contextmanager
def os_errors(path: Path):
    """What the system says against reading ``path`` (missing, denied, a link loop...), as one `ClassifyError` line."""
    try:
        yield
    except FileNotFoundError:
        raise ClassifyError(f"{path}: no such file") from None
    except PermissionError:
        raise ClassifyError(f"{path}: permission denied") from None
    except OSError as err:
        raise ClassifyError(f"{path}: cannot read ({err.strerror or err})") from None


def check_file(path: Path, expected: str = "a file") -> int:
    """The size of a regular file that can be read, or a `ClassifyError` saying why not."""
    with os_errors(path):
        if path.is_dir():
            raise ClassifyError(f"{path}: is a folder, expected {expected}")
        info = path.stat()
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
        raise ClassifyError(f"{path}: not a regular file")
    return info.st_size


def read_text(path: str | Path, encoding: str | None = None) -> str:
    """The text of an article file, or a `ClassifyError` saying why it cannot be read."""
    path = Path(path)
    size = check_file(path, "a text file")
    if size > MAX_BYTES:
        raise ClassifyError(f"{path}: file is {size // 2**20} MB, more than the {MAX_BYTES // 2**20} MB limit")
    with os_errors(path):
        data = path.read_bytes()
    return decode(data, str(path), encoding)


def clean(text: str) -> str:
    """Normalise Unicode (NFC), newlines, and drop control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def classify_line(line: str) -> str:
    """What a line is: a paragraph to tag, or a caption, byline, credit or link to set aside."""
    if _LINK.match(line):
        return "link"
    if _BYLINE.match(line):
        return "byline"
    stripped = line.strip()
    words = len(stripped.split())
    # the cheap conditions first: most lines are long paragraphs that no rule concerns
    if (words <= 12 or (words <= 60 and _PHOTO_AT_END.search(stripped))) and _CREDIT.search(stripped):
        return "caption" if words > 6 else "credit"
    if words <= 70 and _POSITION.search(stripped):
        return "caption"
    return "paragraph"


def set_aside_mask(texts) -> "np.ndarray":
    """True for each text that is a caption, byline, credit or link, which the tagger never tags.

    The guide gives such lines no sector; the model is not trained on them and
    scores them 0, as `split_article` sets them aside in whole articles.
    """
    import numpy as np

    return np.fromiter(map(_set_aside, texts), dtype=bool, count=len(texts))


def _set_aside(text: str) -> bool:
    text = text.strip()
    if not text or "\n" in text:
        return False
    if _PLAIN.search(text) is None and not _BYLINE.match(text):
        # no link, credit, caption position or control character can be in it: a paragraph
        # (every rule of `classify_line` needs ">>", ":" or "(", or is a byline)
        return False
    return classify_line(clean(text).strip()) != "paragraph"


def split_lines(text: str) -> tuple[str | None, list[Line]]:
    """Split an article into its date and its lines, each marked as paragraph or set aside."""
    text = clean(text)
    date = None
    m = _DATE.match(text)
    if m:
        date = m.group(1)
        text = text[m.end():]
    lines: list[Line] = []
    previous = None
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            previous = None
            continue
        if stripped == previous:  # a caption repeated under its photo
            if lines:
                lines[-1] = Line(lines[-1].text, "caption")
            continue
        previous = stripped
        kind = classify_line(stripped)
        if kind == "paragraph":
            trailing = _TRAILING_BYLINE.search(stripped)
            if trailing:
                stripped = stripped[: trailing.start()].rstrip()
        lines.append(Line(stripped, kind))
    return date, lines


def split_article(text: str, source: str | None = None, **known) -> Article:
    """An article from its raw text: its paragraphs to tag and the lines set aside.

    ``known`` fills the other fields of `Article` (title, date, lang, id, url);
    a ``date`` line at the top of the text is used when no date is given.
    """
    date, lines = split_lines(text)
    return Article(
        paragraphs=tuple(line.text for line in lines if line.kind == "paragraph"),
        set_aside=tuple(line.text for line in lines if line.kind != "paragraph"),
        source=source,
        **({"date": date} | {k: v for k, v in known.items() if v is not None}),
    )


def load_article(path: str | Path, encoding: str | None = None) -> Article:
    """Read and split an article file; an empty or blank file is an error, not an untagged article."""
    text = read_text(path, encoding)
    if not text.strip():
        raise ClassifyError(f"{path}: file is empty")
    return split_article(text, source=str(path))


def article_files(paths: list[str | Path]) -> list[Path]:
    """Expand the paths given on the command line: files as they are, folders to their ``*.txt``.

    Links to folders are not followed (no loop can trap the walk); a broken or
    looping link named ``*.txt`` is kept, so that reading it reports it.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.rglob("*.txt")))
        else:
            out.append(p)
    return out
