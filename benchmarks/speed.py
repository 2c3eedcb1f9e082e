"""Tagging speed, measured against baselines in the same run: python benchmarks/speed.py

- batch scoring: `model.predict_proba` on every labelled paragraph, one process,
  against a plain scikit-learn TF-IDF (words and bigrams) + logistic regression
  fitted on the same paragraphs (fastText and spaCy beside ours: BENCHMARKS.md);
- cold start: `classify tag` of one seed in a fresh process, against a bare
  `python -c pass` in the same run.
Medians over repeated runs; ratios are to the baselines measured here.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5


def median_seconds(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline

    import classifier
    from classifier.labels import load_labels

    model = classifier.load(ROOT / "models" / "sectors.joblib")
    corpus = load_labels(ROOT / "labels", model.scheme)
    texts, y = corpus.texts, corpus.label_matrix(model.scheme)
    plain = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), OneVsRestClassifier(LogisticRegression(max_iter=1000)))
    plain.fit(texts, y)

    def ours():
        model.scorer._word_cache.clear()  # no help from an earlier run: each run starts cold
        model.predict_proba(texts)

    ours()  # warm-up (imports)
    plain.predict_proba(texts)
    t_ours = median_seconds(ours)
    t_warm = median_seconds(lambda: model.predict_proba(texts))  # every word already seen: a long run's steady state
    t_plain = median_seconds(lambda: plain.predict_proba(texts))
    n = len(texts)
    print(f"batch scoring, {n} paragraphs, median of {REPEAT}:")
    print(f"  classify, each word's features computed afresh {n / t_ours:10,.0f} paragraphs/s   ratio to plain {t_plain / t_ours:.2f}")
    print(f"  classify, words already seen (long runs)       {n / t_warm:10,.0f} paragraphs/s   ratio to plain {t_plain / t_warm:.2f}")
    print(f"  plain TF-IDF (words, bigrams) + LR             {n / t_plain:10,.0f} paragraphs/s")
    # fastText's throughput beside ours: BENCHMARKS.md (benchmarks/run.py trains it as the benchmark tunes it)

    seed = ROOT / "seeds" / "tolam-mishustin.txt"
    exe = Path(sys.executable).parent / "classify"
    bare = median_seconds(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 7)
    cold = median_seconds(lambda: subprocess.run([str(exe), "tag", str(seed)], check=True, stdout=subprocess.DEVNULL), 7)
    print(f"cold `classify tag` of one seed: median {cold:.2f} s over 7 runs (bare `python -c pass`: {bare:.3f} s; ratio {cold / bare:.1f}x)")


if __name__ == "__main__":
    main()
