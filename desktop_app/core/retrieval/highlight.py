"""Highlight query words in any text (for semantic hits and windows), diacritic- and case-blind."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from desktop_app.core.retrieval.keyword import HL_CLOSE, HL_OPEN, STOPWORDS, _stem


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFKD", c)[:1] or c
    low = base.lower()
    return low if len(low) == 1 else c


def fold(text: str) -> str:
    """Same length as ``text``: each character lower-cased without its accents."""
    if text.isascii():  # the common case, ~50x faster than folding char by char (snippets cost ~10 ms/query)
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def highlight(text: str, words: list[str], *, width: int = 220) -> str:
    """``text`` cut to about ``width`` characters around the first match, matches wrapped in «»."""
    stems = sorted({fold(_stem(w)) for w in words if w.lower() not in STOPWORDS and len(w) > 1}, key=len, reverse=True)
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    if stems:
        pat = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.U)
        spans = [(m.start(), m.end()) for m in pat.finditer(folded)]
    start = 0
    if len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - width // 3, len(text) - width))
    end = min(len(text), start + width)
    out = []
    pos = start
    for a, b in spans:
        if a < start or b > end:
            continue
        out.append(text[pos:a] + HL_OPEN + text[a:b] + HL_CLOSE)
        pos = b
    out.append(text[pos:end])
    s = "".join(out)
    return ("…" if start > 0 else "") + s + ("…" if end < len(text) else "")
