"""How tagging time grows with input size, from 1 KB to 50 MB (issue: reliability).

    python benchmarks/input_size.py            # 1 KB .. 50 MB
    python benchmarks/input_size.py --max-mb 5 # a quicker run

Three shapes of input, each written to a file and tagged the way `classify tag`
does it (read, split, score, build the result): an article of ordinary
paragraphs, one single paragraph, and one "word" with no space at all (the
input that makes some tokenizers slow). Prints the median time per size and the
time per MB relative to the 1 MB run of the same shape: flat means linear.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import classifier  # noqa: E402
from classifier.articles import load_article  # noqa: E402
from classifier.tagging import tag_article  # noqa: E402

SIZES_KB = [1, 10, 100, 1024, 10 * 1024, 50 * 1024]


def paragraphs_text(size: int) -> str:
    seed = (ROOT / "seeds" / "tolam-mishustin.txt").read_text(encoding="utf-8")
    body = "\n\n".join(p for p in seed.split("\n\n")[1:] if p.strip()) + "\n\n"
    return (body * (size // len(body.encode()) + 1)).encode()[:size].decode("utf-8", "ignore")


def one_paragraph(size: int) -> str:
    return paragraphs_text(size).replace("\n", " ")


def one_word(size: int) -> str:
    return "coopération"[:5] * (size // 5)


SHAPES = {"paragraphs": paragraphs_text, "one paragraph": one_paragraph, "one word": one_word}


def timed(model, path: Path) -> float:
    start = time.perf_counter()
    result = tag_article(model, load_article(path))
    elapsed = time.perf_counter() - start
    assert all(0 <= s.score <= 1 for s in result.sectors)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mb", type=float, default=50)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    model = classifier.load()
    sizes = [kb for kb in SIZES_KB if kb <= args.max_mb * 1024]
    print(f"{'shape':<14} {'size':>8} {'median s':>10} {'s per MB':>10} {'vs 1 MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for shape, make in SHAPES.items():
            rows = []
            for kb in sizes:
                path = Path(tmp) / "article.txt"
                path.write_text(make(kb * 1024), encoding="utf-8")
                repeats = args.repeats if kb <= 10 * 1024 else 1
                rows.append((kb, statistics.median(timed(model, path) for _ in range(repeats))))
            base = dict(rows).get(1024, rows[-1][1] * 1024 / rows[-1][0])
            for kb, t in rows:
                per_mb = t / (kb / 1024)
                label = f"{kb} KB" if kb < 1024 else f"{kb // 1024} MB"
                print(f"{shape:<14} {label:>8} {t:>10.4f} {per_mb:>10.3f} {per_mb / base:>8.2f}", flush=True)

if __name__ == "__main__":
    main()
