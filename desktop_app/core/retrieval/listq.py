"""List questions: "What activities does Melanie partake in?", "Which countries has Maria visited?".

Their answer is spread over months of chat (pottery in May, camping in June) in messages that
share no word with the question, so search treats them apart (search.py: pseudo-relevance
feedback, whose first answers say what kind of thing is meant).
"""

from __future__ import annotations

import re

# A plural noun right after the question word (up to two words between, "kinds of" allowed) and
# before the verb: "What (outdoor) activities has ...", "What kinds of pottery did ...".
_LIST = re.compile(
    r"^\s*(?:what|which)\s+(?:(?:kinds?|types?|sorts?)\s+of\s+)?(?:[\w+-]+\s+){0,2}?"
    r"(?:[a-z]+[^s\W]s|[a-z]+ies|children|people)\s+(?:has|have|does|do|did|had)\b", re.I)
# ... or plural kinds of a thing ("What types of yoga has ..."), or a plural before are/were ("What
# symbols are important to ..."). (A singular "What kind of X did ..." is mostly one thing: left out.)
# (LoCoMo dev: multi-hop r@10 0.656 -> 0.663, per conversation 0.869/0.869/0.867; answers identical.)
_WIDE = re.compile(r"^\s*(?:what|which)\s+(?:(?:kinds|types|sorts)\s+of\s+\w+\s+(?:has|have|does|do|did|had)"
                   r"|(?:[\w+-]+\s+){0,2}?(?:[a-z]+[^s\W]s|[a-z]+ies|children|people)\s+(?:are|were)\b)", re.I)


def list_like(question: str) -> bool:
    """Whether the question asks for several things of a kind (an enumeration)."""
    return bool(_LIST.search(question or "") or _WIDE.search(question or ""))
