"""Which language a text is in, French, English or Vietnamese, from its function words.

Articles here are in French or English (a few quote Vietnamese); a count of
the commonest short words tells them apart in microseconds and needs no model.
"""

from __future__ import annotations

import re

_FR = frozenset(
    "le la les des du de et est une un pour dans que qui avec sur au aux par ce cette ces sont ont été leur leurs "
    "il elle ils elles nous vous se sa son ses ne pas plus mais ou où entre lors selon aussi a été d l qu".split()
)
_EN = frozenset(
    "the of and to in is for that with on by are was were this from as at it its have has be which an will "
    "their they he she we not but or between also said would been".split()
)
_VI = frozenset("và của các những là được với trong cho một có đã này không người về tại từ theo để".split())
_WORD = re.compile(r"[^\W\d_]+")
#: Fewer function words than this, and the text is too short to say.
MIN_EVIDENCE = 3


def detect_language(text: str) -> str | None:
    """``fr``, ``en`` or ``vi``, or None when the text is too short or in none of them."""
    fr = en = vi = 0
    for word in _WORD.findall(text[:20000].lower()):
        if word in _FR:
            fr += 1
        elif word in _EN:
            en += 1
        elif word in _VI:
            vi += 1
    best = max((fr, "fr"), (en, "en"), (vi, "vi"))
    if best[0] < MIN_EVIDENCE or sorted((fr, en, vi))[1] * 2 > best[0]:  # no clear winner
        return None
    return best[1]


def article_language(paragraphs) -> str | None:
    """The language of most of an article's words."""
    words: dict[str, int] = {}
    for p in paragraphs:
        lang = detect_language(p)
        if lang:
            words[lang] = words.get(lang, 0) + len(p.split())
    return max(words, key=words.get) if words else None


def paragraph_languages(paragraphs) -> tuple[str | None, ...] | None:
    """Each paragraph's language when the article mixes languages, else None (one language throughout)."""
    langs = tuple(detect_language(p) for p in paragraphs)
    return langs if len({lang for lang in langs if lang}) > 1 else None
