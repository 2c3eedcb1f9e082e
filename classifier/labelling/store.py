"""The answers file: one JSONL line per answered paragraph, durable the moment it is given.

An answer is appended with a single ``write`` and ``fsync``ed before the call
returns, so a kill (even ``kill -9``) never loses an answer already given and
never leaves half a line. Changing an earlier answer rewrites the file through
a temporary file and a rename: at every moment the file on disk is complete,
valid JSONL. A lock (``flock`` on ``FILE.lock``, released by the kernel when
the process dies) keeps a second server off the same file.
"""

from __future__ import annotations

import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import ClassifyError
from ..labels import Paragraph, _parse_line
from ..scheme import Scheme
from ..storage import commit, staged


def label_line(p: Paragraph) -> str:
    """A labelled paragraph in the project's label format (labels/README.md), as one JSON line without newline."""
    obj: dict = {"text": p.text, "sectors": list(p.sectors), "article": p.article}
    for key in ("date", "lang", "source", "partner", "level"):
        value = getattr(p, key)
        if value:
            obj[key] = value
    if p.hard_negatives:
        obj["hard_negatives"] = list(p.hard_negatives)
    return escape_separators(json.dumps(obj, ensure_ascii=False))


def escape_separators(line: str) -> str:
    """Escape the characters that ``str.splitlines`` (used by `load_labels`) takes for line breaks
    and ``json.dumps`` leaves raw: one record must stay one line for every reader."""
    return line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


def text_key(text: str) -> str:
    """What makes two paragraphs "the same" for resuming: the text, with outer and repeated spaces ignored."""
    return " ".join(text.split())


class FileLock:
    """An exclusive, non-blocking lock on ``path``, held while the object is open.

    ``flock`` rather than "the lock file exists": a server killed with -9 leaves the
    file behind but not the lock, so the next start is never refused wrongly.
    """

    def __init__(self, path: Path, what: str):
        self.path = Path(path)
        self.what = what
        self.fd: int | None = None

    def acquire(self) -> "FileLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise ClassifyError(
                f"{self.what} is already open in another session ({holder}, lock {self.path}); "
                "stop that one first, or choose another file"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}".encode())
        self.fd = fd
        return self

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> "FileLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


@dataclass(frozen=True)
class StoredAnswer:
    line: int  # 1-based line number in the file
    paragraph: Paragraph


class AnswerStore:
    """The ``--into`` file of a labelling session: read at start, appended per answer, a line rewritten on change."""

    def __init__(self, path: str | Path, scheme: Scheme):
        self.path = Path(path)
        self.scheme = scheme
        self.lock = FileLock(self.path.with_name(self.path.name + ".lock"), str(self.path))
        self.answers: list[StoredAnswer] = []
        self.by_text: dict[str, int] = {}  # text_key -> index in answers
        self.n_lines = 0

    def open(self) -> "AnswerStore":
        """Take the lock and read the answers already in the file."""
        if self.path.suffix.lower() != ".jsonl":
            raise ClassifyError(f"--into {self.path}: expected a .jsonl file name (the project's label format)", 2)
        if self.path.is_dir():
            raise ClassifyError(f"--into {self.path}: is a folder, expected a .jsonl file", 2)
        self.lock.acquire()
        try:
            self._read()
        except BaseException:
            self.lock.release()
            raise
        return self

    def close(self) -> None:
        self.lock.release()

    def __enter__(self) -> "AnswerStore":
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    def _read(self) -> None:
        self.answers, self.by_text, self.n_lines = [], {}, 0
        if not self.path.exists():
            return
        data = self.path.read_bytes()
        self.n_lines = data.count(b"\n")
        if data and not data.endswith(b"\n"):
            # Only a crash in the middle of a write (power loss) can leave this; appends are one write each.
            raise ClassifyError(
                f"{self.path}: the last line is incomplete (no newline at the end); "
                "remove or finish it, then start again"
            )
        for n, raw in enumerate(data.decode("utf-8-sig").split("\n")[:-1], 1):
            if raw.strip():
                self._remember(StoredAnswer(n, _parse_line(raw, f"{self.path}:{n}", self.scheme)))

    def _remember(self, stored: StoredAnswer) -> None:
        self.by_text[text_key(stored.paragraph.text)] = len(self.answers)
        self.answers.append(stored)

    def find(self, text: str) -> StoredAnswer | None:
        i = self.by_text.get(text_key(text))
        return None if i is None else self.answers[i]

    def append(self, paragraph: Paragraph) -> StoredAnswer:
        """Write one answer at the end of the file and flush it to disk before returning."""
        line = (label_line(paragraph) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = os.write(fd, line)  # one write: the line is on disk whole or not at all
            if written != len(line):
                raise ClassifyError(f"{self.path}: short write ({written} of {len(line)} bytes); is the disk full?")
            os.fsync(fd)
        finally:
            os.close(fd)
        self.n_lines += 1
        stored = StoredAnswer(self.n_lines, paragraph)
        self._remember(stored)
        return stored

    def replace(self, text: str, paragraph: Paragraph) -> StoredAnswer:
        """Change the answer given for ``text``: the whole file is rewritten atomically, every other
        line kept byte for byte."""
        i = self.by_text.get(text_key(text))
        if i is None:
            raise ClassifyError(f"no answer for this paragraph in {self.path} to change")
        old = self.answers[i]
        rewrite_line(self.path, old.line, label_line(paragraph), expected=label_line(old.paragraph))
        self.answers[i] = StoredAnswer(old.line, paragraph)
        return self.answers[i]


def rewrite_line(path: Path, line: int, new: str, expected: str | None = None) -> None:
    """Replace line ``line`` (1-based) of ``path`` with ``new``, atomically, other lines byte for byte.

    With ``expected``, refuse if the line on disk is no longer what was read
    (someone else edited the file meanwhile): nothing is overwritten blindly.
    """
    data = path.read_bytes()
    lines = data.split(b"\n")
    if line < 1 or line > len(lines) or (line == len(lines) and lines[-1] == b""):
        raise ClassifyError(f"{path}: has no line {line}; was it changed since it was read?")
    current = lines[line - 1]
    ending = b"\r" if current.endswith(b"\r") else b""
    if expected is not None and _json_equal(current, expected) is False:
        raise ClassifyError(f"{path}:{line}: changed on disk since it was read; reload and try again")
    bom = b"\xef\xbb\xbf" if line == 1 and current.startswith(b"\xef\xbb\xbf") else b""
    lines[line - 1] = bom + new.encode("utf-8") + ending
    with staged(path) as tmp:
        tmp.write_bytes(b"\n".join(lines))
        commit(tmp, path)


def _json_equal(raw: bytes, expected: str) -> bool:
    try:
        return json.loads(raw.decode("utf-8-sig")) == json.loads(expected)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
