"""List questions whose items are of a known kind: "Which countries has Maria been to?", "What
instruments does Melanie play?", "Which cities have I visited?".

The items of such a list are scattered over many records that seldom hold the question's own words
("We spent a week in Seville!" answers "Which countries..." without "country"), so the usual lookup
(the records holding the question's words best) finds one item or none. Here the kind tells what an
item looks like: a country or a US state (from the lists below: general knowledge, not data), a city
(a capitalised place after a travel word), an instrument. The subject's own records that hold such
an item next to a word of the question's action (been, visited, play...) are gathered; each item
cites the record it was read from, in the record's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

from desktop_app.core.assistant.evidence import Rec, open_hits, records_with_any
from desktop_app.core.assistant.plan import Plan
from desktop_app.core.assistant.words import stem, tokens

if TYPE_CHECKING:
    from desktop_app.core.privacy.scope import Scope
    from desktop_app.core.store.vault import Vault

MAX_ITEMS = 6          # items one answer lists
SEARCH_LIMIT = 80      # the subject's records read for items

COUNTRIES = {
    "europe": "Albania Andorra Austria Belarus Belgium Bosnia Bulgaria Croatia Cyprus Czechia Czech_Republic Denmark "
              "England Estonia Finland France Germany Greece Hungary Iceland Ireland Italy Kosovo Latvia Liechtenstein "
              "Lithuania Luxembourg Malta Moldova Monaco Montenegro Netherlands Holland North_Macedonia Norway Poland "
              "Portugal Romania Russia San_Marino Scotland Serbia Slovakia Slovenia Spain Sweden Switzerland Ukraine "
              "United_Kingdom UK Britain Great_Britain Wales Vatican",
    "asia": "Afghanistan Armenia Azerbaijan Bahrain Bangladesh Bhutan Brunei Cambodia China Georgia India Indonesia "
            "Iran Iraq Israel Japan Jordan Kazakhstan Kuwait Kyrgyzstan Laos Lebanon Malaysia Maldives Mongolia "
            "Myanmar Nepal North_Korea Oman Pakistan Palestine Philippines Qatar Saudi_Arabia Singapore South_Korea "
            "Korea Sri_Lanka Syria Taiwan Tajikistan Thailand Turkey Turkmenistan United_Arab_Emirates UAE "
            "Uzbekistan Vietnam Yemen",
    "africa": "Algeria Angola Benin Botswana Burkina_Faso Burundi Cameroon Cape_Verde Chad Congo Djibouti Egypt "
              "Eritrea Eswatini Ethiopia Gabon Gambia Ghana Guinea Ivory_Coast Kenya Lesotho Liberia Libya Madagascar "
              "Malawi Mali Mauritania Mauritius Morocco Mozambique Namibia Niger Nigeria Rwanda Senegal Seychelles "
              "Sierra_Leone Somalia South_Africa South_Sudan Sudan Tanzania Togo Tunisia Uganda Zambia Zimbabwe",
    "americas": "Antigua Argentina Bahamas Barbados Belize Bolivia Brazil Canada Chile Colombia Costa_Rica Cuba "
                "Dominica Dominican_Republic Ecuador El_Salvador Grenada Guatemala Guyana Haiti Honduras Jamaica "
                "Mexico Nicaragua Panama Paraguay Peru Puerto_Rico Suriname Trinidad Uruguay USA United_States "
                "America Venezuela",
    "oceania": "Australia Fiji Kiribati New_Zealand Papua_New_Guinea Samoa Solomon_Islands Tonga Tuvalu Vanuatu",
}
US_STATES = ("Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho "
             "Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota "
             "Mississippi Missouri Montana Nebraska Nevada New_Hampshire New_Jersey New_Mexico New_York "
             "North_Carolina North_Dakota Ohio Oklahoma Oregon Pennsylvania Rhode_Island South_Carolina South_Dakota "
             "Tennessee Texas Utah Vermont Virginia Washington West_Virginia Wisconsin Wyoming")
INSTRUMENTS = ("piano guitar violin viola cello clarinet flute saxophone sax trumpet trombone drums ukulele bass harp "
               "banjo harmonica accordion mandolin oboe bassoon keyboard synth organ tuba xylophone")
MARTIAL_ARTS = ("karate judo taekwondo kickboxing boxing jiu-jitsu jujitsu kung_fu aikido muay_thai krav_maga wrestling "
                "capoeira fencing tai_chi mma")
SPORTS = ("football soccer basketball baseball tennis volleyball badminton rugby cricket golf hockey swimming running "
          "cycling skiing snowboarding surfing climbing bouldering rowing softball squash table_tennis ping_pong "
          "skateboarding hiking kayaking sailing boxing netball handball lacrosse yoga pilates weight_training "
          "circuit_training crossfit boot_camp spinning zumba aerobics") + " " + MARTIAL_ARTS
LANGUAGES = ("English Spanish French German Italian Portuguese Dutch Swedish Norwegian Danish Finnish Polish Russian "
             "Ukrainian Greek Turkish Arabic Hebrew Hindi Urdu Bengali Punjabi Tamil Mandarin Cantonese Chinese "
             "Japanese Korean Vietnamese Thai Indonesian Malay Tagalog Swahili Persian Farsi Czech Hungarian Romanian "
             "Latin ASL")
_CONTINENT = {"european": "europe", "asian": "asia", "african": "africa", "american": "americas",
              "south american": "americas", "latin american": "americas", "north american": "americas"}

# the action a place list is about: travel (and the question's own verb, added per question)
_TRAVEL = {stem(w) for w in "visit visited visiting trip trips travel travelled traveled been went go going flew fly "
                            "flight vacation vacationed holiday holidays tour toured road explored backpacking abroad "
                            "stayed spent".split()}
_PLAY = {stem(w) for w in "play plays played playing practice practicing lessons learn learning learned class classes "
                          "done doing took taking trained training started".split()}
_SPEAK = {stem(w) for w in "speak speaks spoke speaking fluent learn learning learned studying study studied "
                           "lessons class".split()}

_ASK = re.compile(r"^\s*(?:what|which)\s+(?:(european|asian|african|south american|latin american|north american|"
                  r"american)\s+)?(countries|country|states|cities|towns|places|instruments|sports|exercises|workouts|martial arts|"
                  r"languages|instrument|sport|language)\b", re.I)
# "What instrument do I play?": a closed kind asked in the singular is gathered the same way (the
# records name guitar, never "instrument"); finding none, it is left to the usual lookup, not declined.
SINGULAR_KINDS = True
_SINGULAR = frozenset({"instrument", "sport", "language"})
_NAME_AFTER = re.compile(r"\b(?:to|in|visited|visiting|visit|from|around|toured|explored)\s+"
                         r"((?:[A-Z][\w'’.-]+)(?:\s+[A-Z][\w'’.-]+){0,2})")
_NOT_PLACES = frozenset(
    "January February March April May June July August September October November December Monday Tuesday Wednesday "
    "Thursday Friday Saturday Sunday Christmas Easter Halloween Thanksgiving Pride I Mom Mum Dad God The A An My Our "
    "His Her Their This That These Those It LGBTQ LGBTQ+".split())


_YOU = re.compile(r"\b(?:you|you're|you’re|you've|you’ve|u)\b", re.I)
_I = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|we|we're|we’re|we've|we’ve)\b")


@dataclass
class Item:
    text: str
    rec: Rec


def list_kind(question: str) -> tuple[str, str | None] | None:
    """("country", "europe") for "What European countries has Maria been to?"; None when the question
    is not a list of a known kind. Singular "which country" is a lookup, not a list."""
    m = _ASK.search(question)
    if not m:
        return None
    word = m.group(2).lower()
    if word == "country" or word in _SINGULAR and not SINGULAR_KINDS:
        return None
    kind = {"countries": "country", "states": "state", "cities": "city", "towns": "city", "places": "place",
            "instruments": "instrument", "instrument": "instrument", "sports": "sport", "sport": "sport",
            "exercises": "sport", "workouts": "sport", "martial arts": "martial", "languages": "language",
            "language": "language"}[word]
    return kind, _CONTINENT.get((m.group(1) or "").lower())


def _names(spec: str) -> list[str]:
    return [n.replace("_", " ") for n in spec.split()]


_KIND_WORDS = {stem(w) for w in "country countries state states city cities town towns place places instrument "
                                 "instruments sport sports exercise exercises workout workouts martial art arts language "
                                 "languages".split()}
_LOWER_KINDS = frozenset({"instrument", "sport", "martial"})   # common nouns, matched in any case


def gazetteer(kind: str, region: str | None = None) -> list[str]:
    if kind == "instrument":
        return _names(INSTRUMENTS)
    if kind == "sport":
        return _names(SPORTS)
    if kind == "martial":
        return _names(MARTIAL_ARTS)
    if kind == "language":
        return _names(LANGUAGES)
    if kind == "country":
        return [n for r, spec in COUNTRIES.items() if region is None or r == region for n in _names(spec)]
    if kind == "state":
        return _names(US_STATES)
    return []


def closed(question: str) -> bool:
    """The question's kind has a list of every item it can be (countries, instruments...): a record
    naming none of them cannot answer it, whatever its other words (cities have no such list)."""
    lk = list_kind(question)
    m = _ASK.search(question)
    return lk is not None and bool(gazetteer(*lk)) and not (m and m.group(2).lower() in _SINGULAR)


def gather(vault: Vault, plan: Plan, scope: Scope | None) -> list[Item] | None:
    """The items, one record each, best first; None when the question is not a typed list (the
    usual lookup answers it), [] when it is but the subject's records hold no item."""
    lk = list_kind(plan.question)
    if lk is None or plan.subject is None:
        return None
    kind, region = lk
    action = {t for t in plan.terms if t not in _KIND_WORDS}
    cues = {"instrument": _PLAY, "sport": _PLAY, "martial": _PLAY, "language": _SPEAK}.get(kind, _TRAVEL) | action
    names = gazetteer(kind, region)
    recs = _subject_records(vault, plan, scope, names or sorted(cues))
    items: list[Item] = []
    seen: set[str] = set()
    if LIVED_FROM_PROFILE and kind in ("city", "place") and plan.subject is not None and plan.subject.is_me \
            and any(t.startswith("liv") for t in plan.terms):
        for town, rec in _profile_homes(vault, scope):   # "Which cities have I lived in?": the profile's home towns
            if town.lower() not in seen:
                seen.add(town.lower())
                items.append(Item(town, rec))
    for rec in recs:
        for sent in rec.sentences():
            if sent.rstrip(" )\"'”’").endswith("?"):
                continue          # "have you been to Spain?" asks, it does not tell
            if not {stem(w) for w in tokens(sent)} & cues:
                continue
            if _YOU.search(sent) and not _I.search(sent):
                continue          # "you finally learned three chords on my guitar": the other person's doing
            for text in _items_in(sent, kind, names):
                key = text.lower()
                if key not in seen:
                    seen.add(key)
                    items.append(Item(text, rec))
    return items[:MAX_ITEMS]


def _items_in(sentence: str, kind: str, names: list[str]) -> list[str]:
    if kind in _LOWER_KINDS:
        return [n for n in names if re.search(rf"\b{re.escape(n)}\b", sentence, re.I)]
    if names:
        return [n for n in names if re.search(rf"\b{re.escape(n)}\b", sentence)]
    out = []
    for m in _NAME_AFTER.finditer(sentence):
        words = m.group(1).rstrip(".,!'’").split()
        while words and words[0] in _NOT_PLACES:
            words = words[1:]
        if words and not any(w in _NOT_PLACES for w in words):
            out.append(" ".join(words))
    return out


# The profile says where the owner lives and comes from ("Current city: Seattle, Washington", "Hometown:
# Portland, Oregon"), which no message says with a travel word: "Which cities have I lived in?" had been declined.
LIVED_FROM_PROFILE = True
_HOME_FIELDS = ("city", "hometown")     # profile.extract's names for the current city and the home town


def _profile_homes(vault: Vault, scope: Scope | None) -> list[tuple[str, Rec]]:
    """(town, its profile record) of each current-city or home-town field the scope lets in, oldest record first;
    the fields are read by the profile's own reader, whatever shape the importer gave the record."""
    from desktop_app.core.privacy.scope import scope_where
    from desktop_app.core.profile.context import extra_of
    from desktop_app.core.profile.extract import profile_fields

    where, params = scope_where(scope, "r")
    towns = [(f.value.strip(), rid) for rid, text, extra in vault.query(
                 f"SELECT r.id, r.text, r.extra FROM records r WHERE r.kind = 'profile' AND {where} "
                 "ORDER BY r.ts IS NULL, r.ts, r.id", params)
             for f in profile_fields(text or "", extra_of(extra)) if f.field in _HOME_FIELDS and f.value.strip()]
    ids = list(dict.fromkeys(rid for _, rid in towns))
    recs = {r.record_id: r for r in open_hits(vault, [SimpleNamespace(record_id=rid, record_ids=[rid]) for rid in ids],
                                              scope=scope, max_records=len(ids) or 1)}
    return [(town, recs[rid]) for town, rid in towns if rid in recs]


def _subject_records(vault: Vault, plan: Plan, scope: Scope | None, words: list[str]) -> list[Rec]:
    """The subject's own records holding any of ``words`` in their text, oldest first."""
    ids = records_with_any(vault, words, scope, SEARCH_LIMIT, plan.subject, text_only=True, by_time=True)
    return open_hits(vault, [SimpleNamespace(record_id=rid, record_ids=[rid]) for rid in ids], scope=scope,
                     max_records=SEARCH_LIMIT)
