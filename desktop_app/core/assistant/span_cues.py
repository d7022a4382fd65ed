"""Cues for where a record's answer sits, as word lists the span scorer reads (spans.py).

Each cue is a plain English regularity, not a fit to any conversation:
- the answer to "what did X receive/make/give" follows the record's own form of that verb, which is
  often another word for it ("receive" is told as "got" or "won", a "gift" as "gave");
- "what natural disaster / kind of meal / pet" is answered by a member of that kind ("a flood",
  "pizza"), which the record names without the kind word;
- "why" is answered by the clause after "because", "'cause", "so" or an infinitive "to";
- "how did X feel" by a word of feeling.
English first; the lists are data, so other languages can add theirs beside them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from desktop_app.core.assistant.typed_lists import gazetteer
from desktop_app.core.assistant.words import stem

# A question's verb and the record's other words for the same act, base forms (spans.lemma maps
# "got"/"won"/"gave" to these first).
_VERB_KIN: dict[str, tuple[str, ...]] = {
    "receive": ("get", "win", "give", "award", "earn"),
    "win": ("get", "receive", "earn"),
    "get": ("receive", "win", "buy", "give", "adopt"),
    "gift": ("give",),
    "give": ("gift",),
    "make": ("bake", "cook", "build", "create", "craft", "paint", "knit", "sew"),
    "create": ("make", "build", "design", "paint", "write"),
    "buy": ("get", "purchase"),
    "see": ("watch", "spot", "notice", "find"),
    "find": ("come", "discover", "see", "spot"),
    "do": ("make", "go", "take", "have"),
    "start": ("begin", "launch", "open"),
    "join": ("sign",),
    "learn": ("discover", "realize", "realise"),
    "adopt": ("get",),
    "play": ("perform",),
    "symbolize": ("stand", "represent", "mean"),
    "symbolise": ("stand", "represent", "mean"),
    "represent": ("stand", "symbolize", "mean"),
    "mean": ("stand", "represent"),
    "discuss": ("talk", "cover"),
    "reminder": ("remind",),
    "remind": ("reminder",),
    "take away": ("learn", "teach", "realize", "realise"),
}


def verb_kin(base: str) -> tuple[str, ...]:
    return _VERB_KIN.get(base, ())


# The kind a question names and words for its members ("what natural disaster" -> flood).
_KINDS: dict[str, str] = {
    "disaster": "flood floods flooding drought earthquake hurricane tornado wildfire wildfires fire blizzard "
                "tsunami storm landslide",
    "meal": "pizza pasta spaghetti lasagna tacos taco burgers burger soup salad sandwiches sandwich curry stew "
            "pancakes waffles bbq barbecue sushi steak chili casserole dumplings noodles cake cookies pie bread "
            "breakfast lunch dinner brunch",
    "food": "@meal",
    "dish": "@meal",
    "dessert": "cake cookies pie brownies cupcakes ice cream pudding muffins",
    "pet": "dog dogs puppy cat cats kitten hamster rabbit bunny parrot horse turtle snake fish guinea pig lizard "
           "gecko ferret chinchilla budgie canary goldfish corgi beagle greyhound collie labrador retriever poodle "
           "terrier bulldog husky shepherd dachshund chihuahua pug spaniel boxer tabby siamese persian",
    "animal": "@pet",
    "instrument": "@instrument",
    "sport": "@sport",
    "country": "@country",
    "state": "@state",
    "color": "red orange yellow green blue purple pink black white brown grey gray gold silver",
    "colour": "@color",
    "emotion": "@feeling",
    "feeling": "@feeling",
}

# Words of feeling, the answer to "how did X feel" and "what emotions".
_FEELING = ("happy glad joyful joy grateful thankful appreciative excited thrilled proud relieved calm peaceful "
            "content satisfied hopeful inspired motivated amazed blessed lucky loved nervous anxious scared afraid "
            "terrified worried stressed overwhelmed sad upset heartbroken devastated lonely frustrated angry "
            "disappointed exhausted tired humbled humble heartwarming heartwarmed touched moved fulfilled "
            "empowered confident accomplished rewarding magical nostalgic bittersweet ecstatic delighted energized "
            "refreshed appreciate appreciated appreciation gratitude pride relief awestruck")


_GAZETTEER_KINDS = frozenset(("instrument", "sport", "country", "state"))


@lru_cache(maxsize=None)
def _members(kind: str) -> frozenset[str]:
    spec = _KINDS.get(kind, "")
    if spec == "@feeling":
        return frozenset(stem(w) for w in _FEELING.split())
    if spec[1:] in _GAZETTEER_KINDS:
        return frozenset(stem(w) for n in gazetteer(spec[1:]) for w in n.lower().split())
    if spec.startswith("@"):
        return _members(spec[1:])
    return frozenset(stem(w) for w in spec.split())


def kind_members(kind_words: set[str]) -> frozenset[str]:
    """Stems of the members of the kinds among a question's words ("disaster" -> flood, storm ...)."""
    out: frozenset[str] = frozenset()
    for w in kind_words:
        base = w[:-1] if w.endswith("s") and w[:-1] in _KINDS else w
        if base in _KINDS:
            out |= _members(base)
    return out


# An -ing word tells what caused a feeling, not the feeling ("the shower was amazing" vs "I was amazed"): it counts
# only when the list holds it as it is ("heartwarming", "rewarding"). LoCoMo dev, one process: gold record spans
# unchanged; end to end single-hop +0.0001 (one list answer: "a moving experience" -> "appreciated"), all else
# unchanged. It matters for which record answers: "the meteor shower was amazing" no longer looks like a feeling told.
FEELING_NOT_ING = True
_FEELING_WORDS = frozenset(_FEELING.split())


def is_feeling(word: str) -> bool:
    w = word.lower()
    if FEELING_NOT_ING and w.endswith("ing") and w not in _FEELING_WORDS:
        return False
    return stem(word) in _members("feeling")


_FEELING_Q = re.compile(r"\bhow\s+(?:did|does|do|was|is|were|are)\s+.*\bfeel|\bwhat\s+(?:emotions?|feelings?)\b|"
                        r"\bhow\s+.*\b(?:feeling|felt)\b|\bdescribe\s+the\s+feeling|\breact(?:ion|ed)?\b|"
                        r"\bhow\s+(?:did|does|do|is|are|was|were)\s+.*\b(?:handle|handling|cope|coping)\b", re.I)


def asks_feeling(question: str) -> bool:
    return bool(_FEELING_Q.search(question))


# Words after which English gives a reason or a purpose: "I joined 'cause ...", "... to clear my mind".
REASON_MARKS = frozenset("because 'cause cause cuz coz since so to for".split())


# Words that describe how a thing was, the answer to "how does X describe Y" and "how is the store doing":
# "a really | peaceful and awesome | experience", "the store's doing | great".
_DESCRIBING = frozenset(stem(w) for w in (
    "amazing awesome great good fantastic wonderful incredible beautiful gorgeous peaceful relaxing fun exciting "
    "special magical memorable unforgettable cozy comfortable inviting lovely perfect stunning breathtaking tough hard "
    "rough challenging difficult crazy wild insane scary intense emotional powerful meaningful rewarding inspiring "
    "enlightening eye-opening chill calm busy successful graceful expressive vibrant welcoming cool nice sweet "
    "brilliant excellent terrible awful bad boring stressful hectic smooth well").split())

_DESCRIBE_Q = re.compile(r"\bhow\s+(?:does|did|do|would|will)\s+.+\bdescribe\b|"
                         r"^\s*how\s+(?:is|was|are|were)\s+(?!.*\b(?:feel|felt|handle|cope|did|does)\b)"
                         r"[\w'’ -]+?(?:\s+(?:doing|going|been))?\s*\??\s*$", re.I)


def asks_description(question: str) -> bool:
    """"How does Sam describe the trip?", "How is Gina's store doing?", "How was the concert?"."""
    return bool(_DESCRIBE_Q.search(question))


def is_describing(word: str) -> bool:
    return stem(word) in _DESCRIBING or is_feeling(word)
