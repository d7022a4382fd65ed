"""Sibling words: a record that names the sibling of the question's word, and never the word itself,
tells of something else ("What was grandpa's gift?" against "my grandma gave me this necklace").

A question about a thing the records never mention often borrows everything from a record that
does, swapping one word for its sibling: grandma for grandpa, a drought for a flood, France for
England (LoCoMo's adversarial questions are built this way, and so are honest misremberings). The
words around the swap all match, so relevance is high; only the swapped word tells. A group below
holds words of one kind that exclude each other; the synonyms of one member share a set. English
first; the groups are data, so other languages can add theirs.
"""

from __future__ import annotations

from functools import lru_cache

from desktop_app.core.assistant.typed_lists import gazetteer
from desktop_app.core.assistant.words import stem, tokens

_GROUPS: tuple[tuple[str, ...], ...] = (
    ("grandpa grandfather granddad grandad gramps", "grandma grandmother granny nana gran"),
    ("mom mother mum mama mommy", "dad father papa daddy"),
    ("son sons", "daughter daughters"),
    ("brother brothers", "sister sisters"),
    ("husband", "wife"),
    ("uncle", "aunt auntie"),
    ("nephew", "niece"),
    ("boyfriend", "girlfriend"),
    ("grandson", "granddaughter"),
    ("flood floods flooding", "drought", "earthquake", "hurricane", "tornado", "wildfire wildfires",
     "blizzard", "tsunami"),
    ("dog dogs puppy puppies pup doggy", "cat cats kitten kittens kitty", "hamster", "rabbit bunny",
     "parrot", "horse", "turtle", "snake"),
    ("breakfast", "lunch", "dinner supper"),
    ("local", "national", "international", "global worldwide"),
    ("museum museums", "gallery galleries", "memorial memorials", "library", "zoo", "aquarium", "church",
     "hospital", "theater theatre", "stadium"),
)


@lru_cache(maxsize=1)
def _members() -> dict[str, tuple[int, int]]:
    """word -> (group, member): synonyms share a member, siblings share a group."""
    out: dict[str, tuple[int, int]] = {}
    groups = [tuple(m.split() for m in g) for g in _GROUPS]
    for kind in ("country", "state", "instrument", "sport"):
        groups.append(tuple(n.lower().split() for n in gazetteer(kind) if " " not in n))
    for g, members in enumerate(groups):
        for m, words in enumerate(members):
            for w in words:
                out.setdefault(stem(w), (g, m))
    return out


def _kinds(text: str) -> dict[int, set[int]]:
    members = _members()
    out: dict[int, set[int]] = {}
    for w in tokens(text):
        gm = members.get(stem(w))
        if gm is not None:
            out.setdefault(gm[0], set()).add(gm[1])
    return out


def swapped(question: str, record: str) -> bool:
    """The record names a sibling of a word of the question (in one of the groups) and never that
    word or its synonyms: it tells of the sibling, not of what was asked."""
    asked = _kinds(question)
    if not asked:
        return False
    said = _kinds(record)
    return any(g in said and not (said[g] & ms) for g, ms in asked.items())
