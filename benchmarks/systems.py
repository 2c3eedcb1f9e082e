"""The systems compared: this toolkit's pipeline and three peers, behind one small interface.

Each system has ``fit(texts, y)`` (``y`` a 0/1 matrix, one column per sector),
``predict_proba(texts)`` (scores in [0, 1], same columns), ``save(folder)`` and
a ``load(folder, sectors)`` class method, so that ``classifier.evaluation.out_of_fold``
and the benchmark treat them alike. Heavy libraries are imported inside the
methods, so that a cold tagging script pays only for the system it uses.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from classifier.text import preprocess

# ---------------------------------------------------------------------------
# fastText


@dataclass(frozen=True)
class FastTextParams:
    epoch: int = 100
    lr: float = 1.0
    dim: int = 50
    word_ngrams: int = 2
    minn: int = 3
    maxn: int = 5
    bucket: int = 200_000
    seed: int = 13


NONE_LABEL = "__none__"


class FastTextSystem:
    """fastText supervised with one-vs-all loss (independent sigmoid per label).

    Input is this toolkit's normalised, tokenised text (``classifier.text.preprocess``),
    so both see the same tokens. fastText skips lines without a label, so a
    paragraph with no sector is given a pseudo-label whose score is ignored.
    One thread, so that a run is repeatable.
    """

    name = "fasttext"

    def __init__(self, sectors, params: FastTextParams = FastTextParams()):
        self.sectors = list(sectors)
        self.params = params
        self.model = None

    def fit(self, texts, y):
        import fasttext

        y = np.asarray(y)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
            for text, row in zip(texts, y):
                labels = [s for s, hit in zip(self.sectors, row) if hit] or [NONE_LABEL]
                f.write(" ".join(f"__label__{s}" for s in labels) + " " + preprocess(text) + "\n")
            path = f.name
        try:
            p = self.params
            self.model = fasttext.train_supervised(
                input=path, loss="ova", epoch=p.epoch, lr=p.lr, dim=p.dim, wordNgrams=p.word_ngrams,
                minn=p.minn, maxn=p.maxn, bucket=p.bucket, seed=p.seed, thread=1, verbose=0,
            )
        finally:
            os.unlink(path)
        return self

    def predict_proba(self, texts):
        index = {f"__label__{s}": j for j, s in enumerate(self.sectors)}
        out = np.zeros((len(texts), len(self.sectors)))
        labels, probs = self.model.predict([preprocess(t) for t in texts], k=-1, threshold=0.0)
        for i, (ls, ps) in enumerate(zip(labels, probs)):
            for label, p in zip(ls, ps):
                j = index.get(label)
                if j is not None:
                    out[i, j] = min(float(p), 1.0)
        return out

    def save(self, folder: Path) -> list[Path]:
        path = Path(folder) / "fasttext.bin"
        self.model.save_model(str(path))
        return [path]

    @classmethod
    def load(cls, folder: Path, sectors):
        import fasttext

        system = cls(sectors)
        system.model = fasttext.load_model(str(Path(folder) / "fasttext.bin"))
        return system


# ---------------------------------------------------------------------------
# spaCy


@dataclass(frozen=True)
class SpacyParams:
    epochs: int = 6  # on 7,000 paragraphs, as many updates as 10 epochs on the 4,300 of earlier runs
    dropout: float = 0.2
    arch: str = "ensemble"  # spaCy's default (bag of words + CNN), or "bow" (its bag-of-words layer alone)
    seed: int = 13


#: ``textcat_multilabel`` model settings for ``SpacyParams.arch`` ("ensemble": spaCy's default, no settings).
SPACY_MODELS = {
    "ensemble": {},
    "bow": {"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False, "ngram_size": 1, "no_output_layer": False}},
}


class SpacySystem:
    """spaCy ``textcat_multilabel`` (default model: bag-of-words + CNN ensemble; or bag of words alone) on a blank
    French pipeline, raw text in."""

    name = "spacy"

    def __init__(self, sectors, params: SpacyParams = SpacyParams()):
        self.sectors = list(sectors)
        self.params = params
        self.nlp = None

    def fit(self, texts, y, on_epoch=None):
        """``on_epoch(epoch, self)`` after each epoch: the state after epoch k is the whole model of a k-epoch
        run (same seed, shuffles and batches; constant learning rate), so one run scores several epoch counts."""
        import spacy
        from spacy.training import Example
        from spacy.util import compounding, fix_random_seed, minibatch

        p = self.params
        fix_random_seed(p.seed)
        nlp = spacy.blank("fr")
        textcat = nlp.add_pipe("textcat_multilabel", config=SPACY_MODELS[p.arch])
        for s in self.sectors:
            textcat.add_label(s)
        examples = [
            Example.from_dict(nlp.make_doc(t), {"cats": {s: float(v) for s, v in zip(self.sectors, row)}})
            for t, row in zip(texts, np.asarray(y))
        ]
        optimizer = nlp.initialize(lambda: examples)
        rng = random.Random(p.seed)
        self.nlp = nlp
        for epoch in range(1, p.epochs + 1):
            rng.shuffle(examples)
            for batch in minibatch(examples, size=compounding(4.0, 32.0, 1.001)):
                nlp.update(batch, drop=p.dropout, sgd=optimizer)
            if on_epoch:
                on_epoch(epoch, self)
        return self

    def predict_proba(self, texts):
        out = np.zeros((len(texts), len(self.sectors)))
        for i, doc in enumerate(self.nlp.pipe(list(texts), batch_size=256)):
            out[i] = [doc.cats[s] for s in self.sectors]
        return out

    def save(self, folder: Path) -> list[Path]:
        path = Path(folder) / "spacy"
        self.nlp.to_disk(path)
        return [path]

    @classmethod
    def load(cls, folder: Path, sectors):
        import spacy

        system = cls(sectors)
        system.nlp = spacy.load(Path(folder) / "spacy")
        return system


# ---------------------------------------------------------------------------
# Keywords


class KeywordSystem:
    """A sector is tagged when one of its keywords occurs in the paragraph. Nothing is learnt.

    The keywords are the project's (``labels/keywords.json``, which our pipeline
    also uses as features), matched as ``classifier.lexicon`` does: word
    prefixes in normalised (lower-case, accent-folded) tokens.
    """

    name = "keywords"

    def __init__(self, sectors, lexicon=None):
        from classifier import paths
        from classifier.lexicon import load_lexicon

        self.sectors = list(sectors)
        self.lexicon = lexicon or load_lexicon(paths.keywords_file(), tuple(sectors))

    def fit(self, texts, y):
        return self

    def predict_proba(self, texts):
        return np.array([self.lexicon.matches(preprocess(t)) for t in texts], dtype=np.float64).reshape(
            len(texts), len(self.sectors)
        )

    def save(self, folder: Path) -> list[Path]:
        path = Path(folder) / "keywords.json"
        path.write_text(json.dumps(self.lexicon.to_dict(), ensure_ascii=False), encoding="utf-8")
        return [path]

    @classmethod
    def load(cls, folder: Path, sectors):
        from classifier.lexicon import lexicon_from_dict

        data = json.loads((Path(folder) / "keywords.json").read_text(encoding="utf-8"))
        return cls(sectors, lexicon_from_dict(data, tuple(sectors)))


PEERS = {"fasttext": FastTextSystem, "spacy": SpacySystem, "keywords": KeywordSystem}
PARAMS = {"fasttext": FastTextParams, "spacy": SpacyParams}


# ---------------------------------------------------------------------------
# Building and fitting any system from a grid point


def build(system: str, sectors, params: dict):
    """An unfitted system; ``params`` overrides its defaults (ours: ``ModelConfig(**params)``, so that fields
    added to the configuration are picked up with their defaults)."""
    if system == "ours":
        from classifier.pipeline import ModelConfig, build_pipeline

        return build_pipeline(ModelConfig(**params))
    if system in PARAMS:
        return PEERS[system](sectors, PARAMS[system](**params))
    return PEERS[system](sectors)


def shared_run(system: str, params: dict) -> tuple:
    """Grid points with the same value here are scored from one training run (spaCy: the epochs, see ``SpacySystem.fit``)."""
    return tuple(sorted((k, v) for k, v in params.items() if not (system == "spacy" and k == "epochs")))


def fit_predict(system: str, sectors, points: list[dict], texts, y, test_texts, save: Path | None = None):
    """Fit each grid point on ``texts`` and score ``test_texts``: [(scores, seconds of training)], in order.

    Points that share a run (``shared_run``) are fitted once, to the largest epoch count; ``save``: a folder for
    the model of a single point.
    """
    import time

    start = time.perf_counter()
    if system == "spacy" and len(points) > 1:
        wanted = {p.get("epochs", SpacyParams.epochs): i for i, p in enumerate(points)}
        out = [None] * len(points)

        def snapshot(epoch, model):
            if epoch in wanted:
                out[wanted[epoch]] = (model.predict_proba(test_texts), time.perf_counter() - start)

        build(system, sectors, {**points[0], "epochs": max(wanted)}).fit(texts, y, on_epoch=snapshot)
        return out
    out = []
    for params in points:
        start = time.perf_counter()
        model = build(system, sectors, params).fit(texts, y)
        seconds = time.perf_counter() - start
        out.append((model.predict_proba(test_texts), seconds))
        if save is not None:
            Path(save).mkdir(parents=True, exist_ok=True)
            model.save(save)
    return out


#: Rough seconds of training per 1,000 paragraphs (per epoch for spaCy), measured on this machine: only
#: to start the longest fits first, so that two processes finish together.
COST = {"ours": 0.5, "fasttext": 2.4, "keywords": 0.0, ("spacy", "ensemble"): 6.0, ("spacy", "bow"): 3.6}


def cost(system: str, params: dict, n: int) -> float:
    if system == "spacy":
        p = SpacyParams(**params)
        return COST[system, p.arch] * p.epochs * n / 1000
    if system == "fasttext":
        p = FastTextParams(**params)
        return COST[system] * p.epoch / 100 * p.dim / 50 * n / 1000
    return COST[system] * n / 1000


def save_thresholds(folder: Path, sectors, thresholds) -> Path:
    path = Path(folder) / "thresholds.json"
    path.write_text(json.dumps(dict(zip(sectors, map(float, thresholds)))), encoding="utf-8")
    return path


def load_thresholds(folder: Path) -> tuple[list[str], np.ndarray]:
    data = json.loads((Path(folder) / "thresholds.json").read_text(encoding="utf-8"))
    return list(data), np.array(list(data.values()))


def params_of(system) -> dict:
    params = getattr(system, "params", None)
    return asdict(params) if params is not None else {}
