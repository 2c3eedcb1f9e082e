"""Ingest benchmark: many articles made from the labelled paragraphs, into the news database, then a report.

    python benchmarks/ingest.py --n 100000 [--jobs 2] [--keep DIR]

Each article takes 3 to 12 paragraphs of one labelled article (sampled, shuffled)
and sometimes one paragraph of another article with the same partner, a date
drawn between 2010 and 2025, and the labelled article's partner. Articles are
written as text files of 1,000 articles each, cut by a separator line
(``--split``), and ingested by `classifier.database.ingest`, the code behind
``classify ingest``. Until partner detection lands, the partner (and, for
decentralised articles, a Vietnamese province) is attached to each tagged
article from the labels by ``transform``.

Prints: articles/s, database size, peak memory, the time of a second (no-op)
ingest, and the report's time in-process and as ``classify report`` (target: under 2 s).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from classifier.partners import Partner, Place  # noqa: E402

SEPARATOR = "=====ARTICLE====="
PER_FILE = 1000

#: Partner names in the labels -> the codes a detector would give (ISO 3166 for countries).
CODES = {
    "Laos": "LA", "France": "FR", "Russia": "RU", "Japan": "JP", "United States": "US", "Cambodia": "KH", "Germany": "DE",
    "South Korea": "KR", "EU": "EU", "Cuba": "CU", "Thailand": "TH", "Australia": "AU", "India": "IN", "China": "CN",
    "ASEAN": "ASEAN", "Singapore": "SG", "Israel": "IL", "Indonesia": "ID", "Czech Republic": "CZ", "United Kingdom": "GB",
    "United Nations": "UN", "Belgium": "BE", "Belarus": "BY", "Canada": "CA", "Myanmar": "MM", "Mongolia": "MN",
    "Mozambique": "MZ", "Saudi Arabia": "SA", "Hungary": "HU", "Algeria": "DZ", "APEC": "APEC", "Turkey": "TR",
    "Philippines": "PH", "Kazakhstan": "KZ", "Poland": "PL", "Netherlands": "NL", "Denmark": "DK", "Sweden": "SE",
    "Timor-Leste": "TL", "United Arab Emirates": "AE", "World Bank": "WB", "Brazil": "BR", "WHO": "WHO", "Norway": "NO",
    "Italy": "IT", "Morocco": "MA", "Switzerland": "CH", "Egypt": "EG", "Spain": "ES", "Uzbekistan": "UZ", "Nigeria": "NG",
    "Angola": "AO", "Iran": "IR", "Finland": "FI", "Argentina": "AR", "Chile": "CL", "Mexico": "MX",
}
PROVINCES = ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Nghệ An", "Quảng Ninh", "Cần Thơ", "Huế", "Lào Cai", "Điện Biên", "Bình Dương")


def labelled_articles() -> list[dict]:
    """The labelled articles: their paragraphs, partner and level."""
    arts: dict[str, dict] = {}
    for path in sorted((ROOT / "labels").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            a = arts.setdefault(r["article"], {"paragraphs": [], "partner": r.get("partner"), "level": r.get("level")})
            a["paragraphs"].append(r["text"])
    return [a for a in arts.values() if a["paragraphs"]]


def make_articles(n: int, out: Path, seed: int = 13, per_file: int = PER_FILE) -> dict[str, tuple]:
    """Write ``n`` articles as text files under ``out``; return source -> (partners, places) for `transform`."""
    rng = random.Random(seed)
    arts = labelled_articles()
    by_partner: dict[str, list[dict]] = {}
    for a in arts:
        by_partner.setdefault(a["partner"], []).append(a)
    out.mkdir(parents=True, exist_ok=True)
    truth: dict[str, tuple] = {}
    for f in range(0, n, per_file):
        path = out / f"articles-{f // per_file:05d}.txt"
        parts = []
        for k in range(1, min(per_file, n - f) + 1):
            a = rng.choice(arts)
            paras = rng.sample(a["paragraphs"], min(len(a["paragraphs"]), rng.randint(3, 12)))
            if rng.random() < 0.3:
                other = rng.choice(by_partner[a["partner"]])
                paras.append(rng.choice(other["paragraphs"]))
            rng.shuffle(paras)
            date = f"{rng.randint(2010, 2025)}-{rng.randint(1, 12):02d}"
            parts.append(f"date {date}\n\n" + "\n\n".join(paras))
            partners = ()
            if a["partner"]:
                partners = (Partner(CODES.get(a["partner"], a["partner"]), a["partner"], "country", 1, 1.0),)
            places = ()
            if a["level"] == "decentralised":
                province = rng.choice(PROVINCES)
                places = (Place(f"vn:{province}", province, "VN", 1),)
            truth[f"{path}#{k}"] = (partners, places)
        path.write_text(f"\n{SEPARATOR}\n".join(parts) + "\n", encoding="utf-8")
    return truth


def attach(truth: dict):
    """The `transform` that gives each tagged article its partner and places from the labels."""

    def transform(result):
        partners, places = truth.get(result.source, ((), ()))
        if result.partners or not partners:
            return result  # partner detection ran: keep what it found
        return replace(result, partners=partners, places=places, main_partner=partners[0].id)

    return transform


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to make (default 100,000)")
    parser.add_argument("--jobs", type=int, default=1, help="tagging processes")
    parser.add_argument("--keep", type=Path, help="keep the articles, database and report in this folder")
    args = parser.parse_args(argv)

    import classifier
    from classifier.database import ingest
    from classifier.readers import ReadOptions
    from classifier.report import Filters, make_report

    work = args.keep or Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    articles, db = work / "articles", work / "news.duckdb"
    shutil.rmtree(articles, ignore_errors=True)
    db.unlink(missing_ok=True)
    t = time.perf_counter()
    truth = make_articles(args.n, articles)
    print(f"made {args.n:,} articles in {len(list(articles.iterdir()))} files in {time.perf_counter() - t:.1f} s")

    model = classifier.load()
    options = ReadOptions(split=SEPARATOR)
    first = ingest([articles], db, model, options, jobs=args.jobs, transform=attach(truth))
    print(f"ingest: {first.seen:,} articles in {first.seconds:.1f} s = {first.seen / first.seconds:,.0f} articles/s (jobs={args.jobs})")
    print(f"  {first.new:,} new, {first.failed:,} failed")
    print(f"database: {db.stat().st_size / 2**20:,.1f} MB ({db.stat().st_size / max(first.written, 1) / 1024:.1f} KB per article)")
    print(f"peak memory (this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    second = ingest([articles], db, model, options, jobs=args.jobs, transform=attach(truth))
    print(f"second ingest: {second.unchanged:,} unchanged, {second.written:,} written, {second.seconds:.1f} s")

    t = time.perf_counter()
    out = make_report(db, Filters(), (work / "report.html", work / "tables"))
    in_process = time.perf_counter() - t
    t = time.perf_counter()
    make_report(db, Filters(partner="LA", sector="energy", since="2015"), (work / "report-la.html",))
    focused = time.perf_counter() - t
    t = time.perf_counter()
    cli = [sys.executable, "-m", "classifier.cli", "report", "--db", str(db), "--out", str(work / "cli.html"), "--quiet"]
    done = subprocess.run([sys.executable, "-c", "from classifier.cli import main; main()", *cli[3:]], capture_output=True, text=True)
    command = time.perf_counter() - t
    if done.returncode:
        print(done.stderr)
    verdict = "OK" if max(in_process, command) < 2 else "OVER the 2 s target"
    print(f"report: {in_process:.2f} s in-process (page + tables), {focused:.2f} s with --partner LA --sector energy --since 2015, "
          f"{command:.2f} s as `classify report` -> {verdict}")
    print(f"  page {Path(out.written[0]).stat().st_size / 1024:,.0f} KB; files in {work}")


if __name__ == "__main__":
    main()
