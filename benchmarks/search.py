"""Nested parameter search for the benchmark: every fit a cached job, run two at a time, longest first.

A fit is named by what defines it (system, grid point, text variant, split), so
a model that several steps need is fitted once: the check set's search scores
each grid point on the outer folds, which are also the outer folds' final
models; an ablation row that is also a grid point costs nothing more.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from classifier import defaults
from classifier.evaluation import group_folds, score, tune_thresholds

from systems import cost, fit_predict, shared_run


@dataclass(frozen=True)
class Split:
    """Paragraphs to fit on and paragraphs to score, as indices into the pool (the corpus, then the check set)."""

    name: str
    train: np.ndarray
    test: np.ndarray


def frozen(params: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


@dataclass(frozen=True)
class Key:
    system: str
    params: tuple  # `frozen` grid point
    texts: str  # text variant: "surface" or "lemmas"
    split: str


@dataclass(frozen=True)
class Done:
    proba: np.ndarray  # scores of the split's test paragraphs
    seconds: float  # training time (two jobs at a time)


class Fits:
    """The fitted-and-scored models, computed on demand in parallel rounds."""

    def __init__(self, texts: dict[str, np.ndarray], y: np.ndarray, sectors, workers: int):
        self.texts, self.y, self.sectors, self.workers = texts, y, tuple(sectors), workers
        self.splits: dict[str, Split] = {}
        self.done: dict[Key, Done] = {}
        self.save: dict[Key, Path] = {}  # models to keep on disk (those the speed measurements load)

    def add(self, split: Split) -> Split:
        self.splits.setdefault(split.name, split)
        return split

    def __getitem__(self, key: Key) -> Done:
        return self.done[key]

    def run(self, keys) -> None:
        """Fit what is not done yet; points of one spaCy run (``systems.shared_run``) go together."""
        from joblib import Parallel, delayed

        tasks: dict[tuple, list[Key]] = {}
        for key in dict.fromkeys(keys):
            if key not in self.done:
                run = key if key in self.save else (key.system, shared_run(key.system, dict(key.params)), key.texts, key.split)
                tasks.setdefault(run, []).append(key)
        if not tasks:
            return
        jobs = sorted(tasks.values(), key=lambda ks: -max(self._cost(k) for k in ks))
        print(f"    {sum(map(len, jobs))} fits in {len(jobs)} jobs ...", file=sys.stderr, flush=True)
        results = Parallel(n_jobs=self.workers, batch_size=1)(delayed(fit_predict)(*self._args(ks)) for ks in jobs)
        for ks, out in zip(jobs, results):
            for k, (proba, seconds) in zip(ks, out):
                self.done[k] = Done(proba, seconds)

    def _cost(self, key: Key) -> float:
        return cost(key.system, dict(key.params), len(self.splits[key.split].train))

    def _args(self, keys: list[Key]):
        split, texts = self.splits[keys[0].split], self.texts[keys[0].texts]
        return (
            keys[0].system, self.sectors, [dict(k.params) for k in keys], list(texts[split.train]),
            self.y[split.train], list(texts[split.test]), self.save.get(keys[0]),
        )


# ---------------------------------------------------------------------------
# Choosing inside a training part


@dataclass(frozen=True)
class Plan:
    """How one system (or ablation row) is chosen and scored on some splits."""

    name: str
    system: str
    grid: tuple[dict, ...]  # grid points (overrides of the system's defaults); ties go to the first
    inner: str  # "cv": grouped folds of the training part; "holdout": the first of them; "none": nothing fitted inside
    tune: bool = True  # per-sector thresholds tuned on the inner scores, else `defaults.THRESHOLD`
    texts: str = "surface"


@dataclass
class Choice:
    index: int  # the grid point chosen
    params: dict
    thresholds: np.ndarray
    inner_macro: list[float]  # per grid point: macro-F1 on the inner scores (thresholds tuned on them)
    tuning_seconds: float  # training time of the chosen point's inner fits


@dataclass
class Outcome:
    """A plan on one split: what was chosen inside the training part and the test paragraphs' predictions."""

    choice: Choice
    proba: np.ndarray
    pred: np.ndarray
    seconds: float  # the final fit's training time


@dataclass
class Folds:
    """The outer splits, and each split's inner splits (the check split's inner splits are the outer folds)."""

    outer: list[Split]
    inner: dict[str, list[Split]] = field(default_factory=dict)


def make_folds(fits: Fits, groups: np.ndarray, n_splits: int, seed: int, n_check: int) -> tuple[Folds, Split | None]:
    """Outer grouped folds of the corpus with their inner folds, and the check split (all the corpus -> check set)."""
    n = len(groups)
    outer = [fits.add(Split(f"fold{k}", tr, te)) for k, (tr, te) in enumerate(group_folds(groups, n_splits, seed))]
    folds = Folds(outer)
    for split in outer:
        inner = group_folds(groups[split.train], n_splits - 1, seed)
        folds.inner[split.name] = [
            fits.add(Split(f"{split.name}.{j}", split.train[tr], split.train[te])) for j, (tr, te) in enumerate(inner)
        ]
    check = None
    if n_check:
        check = fits.add(Split("check", np.arange(n), np.arange(n, n + n_check)))
        folds.inner[check.name] = outer
    return folds, check


def inner_splits(plan: Plan, folds: Folds, split: Split) -> list[Split]:
    return {"cv": folds.inner[split.name], "holdout": folds.inner[split.name][:1], "none": []}[plan.inner]


def key(plan: Plan, params: dict, split: Split) -> Key:
    return Key(plan.system, frozen(params), plan.texts, split.name)


def inner_keys(plan: Plan, folds: Folds, split: Split) -> list[Key]:
    return [key(plan, p, s) for p in plan.grid for s in inner_splits(plan, folds, split)]


def choose(fits: Fits, plan: Plan, folds: Folds, split: Split) -> Choice:
    """The grid point with the best macro-F1 on the inner scores of ``split``'s training part (never its test part)."""
    inner = inner_splits(plan, folds, split)
    fixed = np.full(len(fits.sectors), defaults.THRESHOLD)
    if not inner:
        return Choice(0, dict(plan.grid[0]), fixed, [float("nan")], 0.0)
    rows = np.concatenate([s.test for s in inner])
    y = fits.y[rows]
    macro, thresholds = [], []
    for params in plan.grid:
        proba = np.concatenate([fits[key(plan, params, s)].proba for s in inner])
        t = tune_thresholds(y, proba) if plan.tune else fixed
        thresholds.append(t)
        macro.append(score(y, proba >= t, fits.sectors).macro_f1)
    best = int(np.argmax(macro))  # the first of equals: the default comes first
    seconds = sum(fits[key(plan, plan.grid[best], s)].seconds for s in inner)
    return Choice(best, dict(plan.grid[best]), thresholds[best], macro, seconds)


def evaluate(
    fits: Fits, plans: list[Plan], folds: Folds, splits: dict[str, list[Split]], keep: dict[str, Path] | None = None,
) -> dict[str, dict[str, Outcome]]:
    """Each plan on its splits: choose inside the training part, then fit the choice on it and score the test part.

    Two rounds of fits for all the plans together: the inner fits, then the final ones. ``keep``: plan name ->
    folder where its check-split model is saved.
    """
    fits.run(k for p in plans for s in splits[p.name] for k in inner_keys(p, folds, s))
    choices = {(p.name, s.name): choose(fits, p, folds, s) for p in plans for s in splits[p.name]}
    finals = {(p.name, s.name): key(p, choices[p.name, s.name].params, s) for p in plans for s in splits[p.name]}
    for name, folder in (keep or {}).items():
        if (name, "check") in finals:
            fits.save[finals[name, "check"]] = folder
    fits.run(finals.values())
    out: dict[str, dict[str, Outcome]] = {}
    for (name, split), k in finals.items():
        c, done = choices[name, split], fits[k]
        out.setdefault(name, {})[split] = Outcome(c, done.proba, done.proba >= c.thresholds, done.seconds)
    return out


def outer_prediction(outcomes: dict[str, Outcome], folds: Folds, shape) -> np.ndarray:
    """The outer folds' test predictions put together, one row per paragraph of the corpus."""
    pred = np.zeros(shape, dtype=bool)
    for split in folds.outer:
        pred[split.test] = outcomes[split.name].pred
    return pred
