"""The report as plain text for the terminal: the scope, sector shares by period, top partners per sector."""

from __future__ import annotations

from .queries import Report

#: Periods shown as columns in the terminal (the latest ones); files and the page have them all.
MAX_COLUMNS = 10


def render_text(report: Report) -> str:
    scope = report.scope
    unit = scope.unit
    lines = [scope.counts() + ".", "Over " + scope.describe() + ".", *report.notes, ""]
    sp = report.sector_by_period
    periods = list(report.volume["period"])
    shown = periods[-MAX_COLUMNS:]
    ranked = list(report.sectors["sector"])
    name_w = max([len(report.sector_names[s]) for s in ranked] + [10])
    head = f"{'sector':<{name_w}}  {'all':>12}  " + "  ".join(f"{p:>7}" for p in shown)
    lines.append(f"Share of {unit} per sector by {scope.by}" + (f" (the last {len(shown)} of {len(periods)})" if len(shown) < len(periods) else "") + ":")
    lines.append(head)
    share = sp.pivot(index="sector", columns="period", values="share")
    for s, name, count, _, x in report.sectors.itertuples(index=False):
        cells = "  ".join(f"{share.at[s, p] * 100:>6.0f}%" for p in shown)
        lines.append(f"{name:<{name_w}}  {count:>6,} {x * 100:>4.0f}%  {cells}")
    totals = report.volume.set_index("period")["articles"]
    if unit == "articles":
        lines.append(f"{'(articles)':<{name_w}}  {scope.articles:>12,}  " + "  ".join(f"{int(totals[p]):>7,}" for p in shown))
    if report.partner_trend is not None:
        t = report.partner_trend
        lines += ["", f"Share of all {unit} naming {report.filters.partner} by {scope.by}:"]
        lines += [f"  {p}  {c:>6,} of {n:>7,}  {x * 100:5.1f}%" for p, c, n, x in t.itertuples(index=False)]
    if report.sector_trend is not None:
        t = report.sector_trend
        lines += ["", f"{report.sector_names[report.filters.sector]}: share of {unit} by {scope.by}:"]
        lines += [f"  {p}  {c:>6,} of {n:>7,}  {x * 100:5.1f}%" for p, c, n, x in t.itertuples(index=False)]
    if len(report.top_partners):
        lines += ["", f"Top partners per sector ({unit}, share of the sector's {unit}):"]
        for sid, group in report.top_partners.groupby("sector", sort=False):
            cells = ", ".join(f"{c} {k:,} ({x * 100:.0f}%)" for c, k, x in zip(group["partner"], group["count"], group["share_of_sector"]))
            lines.append(f"  {group['name'].iloc[0]:<{name_w}}  {cells}")
    return "\n".join(lines) + "\n"
