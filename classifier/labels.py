"""The labelled data: JSONL files of paragraphs with their sectors."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ClassifyError
from .scheme import Scheme

_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


def text_key(text: str) -> str:
    """A short fingerprint of a paragraph's text (white space folded), to find the same paragraph elsewhere."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Paragraph:
    """One labelled paragraph and where it came from (``FILE:LINE``)."""

    text: str
    sectors: tuple[str, ...]
    article: str
    date: str | None = None
    lang: str | None = None
    source: str | None = None
    partner: str | None = None
    level: str | None = None
    hard_negatives: tuple[str, ...] = ()
    where: str = ""


@dataclass
class Corpus:
    paragraphs: list[Paragraph]
    files: list[Path] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.paragraphs)

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs]

    @property
    def groups(self) -> list[str]:
        return [p.article for p in self.paragraphs]

    def label_matrix(self, scheme: Scheme):
        """The paragraphs' sectors as a 0/1 matrix, one column per sector of ``scheme``."""
        import numpy as np

        index = {sid: j for j, sid in enumerate(scheme.ids)}
        y = np.zeros((len(self.paragraphs), len(scheme)), dtype=np.int8)
        for i, p in enumerate(self.paragraphs):
            for sid in p.sectors:
                y[i, index[sid]] = 1
        return y

    def sector_counts(self) -> Counter:
        return Counter(s for p in self.paragraphs for s in p.sectors)

    def digest(self) -> str:
        """SHA-256 of the labelled content, independent of file names and line order."""
        h = hashlib.sha256()
        for line in sorted(
            json.dumps([p.article, p.text, sorted(p.sectors)], ensure_ascii=False) for p in self.paragraphs
        ):
            h.update(line.encode())
            h.update(b"\n")
        return h.hexdigest()


def label_files(path: str | Path) -> list[Path]:
    """The JSONL files under ``path`` (itself, if it is a file), sorted for determinism.

    A folder's ``check/`` subfolder (the held-out check set) is left out, unless
    ``path`` is that folder itself: training never sees it.
    """
    from .defaults import CHECK_FOLDER

    path = Path(path)
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*.jsonl") if p.is_file() and CHECK_FOLDER not in p.relative_to(path).parts[:-1]
        )
        if not files:
            raise ClassifyError(f"{path}: no .jsonl files in this folder")
        return files
    if path.is_file():
        return [path]
    raise ClassifyError(f"{path}: no such file or folder")


def _parse_line(raw: str, where: str, scheme: Scheme) -> Paragraph:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as err:
        raise ClassifyError(f"{where}: bad JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(obj, dict):
        raise ClassifyError(f"{where}: expected a JSON object, found {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        found = "nothing" if text is None else repr(text)[:40]
        raise ClassifyError(f"{where}: expected a non-empty string in `text`, found {found}")
    sectors = obj.get("sectors", [])
    if not isinstance(sectors, list) or not all(isinstance(s, str) for s in sectors):
        raise ClassifyError(
            f"{where}: expected the field `sectors` to be a list of sector ids, found {type(sectors).__name__}"
        )
    for s in sectors:
        if s not in scheme:
            raise ClassifyError(f"{where}: unknown sector id {s!r} (known: {', '.join(scheme.ids)})")
    dupes = sorted({s for s in sectors if sectors.count(s) > 1})
    if dupes:
        raise ClassifyError(f"{where}: sector {dupes[0]!r} is given twice")
    article = obj.get("article")
    if not isinstance(article, str) or not article:
        raise ClassifyError(f"{where}: expected a non-empty string in `article`")
    date = obj.get("date")
    if date is not None and not (isinstance(date, str) and _DATE.match(date)):
        raise ClassifyError(f"{where}: expected `date` as YYYY-MM or YYYY-MM-DD, found {date!r}")
    hard = obj.get("hard_negatives", [])
    if not isinstance(hard, list) or any(h not in scheme for h in hard):
        raise ClassifyError(f"{where}: `hard_negatives` must be a list of sector ids")

    def opt(key):
        value = obj.get(key)
        return value if isinstance(value, str) and value else None

    return Paragraph(
        text=text.strip(),
        sectors=tuple(sectors),
        article=article,
        date=date,
        lang=opt("lang"),
        source=opt("source"),
        partner=opt("partner"),
        level=opt("level"),
        hard_negatives=tuple(hard),
        where=where,
    )


def load_labels(path: str | Path, scheme: Scheme) -> Corpus:
    """Read labelled paragraphs from a JSONL file or a folder of them.

    Every problem is reported as ``FILE:LINE: what is wrong``, so it can be fixed
    where it is.
    """
    files = label_files(path)
    paragraphs: list[Paragraph] = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as err:
            raise ClassifyError(f"{file}: not UTF-8 text (byte {err.start})") from None
        except OSError as err:
            raise ClassifyError(f"{file}: cannot read ({err.strerror})") from None
        for n, raw in enumerate(text.split("\n"), 1):  # not splitlines: U+2028 may stand inside a line
            if raw.strip():
                paragraphs.append(_parse_line(raw, f"{file}:{n}", scheme))
    if not paragraphs:
        raise ClassifyError(f"{path}: no labelled paragraphs (the corpus is empty)")
    return Corpus(paragraphs=paragraphs, files=files)


def check_trainable(corpus: Corpus, scheme: Scheme, min_positives: int) -> None:
    """Refuse a corpus in which some sector has too few examples to learn from."""
    counts = corpus.sector_counts()
    short = [(s, counts.get(s, 0)) for s in scheme.ids if counts.get(s, 0) < min_positives]
    if short:
        listed = ", ".join(f"{s} ({n})" for s, n in short)
        raise ClassifyError(
            f"too few labelled paragraphs to train: {listed}; each sector needs at least {min_positives}"
        )
    n_groups = len(set(corpus.groups))
    if n_groups < 2:
        raise ClassifyError("too few articles to train: the corpus needs at least 2 distinct `article` values")
