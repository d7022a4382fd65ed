"""Counts, firsts, lasts and top-N answered exactly from SQL over the vault (scope enforced).

``analyze(vault, question, scope)`` recognises the question shape and returns the exact figures,
the rows to cite, and a template sentence; the model may only rephrase it (``ask`` checks the
figures survive, else the template is the answer). Times are UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop_app.core.assistant.words import stem
from desktop_app.core.privacy.scope import Scope, scope_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10}
KIND_WORDS: list[tuple[str, tuple[str, ...], str]] = [
    (r"messages?|texts?|dms?|chats?", ("message",), "messages"),
    (r"posts?|status(?:es)? updates?", ("post", "threads_post"), "posts"),
    (r"comments?", ("comment",), "comments"),
    (r"likes?|reactions?", ("reaction", "like"), "likes and reactions"),
    (r"friends?", ("friend",), "friends"),
    (r"searche?s?", ("search",), "searches"),
    (r"check-?ins?", ("checkin",), "check-ins"),
]
_SENT = re.compile(r"\b(did|have|do)\s+i\s+(?:first\s+|last\s+|ever\s+|actually\s+)?(send|sent|write|wrote|written|post|posted|make|made|leave|left|give|"
                   r"type|message|messaged|text|texted|mention|mentioned|bring|brought)\b|\b(?:did|do|have)\s+i\s+"
                   r"talk(?:ed)?\s+about\b|\bi\s+(sent|wrote|posted|made)\b|\bmy\s+(first|last)\b")
_RECEIVED = re.compile(r"\b(did|have|do)\s+i\s+(get|got|receive|received)\b|\bsen[dt]\s+me\b|\b(message[sd]?|text(?:ed|s)?|wr[io]te|writes|call(?:ed)?)\s+(to\s+)?me\b"
                       r"|\bfrom\b|\b(?:said|says|told|tells)\s+(?:to\s+)?me\b")
# "How many times did I mention sourdough?": every kind of writing of mine, not only messages
_MENTION = re.compile(r"\b(?:mention|mentioned|mentions|bring up|brought up|talk(?:ed)? about|wr[io]te about|"
                      r"sa(?:y|id) the word)\b")
_MENTION_KINDS = ("message", "post", "comment")
_NAME_AFTER = re.compile(r"\b(?:to|with|from|message|messaged|messaging|texted|text|and|between me and)\s+"
                         r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")


@dataclass
class Period:
    start_ms: int | None = None
    end_ms: int | None = None
    label: str = ""


@dataclass
class AnalyticResult:
    intent: str                      # count | first | last | top | unknown_person
    facts: str                       # the exact figures, as given to the model
    template: str                    # the deterministic answer (cites [n])
    required: list[str]              # strings the final answer must contain
    record_ids: list[int] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)     # constraints that could not be applied, said to the user


def _ms(y: int, m: int = 1, zone: dt.tzinfo | None = None) -> int:
    """The start of month ``m`` of year ``y`` in ``zone`` (the user's time-zone policy), as UTC ms."""
    from desktop_app.core.timezone import month_range

    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return month_range(y, m, zone or dt.timezone.utc)[0]


def parse_period(q: str, now: dt.datetime | None = None, zone: dt.tzinfo | None = None) -> Period:
    """A time range in the question's words, as local calendar periods in ``zone`` (UTC when None):
    "in March 2024" for a user in Lisbon is March in Lisbon, as the window shows the dates."""
    now = now or dt.datetime.now(dt.timezone.utc)
    ql = q.lower()

    def ms(y: int, m: int = 1) -> int:
        return _ms(y, m, zone)

    m = re.search(r"\bbetween\s+(\d{4})\s+and\s+(\d{4})\b", ql)
    if m:
        a, b = sorted((int(m.group(1)), int(m.group(2))))
        return Period(ms(a), ms(b + 1), f"between {a} and {b}")
    m = re.search(r"\b(?:in|during)\s+(" + "|".join(MONTHS) + r")\s+(?:of\s+)?(\d{4})\b", ql)
    if m:
        mo, y = MONTHS.index(m.group(1)) + 1, int(m.group(2))
        return Period(ms(y, mo), ms(y, mo + 1), f"in {m.group(1).capitalize()} {y}")
    m = re.search(r"\b(?:in|during)\s+(\d{4})\b", ql)
    if m:
        y = int(m.group(1))
        return Period(ms(y), ms(y + 1), f"in {y}")
    m = re.search(r"\bsince\s+(\d{4})\b", ql)
    if m:
        return Period(ms(int(m.group(1))), None, f"since {m.group(1)}")
    m = re.search(r"\bbefore\s+(\d{4})\b", ql)
    if m:
        return Period(None, ms(int(m.group(1))), f"before {m.group(1)}")
    if re.search(r"\blast year\b", ql):
        return Period(ms(now.year - 1), ms(now.year), f"in {now.year - 1}")
    if re.search(r"\bthis year\b", ql):
        return Period(ms(now.year), ms(now.year + 1), f"in {now.year}")
    return Period()


def relative_period(q: str, now: dt.datetime | None = None, zone: dt.tzinfo | None = None) -> Period:
    """"yesterday", "last weekend", "last week", "last month", "this month" from today's date in ``zone``
    (for the routes that say what a period holds; an empty Period when the question names none). Weeks
    run Monday to Sunday; the label gives the days ("last weekend (28–29 November 2026)")."""
    from desktop_app.core.timezone import local_date_range

    zone = zone or dt.timezone.utc
    today = (now or dt.datetime.now(dt.timezone.utc)).astimezone(zone).date()
    ql = q.lower()

    def days(a: dt.date, b: dt.date) -> str:
        if a == b:
            return f"{a.day} {a:%B %Y}"
        return f"{a.day}–{b.day} {b:%B %Y}" if (a.year, a.month) == (b.year, b.month) else \
            f"{a.day} {a:%B} – {b.day} {b:%B %Y}"

    monday = today - dt.timedelta(days=today.weekday())
    found: tuple[str, dt.date, dt.date] | None = None
    if re.search(r"\byesterday\b", ql):
        d = today - dt.timedelta(days=1)
        found = ("yesterday", d, d)
    elif re.search(r"\btoday\b", ql):
        found = ("today", today, today)
    elif re.search(r"\blast weekend\b", ql):
        sat = monday - dt.timedelta(days=2)
        found = ("last weekend", sat, sat + dt.timedelta(days=1))
    elif re.search(r"\blast week\b", ql):
        found = ("last week", monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    elif re.search(r"\bthis week\b", ql):
        found = ("this week", monday, today)
    elif re.search(r"\b(?:last|this) month\b", ql):
        first = today.replace(day=1)
        if "last month" in ql:
            end = first - dt.timedelta(days=1)
            found = ("last month", end.replace(day=1), end)
        else:
            found = ("this month", first, today)
    if found is None:
        return Period()
    word, a, b = found
    return Period(*local_date_range(a, b, zone), f"{word} ({days(a, b)})")


def _kinds(ql: str, default: tuple[str, ...] = ("message",)) -> tuple[tuple[str, ...], str]:
    for pattern, kinds, label in KIND_WORDS:
        if re.search(rf"\b(?:{pattern})\b", ql):
            return kinds, label
    return default, "messages"


# -- people ---------------------------------------------------------------------------------------
def _roots(vault: Vault) -> dict[int, int]:
    parent = dict(vault.query("SELECT id, merged_into FROM people"))
    out = {}
    for pid in parent:
        root, seen = pid, set()
        while parent.get(root) and root not in seen:
            seen.add(root)
            root = parent[root]
        out[pid] = root
    return out


def _names(vault: Vault, roots: dict[int, int]) -> dict[int, str]:
    return {pid: name for pid, name in vault.query("SELECT id, display_name FROM people") if roots.get(pid) == pid}


def _me(vault: Vault, roots: dict[int, int]) -> set[int]:
    me_roots = {roots[p] for (p,) in vault.query("SELECT id FROM people WHERE is_me = 1")}
    return {p for p, r in roots.items() if r in me_roots}


def find_person(vault: Vault, question: str) -> tuple[list[int] | None, str | None]:
    """(family ids of the person named in the question, the name as asked). (None, name) = unknown."""
    roots = _roots(vault)
    me = _me(vault, roots)
    ql = question.lower()
    best: tuple[int, int, str] | None = None   # (match length, root, asked)
    rows = vault.query("SELECT p.id, p.display_name FROM people p UNION SELECT i.person_id, i.name FROM identities i")
    for pid, name in rows:
        if pid in me or not name:
            continue
        nl = name.lower()
        cands = [nl] + ([nl.split()[0]] if " " in nl and len(nl.split()[0]) > 2 else [])
        for c in cands:
            if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", ql):
                if best is None or len(c) > best[0]:
                    best = (len(c), roots.get(pid, pid), c)
                break
    if best is not None:
        root = best[1]
        return sorted(p for p, r in roots.items() if r == root), best[2]
    m = _NAME_AFTER.search(question)
    if m and m.group(1).lower() not in ("me", "i", "my", "facebook", "instagram", "whatsapp", "messenger"):
        if not re.fullmatch(r"(?i)(19|20)\d\d|" + "|".join(MONTHS), m.group(1).split()[0]):
            return None, m.group(1)
    return [], None


def person_named(vault: Vault, question: str, named: str) -> tuple[list[int], str, str] | None:
    """(family ids, display name, name as asked) of the person the question names, when ``named`` (the
    question's words for them) is that person's name as asked or as shown, not someone of theirs ("Sam's sister")."""
    family, asked = find_person(vault, question)
    if not family or asked is None:
        return None
    name = _display(vault, family) or asked
    return (family, name, asked) if named.strip().lower() in (asked, name.lower()) else None


def _threads_with(vault: Vault, family: list[int]) -> list[int]:
    q = ",".join("?" * len(family))
    rows = vault.query(
        f"SELECT t.id, t.is_group FROM threads t WHERE t.id IN (SELECT thread_id FROM thread_participants "
        f"WHERE person_id IN ({q}) UNION SELECT thread_id FROM records WHERE author_id IN ({q}) "
        "AND thread_id IS NOT NULL)", [*family, *family])
    one_to_one = [tid for tid, g in rows if not g]
    return one_to_one or [tid for tid, _ in rows]


# -- SQL building ---------------------------------------------------------------------------------
def _where(scope: Scope | None, kinds: tuple[str, ...], period: Period, mine: bool | None,
           threads: list[int] | None, authors: list[int] | None, topic: list[str] | None = None) -> tuple[str, list[Any]]:
    sw, params = scope_where(scope, "r")
    parts = [sw, f"r.kind IN ({','.join('?' * len(kinds))})"]
    params = [*params, *kinds]
    if topic:   # "... about the bakery": only records that hold those words (FTS, any form of each word)
        parts.append("r.id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)")
        params.append(" AND ".join('"' + _stem_prefix(w).replace('"', "") + '"*' for w in topic))
    if period.start_ms is not None:
        parts.append("r.ts >= ?")
        params.append(period.start_ms)
    if period.end_ms is not None:
        parts.append("r.ts < ?")
        params.append(period.end_ms)
    if mine is True:
        parts.append("r.is_mine = 1")
    elif mine is False:
        parts.append("coalesce(r.is_mine, 0) = 0")
    if threads is not None:
        parts.append(f"r.thread_id IN ({','.join('?' * len(threads)) or 'NULL'})")
        params.extend(threads)
    if authors is not None:
        parts.append(f"r.author_id IN ({','.join('?' * len(authors)) or 'NULL'})")
        params.extend(authors)
    return " AND ".join(parts), params


def _stem_prefix(word: str) -> str:
    """The word's stem as an FTS prefix ("climbing" -> climb*: "That crack climb!" is about climbing), unless
    the stem is so short it would match unrelated words."""
    s = stem(word)
    return s if len(s) >= 4 else word


def fmt_day(ts_ms: int | None, zone: dt.tzinfo | None = None) -> str:
    if ts_ms is None:
        return "an unknown date"
    return dt.datetime.fromtimestamp(ts_ms / 1000, dt.timezone.utc).astimezone(zone or dt.timezone.utc).strftime("%Y-%m-%d")


def fmt_time(ts_ms: int | None, zone: dt.tzinfo | None = None) -> str:
    """The time in the user's zone, with the zone said ("2019-02-03 13:00 Europe/Lisbon")."""
    from desktop_app.core.timezone import zone_name

    if ts_ms is None:
        return "an unknown time"
    z = zone or dt.timezone.utc
    local = dt.datetime.fromtimestamp(ts_ms / 1000, dt.timezone.utc).astimezone(z)
    return local.strftime("%Y-%m-%d %H:%M ") + zone_name(z)


_KIND_ALT = "|".join(p for p, _, _ in KIND_WORDS)
_CLOSEST = re.compile(r"\b(?:closest|best|close)\s+friends?\b")
_VERBS = r"(?:message|messaged|text|texted|write|wrote|talk|talked|chat|chatted|speak|spoke|post|posted|comment|commented)"


def _intent(ql: str) -> str | None:
    """The analytic shape of a question, or None. Deliberately narrow: "how many tries did it take
    me" or "the first book she recommended" are questions for the records, not for counting."""
    if re.search(rf"\bwho\s+(?:do|did|have)\s+i\s+{_VERBS}\w*(?:\s+(?:to|with))?\s+(?:the\s+)?most\b", ql) or \
            re.search(r"\bwho\s+(?:messages|messaged|texts|texted|writes|wrote)(?:\s+to)?\s+me\s+(?:the\s+)?most\b", ql) or \
            re.search(r"\btop\s*(\d+|one|two|three|four|five|six|seven|eight|nine|ten)?\s*(people|friends|contacts)\b", ql) or \
            re.search(r"\bmost\s+(messaged|contacted)\b", ql) or \
            re.search(r"\bmost\s+(?:frequent|common|active|regular)\s+(?:contacts?|people|friends|chats?|"
                      r"conversations?)\b", ql) or \
            re.search(rf"\bwho\s+(?:do|did|have)\s+i\s+{_VERBS}\w*(?:\s+(?:to|with))?\s+about\b", ql) or \
            _CLOSEST.search(ql):
        return "top"      # "Who do I talk to about climbing?": the people, most first, of that topic
    kind_after = rf"(?:\s+\w+){{0,2}}?\s+(?:{_KIND_ALT}|{_VERBS})\b"
    if re.search(rf"\b(first|earliest|oldest){kind_after}", ql) or \
            re.search(r"\bstart(?:ed)?\s+(talking|messaging|chatting)\b", ql):
        return "first"
    said = r"\s+(?:thing|things|message|words?)\s+(?:\w+\s+){0,2}?(?:said|say|sent|told|wrote|texted|messaged)\b"
    if re.search(rf"\b(first|earliest){said}", ql):
        return "first"    # "What was the first thing Jordan said to me?"
    if re.match(r"when\b", ql) and _MENTION.search(ql):   # "When was the first time I mentioned Blue Lake?"
        if re.search(r"\b(?:first|earliest)\b", ql):
            return "first"
        if re.search(r"\b(?:last|latest|most recent)\b(?!\s+(?:year|month|week|weekend))", ql):
            return "last"
    if re.search(rf"\b(last|latest|most recent|newest){kind_after}", ql) and \
            not re.search(r"\blast (year|month|week)\b", ql) or re.search(rf"\b(last|latest|most recent){said}", ql):
        return "last"
    if re.search(rf"\b(how many|number of)(?:\s+\w+){{0,2}}?\s+(?:{_KIND_ALT})\b", ql) or \
            re.search(rf"\b(?:how often|how many times)\b.*\b{_VERBS}", ql) or \
            re.search(r"\b(?:how many times|how often)\b", ql) and _MENTION.search(ql):
        return "count"
    return None


_ANALYTIC_WORDS = frozenset("""who whom what which when how many much number often most least top first last earliest latest
frequent frequently common active regular is are was were
oldest newest recent ever did do does have has had i me my you your we our with to from and between about on in at
of the a an by for message messages messaged messaging text texts texted chat chats chatted talk talked talking speak
spoke write wrote written send sent receive received get got post posts posted comment comments commented like likes
liked reaction reactions friend friends search searches searched check checkin checkins people person contacts
contact one two three four five six seven eight nine ten times time year years month months this last since before
during between start started conversation conversations dm dms status update updates make made leave left give type
that was were is are been be all any ever actually mention mentioned mentions bring brought up thing things said
say says told tell tells word words exchange exchanged exchanging swap swapped trade traded total altogether
overall""".split())


def topic_words(question: str, asked: str | None, period: Period) -> list[str]:
    """Words of a counting question that narrow what is counted ("about the bakery" → bakery)."""
    drop = set(_ANALYTIC_WORDS) | set(MONTHS) | set(period.label.lower().split())
    if asked:
        drop |= set(asked.lower().split())
    out = []
    for w in re.findall(r"[\w'’-]+", question.lower()):
        w = w.strip("'’")
        if w.endswith("'s") or w.endswith("’s"):
            w = w[:-2]
        if len(w) > 2 and w not in drop and w.replace("-", "") not in drop and not w.isdigit() \
                and not re.fullmatch(r"(19|20)\d\d", w):
            out.append(w)
    return list(dict.fromkeys(out))


def analyze(vault: Vault, question: str, scope: Scope | None = None, *, now: dt.datetime | None = None) -> AnalyticResult | None:
    """The exact answer to a counting/first/last/top-N question, or None for other questions."""
    ql = " ".join(question.lower().split())
    intent = _intent(ql)
    if intent is None:
        return None
    from desktop_app.core.timezone import zone_for

    zone = zone_for(vault)
    period = parse_period(question, now, zone)
    family, asked = find_person(vault, question)
    if family is None:
        return AnalyticResult("unknown_person", f"No person called {asked} was found in the data.",
                              f"I could not find anyone called {asked} in your data.", [str(asked)],
                              data={"person": asked})
    names = [asked] if asked else []
    if family:
        names += [n for (n,) in vault.query(f"SELECT display_name FROM people WHERE id IN ({','.join('?' * len(family))})",
                                            family)]
    topic = topic_words(question, " ".join(names), period)
    if intent == "top":
        if _CLOSEST.search(ql):   # "Who are my closest friends?": closeness is not data; the messages are
            topic = [w for w in topic if w not in ("closest", "best", "close", "friend", "friends")]
            top = _top(vault, ql, scope, period, topic)
            t = top.template
            top.template = "Your data cannot say who is closest; by the messages you exchanged, " + t[:1].lower() + t[1:]
            return _with_topic(top, topic)
        return _with_topic(_top(vault, ql, scope, period, topic), topic)
    kinds, label = _kinds(ql)
    if intent in ("count", "first", "last") and _MENTION.search(ql) and \
            not any(re.search(rf"\b(?:{p})\b", ql) for p, _, _ in KIND_WORDS):
        kinds, label = _MENTION_KINDS, "messages, posts and comments"
    mine: bool | None = None
    if _SENT.search(ql) or kinds == _MENTION_KINDS and re.search(r"\bi\s+(?:first\s+|last\s+)?(?:mention(?:ed)?|"
                                                                r"brought up|talk(?:ed)? about)\b", ql):
        mine = True
    if _RECEIVED.search(ql) and not re.search(r"\bdid i\s+(send|write|message|text)\b", ql):
        mine = False if (family or re.search(r"\b(get|got|receive|received)\b|\bme\b", ql)) else mine
    threads = authors = None
    person = None
    if family:
        person = _display(vault, family)
        if mine is False:
            authors = family
        else:
            threads = _threads_with(vault, family)
    if kinds != ("message",) and family:  # friends/posts with a person: match the name in the text
        threads = authors = None
    if kinds == _MENTION_KINDS and family and mine and not topic and asked:   # "How many times did I mention Sam?"
        topic, threads, authors, person = [asked], None, None, None
    elif kinds == _MENTION_KINDS and family and not mine:   # "How many times did Sam mention the canoe?": his words
        threads, authors, mine = None, family, False
    where, params = _where(scope, kinds, period, mine, threads, authors, topic)
    if kinds != ("message",) and family and person and authors is None:
        where += " AND (r.text LIKE ? OR r.author LIKE ?)"
        params += [f"%{person}%", f"%{person}%"]
    who = {True: "You", False: "You", None: "There"}[mine]
    if intent == "count":
        n, first_id, last_id = _count(vault, where, params)
        verb = {True: "sent" if kinds == ("message",) else "made", False: "received", None: "were"}[mine]
        if kinds == ("friend",):
            verb = "have"
        rel = ""
        if person:
            rel = {True: f" to {person}", False: f" from {person}", None: f" with {person}"}[mine]
        span = _about(topic) + (f" {period.label}" if period.label else "")
        cite_ids = [i for i in dict.fromkeys([first_id, last_id]) if i is not None]
        cites = "".join(f"[{i + 1}]" for i in range(len(cite_ids)))
        subject = f"{who} {verb} {n} {label}" if who == "You" else f"There were {n} {label}"
        if kinds == _MENTION_KINDS and topic:       # "How many times did I mention sourdough?"
            said = f"“{' '.join(topic)}”"
            subject = f"You mentioned {said} in {n} {label}" if mine else \
                f"{person} mentioned {said} in {n} {label}" if person and mine is False else f"{n} {label} mention {said}"
            rel = ""
            span = f" {period.label}" if period.label else ""
        template = f"{subject}{rel}{span}." + (f" The first and last of them are cited {cites}." if cites else "")
        facts = f"count = {n}; what = {label}{rel}{span}" + (f"; direction = {'sent by you' if mine else 'received'}"
                                                               if mine is not None else "")
        return _with_topic(AnalyticResult("count", facts, template, [str(n)], cite_ids,
                                          {"count": n, "kinds": list(kinds), "mine": mine, "person": person,
                                           "period": period.label}), topic)
    order = "ASC" if intent == "first" else "DESC"
    row = vault.execute(f"SELECT r.id, r.ts FROM records r WHERE {where} AND r.ts IS NOT NULL "
                        f"ORDER BY r.ts {order}, r.id {order} LIMIT 1", params).fetchone()
    word = "first" if intent == "first" else "last"
    rel = ""
    if person:
        rel = {True: f" to {person}", False: f" from {person}", None: f" with {person}"}[mine]
    thing = label[:-1] if label.endswith("s") and kinds != ("reaction", "like") else label
    if row is None:
        span = _about(topic) + (f" {period.label}" if period.label else "")
        return AnalyticResult(intent, f"no matching {label}{rel}{span}",
                              f"I could not find any {label}{rel}{span} in your data.", [], [],
                              {"found": False, "person": person})
    rid, ts = row
    if kinds == _MENTION_KINDS and topic:   # "When was the first time I mentioned Blue Lake?"
        who = "You" if mine else person if person and mine is False else "Your data"
        verb = "mentioned" if who != "Your data" else "mentions"
        template = (f"{who} {word} {verb} “{' '.join(topic)}” on {fmt_time(ts, zone)}"
                    f"{_quoted(vault, rid)}{' ' + period.label if period.label else ''} [1].")
        return AnalyticResult(intent, f"{word} mention of {' '.join(topic)}: {fmt_time(ts, zone)}", template,
                              [fmt_day(ts, zone)], [rid], {"record_id": rid, "ts_ms": ts, "person": person})
    said = _quoted(vault, rid) if kinds == ("message",) else ""     # "the last thing Jordan said": what it said
    template = f"Your {word} {thing}{rel}{_about(topic)} was on {fmt_time(ts, zone)}{said} [1]."
    if mine is None and not person:
        template = f"The {word} {thing}{_about(topic)} in your data is from {fmt_time(ts, zone)} [1]."
    return AnalyticResult(intent, f"{word} {thing}{rel}: {fmt_time(ts, zone)}", template, [fmt_day(ts, zone)], [rid],
                          {"record_id": rid, "ts_ms": ts, "person": person})


QUOTE_CHARS = 160


def _n_messages(n: int) -> str:
    return f"{n} message" if n == 1 else f"{n} messages"


def quote_text(text: str) -> str:
    """A record's text to quote in an answer: on one line, its own curly quotes made straight, cut at
    QUOTE_CHARS (whole in its citation)."""
    t = " ".join((text or "").split()).replace("“", '"').replace("”", '"')
    return t if len(t) <= QUOTE_CHARS else t[:QUOTE_CHARS - 1].rstrip() + "…"


def _quoted(vault: Vault, rid: int) -> str:
    """': “<the message>”', or "" for a message with no text."""
    t = quote_text(str(vault.scalar("SELECT text FROM records WHERE id = ?", (rid,)) or ""))
    return f": “{t}”" if t else ""


def _display(vault: Vault, family: list[int]) -> str:
    roots = _roots(vault)
    root = roots.get(family[0], family[0])
    return str(vault.scalar("SELECT display_name FROM people WHERE id = ?", (root,)) or "")


def _count(vault: Vault, where: str, params: list[Any]) -> tuple[int, int | None, int | None]:
    n = int(vault.scalar(f"SELECT count(*) FROM records r WHERE {where}", params) or 0)
    if not n:
        return 0, None, None
    first = vault.scalar(f"SELECT r.id FROM records r WHERE {where} ORDER BY r.ts IS NULL, r.ts, r.id LIMIT 1", params)
    last = vault.scalar(f"SELECT r.id FROM records r WHERE {where} ORDER BY r.ts IS NULL, r.ts DESC, r.id DESC LIMIT 1",
                        params)
    return n, first, last


def _about(topic: list[str]) -> str:
    return f" about “{' '.join(topic)}”" if topic else ""


def _with_topic(result: AnalyticResult, topic: list[str]) -> AnalyticResult:
    if topic:
        result.data["topic"] = topic
    return result


def _top(vault: Vault, ql: str, scope: Scope | None, period: Period, topic: list[str] | None = None) -> AnalyticResult:
    m = re.search(r"\btop\s*(\d+|" + "|".join(_NUMBERS) + r")\b", ql)
    n_top = (int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]) if m else 3
    n_top = max(1, min(n_top, 20))
    roots = _roots(vault)
    me = _me(vault, roots)
    mine = True if re.search(r"\bwho do i (message|text|write to)\b|\bi (message|text)\b", ql) else None
    if re.search(r"\b(messages|texts|writes to)\s+me\b", ql):
        mine = False
    where, params = _where(scope, ("message",), period, mine, None, None, topic)
    me_q = ",".join("?" * len(me)) or "NULL"
    if mine is False:
        rows = vault.query(f"SELECT r.author_id, count(*), max(r.id) FROM records r WHERE {where} "
                           f"AND r.author_id IS NOT NULL AND r.author_id NOT IN ({me_q}) GROUP BY r.author_id",
                           [*params, *me])
    else:
        rows = vault.query(
            f"SELECT tp.person_id, count(*), max(r.id) FROM records r JOIN threads t ON t.id = r.thread_id "
            f"JOIN thread_participants tp ON tp.thread_id = r.thread_id WHERE {where} AND t.is_group = 0 "
            f"AND tp.person_id NOT IN ({me_q}) GROUP BY tp.person_id", [*params, *me])
        if not rows:  # archives without participant lists: count by the other side's authorship
            rows = vault.query(f"SELECT r.author_id, count(*), max(r.id) FROM records r WHERE {where} "
                               f"AND r.author_id IS NOT NULL AND r.author_id NOT IN ({me_q}) GROUP BY r.author_id",
                               [*params, *me])
    totals: dict[int, list[int]] = {}
    for pid, n, last_id in rows:
        root = roots.get(pid, pid)
        cur = totals.setdefault(root, [0, 0])
        cur[0] += n
        cur[1] = max(cur[1], last_id)
    names = _names(vault, roots)
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1][0], names.get(kv[0], "")))[:n_top]
    span = (f" about “{' '.join(topic)}”" if topic else "") + (f" {period.label}" if period.label else "")
    if not ranked:
        return AnalyticResult("top", f"no conversations{span}", f"I could not find any conversations{span} in your data.",
                              [], [], {"top": []})
    items = [(names.get(pid, "?"), n, last) for pid, (n, last) in ranked]
    first_name, first_n, _ = items[0]
    if mine is False:
        head = f"{first_name} messaged you most{span}: {_n_messages(first_n)} [1]."
    else:
        did = "messaged" if mine else "talked with"
        head = f"You {did} {first_name} the most{span}: {_n_messages(first_n)} [1]."
    rest = "; ".join(f"{name} ({n}) [{i}]" for i, (name, n, _) in enumerate(items[1:], 2))
    template = head + (f" Next: {rest}." if rest else "")
    facts = "; ".join(f"{i}. {name}: {n} messages" for i, (name, n, _) in enumerate(items, 1)) + span
    return AnalyticResult("top", facts, template, [first_name, str(first_n)], [last for _, _, last in items],
                          {"top": [{"name": name, "count": n} for name, n, _ in items], "period": period.label})
