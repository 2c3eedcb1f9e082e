"""The report's numbers: counts and shares of sectors by period, by partner, and both, from the news database.

All counting happens in DuckDB; only the aggregated tables come back (as
pandas DataFrames), so a report over 100,000 articles takes a fraction of a second.
Every table carries a ``unit`` column: what its counts count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..database import LEVELS
from ..errors import ClassifyError

UNITS = ("articles", "paragraphs")
PERIODS = ("year", "month")
#: Partners shown in the heatmap and bar chart; sectors' top partners.
TOP_PARTNERS = 20
TOP_PER_SECTOR = 5


@dataclass(frozen=True)
class Filters:
    """Which articles a report covers, and how it counts them.

    ``since``/``until``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, both included.
    ``partner`` (a code or name) restricts the report to that partner's articles
    and adds its trend; ``sector`` adds that sector's trend and partners.
    """

    since: str | None = None
    until: str | None = None
    level: str | None = None
    places: tuple[str, ...] = ()
    partner: str | None = None
    sector: str | None = None
    by: str = "year"
    unit: str = "articles"
    main_only: bool = False
    sure_only: bool = False
    top: int = TOP_PARTNERS

    def describe(self) -> str:
        parts = []
        if self.since:
            parts.append(f"since {self.since}")
        if self.until:
            parts.append(f"until {self.until}")
        if self.level:
            parts.append(f"level {self.level}")
        if self.places:
            parts.append("places " + ", ".join(self.places))
        if self.partner:
            parts.append(f"partner {self.partner}")
        if self.main_only:
            parts.append("main partner only")
        if self.sure_only:
            parts.append("sure tags only")
        return "; ".join(parts) or "none"


@dataclass(frozen=True)
class ModelUse:
    digest: str
    date: str | None
    micro_f1: float | None
    articles: int


@dataclass(frozen=True)
class Scope:
    """What every figure counts and over what: the unit, the articles, their dates, the models."""

    db: str
    unit: str
    articles: int
    paragraphs: int
    first: str | None
    last: str | None
    undated: int
    level_unknown: int
    with_partners: int
    models: tuple[ModelUse, ...]
    filters: str
    by: str

    def describe(self) -> str:
        dates = f"dated {self.first} to {self.last}" if self.first else "none dated"
        undated = f" ({self.undated:,} undated, left out of the trends)" if self.undated else ""
        models = "; ".join(
            f"{m.digest} of {m.date}" + (f", micro-F1 {m.micro_f1:.2f}" if m.micro_f1 is not None else "") + (f", {m.articles:,} articles" if len(self.models) > 1 else "")
            for m in self.models
        )
        return (
            f"{self.articles:,} articles ({self.paragraphs:,} paragraphs) {dates}{undated}; "
            f"tagged by model {models}; filters: {self.filters}"
        )

    def counts(self) -> str:
        if self.unit == "paragraphs":
            return "Counts paragraphs: a paragraph counts once for each sector it carries; shares are of all paragraphs"
        return "Counts articles: an article counts once for each sector it carries (at least one paragraph tagged), so shares add up to more than 100%"


@dataclass
class Report:
    """The tables of a report (pandas DataFrames) and the scope they cover."""

    scope: Scope
    filters: Filters
    sector_names: dict
    sectors: object  # sector, name, count, total, share
    volume: object  # period, articles, paragraphs
    sector_by_period: object  # period, sector, name, count, total, share
    partners: object  # partner, name, count, total, share
    sector_by_partner: object  # partner, partner_name, sector, name, count, total, share
    top_partners: object  # sector, name, rank, partner, partner_name, count, sector_total, share_of_sector
    partner_trend: object | None = None  # period, count, total, share
    sector_trend: object | None = None  # period, count, total, share
    sector_partners_by_period: object | None = None  # period, partner, partner_name, count, total, share
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict:
        """Every table by name, each with a ``unit`` column."""
        names = ["sectors", "volume", "sector_by_period", "partners", "sector_by_partner", "top_partners",
                 "partner_trend", "sector_trend", "sector_partners_by_period"]
        out = {}
        for name in names:
            df = getattr(self, name)
            if df is not None:
                df = df.copy()
                df.insert(0, "unit", "articles" if name == "volume" else self.scope.unit)
                out[name] = df
        return out


def build_report(con, filters: Filters = Filters(), db: str = "") -> Report:
    """Compute a report's tables on an open database connection (see `classifier.database.connect`)."""
    import pandas as pd

    filters = _check(con, filters, db)
    names = dict(con.execute("SELECT id, name_en FROM sectors ORDER BY position").fetchall())
    order = list(names)
    where, params = _where(filters)
    period = "CAST(a.year AS VARCHAR)" if filters.by == "year" else "CASE WHEN a.month IS NOT NULL THEN strftime(a.day, '%Y-%m') END"
    weight = "1" if filters.unit == "articles" else "a.n_paragraphs"
    con.execute("DROP TABLE IF EXISTS _scope")
    con.execute(
        f"CREATE TEMP TABLE _scope AS SELECT a.id, {period} AS period, {weight} AS n, a.n_paragraphs, a.date, a.level FROM articles a WHERE {where}",
        params,
    )
    main = " WHERE main" if filters.main_only else ""
    con.execute("DROP TABLE IF EXISTS _sel")
    if filters.partner:
        con.execute(f"CREATE TEMP TABLE _sel AS SELECT s.* FROM _scope s WHERE s.id IN (SELECT article_id FROM partners WHERE code = ?{' AND main' if filters.main_only else ''})", [filters.partner])
    else:
        con.execute("CREATE TEMP TABLE _sel AS SELECT * FROM _scope")
    n_articles, n_paragraphs, first, last, undated, unknown = con.execute(
        "SELECT count(*), coalesce(sum(n_paragraphs), 0), min(date), max(date), count(*) FILTER (WHERE period IS NULL), count(*) FILTER (WHERE level IS NULL) FROM _sel"
    ).fetchone()
    if n_articles == 0:
        raise ClassifyError(_no_match(con, filters, db))
    tagged = (
        ("SELECT article_id, sector FROM article_sectors" if filters.unit == "articles" else "SELECT article_id, sector FROM paragraph_sectors")
        + (" WHERE sure" if filters.sure_only else "")
    )
    partners = f"(SELECT article_id, code, name FROM partners{main})"
    total = int(con.execute("SELECT sum(n) FROM _sel").fetchone()[0])

    def df(sql, *args):
        return con.execute(sql, list(args)).df()

    sectors = df(f"SELECT t.sector, count(*) AS count FROM ({tagged}) t JOIN _sel s ON s.id = t.article_id GROUP BY 1")
    sectors = _complete(pd.DataFrame({"sector": order}).merge(sectors, how="left"), names)
    sectors["total"] = total
    sectors["share"] = sectors["count"] / total
    sectors = sectors.sort_values(["count", "sector"], ascending=[False, True], ignore_index=True)

    volume = df("SELECT period, count(*) AS articles, CAST(sum(n_paragraphs) AS BIGINT) AS paragraphs, CAST(sum(n) AS BIGINT) AS total FROM _sel WHERE period IS NOT NULL GROUP BY 1 ORDER BY 1")
    by_period = df(f"SELECT s.period, t.sector, count(*) AS count FROM ({tagged}) t JOIN _sel s ON s.id = t.article_id WHERE s.period IS NOT NULL GROUP BY 1, 2")
    grid = pd.MultiIndex.from_product([volume["period"], order], names=["period", "sector"]).to_frame(index=False)
    by_period = _complete(grid.merge(by_period, how="left"), names)
    by_period = by_period.merge(volume[["period", "total"]], on="period")
    by_period["share"] = by_period["count"] / by_period["total"]
    volume = volume.drop(columns="total")

    partner_totals = df(
        f"SELECT p.code AS partner, mode(p.name) AS name, CAST(sum(s.n) AS BIGINT) AS count FROM {partners} p JOIN _sel s ON s.id = p.article_id GROUP BY 1"
    )
    partner_totals["total"] = total
    partner_totals["share"] = partner_totals["count"] / total
    partner_totals = partner_totals.sort_values(["count", "partner"], ascending=[False, True], ignore_index=True)
    by_partner = df(
        f"SELECT p.code AS partner, t.sector, count(*) AS count FROM ({tagged}) t JOIN _sel s ON s.id = t.article_id "
        f"JOIN {partners} p ON p.article_id = t.article_id GROUP BY 1, 2"
    )
    by_partner = by_partner.merge(partner_totals[["partner", "name", "count"]].rename(columns={"name": "partner_name", "count": "total"}), on="partner")
    by_partner["name"] = by_partner["sector"].map(names)
    by_partner["share"] = by_partner["count"] / by_partner["total"]
    by_partner = by_partner[["partner", "partner_name", "sector", "name", "count", "total", "share"]].sort_values(
        ["total", "partner", "count"], ascending=[False, True, False], ignore_index=True
    )

    top = by_partner.sort_values(["sector", "count", "partner"], ascending=[True, False, True])
    top = top.groupby("sector", sort=False).head(TOP_PER_SECTOR).copy()
    top["rank"] = top.groupby("sector").cumcount() + 1
    top = top.merge(sectors[["sector", "count"]].rename(columns={"count": "sector_total"}), on="sector")
    top["share_of_sector"] = top["count"] / top["sector_total"]
    top["position"] = top["sector"].map({s: i for i, s in enumerate(sectors["sector"])})
    top = top.sort_values(["position", "rank"], ignore_index=True)[
        ["sector", "name", "rank", "partner", "partner_name", "count", "sector_total", "share_of_sector"]
    ]

    report = Report(
        scope=Scope(
            db=str(db),
            unit=filters.unit,
            articles=int(n_articles),
            paragraphs=int(n_paragraphs),
            first=first,
            last=last,
            undated=int(undated),
            level_unknown=int(unknown),
            with_partners=int(con.execute(f"SELECT count(DISTINCT article_id) FROM {partners} p JOIN _sel s ON s.id = p.article_id").fetchone()[0]),
            models=tuple(
                ModelUse(*row)
                for row in con.execute(
                    "SELECT a.model, m.date, m.micro_f1, count(*) FROM articles a JOIN _sel s ON s.id = a.id "
                    "LEFT JOIN models m ON m.digest = a.model GROUP BY 1, 2, 3 ORDER BY 4 DESC"
                ).fetchall()
            ),
            filters=filters.describe(),
            by=filters.by,
        ),
        filters=filters,
        sector_names=names,
        sectors=sectors[["sector", "name", "count", "total", "share"]],
        volume=volume,
        sector_by_period=by_period[["period", "sector", "name", "count", "total", "share"]],
        partners=partner_totals[["partner", "name", "count", "total", "share"]],
        sector_by_partner=by_partner,
        top_partners=top,
    )
    if filters.partner:
        trend = df(
            "SELECT c.period, coalesce(p.count, 0) AS count, c.total FROM "
            "(SELECT period, CAST(sum(n) AS BIGINT) AS total FROM _scope WHERE period IS NOT NULL GROUP BY 1) c "
            "LEFT JOIN (SELECT period, CAST(sum(n) AS BIGINT) AS count FROM _sel GROUP BY 1) p ON p.period = c.period ORDER BY 1"
        )
        trend["share"] = trend["count"] / trend["total"]
        report.partner_trend = trend
    if filters.sector:
        trend = by_period[by_period["sector"] == filters.sector][["period", "count", "total", "share"]].reset_index(drop=True)
        report.sector_trend = trend
        sp = df(
            f"SELECT s.period, p.code AS partner, mode(p.name) AS partner_name, count(*) AS count FROM ({tagged}) t "
            f"JOIN _sel s ON s.id = t.article_id JOIN {partners} p ON p.article_id = t.article_id "
            "WHERE t.sector = ? AND s.period IS NOT NULL GROUP BY 1, 2",
            filters.sector,
        )
        sp = sp.merge(trend[["period", "count"]].rename(columns={"count": "total"}), on="period")
        sp["share"] = sp["count"] / sp["total"]
        report.sector_partners_by_period = sp.sort_values(["period", "count"], ascending=[True, False], ignore_index=True)
    if report.scope.with_partners == 0:
        report.notes.append("No partner is recorded for these articles (partner detection did not run on them): the partner tables are empty.")
    if unknown:
        report.notes.append(f"Level unknown for {int(unknown):,} articles (no partner or place detected).")
    con.execute("DROP TABLE IF EXISTS _scope")
    con.execute("DROP TABLE IF EXISTS _sel")
    return report


def _complete(df, names):
    df["count"] = df["count"].fillna(0).astype("int64")
    df["name"] = df["sector"].map(names)
    return df


def _where(f: Filters) -> tuple[str, list]:
    conds, params = ["TRUE"], []
    if f.since:
        conds.append("a.day >= ?")
        params.append(_bound(f.since, "--since"))
    if f.until:
        conds.append("a.day < ?")
        params.append(_bound(f.until, "--until", after=True))
    if f.level:
        conds.append("a.level = ?")
        params.append(f.level)
    if f.places:
        marks = ", ".join("?" for _ in f.places)
        conds.append(f"a.id IN (SELECT article_id FROM places WHERE lower(name) IN ({marks}) OR lower(country) IN ({marks}))")
        low = [p.lower() for p in f.places]
        params += low + low
    return " AND ".join(conds), params


def _bound(text: str, option: str, after: bool = False) -> date:
    """The first day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (with ``after``: the day after its end)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    try:
        if not m:
            raise ValueError
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        if d:
            day = date(y, int(mo), int(d))
            return date.fromordinal(day.toordinal() + 1) if after else day
        if mo:
            first = date(y, int(mo), 1)
            if not after:
                return first
            return date(y + 1, 1, 1) if int(mo) == 12 else date(y, int(mo) + 1, 1)
        return date(y + 1, 1, 1) if after else date(y, 1, 1)
    except ValueError:
        raise ClassifyError(f"{option}: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {text!r}", 2) from None


def _check(con, f: Filters, db) -> Filters:
    """Validate the filters against the database; a partner given by name becomes its code."""
    if f.unit not in UNITS:
        raise ClassifyError(f"unit: expected one of {', '.join(UNITS)}, found {f.unit!r}", 2)
    if f.by not in PERIODS:
        raise ClassifyError(f"--by: expected one of {', '.join(PERIODS)}, found {f.by!r}", 2)
    if f.level is not None and f.level not in LEVELS:
        raise ClassifyError(f"--level: expected one of {', '.join(LEVELS)}, found {f.level!r}", 2)
    for value, option in ((f.since, "--since"), (f.until, "--until")):
        if value:
            _bound(value, option)
    if con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0:
        raise ClassifyError(f"{db}: the database holds no article yet; run `classify ingest FOLDER --db {db}` first")
    if f.sector is not None:
        ids = [r[0] for r in con.execute("SELECT id FROM sectors ORDER BY position").fetchall()]
        if f.sector not in ids:
            raise ClassifyError(f"--sector: unknown sector {f.sector!r}; the sectors are: {', '.join(ids)}", 2)
    if f.partner is not None:
        rows = con.execute("SELECT code, mode(name), count(DISTINCT article_id) AS n FROM partners GROUP BY 1 ORDER BY 3 DESC, 1").fetchall()
        if not rows:
            raise ClassifyError(f"--partner: no partner is recorded in {db} (partner detection did not run on its articles)", 2)
        wanted = f.partner.strip().lower()
        match = next((code for code, name, _ in rows if wanted in (code.lower(), str(name).lower())), None)
        if match is None:
            valid = ", ".join(f"{code} ({name})" if name != code else code for code, name, _ in rows)
            raise ClassifyError(f"--partner: unknown partner {f.partner!r}; the partners in {db} are: {valid}", 2)
        f = replace(f, partner=match)
    return f


def _no_match(con, f: Filters, db) -> str:
    first, last, n = con.execute("SELECT min(date), max(date), count(*) FROM articles").fetchone()
    held = f"{n:,} articles" + (f" dated {first} to {last}" if first else "")
    return f"no article matches the filters ({f.describe()}); {db} holds {held}"
