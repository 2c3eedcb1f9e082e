"""Benchmark: this toolkit against fastText, spaCy and a keyword baseline, plus ablations.

    python benchmarks/run.py            # the full benchmark, writes BENCHMARKS.md
    python benchmarks/run.py --quick    # fewer folds, epochs and repeats: a fast check

Every system is scored on the same grouped K-fold splits of ``labels/`` (no
article on both sides, fixed seed) by nested cross-validation: its main
parameters and per-sector thresholds are chosen inside each training part only
(``search.py``). Then each is trained on all of ``labels/``, parameters chosen
by grouped cross-validation there, and scored on the held-out check set
``labels/check/``. Speed, memory and size are measured in fresh processes, one
at a time, after the scoring is done. Raw results go to ``benchmarks/out/``.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from classifier import defaults, paths  # noqa: E402
from classifier.evaluation import bootstrap_intervals, cross_validate, score  # noqa: E402
from classifier.labels import load_labels  # noqa: E402
from classifier.config import ModelConfig  # noqa: E402
from classifier.scheme import load_scheme  # noqa: E402
from report import DEFAULT_ROW, PEERS, SYSTEMS, TARGET_COLD_S, TARGET_SIZE_MB, Report, render  # noqa: E402
from search import Fits, Folds, Outcome, Plan, Split, evaluate, inner_keys, key, make_folds, outer_prediction  # noqa: E402
from systems import SpacyParams, build, params_of, save_thresholds  # noqa: E402

ROOT = HERE.parent
OUT = HERE / "out"
SEED_ARTICLE = "seeds/tolam-mishustin.txt"  # relative to the repository root, where commands run


@dataclass(frozen=True)
class Settings:
    folds: int = defaults.CV_FOLDS
    seed: int = defaults.SEED
    spacy_epochs: int = SpacyParams.epochs  # the most in spaCy's grid, half as many the other choice
    # spaCy's bag-of-words model ("bow") too would add about 6 minutes (7,900 paragraphs) and break the time budget
    spacy_archs: tuple[str, ...] = ("ensemble",)
    repeats: int = 3  # timed runs per measurement (medians)
    cold_runs: int = 7  # cold command-line runs (median; one untimed warm-up first)
    batch_min: int = 4000  # paragraphs in the throughput batch
    job_files: int = 2000  # article files for the --jobs scaling test
    ablations: bool = True
    workers: int = 2  # processes for the scoring and the ablations (never during timing)

    @classmethod
    def quick(cls) -> "Settings":
        # both spaCy models, cheap at 2 epochs: the quick check runs every path of the search
        return cls(folds=3, spacy_epochs=2, spacy_archs=("ensemble", "bow"), repeats=1, cold_runs=3, batch_min=2000, job_files=400)


@dataclass
class Data:
    texts: np.ndarray  # object array of paragraphs
    y: np.ndarray  # 0/1, one column per sector
    groups: np.ndarray  # article ids
    langs: list[str]
    sectors: tuple[str, ...]
    digest: str
    n_files: int
    corpus: object = None  # classifier.labels.Corpus, as read once at the start (the files may change meanwhile)

def load_data(path: Path | None = None) -> Data:
    """The labelled corpus (``labels/`` without its check set), or the labelled files at ``path``."""
    scheme = load_scheme()
    corpus = load_labels(path or paths.labels().path, scheme)
    return Data(
        texts=np.asarray(corpus.texts, dtype=object),
        y=corpus.label_matrix(scheme),
        groups=np.asarray(corpus.groups),
        langs=[p.lang or "?" for p in corpus.paragraphs],
        sectors=scheme.ids,
        digest=corpus.digest(),
        n_files=len(corpus.files),
        corpus=corpus,
    )


# ---------------------------------------------------------------------------
# Scoring: nested grouped cross-validation and the check set

#: How each system chooses inside a training part: "cv", grouped folds of the training part (as
#: ``classify evaluate`` tunes thresholds); "holdout", the first of those folds only (spaCy: a full inner
#: cross-validation would multiply its long training); "none" (keywords: nothing to fit or tune).
INNER = {"ours": "cv", "fasttext": "cv", "spacy": "holdout", "keywords": "none"}


def overrides(config: ModelConfig) -> dict:
    """The fields of ``config`` that differ from the defaults: a grid point that names the same model alike everywhere."""
    base = ModelConfig().to_dict()
    return {k: v for k, v in config.to_dict().items() if v != base[k]}


def grids(settings: Settings) -> dict[str, tuple[dict, ...]]:
    """The grid points each system's parameters are chosen from, its defaults first (they win ties)."""
    ours = [overrides(ModelConfig(C=c, nb_alpha=nb)) for nb in (defaults.NB_ALPHA, 0.0) for c in (10.0, 30.0, 100.0)]
    ours = [{}] + [p for p in ours if p]
    fasttext = [
        {**rate, **ngrams}
        for rate in ({}, {"epoch": 50}, {"epoch": 50, "lr": 0.5})
        for ngrams in ({}, {"word_ngrams": 1})
    ]
    e = settings.spacy_epochs
    spacy = [{"arch": arch, "epochs": n} for arch in settings.spacy_archs for n in (e, (e + 1) // 2)]
    return {"ours": tuple(ours), "fasttext": tuple(fasttext), "spacy": tuple(spacy), "keywords": ({},)}


def scored(data: Data, pred: np.ndarray, method: str) -> dict:
    """Scores with 95% bootstrap intervals over articles (all, and per language) and the share of paragraphs exactly right."""
    result = score(data.y, pred, data.sectors, method=method, langs=data.langs).to_dict()
    result["intervals"] = bootstrap_intervals(data.y, pred, data.groups, data.sectors)
    langs = np.asarray(data.langs)
    for lang, row in result["per_lang"].items():
        rows = langs == lang
        row["intervals"] = bootstrap_intervals(data.y[rows], pred[rows], data.groups[rows], data.sectors)
    result["exact"] = float((pred == data.y.astype(bool)).all(1).mean())
    return result


def choice_summary(split: str, outcome: Outcome) -> dict:
    c = outcome.choice
    return {"split": split, "params": c.params, "inner_macro_f1": c.inner_macro, "grid_index": c.index}


def evaluate_systems(fits: Fits, folds: Folds, check: Split | None, data: Data, check_data: Data | None, settings: Settings, work: Path) -> dict[str, dict]:
    """Every system through the nested search: outer scores of the whole procedure, and the check set."""
    grid = grids(settings)
    plans = [Plan(s, s, grid[s], INNER[s], tune=INNER[s] != "none") for s in SYSTEMS]
    plans.append(Plan(DEFAULT_ROW, "ours", ({},), "cv"))
    splits = {p.name: folds.outer + ([check] if check else []) for p in plans}
    print("  scoring (nested search) ...", file=sys.stderr, flush=True)
    outcomes = evaluate(fits, plans, folds, splits, keep={s: work / s for s in PEERS})
    out = {}
    for plan in plans:
        runs = outcomes[plan.name]
        pred = outer_prediction(runs, folds, data.y.shape)
        method = f"grouped {len(folds.outer)}-fold CV by article, parameters and thresholds chosen inside: {plan.inner}"
        row = {
            "scores": scored(data, pred, method),
            "inner": plan.inner,
            "grid": list(plan.grid),
            "choices": [choice_summary(s.name, runs[s.name]) for s in folds.outer],
            "cv_seconds": round(sum(d.seconds for k, d in fits.done.items() if k.system == plan.system), 1),
        }
        if check:
            final = runs[check.name]
            row["check"] = {
                **scored(check_data, final.pred, "trained on all of labels/, scored on labels/check/"),
                **choice_summary(check.name, final),
                "thresholds": dict(zip(data.sectors, map(float, final.choice.thresholds))),
                "train_s": final.seconds + final.choice.tuning_seconds,
            }
            if plan.name in PEERS:
                save_thresholds(work / plan.name, data.sectors, final.choice.thresholds)
        out[plan.name] = row
    # The harness must agree with the toolkit's own nested cross-validation (`classify evaluate`).
    scheme = load_scheme()
    reference = cross_validate(data.corpus, scheme, n_splits=settings.folds)
    out[DEFAULT_ROW]["cross_validate"] = {"macro_f1": reference.macro_f1, "micro_f1": reference.micro_f1}
    return out


# ---------------------------------------------------------------------------
# Ablations of our pipeline


@dataclass(frozen=True)
class Ablation:
    name: str
    group: str
    config: ModelConfig = ModelConfig()
    texts: str = "surface"  # or "lemmas"
    tune: bool = True

    def plan(self) -> Plan:
        return Plan(self.name, "ours", (overrides(self.config),), "cv", self.tune, self.texts)


def ablations() -> list[Ablation]:
    base = ModelConfig()
    rows = [Ablation("default (shipped)", "default", base)]
    features = [
        ("words 1", (1, 1), (0, 0)),
        ("words 1-2", (1, 2), (0, 0)),
        ("words 1-3", (1, 3), (0, 0)),
        ("chars 2-4", (0, 0), (2, 4)),
        ("chars 3-5", (0, 0), (3, 5)),
        ("chars 3-6", (0, 0), (3, 6)),
        ("words 1 + chars 3-5", (1, 1), (3, 5)),
        ("words 1-2 + chars 2-4", (1, 2), (2, 4)),
        ("words 1-2 + chars 3-6", (1, 2), (3, 6)),
        ("words 1-3 + chars 3-5", (1, 3), (3, 5)),
        ("words 1-2 + chars 3-7", (1, 2), (3, 7)),
    ]
    for name, w, c in features:
        if (w, c) != (base.word_ngrams, base.char_ngrams):
            rows.append(Ablation(name, "features", replace(base, word_ngrams=w, char_ngrams=c)))
    if base.keywords:
        rows.append(Ablation("no keyword features (TF-IDF only)", "keywords", replace(base, keywords=False)))
    for weight in (0.1, 0.2, 0.5, 1.0):
        if not (base.keywords and weight == base.keyword_weight):
            rows.append(Ablation(f"keyword features, weight {weight:g}", "keywords", replace(base, keywords=True, keyword_weight=weight)))
    rows.append(Ablation("lemmas (fr_core_news_sm)", "tokens", base, texts="lemmas"))
    rows.append(Ablation("spaCy tokenizer", "tokens", replace(base, tokenizer="spacy")))
    rows.append(Ablation("accents kept", "accents", replace(base, fold_accents=False)))
    for weight in ("balanced", None):
        for c in (1.0, 3.0, 10.0, 30.0):
            if (c, weight) != (base.C, base.class_weight):
                rows.append(Ablation(f"C={c:g}, class_weight={weight}", "regularisation", replace(base, C=c, class_weight=weight)))
    rows.append(Ablation(f"min_df={3 - base.min_df}", "min_df", replace(base, min_df=3 - base.min_df)))
    rows.append(Ablation("fixed threshold 0.5", "thresholds", base, tune=False))
    return rows


def lemmatise(texts) -> list[str]:
    """Each paragraph as the lemmas of spaCy's small French model (used for the lemma ablation only)."""
    import spacy

    nlp = spacy.load("fr_core_news_sm", exclude=["parser", "ner"])
    return [" ".join(t.lemma_ for t in doc if not t.is_space) for doc in nlp.pipe(list(texts), batch_size=64)]


def changes_that_won(rows: list[Ablation], scores: list[float]) -> list[tuple[str, dict, float]]:
    """The best setting of each group that beat the default on ``scores`` (one per row, inner folds only):
    (row name, changed settings, gain), best gain first."""
    base = ModelConfig()
    default = scores[0]
    won = []
    for group in dict.fromkeys(a.group for a in rows):
        members = [(a, x) for a, x in zip(rows, scores) if a.group == group and a.texts == "surface" and a.tune and a.config != base]
        if not members:
            continue
        best, x = max(members, key=lambda m: m[1])
        if x > default:
            won.append((best.name, overrides(best.config), x - default))
    return sorted(won, key=lambda w: -w[2])


def label_of(changes: dict) -> str:
    return ", ".join(f"{k}={tuple(v) if isinstance(v, list) else v}" for k, v in changes.items()) or "no change"


@lru_cache(maxsize=None)
def spacy_import_seconds(runs: int = 3) -> float:
    """Median wall time a fresh process spends importing spaCy and making its French tokenizer."""
    code = "import spacy; spacy.blank('fr')"
    with_spacy = wall([sys.executable, "-c", code], runs)
    bare = wall([sys.executable, "-c", "pass"], runs)
    return statistics.median(with_spacy) - statistics.median(bare)


@lru_cache(maxsize=None)
def files_mb(config: ModelConfig) -> float:
    """Size of the three model files ``classify train`` writes with ``config``, trained on all of ``labels/``."""
    from classifier.training import train

    with tempfile.TemporaryDirectory(prefix="classify-size-") as tmp:
        folder = Path(tmp)
        train(paths.labels().path, folder / "sectors.joblib", config=config, n_splits=2)
        return size_of(folder) / 1e6


def together(won: list[tuple[str, dict, float]]) -> dict:
    """Every winning change in one configuration (as overrides)."""
    return {k: v for _, change, _ in won for k, v in change.items()}


def within_targets(won: list[tuple[str, dict, float]]) -> tuple[dict, list[dict]]:
    """(the winning changes that keep the targets, what each change cost).

    Changes are added best first; one is left out when, on top of those kept,
    it would make the model files larger than the target or make tagging import
    spaCy (whose import alone takes longer than the cold-tag target here).
    """
    kept: dict = {}
    costs = []
    for name, change, gain in won:
        trial = ModelConfig(**{**kept, **change})
        cost = {"change": f"{name} ({label_of(change)})", "gain": gain, "kept": True, "why": ""}
        if trial.tokenizer == "spacy":
            seconds = spacy_import_seconds()
            cost["spacy_import_s"] = seconds
            if seconds > TARGET_COLD_S:
                cost.update(kept=False, why=f"tagging would import spaCy: {seconds:.1f} s in a fresh process (cold-tag target {TARGET_COLD_S:g} s)")
        if cost["kept"]:
            size = files_mb(trial)
            cost["size_mb"] = size
            if size > TARGET_SIZE_MB:
                cost.update(kept=False, why=f"model files {size:.1f} MB with the changes kept before it (target {TARGET_SIZE_MB:g} MB)")
        if cost["kept"]:
            kept.update(change)
        costs.append(cost)
    return kept, costs


def row_result(ab: Ablation, runs: dict[str, Outcome], fits: Fits, data: Data, folds: Folds) -> dict:
    """An ablation row: its outer scores (descriptive) and its inner scores (what decisions use)."""
    pred = outer_prediction(runs, folds, data.y.shape)
    scores = score(data.y, pred, data.sectors, langs=data.langs).to_dict()
    keys = [k for s in folds.outer for k in inner_keys(ab.plan(), folds, s) + [key(ab.plan(), overrides(ab.config), s)]]
    return {
        "name": ab.name,
        "group": ab.group,
        "config": ab.config.to_dict(),
        "texts": ab.texts,
        "tune": ab.tune,
        "macro_f1": scores["macro_f1"],
        "micro_f1": scores["micro_f1"],
        "min_sector_f1": min(v["f1"] for v in scores["per_label"].values()),
        "per_lang": scores["per_lang"],
        "inner_folds": [runs[s.name].choice.inner_macro[0] for s in folds.outer],
        "inner_macro_f1": float(np.mean([runs[s.name].choice.inner_macro[0] for s in folds.outer])),
        "seconds": round(sum(fits[k].seconds for k in dict.fromkeys(keys)), 1),
    }


def run_ablations(fits: Fits, folds: Folds, data: Data) -> tuple[list[dict], dict]:
    """The ablation rows (outer scores: descriptive), then the choice of a configuration on inner folds only.

    Decision: the best change of each group by mean inner macro-F1, together, within the targets; it replaces the
    default only if it beats it on the inner folds of every training part by 0.005 on average. How well such a
    choice carries over: the winning changes picked inside each outer training part alone, scored on its test part.
    """
    rows = ablations()
    if any(r.texts == "lemmas" for r in rows):
        fits.texts["lemmas"] = np.asarray(lemmatise(data.texts), dtype=object)
    outcomes = evaluate(fits, [r.plan() for r in rows], folds, {r.name: folds.outer for r in rows})
    results = [row_result(r, outcomes[r.name], fits, data, folds) for r in rows]
    won = changes_that_won(rows, [r["inner_macro_f1"] for r in results])
    everything = together(won)
    kept, costs = within_targets(won)
    # The same choice inside each outer training part, from that part's inner folds alone (the target check,
    # which trains on all of labels/ for each trial, is left out: it costs minutes and decides no quality).
    per_fold = [together(changes_that_won(rows, [r["inner_folds"][k] for r in results])) for k in range(len(folds.outer))]
    extra = [Ablation(f"combined: {label_of(everything)}", "combined", ModelConfig(**everything))] if everything else []
    if kept and kept != everything:
        extra.append(Ablation(f"within targets: {label_of(kept)}", "combined", ModelConfig(**kept)))
    nested = [Plan(f"chosen in {s.name}", "ours", (change,), "cv") for s, change in zip(folds.outer, per_fold)]
    outcomes = evaluate(
        fits, [a.plan() for a in extra] + nested, folds,
        {**{a.name: folds.outer for a in extra}, **{p.name: [s] for p, s in zip(nested, folds.outer)}},
    )
    results += [row_result(a, outcomes[a.name], fits, data, folds) for a in extra]
    pred = np.zeros(data.y.shape, dtype=bool)
    for plan, split in zip(nested, folds.outer):
        pred[split.test] = outcomes[plan.name][split.name].pred
    candidate = next((r for r in results if r["name"] == (extra[-1].name if kept else "")), None)
    selection = {
        "costs": costs,
        "everything": extra[0].name if extra else None,
        "candidate": candidate["name"] if candidate else None,
        "per_fold": [label_of(c) for c in per_fold],
        "nested_macro_f1": score(data.y, pred, data.sectors).macro_f1,
    }
    return results, selection


# ---------------------------------------------------------------------------
# Training, speed, memory and size (fresh processes, one at a time)


def train_ours(folder: Path, settings: Settings) -> None:
    """``classify train``'s work with the shipped configuration: thresholds on grouped out-of-fold scores, three files."""
    from classifier.training import train

    train(paths.labels().path, folder / "sectors.joblib", n_splits=settings.folds)


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def timed(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def python() -> str:
    return sys.executable


def classify_command() -> str:
    exe = Path(sys.executable).parent / "classify"
    return str(exe) if exe.exists() else shutil.which("classify") or "classify"


def wall(cmd: list[str], runs: int, **kwargs) -> list[float]:
    """Wall times of ``runs`` runs of ``cmd`` (after one untimed run that warms the file cache)."""
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kwargs)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kwargs)
        times.append(time.perf_counter() - start)
    return times


def shown(cmd: list[str], work: Path) -> str:
    """A command as the report shows it: program by name, paths relative to the repository or the work folder."""
    words = [Path(cmd[0]).name]
    for c in cmd[1:]:
        c = c.replace(str(work), "$WORK").replace(str(ROOT) + "/", "")
        words.append(c)
    return " ".join(words)


def batch_texts(data: Data, minimum: int) -> list[str]:
    texts = list(data.texts)
    return (texts * (minimum // len(texts) + 1))[: max(minimum, len(texts))]


def measure_speed(data: Data, work: Path, settings: Settings, quality: dict) -> dict[str, dict]:
    """Ours as shipped (trained here, timed alone); each peer as trained for the check set (saved by the search:
    its final fit plus the fits that chose its thresholds, timed there, two jobs at a time)."""
    batch_path = work / "batch.json"
    batch_path.write_text(json.dumps(batch_texts(data, settings.batch_min), ensure_ascii=False), encoding="utf-8")
    child = str(HERE / "child.py")
    out = {}
    for system in SYSTEMS:
        print(f"  timing {system} ...", file=sys.stderr, flush=True)
        folder = work / system
        if system == "ours":
            train_times = []
            for _ in range(settings.repeats):
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                train_times.append(timed(lambda: train_ours(folder, settings), 1)[0])
        else:
            train_times = [quality[system]["check"]["train_s"]]
        batch = json.loads(
            subprocess.run(
                [python(), child, "batch", system, str(folder), str(batch_path), str(max(settings.repeats, 3))],
                check=True, capture_output=True, text=True,
            ).stdout
        )
        if system == "ours":
            cmd = [classify_command(), "tag", SEED_ARTICLE, "--model", str(folder / "sectors.joblib")]
        else:
            cmd = [python(), child, "tag", system, str(folder), SEED_ARTICLE]
        cold = wall(cmd, settings.cold_runs, cwd=ROOT)
        files = {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*") if p.is_file()}
        out[system] = {
            "train_s": statistics.median(train_times),
            "train_runs": train_times,
            "batch": batch,
            "cold_tag_s": statistics.median(cold),
            "cold_runs": cold,
            "cold_command": shown(cmd, work),
            "size_bytes": size_of(folder),
            "files": files,
            "params": params_of(build(system, data.sectors, quality[system]["check"]["params"]))
            if system != "ours"
            else ModelConfig().to_dict(),
            "defaults": params_of(build(system, data.sectors, {})) if system != "ours" else ModelConfig().to_dict(),
        }
        if system == "ours":
            out[system]["tagging_size_bytes"] = sum(v for k, v in files.items() if not k.endswith(".joblib"))
            out[system]["model_dir"] = str(folder)
            # The literal command, with the model shipped in models/ (whatever it was trained on).
            shipped = wall([classify_command(), "tag", SEED_ARTICLE], settings.cold_runs, cwd=ROOT)
            out[system]["cold_tag_shipped_s"] = statistics.median(shipped)
    return out


def write_articles(data: Data, folder: Path, n_files: int) -> int:
    """About ``n_files`` article files made from the labelled corpus (each article repeated)."""
    articles: dict[str, list[str]] = defaultdict(list)
    for text, group in zip(data.texts, data.groups):
        articles[group].append(text)
    bodies = ["\n\n".join(ps) + "\n" for ps in articles.values()]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_files):
        (folder / f"a{i:05d}.txt").write_text(bodies[i % len(bodies)], encoding="utf-8")
    sizes = [len(ps) for ps in articles.values()]
    return sum(sizes[i % len(sizes)] for i in range(n_files))


def measure_jobs(data: Data, model: Path, work: Path, settings: Settings) -> dict:
    folder = work / "articles"
    paragraphs = write_articles(data, folder, settings.job_files)
    out = {"files": settings.job_files, "paragraphs": paragraphs}
    for jobs in (1, 2):
        cmd = [classify_command(), "tag", str(folder), "--jobs", str(jobs), "--format", "jsonl", "--model", str(model)]
        times = wall(cmd, settings.repeats)
        out[f"jobs{jobs}_s"] = statistics.median(times)
        out[f"jobs{jobs}_runs"] = times
    out["speedup"] = out["jobs1_s"] / out["jobs2_s"]
    return out


# ---------------------------------------------------------------------------
# The report


def machine() -> dict:
    libs = {}
    for name in ("classify", "scikit-learn", "numpy", "scipy", "joblib", "spacy", "thinc", "fr-core-news-sm", "fasttext-numpy2", "fasttext"):
        try:
            libs[name] = md.version(name)
        except md.PackageNotFoundError:
            pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libraries": libs,
    }


def data_summary(data: Data) -> dict:
    return {
        "n_paragraphs": len(data.texts),
        "n_articles": len(set(data.groups)),
        "n_files": data.n_files,
        "per_lang": dict(sorted(Counter(data.langs).items())),
        "per_sector": {s: int(data.y[:, j].sum()) for j, s in enumerate(data.sectors)},
        "digest": data.digest,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer folds, epochs and repeats: a fast check")
    parser.add_argument("--no-ablations", action="store_true", help="skip the ablations")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="report to write")
    parser.add_argument("--render", type=Path, metavar="JSON", help="only write the report again from a raw JSON file")
    args = parser.parse_args(argv)
    if args.render:
        raw = json.loads(args.render.read_text(encoding="utf-8"))
        raw["settings"] = Settings(**raw["settings"])
        args.out.write_text(render(Report(**raw)), encoding="utf-8")
        return
    settings = Settings.quick() if args.quick else Settings()
    if args.no_ablations:
        settings = replace(settings, ablations=False)
    start = time.perf_counter()
    data = load_data()
    check_data = load_data(paths.labels().path / defaults.CHECK_FOLDER)
    report = Report(
        settings=settings,
        command="python benchmarks/run.py" + (" --quick" if args.quick else "") + (" --no-ablations" if args.no_ablations else ""),
        started=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        data=data_summary(data),
        check_data=data_summary(check_data),
        machine=machine(),
    )
    fits = Fits(
        {"surface": np.concatenate([data.texts, check_data.texts])}, np.concatenate([data.y, check_data.y]),
        data.sectors, settings.workers,
    )
    folds, check = make_folds(fits, data.groups, settings.folds, settings.seed, len(check_data.texts))
    print(f"{len(data.texts)} paragraphs, {len(set(data.groups))} articles, {len(folds.outer)} folds; "
          f"check set {len(check_data.texts)} paragraphs", file=sys.stderr)

    OUT.mkdir(exist_ok=True)
    raw = OUT / ("quick.json" if args.quick else "full.json")

    def phase(name: str, since: float) -> float:
        """Record the phase's seconds and write the raw results so far (a later failure keeps them)."""
        report.phases[name] = round(time.perf_counter() - since, 1)
        raw.write_text(json.dumps(asdict(report), indent=2, default=str) + "\n", encoding="utf-8")
        return time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="classify-bench-") as tmp:
        work = Path(tmp)
        report.quality = evaluate_systems(fits, folds, check, data, check_data, settings, work)
        mark = phase("scoring", start)
        if settings.ablations:
            print("  ablations ...", file=sys.stderr, flush=True)
            report.ablations, report.selection = run_ablations(fits, folds, data)
            mark = phase("ablations", mark)
        report.speed = measure_speed(data, work, settings, report.quality)
        mark = phase("speed", mark)
        print("  --jobs scaling ...", file=sys.stderr, flush=True)
        report.jobs = measure_jobs(data, Path(report.speed["ours"]["model_dir"]) / "sectors.joblib", work, settings)
        phase("jobs", mark)
    report.seconds = time.perf_counter() - start
    raw.write_text(json.dumps(asdict(report), indent=2, default=str) + "\n", encoding="utf-8")
    args.out.write_text(render(report), encoding="utf-8")
    print(f"wrote {args.out} and {raw} in {report.seconds:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
