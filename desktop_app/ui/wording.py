"""The core's notices in the window's words: no command lines, no "semantic"/"embedding" jargon.

The core writes for the terminal too ("run 'hearth embed'"); in the window the same fact points
at what the window offers. Unknown text passes through unchanged.
"""

from __future__ import annotations

import re

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Semantic search is not ready yet: nothing is embedded \(run 'hearth embed'\); keyword results only\.?"),
     "Search by meaning is not ready yet (it is prepared after an import, or from Sources); these are word matches."),
    (re.compile(r"Semantic search is unavailable \((.*)\); keyword results only\.?"),
     r"Search by meaning is unavailable (\1); these are word matches."),
    (re.compile(r"Semantic search is still being prepared \(embedding runs in the background\); "
                r"keyword results are complete\.?"),
     "Search by meaning is still being prepared in the background; all word matches are shown."),
    (re.compile(r"\(run 'hearth embed'\)"), "(Sources › Prepare search by meaning)"),
    (re.compile(r"\bSemantic search\b"), "Search by meaning"),
    (re.compile(r"\bsemantic search\b"), "search by meaning"),
    (re.compile(r"\bkeyword results\b"), "word matches"),
]


def for_window(text: str) -> str:
    """``text`` with terminal instructions and jargon replaced by what the window offers."""
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text
