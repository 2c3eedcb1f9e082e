"""A labelling session: the paragraphs to ask, the answers given, the model that suggests, as typed data.

The web page is a view of a `LabelSession`: it asks `question()`, and sends
`answer`, `skip` or `back`. Every answer goes to the `AnswerStore` (on disk,
fsynced) before the call returns. The walk through the paragraphs (a queue of
paragraphs not yet asked, the history of answers, a cursor when the person
has gone back) is shared with the review session (`review.ReviewSession`).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..articles import Article, set_aside_mask
from ..errors import ClassifyError
from ..labels import Paragraph
from ..evidence import Evidence, evidence
from .order import DEFAULT_ORDER, ORDERS, order_rows
from .store import AnswerStore, text_key

#: Retrain after this many answers (new or changed).
RETRAIN_EVERY = 50
#: The label format's ``source`` for paragraphs labelled from real articles with ``classify label``.
LABEL_SOURCE = "labelled"
#: Keys of the sector toggles, in scheme order (digits by their key position, so AZERTY works too).
SECTOR_KEYS = tuple("123456789") + tuple("abcdef")
#: Explained features shown per sector.
EVIDENCE_TOP = 5

_MONTH = re.compile(r"^(\d{4}-(0[1-9]|1[0-2]))")
_FR = frozenset("le la les des du une et est dans pour avec sur au aux ont été par qui ce cette entre deux".split())
_EN = frozenset("the of and is in for with on to has have was by which this between two that are were".split())


def guess_lang(text: str) -> str | None:
    """``fr`` or ``en`` from the commonest short words; None when the paragraph does not say clearly."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    fr = sum(w in _FR for w in words)
    en = sum(w in _EN for w in words)
    if fr >= 2 and fr > 2 * en:
        return "fr"
    if en >= 2 and en > 2 * fr:
        return "en"
    return None


# ---------------------------------------------------------------- typed views


@dataclass(frozen=True)
class ArticleInfo:
    key: str  # the label format's `article`: the same on every paragraph of one article
    source: str | None
    title: str | None
    date: str | None
    partners: tuple[str, ...]
    lang: str | None
    url: str | None = None


@dataclass(frozen=True)
class Item:
    """A paragraph that can be asked, and its neighbours in its article (shown folded)."""

    id: int
    text: str
    article: int  # index into the session's articles
    position: int  # 1-based among the article's paragraphs
    count: int  # the article's paragraphs
    before: str | None
    after: str | None


@dataclass(frozen=True)
class SectorView:
    id: str
    key: str
    name_fr: str
    name_en: str
    description: str
    score: float | None  # the model's score (None in review for a paragraph without one)
    threshold: float
    suggested: bool  # the model's suggestion: score at or above threshold
    on: bool  # the toggle's state as the page shows it first
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Question:
    item: Item
    article: ArticleInfo
    sectors: tuple[SectorView, ...]
    given: tuple[str, ...] | None = None  # the answer already given (going back), or the label under review
    revisit: bool = False
    focus: str | None = None  # --sector: the one sector asked about
    note: str | None = None  # review: why this paragraph is asked
    where: str | None = None  # review: FILE:LINE


@dataclass(frozen=True)
class Progress:
    answered: int  # answers in the file (all sessions)
    answered_now: int  # answers given (or changed) in this session
    skipped: int
    left: int
    total: int
    positives: dict[str, int]


@dataclass
class ModelStatus:
    """Which model suggests, and the retraining in the background."""

    version: int = 0  # 0: the model the session started with
    name: str = "shipped model"
    trained_at: str | None = None
    n_paragraphs: int | None = None
    micro_f1: float | None = None
    macro_f1: float | None = None
    busy: bool = False
    error: str | None = None
    every: int = 0  # retrain after this many answers (0: never)
    since: int = 0  # answers since the last retraining started
    seconds: float | None = None


# ---------------------------------------------------------------- the walk


class Walk:
    """Queue, history and cursor: what to ask now, and going back to change an earlier answer.

    ``queue``: ids not yet answered or skipped, in asking order. ``history``:
    ids answered, oldest first. ``cursor``: when not None, the index in
    ``history`` of the answer being revisited.
    """

    def __init__(self, ids: list[int]):
        self.queue: list[int] = list(ids)
        self.history: list[int] = []
        self.skipped: list[int] = []
        self.cursor: int | None = None
        self.lock = threading.RLock()

    def current_id(self) -> int | None:
        if self.cursor is not None:
            return self.history[self.cursor]
        return self.queue[0] if self.queue else None

    def done(self, id: int) -> None:
        """``id`` was answered: out of the queue, into the history; a revisit moves on to the next answer."""
        if self.cursor is not None and self.history[self.cursor] == id:
            self.cursor = self.cursor + 1 if self.cursor + 1 < len(self.history) else None
            return
        if id in self.queue:
            self.queue.remove(id)
        if id in self.skipped:
            self.skipped.remove(id)
        if id not in self.history:
            self.history.append(id)

    def skip(self, id: int) -> None:
        if self.cursor is not None and self.history[self.cursor] == id:
            self.cursor = self.cursor + 1 if self.cursor + 1 < len(self.history) else None  # keep the answer
            return
        if id in self.queue:
            self.queue.remove(id)
            self.skipped.append(id)

    def back(self) -> None:
        if not self.history:
            raise ClassifyError("no earlier answer to go back to")
        if self.cursor is None:
            self.cursor = len(self.history) - 1
        elif self.cursor > 0:
            self.cursor -= 1
        else:
            raise ClassifyError("this is the first answer; there is none before it")


# ---------------------------------------------------------------- labelling


@dataclass
class LabelSource:
    """The paragraphs to label, read from the sources: articles and items (captions, bylines and links excluded)."""

    articles: list[ArticleInfo]
    items: list[Item]
    failures: list[str] = field(default_factory=list)


def collect(model, articles: list[Article], failures: list[str] | None = None) -> LabelSource:
    """Turn articles into items: one per distinct paragraph, set-aside lines never included."""
    infos = _article_infos(model, articles)
    items: list[Item] = []
    seen: set[str] = set()
    for a_index, article in enumerate(articles):
        paras = list(article.paragraphs)
        aside = set_aside_mask(paras) if paras else []
        for k, text in enumerate(paras):
            key = text_key(text)
            if not key or aside[k] or key in seen:
                continue
            seen.add(key)
            items.append(
                Item(
                    id=len(items),
                    text=text,
                    article=a_index,
                    position=k + 1,
                    count=len(paras),
                    before=paras[k - 1] if k > 0 else None,
                    after=paras[k + 1] if k + 1 < len(paras) else None,
                )
            )
    return LabelSource(infos, items, list(failures or []))


def _article_infos(model, articles: list[Article]) -> list[ArticleInfo]:
    """Title, date, partners...: partners come from the tagger when it detects them."""
    partners: list[tuple[str, ...]] = [()] * len(articles)
    try:
        from ..tagging import tag_articles

        tagged = tag_articles(model, articles)
        partners = [_partner_names(t) for t in tagged]
    except ClassifyError:
        pass
    out = []
    for n, (article, found) in enumerate(zip(articles, partners), 1):
        key = article.url or article.source or article.id or f"article-{n}"
        lang = article.lang or guess_lang(" ".join(article.paragraphs[:5]))
        out.append(ArticleInfo(key, article.source, article.title, article.date, found, lang, article.url))
    return out


def _partner_names(tags) -> tuple[str, ...]:
    """The article's partners by English name, its main partner first."""
    main = getattr(tags, "main_partner", None)
    names = []
    for p in getattr(tags, "partners", ()) or ():
        name = str(getattr(p, "name", None) or p)
        if main is not None and main in (getattr(p, "id", None), name):
            names.insert(0, name)
        elif name not in names:
            names.append(name)
    if main and not names:
        names.append(str(main))
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class RetrainResult:
    model: object
    n_paragraphs: int
    micro_f1: float | None
    macro_f1: float | None
    seconds: float


class WalkedSession:
    """What both page modes share: a `Walk` over paragraphs known by id (``by_id``), and the
    page's moves along it. Subclasses say how a paragraph is asked (`question_for`)."""

    walk: "Walk"
    by_id: dict

    def has_item(self, id: int) -> bool:
        return id in self.by_id

    def _item(self, id: int):
        if id not in self.by_id:
            raise ClassifyError(f"no paragraph with id {id}")
        return self.by_id[id]

    def question(self) -> "Question | None":
        with self.walk.lock:
            id = self.walk.current_id()
            return None if id is None else self.question_for(id)

    def skip(self, id: int) -> None:
        self._item(id)
        with self.walk.lock:
            self.walk.skip(id)

    def back(self) -> None:
        with self.walk.lock:
            self.walk.back()


class LabelSession(WalkedSession):
    """Labelling paragraphs from articles with the model's suggestions, answers stored as they are given."""

    mode = "label"

    def __init__(
        self,
        model,
        source: LabelSource,
        store: AnswerStore,
        order: str = DEFAULT_ORDER,
        sector: str | None = None,
        retrain_every: int = RETRAIN_EVERY,
        retrainer=None,
        background: bool = True,
    ):
        if order not in ORDERS:
            raise ClassifyError(f"--order {order!r}: expected one of {', '.join(ORDERS)}", 2)
        if sector is not None and sector not in model.sectors:
            raise ClassifyError(f"--sector {sector!r}: unknown sector id (known: {', '.join(model.sectors)})", 2)
        self.model = model
        self.scheme = model.scheme
        self.source = source
        self.store = store
        self.order = order
        self.sector = sector
        self.retrainer = retrainer
        self.background = background
        self.status = ModelStatus(every=retrain_every if retrainer is not None else 0)
        self.items = source.items
        self.by_id = {it.id: it for it in self.items}
        self._thread: threading.Thread | None = None
        self._score_all()
        answered = {}
        for it in self.items:
            found = store.find(it.text)
            if found is not None:
                answered[it.id] = found.line
        self.walk = Walk([i for i in self._ordered() if i not in answered])
        self.walk.history = sorted(answered, key=lambda i: answered[i])  # resume: back reaches earlier answers
        self.answered_now = 0

    # -- scoring and order

    def _score_all(self) -> None:
        texts = [it.text for it in self.items]
        self.proba = self.model.predict_proba(texts) if texts else np.zeros((0, len(self.scheme)))

    def _ordered(self) -> list[int]:
        column = None if self.sector is None else self.model.sectors.index(self.sector)
        rows = order_rows(self.order, self.proba, self.model.thresholds, [it.article for it in self.items], column)
        return [self.items[r].id for r in rows]

    # -- what the page asks

    def question_for(self, id: int) -> Question:
        item = self.by_id[id]
        stored = self.store.find(item.text)
        given = None if stored is None else stored.paragraph.sectors
        return Question(
            item=item,
            article=self.source.articles[item.article],
            sectors=self._sector_views(item.text, self.proba[id], given),
            given=given,
            revisit=stored is not None,
            focus=self.sector,
        )

    def _sector_views(self, text: str, scores, given) -> tuple[SectorView, ...]:
        return sector_views(self.model, text, scores, given)

    # -- what the person does

    def answer(self, id: int, sectors: list[str]) -> None:
        """Store the answer for paragraph ``id`` (on disk before returning), then move on."""
        sectors = check_sectors(self.scheme, sectors)
        item = self._item(id)
        with self.walk.lock:
            paragraph = self._paragraph(item, sectors)
            stored = self.store.find(item.text)
            if stored is None:
                self.store.append(paragraph)
            elif set(stored.paragraph.sectors) != set(sectors):
                self.store.replace(item.text, _replace_sectors(stored.paragraph, sectors))
            else:  # the same answer again (a double key press): nothing to write
                self.walk.done(id)
                return
            self.walk.done(id)
            self.answered_now += 1
            self.status.since += 1
            if self.status.every and self.status.since >= self.status.every and not self.status.busy:
                self.start_retraining()

    def _paragraph(self, item: Item, sectors: tuple[str, ...]) -> Paragraph:
        info = self.source.articles[item.article]
        month = _MONTH.match(info.date or "")
        return Paragraph(
            text=item.text.strip(),
            sectors=sectors,
            article=info.key,
            date=month.group(1) if month else None,
            lang=info.lang or guess_lang(item.text),
            source=LABEL_SOURCE,
            partner=info.partners[0] if info.partners else None,
        )

    def progress(self) -> Progress:
        with self.walk.lock:
            positives = {s: 0 for s in self.scheme.ids}
            for a in self.store.answers:
                for s in a.paragraph.sectors:
                    positives[s] += 1
            return Progress(
                answered=len(self.store.answers),
                answered_now=self.answered_now,
                skipped=len(self.walk.skipped),
                left=len(self.walk.queue),
                total=len(self.items),
                positives=positives,
            )

    # -- retraining

    def start_retraining(self) -> None:
        """Retrain on the labels plus every answer in the file; in a thread unless ``background`` is off."""
        if self.retrainer is None:
            raise ClassifyError("this session has no labelled data to retrain on")
        answers = [a.paragraph for a in self.store.answers]
        self.status.busy, self.status.since, self.status.error = True, 0, None
        if not self.background:
            self._retrain(answers)
            return
        self._thread = threading.Thread(target=self._retrain, args=(answers,), name="classify-retrain", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a retraining in the background to finish (tests, and a clean exit)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _retrain(self, answers: list[Paragraph]) -> None:
        try:
            result = self.retrainer(answers)
        except ClassifyError as err:
            with self.walk.lock:
                self.status.busy, self.status.error = False, str(err)
            return
        except Exception as err:  # a bug must not kill the page: it shows the reason and keeps the old model
            with self.walk.lock:
                self.status.busy, self.status.error = False, f"{type(err).__name__}: {err}"
            return
        self.use_model(result)

    def use_model(self, result: RetrainResult) -> None:
        """Suggest and order with a new model from now on."""
        proba = result.model.predict_proba([it.text for it in self.items]) if self.items else self.proba
        with self.walk.lock:
            self.model, self.proba = result.model, proba
            if self.order == "uncertain":
                waiting = set(self.walk.queue)
                self.walk.queue = [i for i in self._ordered() if i in waiting]
            s = self.status
            s.version += 1
            s.name = f"retrained model {s.version}"
            s.trained_at = datetime.now(timezone.utc).astimezone().strftime("%H:%M:%S")
            s.n_paragraphs = result.n_paragraphs
            s.micro_f1 = None if result.micro_f1 is None else float(result.micro_f1)
            s.macro_f1 = None if result.macro_f1 is None else float(result.macro_f1)
            s.seconds = round(result.seconds, 1)
            s.busy = False


def check_sectors(scheme, sectors) -> tuple[str, ...]:
    """The answer's sector ids in scheme order; an unknown id or a repeated one is refused."""
    if not isinstance(sectors, (list, tuple)) or not all(isinstance(s, str) for s in sectors):
        raise ClassifyError("expected `sectors` as a list of sector ids")
    unknown = [s for s in sectors if s not in scheme]
    if unknown:
        raise ClassifyError(f"unknown sector id {unknown[0]!r} (known: {', '.join(scheme.ids)})")
    if len(set(sectors)) != len(sectors):
        raise ClassifyError("a sector is given twice")
    return tuple(s for s in scheme.ids if s in sectors)


def sector_views(model, text: str, scores, given=None, on=None) -> tuple[SectorView, ...]:
    """The 15 toggles: names, description, the model's score and the words behind it.

    A toggle starts ``on`` as given (``on``), else as already answered
    (``given``), else as the model suggests.
    """
    views = []
    for j, sector in enumerate(model.scheme.sectors):
        score = float(scores[j])
        threshold = float(model.thresholds[j])
        suggested = score >= threshold
        # the words are shown for the sectors worth a look: suggested, or within reach of the threshold
        ev = tuple(evidence(model.scorer, text, j, EVIDENCE_TOP)) if score >= threshold / 2 else ()
        if on is not None:
            state = sector.id in on
        elif given is not None:
            state = sector.id in given
        else:
            state = suggested
        views.append(
            SectorView(
                id=sector.id,
                key=SECTOR_KEYS[j] if j < len(SECTOR_KEYS) else "",
                name_fr=sector.name_fr,
                name_en=sector.name_en,
                description=sector.description,
                score=round(score, 4),
                threshold=round(threshold, 4),
                suggested=suggested,
                on=state,
                evidence=ev,
            )
        )
    return tuple(views)


def _replace_sectors(p: Paragraph, sectors: tuple[str, ...]) -> Paragraph:
    from dataclasses import replace

    return replace(p, sectors=sectors, hard_negatives=tuple(h for h in p.hard_negatives if h not in sectors))


# ---------------------------------------------------------------- retraining on labels + answers


class Retrainer:
    """Train a temporary model on labelled data plus the session's answers (the shipped model is never touched).

    The combined data is written to a temporary folder with the scheme and
    keywords of the labelled data, and `classifier.training.train` saves the
    model there; the session loads it from there.
    """

    def __init__(self, labels: str | Path | None = None, n_splits: int | None = None):
        from .. import defaults, paths
        from ..config import ModelConfig
        from ..training import training_inputs

        found = paths.labels(labels)
        self.labels = found.path
        self.config = ModelConfig()
        self.scheme, self.corpus, _ = training_inputs(found.path, self.config)
        self.n_splits = n_splits or defaults.CV_FOLDS
        self.scheme_file = paths.beside(found.path, defaults.SCHEME_FILE)
        self.keywords_file = paths.beside(found.path, defaults.KEYWORDS_FILE)

    def __call__(self, answers: list[Paragraph]) -> RetrainResult:
        import shutil
        import tempfile

        from .. import defaults
        from ..training import train
        from .store import label_line

        start = time.monotonic()
        answered = {text_key(p.text) for p in answers}
        rows = [p for p in self.corpus.paragraphs if text_key(p.text) not in answered] + list(answers)
        with tempfile.TemporaryDirectory(prefix="classify-retrain-") as tmp:
            data = Path(tmp) / "labels"
            data.mkdir()
            shutil.copyfile(self.scheme_file, data / defaults.SCHEME_FILE)
            if self.keywords_file.is_file():
                shutil.copyfile(self.keywords_file, data / defaults.KEYWORDS_FILE)
            (data / "labels.jsonl").write_text("".join(label_line(p) + "\n" for p in rows), encoding="utf-8")
            result = train(data, Path(tmp) / "model" / defaults.MODEL_FILE, self.config, self.n_splits, force=True)
        return RetrainResult(result.model, len(rows), result.scores.micro_f1, result.scores.macro_f1, time.monotonic() - start)


# ---------------------------------------------------------------- opening a session


def open_label_session(
    sources,
    into: str | Path,
    order: str = DEFAULT_ORDER,
    sector: str | None = None,
    retrain_every: int = RETRAIN_EVERY,
    labels: str | Path | None = None,
    model_path: str | Path | None = None,
    options=None,
    background: bool = True,
    model=None,
) -> LabelSession:
    """Everything ``classify label`` needs before serving: the lock on ``into``, the answers already
    there, the model, the paragraphs of ``sources`` (anything ``classify tag`` reads), the retrainer.

    ``model``, when given, is used instead of loading ``model_path``. The caller
    closes ``session.store`` (the lock) when done.
    """
    import classifier

    from ..readers import ReadFailure, ReadOptions, read_sources

    if order not in ORDERS:
        raise ClassifyError(f"--order {order!r}: expected one of {', '.join(ORDERS)}", 2)
    if retrain_every < 0:
        raise ClassifyError(f"--retrain-every {retrain_every}: expected 0 (never) or a positive number of answers", 2)
    model = model if model is not None else classifier.load(model_path)
    if sector is not None and sector not in model.sectors:
        raise ClassifyError(f"--sector {sector!r}: unknown sector id (known: {', '.join(model.sectors)})", 2)
    store = AnswerStore(into, model.scheme).open()
    try:
        articles, failures = [], []
        for item in read_sources(list(sources), options or ReadOptions()):
            if isinstance(item, ReadFailure):
                failures.append(f"{item.source}: {item.message}")
            else:
                articles.append(item)
        source = collect(model, articles, failures)
        if not source.items:
            why = f" ({failures[0]})" if failures else ""
            raise ClassifyError(f"no paragraphs to label in {', '.join(map(str, sources))}{why}; expected articles that `classify tag` reads")
        retrainer = None
        if retrain_every:
            retrainer = Retrainer(labels)
            if retrainer.scheme.ids != model.scheme.ids:
                raise ClassifyError(
                    f"the labelled data at {retrainer.labels} uses another sector scheme than the model; "
                    "pass --labels with data of the model's scheme, or --retrain-every 0"
                )
        return LabelSession(model, source, store, order, sector, retrain_every, retrainer, background)
    except BaseException:
        store.close()
        raise
