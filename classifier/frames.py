"""pandas views of predictions, for notebooks (pandas is an optional extra)."""

from __future__ import annotations

from .errors import ClassifyError


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        raise ClassifyError("pandas is not installed: `pip install -e .[pandas]`") from None
    return pd


def predictions_frame(model, texts: list[str]):
    """One row per paragraph: ``text``, ``sectors`` (a list) and one score column per sector."""
    pd = _pandas()
    proba = model.predict_proba(texts)
    hits = proba >= model.thresholds
    frame = pd.DataFrame(proba, columns=list(model.sectors))
    frame.insert(0, "sectors", [[s for s, h in zip(model.sectors, row) if h] for row in hits])
    frame.insert(0, "text", texts)
    return frame


def tags_frame(results):
    """Tagged articles (``ArticleTags``) as one row per paragraph: source, date, index, text, sectors."""
    pd = _pandas()
    rows = [
        {
            "source": r.source,
            "date": r.date,
            "paragraph": p.index,
            "text": p.text,
            "sectors": [s.sector for s in p.sectors],
            **{f"score_{s.sector}": s.score for s in p.sectors},
        }
        for r in results
        for p in r.paragraphs
    ]
    return pd.DataFrame(rows)
