"""How well partner detection finds each labelled article's partner (issue 11).

    python benchmarks/partners.py            # the numbers
    python benchmarks/partners.py --misses   # and every article whose main partner is wrong or missed

Every article under labels/ carries its main partner in English ("Japan",
"EU", "World Bank"). For each article (its paragraphs in order, the first
being its headline; captions, bylines and links set aside as `classify tag` does) the script runs `classifier.partners.detect` and counts:

- main = label: the detected main partner is the labelled one;
- label among detected: the labelled partner is one of the detected partners;
- precision: on the articles checked by hand (benchmarks/partners_checked.json:
  every fifth article of the corpus as it stood at 279 articles, from the third,
  50 in all; for each, the partners its cooperation involves, written down by
  reading it), the share of detected partners that are right.

Also prints the detection time per article.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import OrderedDict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier.articles import classify_line  # noqa: E402
from classifier.partners import detect, gazetteer  # noqa: E402

CHECKED = Path(__file__).with_name("partners_checked.json")
TARGETS = {"main": 0.90, "among": 0.97, "precision": 0.95}


def articles(root: Path = ROOT / "labels") -> "OrderedDict[str, dict]":
    """Labelled articles: id -> {"paragraphs": [...], "partner": "..."}, in file order."""
    out: OrderedDict[str, dict] = OrderedDict()
    for path in sorted(root.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            art = out.setdefault(row["article"], {"paragraphs": [], "partner": row.get("partner")})
            if classify_line(row["text"].strip()) == "paragraph":  # captions, bylines, links are set aside when tagging
                art["paragraphs"].append(row["text"])
    return out


def run(show_misses: bool = False) -> dict:
    names = gazetteer()
    arts = {k: v for k, v in articles().items() if v["partner"]}
    main_ok = among_ok = 0
    misses = []
    start = time.perf_counter()
    found = {aid: detect(a["paragraphs"], names=names) for aid, a in arts.items()}
    elapsed = time.perf_counter() - start
    for aid, a in arts.items():
        want = names.lookup(a["partner"])
        if want is None:
            raise SystemExit(f"label partner {a['partner']!r} of {aid} is not a known name; add it to tools/make_partners_data.py")
        got = found[aid]
        ids = [p.id for p in got.partners]
        main_ok += got.main == want
        among_ok += want in ids
        if got.main != want:
            misses.append((aid, want, got.main, ids))
    n = len(arts)
    checked = json.loads(CHECKED.read_text(encoding="utf-8")) if CHECKED.exists() else {}
    right = total = 0
    wrong = []
    for aid, truth in checked.items():
        ids = [p.id for p in found[aid].partners]
        total += len(ids)
        right += sum(p in truth for p in ids)
        wrong += [(aid, p) for p in ids if p not in truth]
    result = {
        "articles": n,
        "main": main_ok / n,
        "among": among_ok / n,
        "checked": len(checked),
        "precision": right / total if total else float("nan"),
        "ms_per_article": 1000 * elapsed / n,
    }
    print(f"articles with a labelled partner: {n}")
    print(f"main partner = labelled one:      {main_ok}/{n} = {result['main']:.1%} (target >= {TARGETS['main']:.0%})")
    print(f"labelled one among detected:      {among_ok}/{n} = {result['among']:.1%} (target >= {TARGETS['among']:.0%})")
    print(
        f"precision of detected partners:   {right}/{total} = {result['precision']:.1%} on {len(checked)} articles "
        f"checked by hand (target >= {TARGETS['precision']:.0%})"
    )
    print(f"detection time:                   {result['ms_per_article']:.2f} ms per article")
    if show_misses:
        for aid, want, main, ids in misses:
            print(f"  miss {aid}: labelled {want}, main {main}, detected {ids}")
        for aid, p in wrong:
            print(f"  wrong {aid}: {p}")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the articles whose main partner is not the labelled one")
    run(parser.parse_args().misses)
