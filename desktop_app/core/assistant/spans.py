"""Answer spans: the short stretch of one record that answers a lookup question, or a date.

The answer is a span of the record's own words chosen by the question's kind (a name for "who", a
place for "where", the words after the question's own words for "what"), or, for "when", the date
the record gives, resolved against the record's own time ("yesterday" sent on 8 May 2023 is
7 May 2023), else the record's date. Nothing here invents words.
"""

from __future__ import annotations

import datetime as dt
import re

from desktop_app.core.assistant.lookup import Scored, _matches
from desktop_app.core.assistant.plan import Plan
from desktop_app.core.assistant.words import QUESTION_WORDS, stem, tokens

MAX_SPAN_WORDS = 12
SENTENCE_WEIGHT = 2.0    # how much a sentence holding the question's words beats a better-shaped span elsewhere

_BOUNDARY = re.compile(r"\s*(?:[,;:!?()\[\]]|\.(?:\s|$)|\s[-–—]\s|—|\s(?:but|because|so|which|while|though|"
                       r"although|since|when|and then|as well as|if)\s)", re.I)
_LEAD_SKIP = frozenset("that to the a an my our his her their your its is was are were be been for of about on in at "
                       "with by it this these those some just really so very also too as than like then there "
                       "i i'm im i've ive we we're you you're he she they it's its me".split())
_CAP = re.compile(r"\b[A-Z][\w'’&.-]*(?:\s+(?:of|the|de|la|van|von|&)?\s*[A-Z][\w'’&.-]*)*")


def _clause_after(sentence: str, pos: int) -> str:
    rest = sentence[pos:]
    m = _BOUNDARY.search(rest)
    clause = rest[:m.start()] if m else rest
    words = clause.split()
    while words and words[0].lower().strip(".,!?'\"") in _LEAD_SKIP:
        words.pop(0)
    return " ".join(words[:MAX_SPAN_WORDS]).strip(" .,!?-–—\"'")


def _clause_before(sentence: str, pos: int) -> str:
    head = sentence[:pos]
    cuts = list(_BOUNDARY.finditer(head))
    clause = head[cuts[-1].end():] if cuts else head
    words = clause.split()
    while words and words[0].lower().strip(".,!?'\"") in _LEAD_SKIP:
        words.pop(0)
    return " ".join(words[-MAX_SPAN_WORDS:]).strip(" .,!?-–—\"'")


_CLAUSE_WORDS = frozenset("but because so which while though although since if when whereas".split())
_COPULA = frozenset("is are was were 's am be been being".split())
_LINKS = frozenset("that to for of in on at about with from by as into like".split())
_NUMBER = re.compile(r"^(?:\d[\d,.:]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                     r"forty|fifty|hundred|once|twice|first|second|third|fourth|fifth|several|few|many)$", re.I)
_TOKEN = re.compile(r"[\w’'+&-]+|[^\w\s]")
_PUNCT_BREAK = frozenset(",;:!?.()[]—–\"“”")


def _carries(word: str) -> bool:
    w = word.lower().replace("’", "'")
    return (w not in QUESTION_WORDS and w not in _LEAD_SKIP and w not in _DISCOURSE and w not in _EMPTY
            and any(ch.isalnum() for ch in w))


def _span_text(sentence: str, toks: list[tuple[str, int, int]], a: int, b: int) -> str:
    return sentence[toks[a][1]:toks[b - 1][2]].strip(" .,!?-–—\"'“”")


def anchor_span(sentence: str, terms: list[str], kind: str = "what", question: str = "") -> str:
    return best_span(sentence, terms, kind, question)[0]


_DISCOURSE = frozenset("yeah yep yup yes no nope thanks thank wow oh ooh aww haha lol hey hi hello sure totally cool ok "
                       "okay well omg awesome great nice sweet right hmm btw anyway also plus".split())
# Words that carry no answer on their own: pronoun contractions and fillers ("They've", "here's").
_EMPTY = frozenset("they've they're they'd they'll we've we'd we'll you've you'd you'll he's she's it's it'll it'd that'd "
                   "that's there's here's what's who's let's i'd i'm i've i'll don't didn't can't won't isn't wasn't "
                   "doesn't haven't hasn't couldn't wouldn't shouldn't gonna wanna gotta kinda sorta lots lot "
                   "stuff something anything everything thing things way ways one ones".split())


def best_span(sentence: str, terms: list[str], kind: str = "what", question: str = "",
              names: set[str] = frozenset()) -> tuple[str, float]:
    """The best short span of the sentence for the question.

    Candidates are the stretches between the question's own words (anchors) and clause breaks;
    each is scored by where it sits (right after an anchor is where English puts the answer:
    "realize that | self-care is important", "raising awareness for | mental health"), by the
    kind of word the question wants (a name, a number) and by length. A span never repeats the
    question's words: the user already has those.
    """
    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    if not toks:
        return "", -9.0
    tset = set(terms)
    qwords = {w.lower() for w in tokens(question)}
    anchor = [bool(w[0].isalnum() or w[0] == "_") and w.lower() not in QUESTION_WORDS and _matches(stem(w), tset)
              for w, _, _ in toks]
    breaks = [w in _PUNCT_BREAK or w.lower() in _CLAUSE_WORDS or w.lower() in _DISCOURSE for w, _, _ in toks]
    # segments: maximal runs of tokens that are neither anchors nor breaks
    segs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if anchor[i] or breaks[i]:
            i += 1
            continue
        j = i
        while j < len(toks) and not anchor[j] and not breaks[j]:
            j += 1
        segs.append((i, j))
        i = j
    cands: list[tuple[int, int]] = []
    for a, b in segs:
        cands.append((a, b))
        cop = [k for k in range(a + 1, b - 1) if toks[k][0].lower() in _COPULA]
        if cop:   # "self-care | is really important": both halves may be the answer
            cands.append((a, cop[0]))
    anchors = [k for k, x in enumerate(anchor) if x]
    want_name = kind in ("who", "where") or re.search(r"\b(?:name|named|called|title|which|what (?:country|city|"
                                                        r"state|town|place|book|movie|film|song|band|company|game|"
                                                        r"show|brand|restaurant|school|team))\b", question, re.I)
    want_number = re.search(r"\bhow (?:many|much|long|old|often|far)\b", question, re.I)
    best, best_score = None, -9.0
    for a, b in cands:
        # trim function words at both ends
        while a < b and (toks[a][0].lower() in _LEAD_SKIP | _LINKS or not _carries(toks[a][0])):
            a += 1
        while b > a and toks[b - 1][0].lower() in _LEAD_SKIP | _LINKS | _COPULA:
            b -= 1
        if a >= b:
            continue
        words = [w for w, _, _ in toks[a:b]]
        content = [w for w in words if _carries(w)]
        if not content or all(w.lower().strip("'’") in names for w in content):
            continue            # empty, or only a name said in passing ("Thanks, Maria!")
        sc = 0.0
        before = [k for k in anchors if k < a]
        after = [k for k in anchors if k >= b]
        if before:
            gap = a - before[-1] - 1
            sc += 1.0 - 0.15 * gap
        if after:
            gap = after[0] - b
            sc += 0.5 - 0.1 * gap
        if not anchors:
            sc += 0.5 if a <= 2 else 0.0       # no anchor: the sentence's opening clause
        if want_name and (any(w[:1].isupper() for w in words[1:] + ([words[0]] if a > 0 else []))
                or (a > 0 and toks[a - 1][0] in "\"“")):
            sc += 1.0
        if want_number and any(_NUMBER.match(w) for w in words):
            sc += 1.0
        n = len(words)
        sc -= 0.08 * max(0, n - 6)
        sc -= 0.3 * sum(1 for w in content if w.lower() in qwords) / len(content)
        if sc > best_score:
            best, best_score = (a, b), sc
    if best is None:
        return _clause_after(sentence, 0), -1.0
    a, b = best
    b = min(b, a + MAX_SPAN_WORDS)
    return _span_text(sentence, toks, a, b), best_score


_PRONOUN_CAPS = frozenset("i i'd i'm i've i'll i’d i’m i’ve i’ll".split())
_CALLED = re.compile(r"\b(?:called|named|name is|name's|name’s|nicknamed|titled)\s+[\"“']?([A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*)*)")


def name_span(sentence: str, exclude: set[str]) -> str | None:
    """A capitalised name in the sentence that the question does not already hold.

    A capitalised word that only opens the sentence ("Tradition says ...") is not taken for a name,
    nor is "I" in any form.
    """
    for m in _CAP.finditer(sentence):
        words = [w for w in m.group(0).split() if w.lower().strip("'’") not in QUESTION_WORDS
                 and w.lower() not in _PRONOUN_CAPS]
        cand = " ".join(words).strip(" .,!?'’")
        if not cand or _excluded(cand, exclude):
            continue
        opener = not sentence[:m.start()].strip(" \"“'(")
        if opener and len(cand.split()) == 1:
            continue
        return cand
    return None


def called_span(sentence: str, exclude: set[str]) -> str | None:
    """The name after "called" / "named" / "name is" ("we're calling her Biscuit" counts too)."""
    m = _CALLED.search(sentence) or re.search(r"\bcall(?:ing|ed)?\s+(?:him|her|it|them)\s+([A-Z][\w'’-]*)", sentence)
    if m and not _excluded(m.group(1), exclude):
        return m.group(1).strip(" .,!?'’\"”")
    return None


def _excluded(cand: str, exclude: set[str]) -> bool:
    low = cand.lower()
    return low in exclude or any(w.lower().strip("'’") in exclude for w in cand.split())


_PLACE = re.compile(r"\b(?:in|at|to|from|near|visit(?:ed|ing)?|moved to|back to)\s+((?:the\s+)?[A-Z][\w'’-]*"
                    r"(?:\s+[A-Z][\w'’-]*)*)")


def place_span(sentence: str, exclude: set[str]) -> str | None:
    for m in _PLACE.finditer(sentence):
        cand = m.group(1).strip()
        if cand.lower() not in exclude:
            return cand
    return None


def day_label(ts_ms: int) -> str:
    d = dt.datetime.fromtimestamp(ts_ms / 1000, dt.timezone.utc)
    return f"{d.day} {d.strftime('%B %Y')}"


_WHO_SAID = re.compile(r"^\s*who\s+(?:said|says|wrote|writes|told|sent|posted|asked|mentioned|shared|recommended|"
                       r"suggested|texted|messaged|commented)\b", re.I)
_WANTS_NAME = re.compile(r"\b(?:name|named|called|title)\b", re.I)
_WANTS_NUMBER = re.compile(r"\bhow (?:many|much|long|old|far)\b", re.I)


def span_for(plan: Plan, s: Scored, times=None) -> tuple[str, str]:
    """(answer text, how it was taken): a span of the record, or a date for "when" questions.

    The span must be of the kind the question asks for: a name for "who" and "what is it called",
    a place for "where", a number for "how many"; a record without one gives "" (the engine then
    tries the next record, or declines), never a span of another kind.
    """
    exclude = {w.lower().replace("’", "'").split("'")[0] for w in tokens(plan.question)}
    if plan.kind == "when":
        refs = times if times is not None else []
        near = [t for t in refs if t.phrase.lower() in s.sentence.lower()] or refs
        if near:
            return near[0].label, f"“{near[0].phrase}” in a message of {day_label(s.rec.ts_ms)}" \
                if s.rec.ts_ms is not None else near[0].phrase
        if s.rec.ts_ms is not None:
            return day_label(s.rec.ts_ms), "the date of the record"
        return "", ""
    sents = s.sents or [(s.sentence, 0.0)]
    if _WHO_SAID.search(plan.question):     # "who said running is free?": whoever wrote the record
        if s.rec.is_mine:
            return "You", "the author of the record"
        if s.rec.author:
            return s.rec.author, "the author of the record"
    ranked = [sent for sent, _ in sorted(sents, key=lambda x: -x[1])]   # sentences holding the question's words first
    typed = [(_WANTS_NAME.search(plan.question), lambda x: called_span(x, exclude), "the name the record gives"),
             (plan.kind == "who", lambda x: name_span(x, exclude), "a name in the record"),
             (plan.kind == "where", lambda x: place_span(x, exclude) or name_span(x, exclude), "a place in the record")]
    for wanted, pick, how in typed:
        if wanted:   # "what is X called" / who / where: only a span of that kind, else nothing
            return next(((v, how) for v in map(pick, ranked) if v), ("", ""))
    names = {w.lower() for p in plan.people for w in (p.name or p.asked).split()}
    names |= {w.lower() for w in s.rec.author.split()} | {"me", "you"}
    for sent, share in sorted(sents, key=lambda x: -x[1]):
        if share > 0:
            called = called_span(sent, exclude)     # "a piece called “Finding Freedom”"
            if called:
                return called, "the name the record gives"
        break
    best, best_sc = "", -99.0
    for sent, share in sents:
        span, sc = best_span(sent, plan.terms, plan.kind, plan.question, names)
        sc += SENTENCE_WEIGHT * share
        if span and sc > best_sc:
            best, best_sc = span, sc
    if _WANTS_NUMBER.search(plan.question) and not any(_NUMBER.match(w) for w in best.split()):
        return "", ""
    return best, "words of the record"
