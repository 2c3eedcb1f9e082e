"""The report as one self-contained HTML page: charts as inline SVG, the counts behind each as a table.

The page skeleton (``template.html``) is package data; nothing in it or in the
charts points outside the file.
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from importlib.resources import files
from string import Template

from . import charts
from .queries import Report

#: Sectors drawn in the trend chart (the most frequent); the table below it has them all.
TREND_LINES = 6


def render_html(report: Report) -> str:
    """The page for ``report``: one string, ready to write to a ``.html`` file."""
    scope = report.scope
    unit = scope.unit
    per = scope.by
    colors = {s: charts.PALETTE[i % len(charts.PALETTE)] for i, s in enumerate(report.sector_names)}
    over = escape(scope.describe())
    sections: list[tuple[str, str, str]] = []  # (anchor, heading, html)

    def what(text: str) -> str:
        return f'<p class="what">{escape(text)} Over {over}.</p>'

    # 1. volume
    v = report.volume
    sections.append((
        "volume",
        f"Articles per {per}",
        what(f"Counts articles per {per}, whatever their sectors.")
        + _figure(charts.column_chart(list(v["period"]), [float(a) for a in v["articles"]],
                                      [f"{a:,} articles, {p:,} paragraphs" for a, p in zip(v["articles"], v["paragraphs"])],
                                      f"Articles per {per}"))
        + _details("Counts", _table(["period", "articles", "paragraphs"], [[p, f"{a:,}", f"{n:,}"] for p, a, n in v.itertuples(index=False)])),
    ))

    # 2. sector shares over periods
    sp = report.sector_by_period
    periods = list(v["period"])
    ranked = list(report.sectors["sector"])
    shown = ranked[:TREND_LINES]
    if report.filters.sector and report.filters.sector not in shown:
        shown = [report.filters.sector] + shown[: TREND_LINES - 1]
    series = []
    for s in shown:
        rows = sp[sp["sector"] == s].set_index("period").reindex(periods)
        series.append(charts.Series(
            report.sector_names[s],
            tuple(float(x) for x in rows["share"]),
            tuple(f"{int(c):,} of {int(t):,} {unit} ({x * 100:.0f}%)" for c, t, x in zip(rows["count"], rows["total"], rows["share"])),
            colors[s],
        ))
    pivot_count = sp.pivot(index="sector", columns="period", values="count").reindex(ranked)
    pivot_share = sp.pivot(index="sector", columns="period", values="share").reindex(ranked)
    totals = sp.drop_duplicates("period").set_index("period")["total"]
    body = [[report.sector_names[s]] + [_cell(pivot_count.at[s, p], pivot_share.at[s, p]) for p in periods] for s in ranked]
    body.append(["all " + unit] + [f"{int(totals[p]):,}" for p in periods])
    sections.append((
        "trends",
        f"Sector shares by {per}",
        what(f"{scope.counts()}. Each line is the share of the {per}'s {unit} that carry the sector; "
             f"the {len(shown)} most frequent sectors are drawn, the table has all {len(ranked)}.")
        + _figure(charts.line_chart(periods, series, f"Share of {unit} per sector by {per}"))
        + _details(f"Counts and shares, all sectors by {per}", _table(["sector"] + periods, body), open_=True),
    ))

    # 3. sectors overall
    s = report.sectors
    sections.append((
        "sectors",
        "Sectors overall",
        what(f"{scope.counts()}.")
        + _figure(charts.bar_chart([(n, float(c), f"{c:,} ({x * 100:.0f}%)") for n, c, x in zip(s["name"], s["count"], s["share"])],
                                   f"{unit.capitalize()} per sector"))
        + _details("Counts", _table(["sector", "id", unit, "share"], [[n, i, f"{c:,}", f"{x * 100:.1f}%"] for i, n, c, _, x in s.itertuples(index=False)])),
    ))

    # 4. partners
    p = report.partners
    if len(p):
        top = p.head(report.filters.top)
        partner_text = ("an article counts once for each partner it names" if not report.filters.main_only else "only each article's main partner counts")
        sections.append((
            "partners",
            "Partners",
            what(f"Counts {unit} per partner ({partner_text}); the top {len(top)} of {len(p)} partners; "
                 f"{scope.with_partners:,} of {scope.articles:,} articles name a partner.")
            + _figure(charts.bar_chart([(f"{n} ({c})" if n != c else c, float(k), f"{int(k):,} ({x * 100:.0f}%)")
                                        for c, n, k, _, x in top.itertuples(index=False)], f"{unit.capitalize()} per partner", color="#4a7f5a"))
            + _details("Counts, all partners", _table(["partner", "code", unit, "share"], [[n, c, f"{int(k):,}", f"{x * 100:.1f}%"] for c, n, k, _, x in p.itertuples(index=False)])),
        ))
        # 5. partner x sector
        bp = report.sector_by_partner
        rows = [(c, f"{n} ({c})" if n != c else c) for c, n in zip(top["partner"], top["name"])]
        cols = [(sid, report.sector_names[sid]) for sid in ranked]
        grid_c = bp.pivot(index="partner", columns="sector", values="count").reindex(index=[r[0] for r in rows], columns=ranked).fillna(0)
        grid_s = bp.pivot(index="partner", columns="sector", values="share").reindex(index=[r[0] for r in rows], columns=ranked).fillna(0)
        sections.append((
            "heatmap",
            "Partners by sector",
            what(f"Each cell: the {unit} of the partner (row) that carry the sector (column); the colour is the share of the partner's {unit}, "
                 "the number the count; the right column the partner's total.")
            + _figure(charts.heatmap(rows, cols, grid_s.values.tolist(), grid_c.values.astype(int).tolist(), [int(x) for x in top["count"]],
                                     f"{unit.capitalize()} per partner and sector", unit))
            + _top_partners(report),
        ))

    # 6. focus on a partner
    if report.partner_trend is not None:
        t = report.partner_trend
        name = p["name"].iloc[0] if len(p) else report.filters.partner
        sections.append((
            "partner",
            f"{name}: its share of all {unit}",
            what(f"The share of each {per}'s {unit} (with the other filters) that name {name}; the rest of this page covers {name}'s {unit} only.")
            + _figure(charts.line_chart(list(t["period"]), [charts.Series(
                name, tuple(float(x) for x in t["share"]),
                tuple(f"{c:,} of {n:,} {unit} ({x * 100:.0f}%)" for c, n, x in zip(t["count"], t["total"], t["share"])), "#4a7f5a")],
                f"Share of {unit} naming {name} by {per}"))
            + _details("Counts", _table(["period", name, f"all {unit}", "share"], [[a, f"{c:,}", f"{n:,}", f"{x * 100:.1f}%"] for a, c, n, x in t.itertuples(index=False)]), open_=True),
        ))
    # 7. focus on a sector
    if report.sector_trend is not None:
        sid = report.filters.sector
        name = report.sector_names[sid]
        t = report.sector_trend
        html = what(f"The share of each {per}'s {unit} that carry {name}.") + _figure(charts.line_chart(
            list(t["period"]), [charts.Series(name, tuple(float(x) for x in t["share"]),
                                              tuple(f"{c:,} of {n:,} {unit} ({x * 100:.0f}%)" for c, n, x in zip(t["count"], t["total"], t["share"])), colors[sid])],
            f"Share of {unit} carrying {name} by {per}"))
        html += _details("Counts", _table(["period", name, f"all {unit}", "share"], [[a, f"{c:,}", f"{n:,}", f"{x * 100:.1f}%"] for a, c, n, x in t.itertuples(index=False)]), open_=True)
        sp2 = report.sector_partners_by_period
        if sp2 is not None and len(sp2):
            leaders = list(sp2.groupby(["partner", "partner_name"])["count"].sum().sort_values(ascending=False).head(5).index)
            lines = []
            for k, (code, pname) in enumerate(leaders):
                rows_ = sp2[sp2["partner"] == code].set_index("period").reindex(list(t["period"]))
                counts = rows_["count"].fillna(0)
                lines.append(charts.Series(f"{pname} ({code})" if pname != code else code, tuple(float(c) for c in counts),
                                           tuple(f"{int(c):,} {unit} in {name}" for c in counts), charts.PALETTE[k]))
            html += what(f"Counts the {unit} in {name} per partner, for the {len(leaders)} partner{'s' if len(leaders) > 1 else ''} with the most.")
            html += _figure(charts.line_chart(list(t["period"]), lines, f"{unit.capitalize()} in {name} per partner by {per}", percent=False))
        sections.insert(2, ("sector", f"{name}: its trend", html))

    nav = "".join(f'<a href="#{a}">{escape(h)}</a>' for a, h, _ in sections)
    body = "\n".join(f'<section id="{a}"><h2>{escape(h)}</h2>{html}</section>' for a, h, html in sections)
    notes = "".join(f'<p class="notes">{escape(n)}</p>' for n in report.notes)
    title = "Sectors of cooperation in the news" + (f": {report.partners['name'].iloc[0]}" if report.filters.partner and len(report.partners) else "")
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    template = Template(files("classifier.report").joinpath("template.html").read_text(encoding="utf-8"))
    return template.safe_substitute(
        title=escape(title),
        scope=f"{escape(scope.counts())}. Over {over}.",
        notes=notes,
        nav=nav,
        sections=body,
        footer=escape(f"Made by classify report from {scope.db} on {stamp}. Hover a mark for its numbers; the tables hold the counts behind every chart."),
    )


def _top_partners(report: Report) -> str:
    t = report.top_partners
    unit = report.scope.unit
    if not len(t):
        return ""
    rows = []
    for sid, group in t.groupby("sector", sort=False):
        cells = ", ".join(f"{(n if n == c else f'{n} ({c})')} {k:,} ({x * 100:.0f}%)" for c, n, k, x in
                          zip(group["partner"], group["partner_name"], group["count"], group["share_of_sector"]))
        rows.append([group["name"].iloc[0], f"{int(group['sector_total'].iloc[0]):,}", cells])
    return _details(
        f"Top partners per sector ({unit} in the sector naming the partner, and their share of the sector's {unit})",
        _table(["sector", unit, "top partners"], rows, wrap=(2,)),
        open_=True,
    )


class Markup(str):
    """Table cell content made here, already HTML."""


def _cell(count, share) -> Markup:
    return Markup(f'{int(count):,} <span class="s">{share * 100:.0f}%</span>')


def _figure(svg: str) -> str:
    return f"<figure>{svg}</figure>"


def _details(summary: str, table: str, open_: bool = False) -> str:
    return f'<details{" open" if open_ else ""}><summary>{escape(summary)}</summary><div class="scroll">{table}</div></details>'


def _table(head: list[str], rows: list[list], left: tuple[int, ...] = (0,), wrap: tuple[int, ...] = ()) -> str:
    """A table; cells are escaped unless they are `Markup`."""

    def td(j, v):
        text = v if isinstance(v, Markup) else escape(str(v))
        if j in wrap:
            return f'<td class="w">{text}</td>'
        return f'<td class="l">{text}</td>' if j in left else f"<td>{text}</td>"

    h = "".join(f'<th class="l">{escape(str(x))}</th>' if j in left or j in wrap else f"<th>{escape(str(x))}</th>" for j, x in enumerate(head))
    b = "".join("<tr>" + "".join(td(j, v) for j, v in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{h}</tr></thead><tbody>{b}</tbody></table>"
