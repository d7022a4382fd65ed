""""What do Sam and I talk about?" / "Summarize my conversations with Sam", answered from the vault.

The small model cannot summarise a hundred messages, and two of them quoted are no summary (the open
route had answered "“Good luck with the presentation!” “Sunrise at Blue Lake with Sam.”"). The vault can
say it exactly: how many messages, when, and the words that set this conversation apart from the rest of
the archive (said here often, elsewhere rarely: a tf-idf over the conversation's messages against the
others'), each cited by the latest message that says it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import TYPE_CHECKING

from desktop_app.core.assistant.analytics import AnalyticResult, Period, _threads_with, _where, fmt_day, person_named
from desktop_app.core.assistant.words import QUESTION_WORDS, stem
from desktop_app.core.privacy.scope import Scope, scope_where

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

TOPICS = 6              # topics named in the answer
MIN_COUNT = 2           # a word said once in the conversation is no topic of it
BACKGROUND = 5000       # the latest other messages the conversation is compared with (bounded at any vault size)

_ASK = re.compile(r"^\s*(?:(?:summari[sz]e|sum up)\s+(?:my\s+|our\s+|the\s+)?(?:conversations?|chats?|messages|"
                  r"talks?)\s+with\s+(?P<a>[^?.!]+?)|what\s+(?:do|did|have)\s+(?P<b>[^?.!]+?)\s+and\s+(?:i|me)\s+"
                  r"(?:usually\s+|mostly\s+)?(?:talk(?:ed)?|chat(?:ted)?)\s+about|what\s+(?:do|did|have)\s+i\s+"
                  r"(?:usually\s+|mostly\s+)?(?:talk(?:ed)?|chat(?:ted)?)\s+(?:about\s+)?with\s+(?P<c>[^?.!]+?)"
                  r"(?:\s+about)?)\s*[?.!]?\s*$", re.I)
_TOKEN = re.compile(r"[A-Za-zÀ-ÿ][\w'’-]*")
# words of chat that say nothing of a topic, beyond the question words
_CHAT = frozenset("""yeah yes yep nope okay haha lol omg thanks thank sure great good nice cool awesome love lovely
amazing glad happy sorry please tomorrow today tonight yesterday later soon week weekend time day night morning
really totally maybe well let lets let's gonna wanna need want see look looks looking come coming take back
way lot much new old first last next best little big right sounds sound hope miss call text message""".split())


def answer(vault: Vault, question: str, scope: Scope | None) -> AnalyticResult | None:
    m = _ASK.match(question)
    if m is None:
        return None
    who = (m.group("a") or m.group("b") or m.group("c") or "").strip()
    person = person_named(vault, question, who)
    if person is None:
        # unknown, or "Sam's kids": someone of theirs the vault cannot tell apart. Said here: the lookup had
        # answered "What do Sam's kids and I talk about?" with "Blue Lake", a span of a post about Sam.
        rel = re.match(r"(.+?)['’]s\s+(.+)$", who)
        template = (f"Your data does not say who {who} {'are' if rel and rel.group(2).endswith('s') else 'is'}, "
                    f"so it holds no conversations with them to sum up." if rel else
                    f"No one called {who} is in your data, so there are no conversations with them to sum up.")
        return AnalyticResult("talk_about", template, template, [], [], {"person": who, "messages": 0, "topics": []})
    family, name, asked = person
    threads = _threads_with(vault, family)
    where, params = _where(scope, ("message",), Period(), None, threads, None)
    rows = vault.query(f"SELECT r.id, r.text, r.ts FROM records r WHERE {where} ORDER BY r.ts DESC, r.id DESC", params)
    if not rows:
        template = f"You have no messages with {name} in your data."
        return AnalyticResult("talk_about", template, template, [], [], {"person": name, "messages": 0, "topics": []})
    first_ts, last_ts = rows[-1][2], rows[0][2]
    names = {w.lower() for n in (name, asked) for w in n.split()} | _owner_words(vault)
    topics = _topics(vault, rows, threads, names, scope)
    from desktop_app.core.timezone import zone_for

    zone = zone_for(vault)
    head = f"You and {name} exchanged {len(rows)} messages, from {fmt_day(first_ts, zone)} to {fmt_day(last_ts, zone)}"
    if not topics:
        template = head + "; no word stands out in them against the rest of your messages."
        return AnalyticResult("talk_about", template, template, [str(len(rows))], [],
                              {"person": name, "messages": len(rows), "topics": []})
    listed = "; ".join(f"{word} [{i}]" for i, (word, _) in enumerate(topics, 1))
    template = f"{head}. What you talk about most, against the rest of your messages: {listed}."
    return AnalyticResult("talk_about", template, template, [str(len(rows))], [rid for _, rid in topics],
                          {"person": name, "messages": len(rows), "topics": [w for w, _ in topics]})


def _owner_words(vault: Vault) -> set[str]:
    rows = vault.query("SELECT DISTINCT p.display_name FROM people p JOIN records r ON r.author_id = p.id "
                       "WHERE r.is_mine = 1 LIMIT 5")
    return {w.lower() for (n,) in rows for w in str(n or "").split()}


LIFT = 3.0              # said at least this many times more often here than elsewhere ("Running late" is said everywhere)


def _terms(text: str, drop: set[str]) -> list[tuple[str, str]]:
    """(key, as written) for the words and names of a message that could name a topic: a run of capitalised
    words is one name ("Blue Lake"); a single word keeps its case for _display_form."""
    out: list[tuple[str, str]] = []
    toks = [(m.group(0), m.start()) for m in _TOKEN.finditer(text or "")]
    i = 0
    while i < len(toks):
        w, at = toks[i]
        j = i
        while j + 1 < len(toks) and toks[j + 1][0][:1].isupper() and text[toks[j][1] + len(toks[j][0]):toks[j + 1][1]] == " ":
            j += 1
        if w[:1].isupper() and j > i:              # "Blue Lake", "Vertical World"
            name = " ".join(t for t, _ in toks[i:j + 1])
            if not any(t.lower() in drop for t, _ in toks[i:j + 1]):
                out.append((name.lower(), name))
            i = j + 1
            continue
        lw = w.lower().replace("’", "'")
        if len(lw) >= 4 and lw not in QUESTION_WORDS and lw not in _CHAT and lw not in drop and "'" not in lw:
            out.append((stem(lw), w))
        i += 1
    return out


def _topics(vault: Vault, rows: list, threads: list[int], drop: set[str],
            scope: Scope | None) -> list[tuple[str, int]]:
    """The conversation's distinctive words, best first, each with the latest message saying it. The other
    messages compared with are only those the scope lets answers use."""
    tf: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = {}
    latest: dict[str, int] = {}
    for rid, text, _ in rows:                       # newest first: the first message seen is the latest
        for key, w in set(_terms(text, drop)):
            tf[key] += 1
            shown.setdefault(key, Counter())[w] += 1
            latest.setdefault(key, rid)
    marks = ",".join("?" * len(threads)) or "NULL"
    sw, sp = scope_where(scope, "r")
    others = vault.query(f"SELECT r.text FROM records r WHERE {sw} AND r.kind = 'message' AND (r.thread_id IS NULL OR "
                         f"r.thread_id NOT IN ({marks})) ORDER BY r.ts DESC LIMIT ?", [*sp, *threads, BACKGROUND])
    df: Counter[str] = Counter()
    for (text,) in others:
        df.update({key for key, _ in _terms(text, drop)})
    n = len(others) + 1
    scored = [(c * math.log(n / (1 + df[k])), k) for k, c in tf.items()
              if c >= MIN_COUNT and c / len(rows) >= LIFT * (1 + df[k]) / n]
    scored.sort(key=lambda t: (-t[0], t[1]))
    picked: list[str] = []
    for _, k in scored:
        if not any(k in p.split() or stem(k) in {stem(x) for x in p.split()} for p in picked):   # "lake" of "blue lake"
            picked.append(k)
        if len(picked) == TOPICS:
            break
    return [(_display_form(shown[k]), latest[k]) for k in picked]


def _display_form(forms: Counter[str]) -> str:
    """A word as the conversation writes it: lower case if it is ever written so ("Running late" opens a
    sentence), else capitalised ("Leavenworth")."""
    lower = [w for w in forms if w.islower()]
    return max(lower, key=lambda w: forms[w]) if lower else forms.most_common(1)[0][0]
