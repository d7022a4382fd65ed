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

# Irregular forms and their base: "What did I buy?" is told as "I bought", "What did we see?" as "we saw".
IRREGULAR = {
    "made": "make", "went": "go", "gone": "go", "got": "get", "gotten": "get", "took": "take", "taken": "take",
    "saw": "see", "seen": "see", "gave": "give", "given": "give", "thought": "think", "told": "tell", "said": "say",
    "bought": "buy", "brought": "bring", "found": "find", "felt": "feel", "met": "meet", "ran": "run",
    "began": "begin", "begun": "begin", "built": "build", "caught": "catch", "chose": "choose", "chosen": "choose",
    "drew": "draw", "drawn": "draw", "drove": "drive", "driven": "drive", "ate": "eat", "eaten": "eat",
    "fell": "fall", "flew": "fly", "forgot": "forget", "grew": "grow", "grown": "grow", "heard": "hear",
    "held": "hold", "kept": "keep", "knew": "know", "known": "know", "learnt": "learn", "lost": "lose",
    "paid": "pay", "rode": "ride", "sang": "sing", "sung": "sing", "sent": "send", "sold": "sell", "spent": "spend",
    "swam": "swim", "taught": "teach", "threw": "throw", "won": "win", "wore": "wear", "worn": "wear",
    "wrote": "write", "written": "write", "children": "child", "kids": "kid", "people": "person", "men": "man",
    "women": "woman", "lit": "light", "hid": "hide", "hidden": "hide", "fed": "feed", "led": "lead",
    "meant": "mean", "sat": "sit", "stood": "stand", "struck": "strike", "woke": "wake", "broke": "break",
    "broken": "break", "came": "come", "became": "become", "did": "do", "done": "do", "had": "have",
    "spoke": "speak", "spoken": "speak", "understood": "understand", "stuck": "stick", "hung": "hang",
    "dealt": "deal", "sought": "seek", "fought": "fight", "slept": "sleep", "dug": "dig", "shot": "shoot",
}
IRREGULAR_NOUNS = frozenset("children kids people men women".split())   # the table's plurals, no verbs
# Record and question words match through these bases too ("bought" holds "buy"). Off: stems only.
IRREGULAR_MATCH = True
# ... and a compound's too: "babysat" is "babysit", "oversaw" "oversee", "rebuilt" "rebuild" (one misreading
# known and accepted: "resent" is read as "resend")
_COMPOUND_HEADS = ("baby", "over", "under", "with", "fore", "mis", "out", "re", "up")


def base_form(word: str) -> str:
    """The base of an irregular form ("bought" → "buy", "babysat" → "babysit"); other words as they are."""
    w = word.lower().replace("’", "'")
    if w in IRREGULAR:
        return IRREGULAR[w]
    for head in _COMPOUND_HEADS:
        tail = w[len(head):]
        if w.startswith(head) and len(tail) >= 3 and tail in IRREGULAR and tail not in IRREGULAR_NOUNS:
            return head + IRREGULAR[tail]
    return w


_WORD = re.compile(r"[\w’']+")
# The speaker telling of themselves ("I ran a race", "our new flat"); contractions match through
# their stem ("we've" holds "we").
FIRST_PERSON = re.compile(r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll|me|my|mine|myself|we|we're|we’re|our|ours|us)\b",
                          re.I)

# A sentence telling a thing as possible, wished or planned ("I'd have to move"), not as done.
MAYBE = re.compile(r"\b(?:i'd|i’d|we'd|we’d|would|might|could|should|if|maybe|perhaps|thinking\s+(?:of|about)|"
                   r"considering|hope\s+to|want\s+to|wanna|going\s+to|gonna|plan(?:ning)?\s+to|may)\b", re.I)


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
        s = stem(base_form(tl) if IRREGULAR_MATCH else tl)
        if s and s not in out:
            out.append(s)
    return out


def stems(text: str) -> set[str]:
    out = set()
    for t in tokens(text):
        tl = t.lower()
        if tl not in QUESTION_WORDS:
            out.add(stem(t))
            if IRREGULAR_MATCH and (b := base_form(tl)) != tl:
                out.add(stem(b))
    return out


def all_stems(text: str) -> set[str]:
    """Every word's stem, question words too, with irregular bases ("bought" also "buy"): for matching
    a question's terms inside one sentence or clause."""
    return {stem(t) for t in tokens(text)} | stems(text)


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
