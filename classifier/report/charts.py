"""Charts as inline SVG strings: lines over periods, a heatmap, horizontal and vertical bars.

Drawn in Python so the page needs nothing from the internet and no JavaScript;
every mark carries a ``<title>`` with its exact numbers (shown on hover).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

#: One colour per sector position (15 sectors), distinguishable and print-safe.
PALETTE = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#393b79", "#637939", "#ad494a", "#7b4173", "#3182bd",
)
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    notes: tuple[str, ...]  # tooltip per point
    color: str


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" style="{FONT};max-width:100%;height:auto">'
        f"<title>{escape(label)}</title>" + "".join(body) + "</svg>"
    )


def _ticks(top: float, n: int = 5) -> list[float]:
    if top <= 0:
        return [0.0, 1.0]
    raw = top / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [step * i for i in range(int(math.ceil(top / step - 1e-9)) + 1)]


def _fmt(v: float, percent: bool) -> str:
    if percent:
        return f"{v * 100:.0f}%" if v >= 0.1 or v == 0 else f"{v * 100:.1f}%"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"


def _every(n: int, room: float, width: float = 44) -> int:
    """Label every k-th tick so labels do not overlap."""
    return max(1, math.ceil(n * width / max(room, 1)))


def line_chart(x: list[str], series: list[Series], label: str, percent: bool = True, width: int = 860, height: int = 360) -> str:
    left, right, top, bottom = 56, 250, 16, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for s in series for v in s.values if v is not None] or [0])
    ticks = _ticks(peak * 1.05)
    ymax = ticks[-1] or 1
    n = len(x)

    def px(i):
        return left + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    def py(v):
        return top + plot_h - v / ymax * plot_h

    body = []
    for t in ticks:
        y = py(t)
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#555">{_fmt(t, percent)}</text>')
    k = _every(n, plot_w)
    for i, name in enumerate(x):
        if i % k == 0 or (i == n - 1 and (n - 1) % k >= k / 2 + 0.5):
            body.append(f'<text x="{px(i):.1f}" y="{top + plot_h + 18}" font-size="11" text-anchor="middle" fill="#555">{escape(name)}</text>')
    body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#999"/>')
    for s in series:
        points = [(px(i), py(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
            body.append(f'<polyline class="series" points="{path}" fill="none" stroke="{s.color}" stroke-width="2.2" stroke-linejoin="round"/>')
        for i, v in enumerate(s.values):
            if v is not None:
                body.append(
                    f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="3" fill="{s.color}"><title>{escape(s.name)}, {escape(x[i])}: {escape(s.notes[i])}</title></circle>'
                )
    # legend, in the order given (the caller sorts by weight)
    for j, s in enumerate(series):
        y = top + 6 + j * 20
        body.append(f'<rect x="{width - right + 16}" y="{y}" width="14" height="4" fill="{s.color}"/>')
        body.append(f'<text x="{width - right + 36}" y="{y + 6}" font-size="12" fill="#222">{escape(_short(s.name, 34))}</text>')
    return _svg(width, height, label, body)


def heatmap(rows: list[tuple[str, str]], cols: list[tuple[str, str]], share: list[list[float]], count: list[list[int]],
            totals: list[int], label: str, unit: str = "articles") -> str:
    """Rows (id, label) x columns (id, label): colour by share of the row's total, the count written in the cell."""
    cell_w, cell_h, left, top = 46, 24, 190, 150
    width = left + cell_w * len(cols) + 70
    height = top + cell_h * len(rows) + 40
    peak = max([v for r in share for v in r] or [0]) or 1
    body = []
    for j, (_, name) in enumerate(cols):
        x = left + j * cell_w + cell_w / 2
        body.append(
            f'<text transform="translate({x:.1f},{top - 8}) rotate(-45)" font-size="11" fill="#333">{escape(_short(name, 30))}</text>'
        )
    body.append(f'<text x="{left + cell_w * len(cols) + 8}" y="{top - 8}" font-size="11" fill="#333">{escape(unit)}</text>')
    for i, (_, name) in enumerate(rows):
        y = top + i * cell_h
        body.append(f'<text x="{left - 8}" y="{y + cell_h / 2 + 4:.1f}" font-size="12" text-anchor="end" fill="#222">{escape(_short(name, 26))}</text>')
        for j, (_, sector) in enumerate(cols):
            v, c = share[i][j], count[i][j]
            fill = _blue(v / peak)
            ink = "#fff" if v / peak > 0.55 else "#222"
            x = left + j * cell_w
            body.append(
                f'<rect class="cell" x="{x}" y="{y}" width="{cell_w - 1}" height="{cell_h - 1}" fill="{fill}">'
                f"<title>{escape(name)} x {escape(sector)}: {c:,} of {totals[i]:,} {unit} ({v * 100:.0f}%)</title></rect>"
            )
            if c:
                body.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" font-size="11" text-anchor="middle" fill="{ink}" pointer-events="none">{c:,}</text>')
        body.append(f'<text x="{left + cell_w * len(cols) + 8}" y="{y + cell_h / 2 + 4:.1f}" font-size="11" fill="#555">{totals[i]:,}</text>')
    # scale
    y = top + cell_h * len(rows) + 14
    for k in range(6):
        body.append(f'<rect x="{left + k * 30}" y="{y}" width="30" height="10" fill="{_blue(k / 5)}"/>')
    body.append(f'<text x="{left + 186}" y="{y + 9}" font-size="11" fill="#555">0 to {peak * 100:.0f}% of the row\'s {escape(unit)}</text>')
    return _svg(width, height, label, body)


def bar_chart(items: list[tuple[str, float, str]], label: str, color: str = "#3182bd", width: int = 760) -> str:
    """Horizontal bars: (label, value, text written after the bar)."""
    left, bar_room, row = 290, width - 290 - 120, 22
    height = row * len(items) + 12
    peak = max([v for _, v, _ in items] or [0]) or 1
    body = []
    for i, (name, v, note) in enumerate(items):
        y = 6 + i * row
        w = max(v / peak * bar_room, 1 if v else 0)
        body.append(f'<text x="{left - 8}" y="{y + 14}" font-size="12" text-anchor="end" fill="#222">{escape(_short(name, 44))}</text>')
        body.append(f'<rect class="bar" x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 7}" fill="{color}"><title>{escape(name)}: {escape(note)}</title></rect>')
        body.append(f'<text x="{left + w + 6:.1f}" y="{y + 14}" font-size="11" fill="#444">{escape(note)}</text>')
    return _svg(width, height, label, body)


def column_chart(x: list[str], values: list[float], notes: list[str], label: str, color: str = "#6b8fb3", width: int = 860, height: int = 240) -> str:
    """Vertical bars over periods (the volume of articles)."""
    left, right, top, bottom = 56, 20, 14, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    ticks = _ticks(max(values or [0]) * 1.05)
    ymax = ticks[-1] or 1
    n = max(len(x), 1)
    slot = plot_w / n
    body = []
    for t in ticks:
        y = top + plot_h - t / ymax * plot_h
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#555">{_fmt(t, False)}</text>')
    k = _every(n, plot_w)
    for i, (name, v) in enumerate(zip(x, values)):
        h = v / ymax * plot_h
        xx = left + i * slot
        body.append(
            f'<rect class="bar" x="{xx + slot * 0.12:.1f}" y="{top + plot_h - h:.1f}" width="{max(slot * 0.76, 1):.1f}" height="{h:.1f}" fill="{color}">'
            f"<title>{escape(name)}: {escape(notes[i])}</title></rect>"
        )
        if i % k == 0 or (i == n - 1 and (n - 1) % k >= k / 2 + 0.5):
            body.append(f'<text x="{xx + slot / 2:.1f}" y="{top + plot_h + 18}" font-size="11" text-anchor="middle" fill="#555">{escape(name)}</text>')
    body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#999"/>')
    return _svg(width, height, label, body)


def _blue(t: float) -> str:
    """White to dark blue, t in [0, 1]."""
    t = min(max(t, 0.0), 1.0)
    a, b = (247, 251, 255), (8, 48, 107)
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))


def _short(text: str, n: int) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"
