"""Run in a fresh process by ``run.py``: tag with one saved system, cold.

    python benchmarks/child.py tag SYSTEM FOLDER ARTICLE.txt
        load the system, tag one article, print each paragraph's sectors
        (what ``classify tag ARTICLE.txt`` does, for a peer);
    python benchmarks/child.py batch SYSTEM FOLDER TEXTS.json REPEATS
        load the system, score a batch of paragraphs REPEATS times, print JSON:
        load time, paragraphs per second (median), peak resident memory
        (``VmHWM``; ``ru_maxrss`` is given too).

SYSTEM is ``ours`` (FOLDER holds ``sectors.npz``/``.json``, loaded as ``classify``
does) or a peer from ``systems.PEERS`` (FOLDER holds its files and ``thresholds.json``).
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path


def load_system(system: str, folder: Path):
    """(scorer with ``predict_proba``, sectors, thresholds)."""
    if system == "ours":
        import classifier

        model = classifier.load(folder / "sectors.joblib")
        return model, list(model.sectors), model.thresholds
    from systems import PEERS, load_thresholds

    sectors, thresholds = load_thresholds(folder)
    return PEERS[system].load(folder, sectors), sectors, thresholds


def tag(system: str, folder: Path, article: Path) -> None:
    from classifier.articles import load_article

    scorer, sectors, thresholds = load_system(system, folder)
    paragraphs = load_article(article).paragraphs
    proba = scorer.predict_proba(list(paragraphs))
    for i, row in enumerate(proba, 1):
        tags = [f"{s} {p:.2f}" for s, p, t in zip(sectors, row, thresholds) if p >= t]
        print(f"{i:>3}  {', '.join(tags) or '-'}")


def peak_rss_kb() -> int | None:
    """This process's peak resident memory (``VmHWM``), in kilobytes.

    ``getrusage(RUSAGE_SELF).ru_maxrss`` is kept across ``exec``: in a process
    started by a large parent it reports the parent's size when that is larger,
    so the kernel's per-address-space high-water mark is read instead (Linux).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def batch(system: str, folder: Path, texts_path: Path, repeats: int) -> None:
    texts = json.loads(texts_path.read_text(encoding="utf-8"))
    start = time.perf_counter()
    scorer, _, _ = load_system(system, folder)
    load_s = time.perf_counter() - start
    scorer.predict_proba(texts[:50])  # warm-up: lazy imports and caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        scorer.predict_proba(texts)
        times.append(time.perf_counter() - start)
    maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    hwm_kb = peak_rss_kb()
    print(
        json.dumps(
            {
                "load_s": load_s,
                "batch_size": len(texts),
                "batch_s": statistics.median(times),
                "paragraphs_per_s": len(texts) / statistics.median(times),
                "peak_rss_mb": (hwm_kb or maxrss_kb) / 1024,
                "ru_maxrss_mb": maxrss_kb / 1024,
            }
        )
    )


def main(argv: list[str]) -> None:
    mode, system, folder = argv[0], argv[1], Path(argv[2])
    if mode == "tag":
        tag(system, folder, Path(argv[3]))
    elif mode == "batch":
        batch(system, folder, Path(argv[3]), int(argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
