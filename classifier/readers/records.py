"""Collections of articles, one per record: JSON Lines, JSON lists and CSV, read as a stream.

Scrapers and press databases name their fields differently; the defaults take
the commonest names (`DEFAULT_FIELDS`) and `ReadOptions` names others. A bad
record is reported as ``FILE:LINE`` and the others are read. Memory stays
bounded by the largest record, whatever the size of the file.
"""

from __future__ import annotations

import codecs
import csv
import html as htmlib
import io
import json
import re
from pathlib import Path
from typing import Iterator

from ..articles import MAX_BYTES, Article, check_file, split_article
from ..errors import ClassifyError
from .dates import normalise_date
from .files import opened

#: Field names tried in order when ReadOptions names none (what common scrapers write).
DEFAULT_FIELDS = {
    "text": ("text", "content", "body", "maintext", "article", "full_text", "fulltext", "article_text", "description"),
    "title": ("title", "headline"),
    "date": ("date", "published", "date_publish", "published_at", "publish_date", "pubdate", "datePublished",
             "date_published", "pub_date", "created_at", "time"),
    "url": ("url", "link", "source_url", "href", "canonical_url"),
    "id": ("id", "_id", "guid", "uuid", "article_id", "doc_id", "docid"),
    "lang": ("lang", "language"),
}
#: Records in a row without a text field before a file is judged to have none at all.
GIVE_UP_AFTER = 20
_CHUNK = 1 << 20
_MARKUP = re.compile(r"</p\s*>|<br\s*/?>|<p[\s>]|</div\s*>", re.IGNORECASE)
_BREAK = re.compile(r"</p\s*>|<br\s*/?>|</div\s*>|</h\d\s*>|</li\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


class Fields:
    """Which field of a record holds the text, title, date, url, id and language."""

    def __init__(self, options):
        self.given = {k: getattr(options, f"{k}_field", None) for k in DEFAULT_FIELDS}
        self.names = {k: (v,) if v else DEFAULT_FIELDS[k] for k, v in self.given.items()}

    def expected(self, kind: str) -> str:
        return ", ".join(f"`{n}`" for n in self.names[kind])

    def get(self, record: dict, kind: str):
        for name in self.names[kind]:
            value = _dig(record, name)
            if value not in (None, "", [], {}):
                return name, value
        return None, None

    def has_text(self, keys) -> bool:
        keys = set(keys)
        return any(n.split(".")[0] in keys for n in self.names["text"])


def _dig(record: dict, name: str):
    """``record["a"]["b"]`` for ``a.b`` (a dotted name reaches into nested objects)."""
    if name in record:
        return record[name]
    value = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def record_article(record, fields: Fields, where: str) -> Article:
    """One record as an article, or a `ClassifyError` saying what is wrong with it."""
    if not isinstance(record, dict):
        raise ClassifyError(f"{where}: expected a record (a JSON object), found {_kind(record)}")
    name, text = fields.get(record, "text")
    if text is None:
        empty = next((n for n in fields.names["text"] if _dig(record, n) is not None), None)
        if empty is not None:
            raise ClassifyError(f"{where}: the field `{empty}` is empty")
        found = ", ".join(list(record)[:12]) or "none"
        raise ClassifyError(f"{where}: no article text (expected a field {fields.expected('text')}; found fields: {found})")
    if isinstance(text, list) and all(isinstance(t, str) for t in text):
        text = "\n\n".join(text)  # a list of paragraphs
    if not isinstance(text, str):
        raise ClassifyError(f"{where}: the field `{name}` should hold text, found {_kind(text)}")
    if _MARKUP.search(text):
        text = htmlib.unescape(_TAG.sub("", _BREAK.sub("\n\n", text)))
    if not text.strip():
        raise ClassifyError(f"{where}: the field `{name}` is empty")
    _, title = fields.get(record, "title")
    _, date = fields.get(record, "date")
    _, url = fields.get(record, "url")
    _, rid = fields.get(record, "id")
    _, lang = fields.get(record, "lang")
    return split_article(
        text,
        source=where,
        title=" ".join(title.split()) if isinstance(title, str) and title.strip() else None,
        date=normalise_date(date),
        url=url if isinstance(url, str) else None,
        id=None if rid is None or isinstance(rid, (dict, list)) else str(rid),
        lang=lang.lower()[:2] if isinstance(lang, str) and lang.strip() else None,
    )


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__
    )


def _records(items, fields: Fields, path: Path) -> Iterator:
    """Articles, or ReadFailures for bad records, from (line, record-or-error) pairs; errors if none at all."""
    from . import ReadFailure

    seen = articles = without_text = 0
    for line, record in items:
        seen += 1
        where = f"{path}:{line}"
        if isinstance(record, ClassifyError):
            yield ReadFailure(where, f"{where}: {record}")
            continue
        try:
            article = record_article(record, fields, where)
        except ClassifyError as err:
            if isinstance(record, dict) and fields.get(record, "text")[1] is None:
                without_text += 1
                if articles == 0 and without_text >= GIVE_UP_AFTER:
                    found = ", ".join(list(record)[:12])
                    raise ClassifyError(
                        f"{path}: the first {without_text} records have no text field (expected {fields.expected('text')}; "
                        f"found fields: {found}); name it with --text-field"
                    ) from None
            yield ReadFailure(where, str(err))
            continue
        articles += 1
        yield article
    if seen == 0:
        raise ClassifyError(f"{path}: no records (an empty collection)")


# JSON Lines ---------------------------------------------------------------------------------------


def read_jsonl_file(path: Path, options) -> Iterator:
    yield from _records(_jsonl_items(path, options.encoding), Fields(options), path)


def _jsonl_items(path: Path, encoding: str | None):
    with opened(path) as f:
        for number, raw in enumerate(f, 1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                line = raw.decode(encoding or "utf-8")
            except (UnicodeDecodeError, LookupError) as err:
                yield number, ClassifyError(f"not {encoding or 'UTF-8'} text ({err.reason if hasattr(err, 'reason') else err})")
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as err:
                yield number, ClassifyError(f"not valid JSON ({err.msg.removesuffix(' at')}, column {err.colno})")
            except RecursionError:
                yield number, ClassifyError("not valid JSON (nested too deeply)")


# JSON ---------------------------------------------------------------------------------------------

#: Keys under which exports keep their list of records, when the file is an object.
_LIST_KEYS = ("articles", "items", "records", "data", "results", "docs", "documents", "entries", "posts", "hits")


def read_json_file(path: Path, options) -> Iterator:
    fields = Fields(options)
    with opened(path) as f:
        reader = codecs.getreader(options.encoding or "utf-8-sig")(f, errors="strict")
        first = _first_char(reader, path)
        if first == "[":
            yield from _records(_array_items(reader, path), fields, path)
            return
    # An object: one record, or an export that keeps its list under a key. Read whole (bounded by MAX_BYTES).
    size = check_file(path)
    if size > MAX_BYTES:
        raise ClassifyError(f"{path}: a JSON object of {size // 2**20} MB; write the records as JSON Lines instead")
    try:
        data = json.loads(path.read_bytes().decode(options.encoding or "utf-8-sig"))
    except UnicodeDecodeError as err:
        raise ClassifyError(f"{path}: not {options.encoding or 'UTF-8'} text (invalid byte at offset {err.start})") from None
    except json.JSONDecodeError as err:
        raise ClassifyError(f"{path}:{err.lineno}: not valid JSON ({err.msg} at column {err.colno})") from None
    if isinstance(data, dict) and not fields.has_text(data):
        key = next((k for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        if key is None:
            key = next((k for k, v in data.items() if isinstance(v, list) and v and isinstance(v[0], dict)), None)
        if key is None:
            raise ClassifyError(
                f"{path}: expected a list of records or a record with a text field ({fields.expected('text')}); "
                f"found an object with fields: {', '.join(list(data)[:12])}"
            )
        data = data[key]
        yield from _records(((f"{key}[{i}]", r) for i, r in enumerate(data)), fields, path)
        return
    yield from _records([(1, data)], fields, path)


def _first_char(reader, path: Path) -> str:
    while True:
        try:
            c = reader.read(1)
        except UnicodeDecodeError:
            raise ClassifyError(f"{path}: not UTF-8 text; if it is Windows or Latin-1 text, pass `--encoding cp1252`") from None
        if not c:
            raise ClassifyError(f"{path}: file is empty")
        if not c.isspace():
            return c


def _array_items(reader, path: Path):
    """The elements of a JSON array one at a time, with the line each starts on; the '[' is already read.

    A syntax error inside the array ends the file (no way to find the next record), after the
    records before it; a record bigger than MAX_BYTES is refused rather than read whole.
    """
    decoder = json.JSONDecoder()
    buf, pos, line, counted, eof = "", 0, 1, 0, False

    def more(n: int) -> bool:
        nonlocal buf, eof
        try:
            chunk = reader.read(n)
        except UnicodeDecodeError as err:
            raise ClassifyError(f"{path}:{line}: not UTF-8 text ({err.reason}); records before it were read") from None
        if not chunk:
            eof = True
            return False
        buf += chunk
        return True

    more(_CHUNK)
    expect_value = True
    while True:
        # skip blanks and the commas between elements
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                pos += 1
            if pos < len(buf) or eof or not more(_CHUNK):
                break
        line += buf.count("\n", counted, pos)
        counted = pos
        if pos >= len(buf):
            raise ClassifyError(f"{path}:{line}: the JSON list is not closed (missing `]`); records before it were read")
        c = buf[pos]
        if c == "]":
            return
        if c == ",":
            if expect_value:
                raise ClassifyError(f"{path}:{line}: not valid JSON (a comma where a record was expected)")
            pos += 1
            expect_value = True
            continue
        if not expect_value:
            raise ClassifyError(f"{path}:{line}: not valid JSON (expected `,` or `]` between records)")
        want, last = _CHUNK, None
        while True:
            try:
                value, end = decoder.raw_decode(buf, pos)
                if end == len(buf) and not eof and buf[pos] not in "{[\"":
                    raise json.JSONDecodeError("number cut by the buffer", buf, end)
                break
            except json.JSONDecodeError as err:
                # The buffer may end inside the record (even inside an escape such as \u00e9): read on. An
                # error that stays where it was with more text read is in the file itself.
                cut = err.pos >= len(buf) - 1 or err.msg.startswith("Unterminated string")
                if eof or (not cut and (err.pos, err.msg) == last) or len(buf) - pos > MAX_BYTES:
                    raise ClassifyError(f"{path}:{line}: not valid JSON ({err.msg}); records before it were read") from None
                last = None if cut else (err.pos, err.msg)
                more(want)
                want *= 2  # doubling keeps re-parsing a long record linear overall
            except RecursionError:
                raise ClassifyError(f"{path}:{line}: not valid JSON (nested too deeply)") from None
        yield line, value
        expect_value = False
        pos = end
        if pos > _CHUNK:  # drop what is read, keep memory bounded
            line += buf.count("\n", counted, pos)
            buf, counted, pos = buf[pos:], 0, 0


# CSV ----------------------------------------------------------------------------------------------


def read_csv_file(path: Path, options) -> Iterator:
    yield from _read_csv(path, options, None)


def read_tsv_file(path: Path, options) -> Iterator:
    yield from _read_csv(path, options, "\t")


def _read_csv(path: Path, options, delimiter: str | None) -> Iterator:
    fields = Fields(options)
    # An article's text is a long field; the csv module refuses fields over 128 KB by default.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    with opened(path) as f:
        stream = io.TextIOWrapper(f, encoding=options.encoding or "utf-8-sig", errors="strict", newline="")
        try:
            sample = stream.read(65536)
        except UnicodeDecodeError as err:
            raise ClassifyError(f"{path}: not UTF-8 text (invalid byte at offset {err.start}); if it is Windows or Latin-1 text, pass `--encoding cp1252`") from None
        if not sample.strip():
            raise ClassifyError(f"{path}: file is empty")
        if delimiter is None:
            try:
                delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0], delimiters=",;\t|").delimiter
            except csv.Error:
                delimiter = ","
        rest = _Rest(sample, stream)
        reader = csv.reader(rest, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise ClassifyError(f"{path}: file is empty") from None
        header = [h.strip() for h in header]
        if not fields.has_text(header):
            raise ClassifyError(
                f"{path}: no text column (expected one of {fields.expected('text')}; found columns: {', '.join(header) or 'none'}); "
                "name it with --text-field"
            )
        yield from _records(_csv_rows(reader, header, path), fields, path)


class _Rest:
    """The sample already read, then the rest of the stream, line by line (what csv.reader wants)."""

    def __init__(self, sample: str, stream):
        self.lines = iter(sample.splitlines(keepends=True))
        self.tail = ""
        if sample and not sample.endswith(("\n", "\r")):
            *head, self.tail = sample.splitlines(keepends=True)
            self.lines = iter(head)
        self.stream = stream

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.lines, None)
        if line is not None:
            return line
        more = self.stream.readline()
        if self.tail:
            more, self.tail = self.tail + more, ""
        if not more:
            raise StopIteration
        return more


def _csv_rows(reader, header: list[str], path: Path):
    previous = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError as err:
            raise ClassifyError(f"{path}:{previous + 1}: not UTF-8 text ({err.reason}); rows before it were read") from None
        except csv.Error as err:
            yield previous + 1, ClassifyError(f"not a valid CSV row ({err})")
            previous = reader.line_num
            continue
        start, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        yield start, dict(zip(header, row))
