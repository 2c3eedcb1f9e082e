"""Likely label errors: where out-of-fold scores strongly disagree with the labels (confident learning).

Each paragraph is scored by a model that never saw its article (grouped
K-fold). Per sector, as cleanlab does for each class, the confident
thresholds are the mean score of the paragraphs labelled with the sector
(``t1``) and the mean of 1 - score of those labelled without it (``t0``). A
paragraph labelled without the sector but scored at or above ``t1`` is a
suspected addition; one labelled with it but scored at or below ``1 - t0`` a
suspected removal (either also on the far side of 1/2). Suspects are ranked by the model's confidence in the
given label (the lower, the surer the model that it is wrong).

Corrections are written back to the original file, one line replaced
atomically and every other line kept byte for byte, and logged in
``review.log`` beside it (JSON lines: file, line, before, after, date).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..errors import ClassifyError
from ..labels import Corpus, Paragraph
from .session import ArticleInfo, Item, Progress, Question, Walk, WalkedSession, check_sectors, sector_views
from .store import FileLock, escape_separators, rewrite_line

#: The log of corrections, beside the corrected file (not ``.jsonl``: it is no label file).
REVIEW_LOG = "review.log"
#: Suspects listed by ``classify review --list`` unless told otherwise.
TOP = 30


@dataclass(frozen=True)
class Suspect:
    """A labelled paragraph whose label the model doubts, and how."""

    file: Path
    line: int
    paragraph: Paragraph
    additions: tuple[tuple[str, float], ...]  # sectors not given that the model is confident of, with scores
    removals: tuple[tuple[str, float], ...]  # sectors given that the model is confident are wrong
    confidence: float  # the model's score for the given label at its most doubtful sector: lower, surer an error
    row: int  # the paragraph's row in the corpus

    @property
    def given(self) -> tuple[str, ...]:
        return self.paragraph.sectors

    @property
    def suggested(self) -> tuple[str, ...]:
        """The labels with the suspected changes made."""
        removed = {s for s, _ in self.removals}
        return tuple(s for s in self.paragraph.sectors if s not in removed) + tuple(s for s, _ in self.additions)

    def to_dict(self) -> dict:
        return {
            "file": str(self.file),
            "line": self.line,
            "text": self.paragraph.text,
            "given": list(self.given),
            "add": {s: p for s, p in self.additions},
            "remove": {s: p for s, p in self.removals},
            "confidence": self.confidence,
        }


@dataclass
class ReviewResult:
    corpus: Corpus
    proba: np.ndarray  # out-of-fold scores, one row per paragraph of the corpus
    suspects: list[Suspect]  # most likely errors first
    method: str
    scheme: object = None  # the labelled data's Scheme


def where(p: Paragraph) -> tuple[Path, int]:
    file, _, line = p.where.rpartition(":")
    return Path(file), int(line)


def confident_suspects(y: np.ndarray, proba: np.ndarray, sectors) -> list[tuple[int, list, list, float]]:
    """Rows whose given labels the out-of-fold scores contradict, per the confident-learning rule above.

    Returns (row, additions, removals, confidence), most likely errors first.
    """
    y = np.asarray(y, dtype=bool)
    found: dict[int, tuple[list, list, list]] = {}
    for j, sector in enumerate(sectors):
        pos, neg, p = y[:, j], ~y[:, j], proba[:, j]
        if not pos.any() or not neg.any():
            continue
        t1 = float(p[pos].mean())  # confident threshold for "has the sector"
        t0 = float((1 - p[neg]).mean())  # ... for "has it not"
        # "strongly disagree": beyond the confident threshold and on the other side of 1/2, so that a
        # sector the model barely learnt (t1 low) does not flood the list with weak doubts
        says_yes = p >= max(t1, 0.5)
        says_no = (1 - p) >= max(t0, 0.5)
        both = says_yes & says_no  # both thresholds met: the larger probability decides, as in cleanlab
        says_yes = says_yes & ~(both & (p <= 0.5))
        says_no = says_no & ~(both & (p > 0.5))
        for i in np.flatnonzero(neg & says_yes):
            adds, _, conf = found.setdefault(int(i), ([], [], []))
            adds.append((sector, round(float(p[i]), 3)))
            conf.append(1 - float(p[i]))
        for i in np.flatnonzero(pos & says_no):
            _, rems, conf = found.setdefault(int(i), ([], [], []))
            rems.append((sector, round(float(p[i]), 3)))
            conf.append(float(p[i]))
    out = [(i, adds, rems, round(min(conf), 4)) for i, (adds, rems, conf) in found.items()]
    return sorted(out, key=lambda t: (t[3], t[0]))


def find_suspects(corpus: Corpus, scheme, proba: np.ndarray) -> list[Suspect]:
    y = corpus.label_matrix(scheme)
    out = []
    for row, adds, rems, conf in confident_suspects(y, proba, scheme.ids):
        p = corpus.paragraphs[row]
        file, line = where(p)
        out.append(Suspect(file, line, p, tuple(sorted(adds, key=lambda t: -t[1])), tuple(sorted(rems, key=lambda t: t[1])), conf, row))
    return out


def review(path: str | Path | None = None, n_splits: int | None = None, progress=None) -> ReviewResult:
    """Out-of-fold scores on the labelled data at ``path`` (grouped by article) and the suspects they reveal."""
    from .. import defaults, paths
    from ..config import ModelConfig
    from ..evaluation import out_of_fold
    from ..pipeline import build_pipeline
    from ..training import training_inputs

    config = ModelConfig()
    found = paths.labels(path)
    scheme, corpus, lexicon = training_inputs(found.path, config)
    n_splits = n_splits or defaults.CV_FOLDS
    if len(set(corpus.groups)) < 2:
        raise ClassifyError(f"{found.path}: needs paragraphs from at least 2 articles to score each one out of fold")
    y = corpus.label_matrix(scheme)
    proba = out_of_fold(lambda: build_pipeline(config, lexicon), corpus.texts, y, np.asarray(corpus.groups), n_splits, config.seed, progress)
    folds = min(n_splits, len(set(corpus.groups)))
    method = f"grouped {folds}-fold out-of-fold scores by article; confident learning per sector"
    return ReviewResult(corpus, proba, find_suspects(corpus, scheme, proba), method, scheme)


# ---------------------------------------------------------------- writing corrections back


def correct(file: Path, line: int, before: Paragraph, sectors: tuple[str, ...], log: Path | None = None) -> None:
    """Replace the sectors of ``file``:``line`` (atomically, the rest byte for byte) and log the change."""
    lines = file.read_bytes().split(b"\n")
    if line > len(lines):
        raise ClassifyError(f"{file}: has no line {line} any more; run `classify review` again")
    raw = lines[line - 1].decode("utf-8-sig").rstrip("\r")
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError:
        raise ClassifyError(f"{file}:{line}: no longer valid JSON; was it edited since the review started?") from None
    if not isinstance(obj, dict) or obj.get("text", "").strip() != before.text or list(obj.get("sectors", [])) != list(before.sectors):
        raise ClassifyError(f"{file}:{line}: changed on disk since the review started; run `classify review` again")
    new = _with_sectors(raw, obj, list(sectors))
    # a labelling session appending to this file holds this lock: never rewrite under it
    with FileLock(file.with_name(file.name + ".lock"), str(file)):
        rewrite_line(file, line, new)
    entry = {
        "file": str(file),
        "line": line,
        "before": list(before.sectors),
        "after": list(sectors),
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "text": before.text[:80],
    }
    log = log or file.parent / REVIEW_LOG
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _with_sectors(raw: str, obj: dict, sectors: list[str]) -> str:
    """The line with its ``sectors`` changed, the rest of its text untouched where possible.

    The ``sectors`` array is replaced in place when it can be found exactly
    once and the result means what it should; otherwise the object is written
    again. A sector now given leaves ``hard_negatives`` (the two never overlap).
    """
    import re

    expected = dict(obj, sectors=sectors)
    if any(s in sectors for s in obj.get("hard_negatives", []) or []):
        expected["hard_negatives"] = [s for s in obj["hard_negatives"] if s not in sectors]
    else:
        spans = [m.span() for m in re.finditer(r'"sectors"\s*:\s*\[[^\[\]]*\]', raw)]
        if len(spans) == 1:
            start, end = spans[0]
            candidate = raw[:start] + '"sectors": ' + json.dumps(sectors, ensure_ascii=False) + raw[end:]
            try:
                if json.loads(candidate) == expected:
                    return candidate
            except json.JSONDecodeError:
                pass
    return escape_separators(json.dumps(expected, ensure_ascii=False))


class ReviewSession(WalkedSession):
    """The page in review mode: suspects in rank order, given labels and the model's view side by side."""

    mode = "review"

    def __init__(self, result: ReviewResult, scheme, model_view, lock_path: Path, top: int | None = None):
        self.result = result
        self.scheme = scheme
        self.view = model_view  # a model with the out-of-fold thresholds, for scores and words
        self.suspects = result.suspects[:top] if top else list(result.suspects)
        self.items = [
            Item(id=k, text=s.paragraph.text, article=k, position=s.line, count=0, before=None, after=None)
            for k, s in enumerate(self.suspects)
        ]
        self.by_id = {it.id: it for it in self.items}
        self.lock = FileLock(lock_path, "the labelled data under review")
        self.walk = Walk([it.id for it in self.items])
        self.current: dict[int, tuple[str, ...]] = {k: s.given for k, s in enumerate(self.suspects)}
        self.changed = 0
        self.confirmed = 0
        self.status = None

    def open(self) -> "ReviewSession":
        self.lock.acquire()
        return self

    def close(self) -> None:
        self.lock.release()

    def question_for(self, id: int) -> Question:
        s = self.suspects[id]
        given = self.current[id]
        views = sector_views(self.view, s.paragraph.text, self.result.proba[s.row], on=given)
        note = "; ".join(
            [f"model adds {a} ({p:.2f})" for a, p in s.additions] + [f"model removes {r} ({p:.2f})" for r, p in s.removals]
        )
        p = s.paragraph
        info = ArticleInfo(p.article, str(s.file), None, p.date, (p.partner,) if p.partner else (), p.lang)
        return Question(
            item=self.items[id],
            article=info,
            sectors=views,
            given=given,
            revisit=id in self.walk.history,
            note=note,
            where=f"{s.file}:{s.line}",
        )

    def answer(self, id: int, sectors: list[str]) -> None:
        """Confirm (same labels) or correct (other labels) the suspect ``id``; a correction is written back."""
        sectors = check_sectors(self.scheme, sectors)
        if id not in self.by_id:
            raise ClassifyError(f"no paragraph with id {id}")
        with self.walk.lock:
            s = self.suspects[id]
            before = self.current[id]
            if set(sectors) != set(before):
                from dataclasses import replace

                # the file's own order for the sectors kept, the scheme's for those added
                sectors = tuple(x for x in s.given if x in sectors) + tuple(x for x in sectors if x not in s.given)
                correct(s.file, s.line, replace(s.paragraph, sectors=before), sectors)
                self.current[id] = sectors
                self.changed += 1
            else:
                self.confirmed += 1
            self.walk.done(id)

    def progress(self) -> Progress:
        with self.walk.lock:
            positives = {s: 0 for s in self.scheme.ids}
            for k in self.walk.history:
                for sector in self.current[k]:
                    positives[sector] += 1
            return Progress(
                answered=len(self.walk.history),
                answered_now=self.changed,
                skipped=len(self.walk.skipped),
                left=len(self.walk.queue),
                total=len(self.items),
                positives=positives,
            )


def format_suspects(result: ReviewResult, top: int = TOP, root: Path | None = None) -> str:
    """The ``--list`` table: file, line, given labels, suspected additions and removals, scores."""
    lines = [f"{len(result.suspects)} suspected label errors among {len(result.corpus)} paragraphs ({result.method}); top {min(top, len(result.suspects))}:"]
    for rank, s in enumerate(result.suspects[:top], 1):
        file = s.file
        if root is not None:
            try:
                file = s.file.resolve().relative_to(root.resolve())
            except ValueError:
                pass
        change = " ".join([f"+{a}({p:.2f})" for a, p in s.additions] + [f"-{r}({p:.2f})" for r, p in s.removals])
        given = ",".join(s.given) or "(none)"
        text = s.paragraph.text if len(s.paragraph.text) <= 110 else s.paragraph.text[:107] + "..."
        lines.append(f"{rank:3d}. {file}:{s.line}  given [{given}]  {change}  confidence {s.confidence:.3f}")
        lines.append(f"     {text}")
    return "\n".join(lines)


def open_review_session(result: ReviewResult, path: str | Path | None = None, top: int | None = TOP) -> ReviewSession:
    """The review page's session: the shipped model shows the words, the out-of-fold scores the view.

    A lock in the labels folder keeps a second review off the same data.
    """
    import classifier

    from .. import paths

    model = classifier.load()
    scheme = result.scheme
    if result.scheme.ids != scheme.ids:
        raise ClassifyError("the labelled data uses another sector scheme than the model; retrain the model first")
    found = paths.labels(path).path
    folder = found if found.is_dir() else found.parent
    return ReviewSession(result, scheme, model, folder / ".classify-review.lock", top).open()
