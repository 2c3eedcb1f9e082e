"""The news database: tagged articles in one DuckDB file, filled incrementally and safely.

`ingest` tags its inputs with `tagging.tag_sources` and writes each batch of
results in one transaction. An article is known by the digest of its content;
one already stored with the same model is not written again, so a second run
over the same folder writes nothing, and a run killed half-way leaves whole
batches only, which the next run completes.

Tables (schema `SCHEMA_VERSION`): ``articles`` (one row per article, ``id`` is
its digest), ``paragraphs``, ``paragraph_sectors``, ``article_sectors``,
``partners`` (code, name, main flag), ``places`` (name, country, kind),
``models`` (digest, date, scores), ``sectors`` (the scheme's ids and names) and
``classify_meta`` (the schema version).

Level: ``decentralised`` when a place in Viet Nam (a province or city) is
recorded for the article, ``national`` when partners are recorded and no such
place, NULL when nothing is known (no partner and no place detected); a
``level`` the tagger sets itself wins.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from .articles import os_errors
from .errors import ClassifyError
from .readers import ReadOptions, WalkSummary

#: The schema this version writes and reads; `MIGRATIONS` upgrades older ones.
SCHEMA_VERSION = 1
#: Where `classify ingest` and `classify report` keep the database unless told otherwise.
DEFAULT_DB = Path("news.duckdb")
#: Articles written per transaction: a kill loses at most this many, which the next run redoes.
WRITE_BATCH = 500
#: How places in Viet Nam are recognised, for the level (codes and names, lower case).
VIETNAM = {"vn", "vnm", "vietnam", "viet nam", "việt nam"}
LEVELS = ("national", "decentralised")

#: Upgrades of older schemas: ``{version: function(connection)}`` takes a database from
#: ``version`` to ``version + 1``; all steps run in one transaction.
MIGRATIONS: dict[int, Callable] = {}

TABLES = {
    "classify_meta": "key VARCHAR, value VARCHAR",
    "models": "digest VARCHAR, date VARCHAR, path VARCHAR, micro_f1 DOUBLE, macro_f1 DOUBLE, "
    "scores VARCHAR, sectors VARCHAR, first_used TIMESTAMP, last_used TIMESTAMP",
    "sectors": "id VARCHAR, name_en VARCHAR, name_fr VARCHAR, position INTEGER",
    "articles": "id VARCHAR, source VARCHAR, source_key VARCHAR, ref VARCHAR, url VARCHAR, title VARCHAR, "
    "date VARCHAR, day DATE, year INTEGER, month INTEGER, lang VARCHAR, level VARCHAR, main_partner VARCHAR, "
    "n_paragraphs INTEGER, n_words INTEGER, n_set_aside INTEGER, model VARCHAR, ingested_at TIMESTAMP",
    "paragraphs": "article_id VARCHAR, idx INTEGER, text VARCHAR, n_words INTEGER",
    "paragraph_sectors": "article_id VARCHAR, idx INTEGER, sector VARCHAR, score DOUBLE, sure BOOLEAN",
    "article_sectors": "article_id VARCHAR, sector VARCHAR, score DOUBLE, weight DOUBLE, sure BOOLEAN, n_paragraphs INTEGER",
    "partners": "article_id VARCHAR, code VARCHAR, name VARCHAR, main BOOLEAN",
    "places": "article_id VARCHAR, name VARCHAR, country VARCHAR, kind VARCHAR",
}
#: Tables with one or more rows per article, deleted with it when it is re-tagged or changed.
PER_ARTICLE = ("paragraphs", "paragraph_sectors", "article_sectors", "partners", "places")


# ---------------------------------------------------------------- opening


def connect(path: str | Path = DEFAULT_DB, write: bool = False):
    """A DuckDB connection to a classify news database, checked (and created or migrated when writing).

    Reading never creates a file; a database from a newer classify is refused,
    an older one migrated when `MIGRATIONS` allows (which needs write access).
    """
    import duckdb

    path = Path(path)
    _check_file(path, write)
    if write and path.exists() and path.stat().st_size == 0:
        path.unlink()  # an empty file (``touch news.duckdb``) holds nothing to keep
    try:
        con = duckdb.connect(str(path), read_only=not write)
    except duckdb.Error as err:
        raise _open_error(path, err, write) from None
    try:
        version = _schema_version(con, path)
        if version is None:
            if not write:
                raise ClassifyError(f"{path}: the database is empty; run `classify ingest FOLDER --db {path}` first")
            _create(con)
        elif version != SCHEMA_VERSION:
            if not write:
                con.close()
                _migrate_file(path, version)
                return connect(path, write=False)
            _migrate(con, path, version)
    except BaseException:
        con.close()
        raise
    return con


def _check_file(path: Path, write: bool) -> None:
    if path.is_dir():
        raise ClassifyError(f"{path}: is a folder, expected a database file (e.g. --db news.duckdb)", 2)
    if not path.exists():
        if not write:
            raise ClassifyError(f"{path}: no such database; create it with `classify ingest FOLDER --db {path}`")
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise ClassifyError(f"{path}: the folder {parent} does not exist")
        if not os.access(parent, os.W_OK):
            raise ClassifyError(f"{path}: cannot create the database, the folder {parent} is read-only")
        return
    with os_errors(path), path.open("rb") as f:
        head = f.read(16)
    if head and head[8:12] != b"DUCK":
        raise ClassifyError(f"{path}: not a DuckDB database (expected a file written by `classify ingest`); give another file with --db")
    if write and not os.access(path, os.W_OK):
        raise ClassifyError(f"{path}: the database is read-only; `classify report` can read it, to ingest copy it somewhere writable")


def _open_error(path: Path, err: Exception, write: bool) -> ClassifyError:
    text = str(err)
    low = text.lower()
    if "lock" in low:
        return ClassifyError(f"{path}: the database is in use by another process (an ingest still running?); wait for it to finish")
    if "permission" in low or "read-only" in low or "read only" in low:
        return ClassifyError(f"{path}: the database is read-only; to ingest, copy it somewhere writable")
    if "version" in low or "serializ" in low:
        return ClassifyError(f"{path}: written by another DuckDB version ({text.splitlines()[0]}); re-ingest into a new file")
    if "not a valid duckdb" in low:
        return ClassifyError(f"{path}: not a DuckDB database (expected a file written by `classify ingest`); give another file with --db")
    return ClassifyError(f"{path}: cannot open the database ({text.splitlines()[0]})")


def _schema_version(con, path: Path) -> int | None:
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
    if not tables:
        return None
    if "classify_meta" not in tables:
        shown = ", ".join(sorted(tables)[:6]) + (", ..." if len(tables) > 6 else "")
        raise ClassifyError(f"{path}: a DuckDB database, but not a classify news database (it holds {shown}); give another file with --db")
    row = con.execute("SELECT value FROM classify_meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0])
    except (TypeError, ValueError):
        raise ClassifyError(f"{path}: a classify database without a readable schema version; re-ingest into a new file") from None


def _create(con) -> None:
    con.execute("BEGIN")
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE {name} ({columns})")
    con.execute("INSERT INTO classify_meta VALUES ('schema_version', ?), ('created', ?)", [str(SCHEMA_VERSION), _now().isoformat()])
    con.execute("COMMIT")


def _migrate(con, path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise ClassifyError(
            f"{path}: written by a newer classify (schema version {version}, this one reads {SCHEMA_VERSION}); upgrade classify to read it"
        )
    missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        raise ClassifyError(
            f"{path}: schema version {version} is too old to migrate (this classify reads {SCHEMA_VERSION}); re-ingest the articles into a new file"
        )
    con.execute("BEGIN")
    try:
        for v in range(version, SCHEMA_VERSION):
            MIGRATIONS[v](con)
        con.execute("UPDATE classify_meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _migrate_file(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        import duckdb

        con = duckdb.connect(str(path), read_only=True)
        try:
            _migrate(con, path, version)  # raises the refusal
        finally:
            con.close()
    if not os.access(path, os.W_OK):
        raise ClassifyError(f"{path}: schema version {version} needs migrating to {SCHEMA_VERSION}, but the file is read-only; copy it somewhere writable")
    connect(path, write=True).close()


# ---------------------------------------------------------------- rows


def article_digest(article) -> str:
    """The digest of what was read of an article (its text and what came with it), from an `Article` or `ArticleTags`."""
    paragraphs = [p if isinstance(p, str) else p.text for p in article.paragraphs]
    data = [article.title, article.date, article.lang, article.url, paragraphs, list(article.set_aside)]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def source_key(source: str | None) -> str | None:
    """Where an article came from, independent of the working folder: its file resolved, any ``#N`` or ``:N`` kept."""
    if not source or source.startswith("<"):
        return None  # standard input: no place to recognise it by next time
    m = re.match(r"^(.*?)((?:[#:]\d+)?)$", source)
    base, suffix = m.group(1), m.group(2)
    try:
        p = Path(base)
        if p.exists():
            return str(p.resolve()) + suffix
    except OSError:
        pass
    return source


def parse_date(date: str | None):
    """(day, year, month) of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` date; the day is the first known one."""
    from datetime import date as Date

    if not date:
        return None, None, None
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date.strip())
    if not m:
        return None, None, None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    try:
        day = Date(year, month or 1, int(m.group(3)) if m.group(3) else 1)
    except ValueError:
        day = Date(year, month or 1, 1) if month and 1 <= month <= 12 else Date(year, 1, 1)
    return day, year, month


def partner_rows(result) -> list[tuple[str, str, bool]]:
    """(id, name, main) for each partner (`partners.Partner`) of a tagged article."""
    rows, seen = [], set()
    for p in result.partners:
        if p.id not in seen:
            seen.add(p.id)
            rows.append((p.id, p.name, p.id == result.main_partner))
    return rows


def place_rows(result) -> list[tuple[str, str, None]]:
    """(name, country, kind) for each place (`partners.Place`); detection gives no kind."""
    return [(p.name, p.country, None) for p in result.places]


def level_of(partners, places) -> str | None:
    """Decentralised when a Vietnamese locality is named, national when only partners are."""
    if any(country and country.lower() in VIETNAM for _, country, _ in places):
        return "decentralised"
    return "national" if partners else None


# ---------------------------------------------------------------- ingest


@dataclass
class IngestSummary:
    """What an ingest did: articles new, changed (same source, new text), re-tagged (new model),
    unchanged (same text and model, skipped), duplicates (a text already stored from another source), failed."""

    db: str
    model: str
    new: int = 0
    changed: int = 0
    retagged: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    articles_in_db: int = 0
    seconds: float = 0.0
    walk: WalkSummary = field(default_factory=WalkSummary)
    parquet: str | None = None

    @property
    def written(self) -> int:
        return self.new + self.changed + self.retagged

    @property
    def seen(self) -> int:
        return self.written + self.unchanged + self.duplicates + self.failed

    def format(self) -> str:
        parts = [f"{self.new:,} new", f"{self.changed:,} changed"]
        if self.retagged:
            parts.append(f"{self.retagged:,} re-tagged")
        parts.append(f"{self.unchanged:,} unchanged")
        if self.duplicates:
            parts.append(f"{self.duplicates:,} duplicates of stored articles")
        head = f"{self.db}: {self.seen - self.failed:,} articles read: " + ", ".join(parts) + f"; {self.failed:,} failed"
        if not self.written:
            head += "; nothing to write, the database is up to date"
        rate = f", {self.seen / self.seconds:,.0f} articles/s" if self.seconds > 0 and self.seen else ""
        return f"{head}\n{self.articles_in_db:,} articles in the database (model {self.model}); {self.walk.format()}; {self.seconds:.1f} s{rate}"


def ingest(
    paths: Iterable,
    db: str | Path = DEFAULT_DB,
    model=None,
    options: ReadOptions = ReadOptions(),
    jobs: int = 1,
    retag: bool = False,
    parquet: str | Path | None = None,
    progress: Callable[[IngestSummary], None] | None = None,
    backend: str | None = None,
    batch: int = WRITE_BATCH,
    transform: Callable | None = None,
) -> IngestSummary:
    """Tag every article in ``paths`` into the database ``db``; return what was done.

    Files are read once first: a file whose articles are all stored with this
    model already is not tagged again, so a second run over the same folder only
    reads. ``transform`` (an ``ArticleTags -> ArticleTags`` function) lets a caller
    add what the tagger does not know yet, e.g. partners from another source.
    """
    from .tagging import tag_sources

    if model is None:
        from . import load

        model = load()
    start = time.perf_counter()
    walk = WalkSummary()
    con = connect(db, write=True)
    try:
        summary = IngestSummary(str(db), model.digest, walk=walk)
        _register_model(con, model)
        state = _State.load(con, model.digest, retag)

        def tick(force: bool = False):
            if progress and (force or summary.seen % batch == 0):
                summary.seconds = time.perf_counter() - start
                progress(summary)

        def fail(source: str, message: str):
            summary.failed += 1
            if len(summary.failures) < 1000:
                summary.failures.append((source, message))
            tick()

        to_tag, reported = _files_to_tag(paths, options, state, summary, walk, fail, tick)
        chunk: list = []
        for outcome in tag_sources(model, to_tag, options, jobs=jobs, summary=walk if retag else WalkSummary(), backend=backend) if to_tag else ():
            if outcome.error is not None:
                if outcome.source not in reported:
                    fail(outcome.source, outcome.error)
                continue
            result = transform(outcome.result) if transform else outcome.result
            kind, digest, replaced = state.classify(result)
            setattr(summary, kind, getattr(summary, kind) + 1)
            if kind in ("new", "changed", "retagged"):
                chunk.append((result, digest, replaced))
            if len(chunk) >= batch:
                _write(con, chunk, model.digest)
                state.commit()
                chunk = []
                tick(force=True)
            else:
                tick()
        if chunk:
            _write(con, chunk, model.digest)
            state.commit()
        summary.articles_in_db = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        if parquet is not None:
            summary.parquet = str(export_parquet(con, parquet))
    finally:
        con.close()
    summary.seconds = time.perf_counter() - start
    if progress:
        progress(summary)
    return summary


def _files_to_tag(paths, options, state: "_State", summary: IngestSummary, walk: WalkSummary, fail, tick) -> tuple[list, set]:
    """Read every input once: count the articles already stored (same text, same model) of files that
    need nothing, record what cannot be read, and return the inputs that need tagging (standard input
    always does) with the sources whose failures are already counted."""
    from .articles import Article
    from .readers import expand, read_sources

    if state.retag:
        return list(paths), set()
    to_tag, reported = [], set()
    for item in expand(paths, walk):
        if item == "-":
            to_tag.append(item)
            continue
        counts = {"unchanged": 0, "duplicates": 0}
        needed = False
        for article in read_sources([item], options, walk):
            if not isinstance(article, Article):
                fail(article.source, article.message)
                reported.add(article.source)
                continue
            kind = state.stored(article_digest(article), source_key(article.source))
            if kind is None:
                needed = True
            else:
                counts[kind] += 1
        if needed:
            to_tag.append(item)
        else:
            summary.unchanged += counts["unchanged"]
            summary.duplicates += counts["duplicates"]
            tick()
    return to_tag, reported


class _State:
    """What the database holds (digest -> model, source -> digest), to decide what to write."""

    def __init__(self, by_digest: dict, by_source: dict, model: str, retag: bool):
        self.by_digest, self.by_source, self.model, self.retag = by_digest, by_source, model, retag
        self.done: set[str] = set()
        self.pending: list[tuple[str, str | None]] = []

    @classmethod
    def load(cls, con, model: str, retag: bool) -> "_State":
        rows = con.execute("SELECT id, model, source_key FROM articles").fetchall()
        return cls({r[0]: r[1] for r in rows}, {r[2]: r[0] for r in rows if r[2] is not None}, model, retag)

    def stored(self, digest: str, key: str | None) -> str | None:
        """"unchanged" or "duplicates" when the article needs no tagging, else None."""
        if digest in self.by_digest and self.by_digest[digest] == self.model and not self.retag:
            return "unchanged" if key is None or self.by_source.get(key) == digest else "duplicates"
        return None

    def classify(self, result) -> tuple[str, str, list[str]]:
        """The kind of a tagged article, its digest, and the ids of the stored articles it replaces."""
        digest = article_digest(result)
        key = source_key(result.source)
        if digest in self.done:
            return "duplicates", digest, []
        self.done.add(digest)
        kind = self.stored(digest, key)
        if kind is not None:
            return kind, digest, []
        self.pending.append((digest, key))
        old = self.by_source.get(key) if key is not None else None
        replaced = [d for d in (digest if digest in self.by_digest else None, old) if d is not None]
        if digest in self.by_digest:
            return "retagged", digest, replaced
        return ("changed" if old is not None else "new"), digest, replaced

    def commit(self) -> None:
        """After a batch is written: what it wrote is now in the database."""
        for digest, key in self.pending:
            old = self.by_source.get(key) if key is not None else None
            if old is not None and old != digest:
                self.by_digest.pop(old, None)
            self.by_digest[digest] = self.model
            if key is not None:
                self.by_source[key] = digest
        self.pending = []


def _register_model(con, model) -> None:
    now = _now()
    manifest = getattr(model, "manifest", None)
    metrics = (manifest.get("cv_metrics") if isinstance(manifest, dict) else getattr(manifest, "cv_metrics", None)) or {}
    sectors = [
        {"id": s, "name_en": getattr(model.scheme.get(s), "name_en", s), "name_fr": getattr(model.scheme.get(s), "name_fr", s)}
        for s in model.sectors
    ]
    con.execute("BEGIN")
    if con.execute("SELECT count(*) FROM models WHERE digest = ?", [model.digest]).fetchone()[0]:
        con.execute("UPDATE models SET last_used = ? WHERE digest = ?", [now, model.digest])
    else:
        con.execute(
            "INSERT INTO models VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                model.digest,
                model.date,
                None if getattr(model, "path", None) is None else str(model.path),
                metrics.get("micro_f1"),
                metrics.get("macro_f1"),
                json.dumps(metrics.get("per_label") or {}),
                json.dumps(sectors, ensure_ascii=False),
                now,
                now,
            ],
        )
    # The sector names shown by reports: the latest model's scheme, older ids kept.
    for pos, s in enumerate(sectors):
        con.execute("DELETE FROM sectors WHERE id = ?", [s["id"]])
        con.execute("INSERT INTO sectors VALUES (?, ?, ?, ?)", [s["id"], s["name_en"], s["name_fr"], pos])
    con.execute("COMMIT")


def _write(con, chunk: list, model: str) -> None:
    """Write a batch of tagged articles in one transaction, replacing the stored versions they supersede."""
    import pyarrow as pa

    now = _now()
    cols = {name: {c.split()[0]: [] for c in spec.split(", ")} for name, spec in TABLES.items() if name in ("articles", *PER_ARTICLE)}
    replaced = sorted({old for _, _, olds in chunk for old in olds})
    for result, aid, _ in chunk:
        partners = partner_rows(result)
        places = place_rows(result)
        day, year, month = parse_date(result.date)
        words = [len(p.text.split()) for p in result.paragraphs]
        main = next((c for c, _, m in partners if m), None)
        _append(
            cols["articles"],
            (aid, result.source, source_key(result.source), result.id, result.url, result.title, result.date, day, year, month,
             result.lang, level_of(partners, places), main, len(result.paragraphs), sum(words), len(result.set_aside), model, now),
        )
        for p, n in zip(result.paragraphs, words):
            _append(cols["paragraphs"], (aid, p.index, p.text, n))
            for s in p.sectors:
                _append(cols["paragraph_sectors"], (aid, p.index, s.sector, float(s.score), bool(s.sure)))
        for s in result.sectors:
            _append(cols["article_sectors"], (aid, s.sector, float(s.score), float(s.weight), bool(s.sure), len(s.paragraphs)))
        for code, name, is_main in partners:
            _append(cols["partners"], (aid, code, name, is_main))
        for name, country, kind in places:
            _append(cols["places"], (aid, name, country, kind))
    con.execute("BEGIN")
    try:
        if replaced:
            con.register("_replaced", pa.table({"id": replaced}))
            for table in PER_ARTICLE:
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT id FROM _replaced)")
            con.execute("DELETE FROM articles WHERE id IN (SELECT id FROM _replaced)")
            con.unregister("_replaced")
        for table, data in cols.items():
            if data[next(iter(data))]:
                con.register("_rows", pa.table(data, schema=_arrow_schema(table)))
                con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
                con.unregister("_rows")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _append(data: dict, row: tuple) -> None:
    for column, value in zip(data.values(), row):
        column.append(value)


_ARROW = {"VARCHAR": "string", "INTEGER": "int32", "DOUBLE": "float64", "BOOLEAN": "bool", "DATE": "date32", "TIMESTAMP": "timestamp_us"}


def _arrow_schema(table: str):
    import pyarrow as pa

    types = {"string": pa.string(), "int32": pa.int32(), "float64": pa.float64(), "bool": pa.bool_(), "date32": pa.date32(),
             "timestamp_us": pa.timestamp("us")}
    return pa.schema([(c.split()[0], types[_ARROW[c.split()[1]]]) for c in TABLES[table].split(", ")])


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


# ---------------------------------------------------------------- Parquet


def export_parquet(con, out: str | Path) -> Path:
    """Every table as Parquet under ``out``: per-article tables partitioned by year (``year=2020/``,
    Hive style, read by DuckDB, Dask, pandas or Spark), ``models`` and ``sectors`` as single files.

    The folder is written beside and swapped in at the end, so readers never see half of it.
    """
    import shutil

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ClassifyError(f"--parquet {out}: exists and is not a folder", 2)
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for table in ("articles", *PER_ARTICLE):
        query = (
            "SELECT * FROM articles"
            if table == "articles"
            else f"SELECT t.*, a.year FROM {table} t JOIN articles a ON a.id = t.article_id"
        )
        target = str(tmp / table).replace("'", "''")
        con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet, PARTITION_BY (year), OVERWRITE_OR_IGNORE)")
    for table in ("models", "sectors"):
        target = str(tmp / f"{table}.parquet").replace("'", "''")
        con.execute(f"COPY (SELECT * FROM {table}) TO '{target}' (FORMAT parquet)")
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return out
