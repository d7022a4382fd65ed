"""Life events said in other words: "Where is Ravi going to work?" against "signed the contract
today, I start as a data analyst at Northwind Labs".

People announce the big things of their lives in their own words, and a question asks about them
in others: "work" vs "contract", "hired" vs "start as", "engaged" vs "proposed", "moving" vs
"relocating". Neither the question's words nor MiniLM's meaning bridge that (cosine 0.06-0.15 for
the job announcement above). Each group below holds words that tell of the same kind of event; a
question word in a group brings the group's other words as weaker evidence (``RELATED_WEIGHT`` in
lookup scoring, for records holding none of the question's own words) and one extra search. The
groups hold words for the event itself, not instances of what it is about ("adopted", not "dog":
"the dog kept me up all night" is no adoption). General English, not any one archive's vocabulary; the groups
are data so other languages can add theirs.
"""

from __future__ import annotations

from desktop_app.core.assistant.words import stem

EVENT_GROUPS: tuple[str, ...] = (
    # work
    "work job jobs hired hire hiring position role employer company contract offer career office boss colleague "
    "coworker salary promotion promoted interview internship resign resigned quit fired occupation profession "
    "workplace employed employment",
    # moving home
    "move moving moved relocate relocating relocated relocation apartment flat settle settled neighbourhood "
    "neighborhood",
    # engagement and marriage
    "engaged engagement propose proposed proposal fiance fiancee fiancé fiancée marry married marriage wedding "
    "spouse husband wife",
    # birth
    "baby born birth newborn pregnant pregnancy daughter son arrived",
    # pets
    "pet pets animal animals adopt adopted adoption rescue rescued",
    # injury and illness
    "injured injury injuries hurt broke broken fracture fractured cast sprained surgery hospital accident "
    "sick illness ill diagnosed diagnosis",
    # study
    "study studying studied school college university degree course enrolled graduate graduated graduation "
    "major semester exam",
    # travel
    "trip travel travelling traveling vacation holiday holidays visit visited flight flew getaway journey abroad",
    # buying
    "buy bought purchase purchased ordered",
    # vehicles
    "car vehicle hatchback sedan suv truck van motorbike motorcycle",
    # taking up an activity
    "hobby hobbies activity activities class classes lessons club practice signed joined",
    # gifts
    "gift gifts present presents gave giving",
    # celebrations
    "celebrate celebrated celebrating celebration birthday party anniversary",
    # food one cannot have
    "allergic allergy allergies intolerant intolerance",
    # loss
    "died death passed funeral loss grief",
    # recommending
    "recommend recommended recommendation suggest suggested",
    # reading
    "book books novel novels read reading author",
    # live music
    "concert concerts gig gigs band bands tickets festival",
    # lending
    "borrow borrowed lend lent loan",
    # names
    "name named naming call calling called",
)


# A question word naming one particular event of its group ("Where is my internship?") is its premise: a
# record telling of the group's event in general ("Northwind posted a senior UX designer role") does not
# answer it, so such a word brings no other words. It still belongs to its group: "Where do I work?" is
# answered by "my internship at Northwind" (found asking the demo archive, which holds no internship).
PARTICULAR = True
PARTICULAR_WORDS = frozenset(stem(w) for w in (
    "internship promotion promoted interview resign resigned quit fired salary boss colleague coworker "
    "wedding proposal surgery funeral graduation fracture fractured diagnosis diagnosed").split())


def _stem_groups() -> list[frozenset[str]]:
    return [frozenset(stem(w) for w in g.split()) for g in EVENT_GROUPS]


_GROUPS = _stem_groups()


def related_terms(terms: list[str]) -> list[str]:
    """Stems of words that tell of the same events as the question's terms, not already among them."""
    own = set(terms)
    asks = own - PARTICULAR_WORDS if PARTICULAR else own
    out: list[str] = []
    for g in _GROUPS:
        if asks & g:
            out.extend(sorted(t for t in g - own if t not in out and len(t) >= 3))
    return out
