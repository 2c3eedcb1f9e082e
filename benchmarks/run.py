"""Benchmark: this toolkit against fastText, spaCy and a keyword baseline, plus ablations.

    python benchmarks/run.py            # the full benchmark, writes BENCHMARKS.md
    python benchmarks/run.py --quick    # fewer folds, epochs and repeats: a fast check

Every system is scored on the same grouped K-fold splits of ``labels/`` (no
article on both sides, fixed seed), with per-sector thresholds tuned inside each
training part only. Speed, memory and size are measured in fresh processes,
one at a time, after the scoring is done. Raw results go to ``benchmarks/out/``.
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
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from classifier import defaults, paths  # noqa: E402
from classifier.evaluation import (  # noqa: E402
    Scores, cross_validate, group_folds, out_of_fold, score, tune_thresholds,
)
from classifier.labels import load_labels  # noqa: E402
from classifier.lexicon import default_lexicon  # noqa: E402
from classifier.pipeline import ModelConfig, build_pipeline  # noqa: E402
from classifier.scheme import load_scheme  # noqa: E402
from report import SYSTEMS, TARGET_COLD_S, TARGET_SIZE_MB, Report, render  # noqa: E402
from systems import FastTextSystem, KeywordSystem, SpacyParams, SpacySystem, params_of, save_thresholds  # noqa: E402

ROOT = HERE.parent
OUT = HERE / "out"
SEED_ARTICLE = "seeds/tolam-mishustin.txt"  # relative to the repository root, where commands run


@dataclass(frozen=True)
class Settings:
    folds: int = defaults.CV_FOLDS
    seed: int = defaults.SEED
    spacy_epochs: int = 10
    repeats: int = 3  # timed runs per measurement (medians)
    cold_runs: int = 7  # cold command-line runs (median; one untimed warm-up first)
    batch_min: int = 4000  # paragraphs in the throughput batch
    job_files: int = 2000  # article files for the --jobs scaling test
    ablations: bool = True
    split_seeds: int = 5  # grouped splits on which the ablation winner is checked against the default
    workers: int = 2  # processes for the scoring and the ablations (never during timing)

    @classmethod
    def quick(cls) -> "Settings":
        return cls(folds=3, spacy_epochs=3, repeats=1, cold_runs=3, batch_min=2000, job_files=400, split_seeds=2)


@dataclass
class Data:
    texts: np.ndarray  # object array of paragraphs
    y: np.ndarray  # 0/1, one column per sector
    groups: np.ndarray  # article ids
    langs: list[str]
    sectors: tuple[str, ...]
    digest: str
    n_files: int

    def with_texts(self, texts) -> "Data":
        return replace(self, texts=np.asarray(texts, dtype=object))


def load_data() -> Data:
    scheme = load_scheme()
    corpus = load_labels(paths.labels().path, scheme)
    return Data(
        texts=np.asarray(corpus.texts, dtype=object),
        y=corpus.label_matrix(scheme),
        groups=np.asarray(corpus.groups),
        langs=[p.lang or "?" for p in corpus.paragraphs],
        sectors=scheme.ids,
        digest=corpus.digest(),
        n_files=len(corpus.files),
    )


# ---------------------------------------------------------------------------
# Scoring: nested grouped cross-validation


def make_factory(system: str, sectors, config: ModelConfig | None = None, spacy_epochs: int = 10):
    """A zero-argument function that returns an unfitted system (what ``out_of_fold`` expects)."""
    if system == "ours":
        config = config or ModelConfig()
        lexicon = default_lexicon() if config.keywords else None  # read once, not once per fit
        return lambda: build_pipeline(config, lexicon)
    if system == "fasttext":
        return lambda: FastTextSystem(sectors)
    if system == "spacy":
        return lambda: SpacySystem(sectors, SpacyParams(epochs=spacy_epochs))
    if system == "keywords":
        return lambda: KeywordSystem(sectors)
    raise ValueError(system)


#: How each system's thresholds are chosen inside a training part.
#: "cv": grouped out-of-fold scores on the training part (as ``classify evaluate``);
#: "holdout": one grouped inner split (spaCy: inner cross-validation is too slow);
#: "fixed": 0.5 (keywords give 0/1 scores, there is nothing to tune).
THRESHOLDS = {"ours": "cv", "fasttext": "cv", "spacy": "holdout", "keywords": "fixed"}


def inner_thresholds(factory, texts, y, groups, inner: str, n_splits: int, seed: int) -> np.ndarray:
    """Per-sector thresholds chosen on the training part alone."""
    if inner == "fixed":
        return np.full(y.shape[1], defaults.THRESHOLD)
    if inner == "cv":
        proba = out_of_fold(factory, texts, y, groups, n_splits, seed)
        return tune_thresholds(y, proba)
    if inner == "holdout":
        fit_idx, tune_idx = group_folds(groups, n_splits, seed)[0]
        model = factory().fit(list(texts[fit_idx]), y[fit_idx])
        return tune_thresholds(y[tune_idx], model.predict_proba(list(texts[tune_idx])))
    raise ValueError(inner)


def one_fold(factory, data: Data, train, test, inner: str, n_inner: int, seed: int) -> tuple[np.ndarray, float]:
    """Fit on ``train``, choose thresholds inside ``train``, predict ``test``: (predictions, seconds)."""
    start = time.perf_counter()
    # Every system follows the toolkit's rule: captions, bylines and links are not trained on and score 0.
    model = factory().fit(list(data.texts[train]), data.y[train])
    proba = model.predict_proba(list(data.texts[test]))
    thresholds = inner_thresholds(factory, data.texts[train], data.y[train], data.groups[train], inner, n_inner, seed)
    return proba >= thresholds, time.perf_counter() - start


def nested_cv(factory, data: Data, folds, inner: str, seed: int, workers: int = 1) -> tuple[Scores, float]:
    """Grouped K-fold with thresholds tuned within each training fold; (scores, seconds of work)."""
    from joblib import Parallel, delayed

    runs = Parallel(n_jobs=workers)(
        delayed(one_fold)(factory, data, train, test, inner, len(folds) - 1, seed) for train, test in folds
    )
    pred = np.zeros(data.y.shape, dtype=bool)
    for (_, test), (fold_pred, _) in zip(folds, runs):
        pred[test] = fold_pred
    method = f"grouped {len(folds)}-fold CV by article, thresholds: {inner}"
    return score(data.y, pred, data.sectors, method=method, langs=data.langs), sum(s for _, s in runs)


def evaluate_systems(data: Data, folds, settings: Settings) -> dict[str, dict]:
    out = {}
    for system in SYSTEMS:
        factory = make_factory(system, data.sectors, spacy_epochs=settings.spacy_epochs)
        workers = settings.workers if system == "spacy" else 1
        print(f"  scoring {system} ...", file=sys.stderr, flush=True)
        scores, seconds = nested_cv(factory, data, folds, THRESHOLDS[system], settings.seed, workers)
        out[system] = {"scores": scores.to_dict(), "cv_seconds": round(seconds, 1), "thresholds": THRESHOLDS[system]}
    # The harness must agree with the toolkit's own nested cross-validation (`classify evaluate`).
    scheme = load_scheme()
    reference = cross_validate(load_labels(paths.labels().path, scheme), scheme, n_splits=settings.folds)
    out["ours"]["cross_validate"] = {"macro_f1": reference.macro_f1, "micro_f1": reference.micro_f1}
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


def changes_that_won(rows: list[Ablation], results: list[dict]) -> list[tuple[dict, float]]:
    """The best setting of each group that beat the default: (row name, changed settings, gain), best gain first."""
    base = ModelConfig()
    default = next(r for r in results if r["group"] == "default")
    won = []
    for group in dict.fromkeys(a.group for a in rows):
        members = [
            (a, r) for a, r in zip(rows, results)
            if a.group == group and a.texts == "surface" and a.tune and a.config != base
        ]
        if not members:
            continue
        best, result = max(members, key=lambda m: m[1]["macro_f1"])
        if result["macro_f1"] > default["macro_f1"]:
            change = {k: v for k, v in best.config.to_dict().items() if v != base.to_dict()[k]}
            won.append((best.name, change, result["macro_f1"] - default["macro_f1"]))
    return sorted(won, key=lambda w: -w[2])


def label_of(changes: dict) -> str:
    return ", ".join(f"{k}={tuple(v) if isinstance(v, list) else v}" for k, v in changes.items())


def spacy_import_seconds(runs: int = 3) -> float:
    """Median wall time a fresh process spends importing spaCy and making its French tokenizer."""
    code = "import spacy; spacy.blank('fr')"
    with_spacy = wall([sys.executable, "-c", code], runs)
    bare = wall([sys.executable, "-c", "pass"], runs)
    return statistics.median(with_spacy) - statistics.median(bare)


def files_mb(config: ModelConfig) -> float:
    """Size of the three model files ``classify train`` writes with ``config``, trained on all of ``labels/``."""
    from classifier.training import train

    with tempfile.TemporaryDirectory(prefix="classify-size-") as tmp:
        folder = Path(tmp)
        train(paths.labels().path, folder / "sectors.joblib", config=config, n_splits=2)
        return size_of(folder) / 1e6


def combine(rows: list[Ablation], results: list[dict]) -> tuple[Ablation | None, Ablation | None, list[dict]]:
    """(every winning change together, the winning changes that keep the targets, what each change cost).

    Changes are added best first; one is left out when, on top of those kept,
    it would make the model files larger than the target or make tagging import
    spaCy (whose import alone takes longer than the cold-tag target here).
    """
    won = changes_that_won(rows, results)
    if not won:
        return None, None, []
    base = ModelConfig().to_dict()
    everything = {k: v for _, change, _ in won for k, v in change.items()}
    kept: dict = {}
    costs = []
    for name, change, gain in won:
        trial = ModelConfig.from_dict({**base, **kept, **change})
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
    full = Ablation(f"combined: {label_of(everything)}", "combined", ModelConfig.from_dict({**base, **everything}))
    affordable = None
    if kept and kept != everything:
        affordable = Ablation(f"within targets: {label_of(kept)}", "combined", ModelConfig.from_dict({**base, **kept}))
    elif kept:
        affordable = full
    return full, affordable, costs


def _run_ablation(ab: Ablation, data: Data, folds, seed: int) -> dict:
    factory = make_factory("ours", data.sectors, config=ab.config)
    scores, seconds = nested_cv(factory, data, folds, "cv" if ab.tune else "fixed", seed)
    f1 = [v["f1"] for v in scores.to_dict()["per_label"].values()]
    return {
        "name": ab.name,
        "group": ab.group,
        "config": ab.config.to_dict(),
        "texts": ab.texts,
        "tune": ab.tune,
        "macro_f1": scores.macro_f1,
        "micro_f1": scores.micro_f1,
        "min_sector_f1": min(f1),
        "per_lang": scores.per_lang,
        "seconds": round(seconds, 1),
    }


def run_ablations(data: Data, folds, settings: Settings) -> tuple[list[dict], dict]:
    """The ablation rows, then the split check: the default and the combination on other fold seeds."""
    from joblib import Parallel, delayed

    rows = ablations()
    lemma_data = data.with_texts(lemmatise(data.texts)) if any(r.texts == "lemmas" for r in rows) else None
    parallel = Parallel(n_jobs=settings.workers)
    results = parallel(
        delayed(_run_ablation)(r, lemma_data if r.texts == "lemmas" else data, folds, settings.seed) for r in rows
    )
    full, affordable, costs = combine(rows, results)
    extra = [a for a in dict.fromkeys([full, affordable]) if a is not None]
    results += parallel(delayed(_run_ablation)(a, data, folds, settings.seed) for a in extra)
    # Differences of a few thousandths may be luck of the split: repeat the
    # comparison that matters on other grouped splits.
    contenders = [rows[0]] + extra
    seeds = [settings.seed + k for k in range(settings.split_seeds)]
    runs = parallel(
        delayed(_run_ablation)(a, data, group_folds(data.groups, settings.folds, seed), seed)
        for a in contenders
        for seed in seeds
    )
    check = {"seeds": seeds, "rows": {}, "costs": costs, "shippable": affordable.name if affordable else None}
    for i, a in enumerate(contenders):
        scores = [r["macro_f1"] for r in runs[i * len(seeds) : (i + 1) * len(seeds)]]
        check["rows"][a.name] = {"macro_f1": scores, "mean": float(np.mean(scores)), "sd": float(np.std(scores))}
    return results, check


# ---------------------------------------------------------------------------
# Training, speed, memory and size (fresh processes, one at a time)


def train_full(system: str, data: Data, folder: Path, settings: Settings) -> None:
    """Train on all the data with threshold tuning, as shipping would, and save to ``folder``."""
    if system == "ours":
        from classifier.training import train

        train(paths.labels().path, folder / "sectors.joblib", n_splits=settings.folds)
        return
    factory = make_factory(system, data.sectors, spacy_epochs=settings.spacy_epochs)
    model = factory().fit(list(data.texts), data.y)
    thresholds = inner_thresholds(factory, data.texts, data.y, data.groups, THRESHOLDS[system], settings.folds, settings.seed)
    model.save(folder)
    save_thresholds(folder, data.sectors, thresholds)


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


def measure_speed(data: Data, work: Path, settings: Settings) -> dict[str, dict]:
    batch_path = work / "batch.json"
    batch_path.write_text(json.dumps(batch_texts(data, settings.batch_min), ensure_ascii=False), encoding="utf-8")
    child = str(HERE / "child.py")
    out = {}
    for system in SYSTEMS:
        print(f"  timing {system} ...", file=sys.stderr, flush=True)
        folder = work / system
        repeats = 1 if system == "spacy" else settings.repeats
        train_times = []
        for _ in range(repeats):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            train_times.append(timed(lambda: train_full(system, data, folder, settings), 1)[0])
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
            "params": params_of(make_factory(system, data.sectors, spacy_epochs=settings.spacy_epochs)())
            if system != "ours"
            else ModelConfig().to_dict(),
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
    report = Report(
        settings=settings,
        command="python benchmarks/run.py" + (" --quick" if args.quick else "") + (" --no-ablations" if args.no_ablations else ""),
        started=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        data=data_summary(data),
        machine=machine(),
    )
    folds = group_folds(data.groups, settings.folds, settings.seed)
    print(f"{len(data.texts)} paragraphs, {len(set(data.groups))} articles, {len(folds)} folds", file=sys.stderr)
    report.quality = evaluate_systems(data, folds, settings)
    if settings.ablations:
        print("  ablations ...", file=sys.stderr, flush=True)
        report.ablations, report.split_check = run_ablations(data, folds, settings)
    with tempfile.TemporaryDirectory(prefix="classify-bench-") as tmp:
        work = Path(tmp)
        report.speed = measure_speed(data, work, settings)
        print("  --jobs scaling ...", file=sys.stderr, flush=True)
        report.jobs = measure_jobs(data, Path(report.speed["ours"]["model_dir"]) / "sectors.joblib", work, settings)
    report.seconds = time.perf_counter() - start
    OUT.mkdir(exist_ok=True)
    raw = OUT / ("quick.json" if args.quick else "full.json")
    raw.write_text(json.dumps(asdict(report), indent=2, default=str) + "\n", encoding="utf-8")
    args.out.write_text(render(report), encoding="utf-8")
    print(f"wrote {args.out} and {raw} in {report.seconds:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
