"""Words for matching questions to records: content terms, a light stemmer, sentences and clauses.

English first; the word lists are data so other languages can add theirs beside them.
"""

from __future__ import annotations

import re

QUESTION_WORDS = frozenset("""a an the and or but if of at by for with about to from in on off over under into onto
upon again then once here there when where why how all any both each few more most other some such no nor not only
own same so than too very can will just should now i me my myself mine we our ours us you your yours he him his she
her hers it its they them their theirs what which who whom whose this that these those am is are was were be been
being have has had having do does did doing would could might may must shall tell told said say says ask asked
anything something ever know remember recall get got go went make made like likes liked kind type sort thing things
one ones also still much many really think thought likely going gonna did's s t ve ll re d m""".split())

_WORD = re.compile(r"[\w’']+")
# The speaker telling of themselves ("I ran a race", "our new flat"); contractions match through
# their stem ("we've" holds "we").
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll|me|my|mine|myself|we|we're|we’re|our|ours|us)\b",
                          re.I)


def stem(word: str) -> str:
    """A light English stemmer: "raising"/"raise" → "rais", "agencies" → "agency", "painted" → "paint"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    elif len(w) > 4 and w.endswith("es") and w[-3] in "sxz":
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]          # "running" → "runn" → "run"
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def tokens(text: str) -> list[str]:
    return _WORD.findall(text or "")


def content_terms(text: str) -> list[str]:
    """The question's own words that can match a record, stemmed, in order, without repeats."""
    out: list[str] = []
    for t in tokens(text):
        tl = t.lower().replace("’", "'")
        if tl.endswith("'s"):
            tl = tl[:-2]
        if tl in QUESTION_WORDS or len(tl) < 2 or tl.isdigit() and len(tl) < 3:
            continue
        s = stem(tl)
        if s and s not in out:
            out.append(s)
    return out


def stems(text: str) -> set[str]:
    return {stem(t) for t in tokens(text) if t.lower() not in QUESTION_WORDS}


_SENT = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9])|\s*\n+\s*")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of ``text``."""
    out, pos = [], 0
    for m in _SENT.finditer(text or ""):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text or ""):
        out.append((pos, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()]
