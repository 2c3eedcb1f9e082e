"""Saved web pages: the article's main text through trafilatura, with its title, date and language.

Menus, footers, related links, share buttons and comments are left out by
trafilatura; captions, bylines and ``>>`` links that stay in the text are set
aside by `split_article`, as in a plain-text article.
"""

from __future__ import annotations

import html as htmlib
import re
from pathlib import Path
from typing import Iterator

from ..articles import Article, split_article
from ..errors import ClassifyError
from .dates import normalise_date
from .files import missing_extra, read_bytes

#: A file over this size is not read at all.
MAX_HTML_BYTES = 200 * 2**20
#: Markup left after scripts, styles and inline images are dropped, over which a page is refused: news
#: pages have well under 2 MB, and extraction time grows faster than the page (5 MB: 5 s, 50 MB: 200 s).
MAX_MARKUP_CHARS = 5 * 2**20
#: A page whose longest paragraph has fewer words is a listing or a menu, not an article.
MIN_PARAGRAPH_WORDS = 12

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)""", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
_META = re.compile(r"<meta\s[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_HTML_LANG = re.compile(r"""<html[^>]*\blang\s*=\s*["']?([a-zA-Z]{2,3})""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
# What a page carries besides its text: dropped before extraction (a linear scan), so size is text.
_BULK = re.compile(
    r"<(script|style|svg|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->|\bdata:[\w/+.-]+;base64,[A-Za-z0-9+/=\s]*",
    re.IGNORECASE | re.DOTALL,
)
# Meta fields pages put their dates, titles and addresses in, best first.
_DATE_KEYS = ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date", "dc.date.issued",
              "og:published_time", "article:published", "sailthru.date", "parsely-pub-date", "dcterms.created")
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "title")
_URL_KEYS = ("og:url",)


def read_html_file(path: Path, options) -> Iterator[Article]:
    data = read_bytes(path, MAX_HTML_BYTES)
    page = decode_html(data, options.encoding)
    yield page_article(page, str(path))


def decode_html(data: bytes, encoding: str | None = None) -> str:
    """The page as text: the encoding given, else the one the page declares, else UTF-8, else
    Windows-1252 (what browsers assume for an undeclared page). Bad bytes become U+FFFD, as in a browser."""
    if encoding is None:
        if data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        else:
            m = _CHARSET.search(data[:4096])
            encoding = m.group(1).decode("ascii", "replace") if m else None
    if encoding is not None:
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            pass  # an unknown charset in the page: fall through to UTF-8
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def page_article(page: str, source: str) -> Article:
    """The article in a page, or a `ClassifyError` when the page has no article text."""
    try:
        import trafilatura
    except ImportError:
        raise missing_extra(Path(source), "web pages", None, "trafilatura") from None
    head = _head(page)
    meta = _metas(head)
    if len(page) > MAX_MARKUP_CHARS:
        page = _BULK.sub(" ", page)
        if len(page) > MAX_MARKUP_CHARS:
            raise ClassifyError(
                f"{source}: the page has {len(page) / 2**20:.1f} MB of markup besides scripts and styles, more than the "
                f"{MAX_MARKUP_CHARS // 2**20} MB a news page needs; save the article alone (or its text) and tag that"
            )
    try:
        doc = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # trafilatura and lxml raise many kinds on broken pages  # noqa: BLE001
        raise ClassifyError(f"{source}: cannot parse the page ({type(err).__name__}: {err})") from None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines or max(len(line.split()) for line in lines) < MIN_PARAGRAPH_WORDS:
        raise ClassifyError(f"{source}: no article text found in the page (a listing, a menu or an empty page?)")
    title = _first(meta, _TITLE_KEYS) or _page_title(head) or getattr(doc, "title", None)
    title = _clean_title(title)
    if title and lines and _same(lines[0], title):  # the headline repeated as the first line
        lines = lines[1:]
    date = normalise_date(_first(meta, _DATE_KEYS)) or normalise_date(getattr(doc, "date", None))
    url = _first(meta, _URL_KEYS) or getattr(doc, "url", None)
    lang = _lang_code(getattr(doc, "language", None)) or _lang_code(_first(meta, ("og:locale", "language", "content-language")))
    if lang is None:
        m = _HTML_LANG.search(page[:4096])
        lang = _lang_code(m.group(1)) if m else None
    article = split_article("\n\n".join(lines), source=source, title=title, date=date, url=url, lang=lang)
    if not article.paragraphs:
        raise ClassifyError(f"{source}: no article text found in the page (only captions, bylines or links)")
    return article


def _head(page: str) -> str:
    m = _HEAD_END.search(page, 0, 2_000_000)
    return page[: m.start()] if m else page[:200_000]


def _metas(head: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for tag in _META.findall(head):
        attrs = {k.lower(): next(v for v in vals if v is not None) for k, *vals in _ATTR.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv") or "").lower()
        if key and "content" in attrs and key not in out:
            out[key] = htmlib.unescape(attrs["content"]).strip()
    return out


def _first(meta: dict[str, str], keys) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def _page_title(head: str) -> str | None:
    m = _TITLE.search(head)
    if not m:
        return None
    title = htmlib.unescape(_TAG.sub("", m.group(1))).strip()
    # "Headline | Site" or "Headline - Site": drop the site's name.
    for sep in (" | ", " - ", " – ", " — "):
        if sep in title:
            head_part, _, tail = title.rpartition(sep)
            if len(tail.split()) <= 5 and len(head_part) > len(tail):
                return head_part.strip()
    return title or None


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    return title or None


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _lang_code(value: str | None) -> str | None:
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None
