"""Which paragraph to ask next: the model's least certain first, or reading order.

Uncertainty is the distance, in log-odds, between a paragraph's score and the
sector's threshold, taken at its nearest sector: a paragraph scored 0.48
against a threshold of 0.5 teaches the model more than one scored 0.99. So
that one long article cannot fill the first hour, the ranking is spread
across articles: each article's most uncertain paragraph first, then each
one's second, and so on (within a round, the most uncertain first).
"""

from __future__ import annotations

import numpy as np

ORDERS = ("uncertain", "sequential")
DEFAULT_ORDER = "uncertain"


def margins(proba: np.ndarray, thresholds: np.ndarray, column: int | None = None) -> np.ndarray:
    """Per paragraph, the smallest distance in log-odds between a score and its sector's threshold."""
    eps = 1e-6
    p = np.clip(proba, eps, 1 - eps)
    t = np.clip(np.asarray(thresholds, dtype=float), eps, 1 - eps)
    dist = np.abs(np.log(p / (1 - p)) - np.log(t / (1 - t)))
    if column is not None:
        return dist[:, column]
    return dist.min(axis=1) if dist.size else np.zeros(len(proba))


def uncertain_order(proba: np.ndarray, thresholds: np.ndarray, articles: list, column: int | None = None) -> list[int]:
    """Row indices, least certain first, spread across articles (see the module's docstring)."""
    m = margins(proba, thresholds, column)
    by_margin = sorted(range(len(m)), key=lambda i: (m[i], i))
    seen: dict = {}
    rounds = []
    for i in by_margin:
        k = seen.get(articles[i], 0)
        seen[articles[i]] = k + 1
        rounds.append((k, m[i], i))
    return [i for _, _, i in sorted(rounds)]


def order_rows(order: str, proba: np.ndarray, thresholds: np.ndarray, articles: list, column: int | None = None) -> list[int]:
    if order == "sequential":
        return list(range(len(articles)))
    if order == "uncertain":
        return uncertain_order(proba, thresholds, articles, column)
    raise ValueError(f"unknown order {order!r}; expected one of {ORDERS}")
