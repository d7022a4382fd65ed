"""Lookup answers (who / what / where / when / which / how): a short span or a date from one record.

Each candidate record's sentences are scored against the question's terms (weighted by how rare
each term is in the vault); the best sentence's record is the evidence, and the answer is a span of
that sentence chosen by the question's kind (a name for "who", a place for "where", the words after
the question's own words for "what"), or, for "when", the date the record gives, resolved against
the record's own time ("yesterday" sent on 8 May 2023 is 7 May 2023), else the record's date.
Nothing here invents words: every answer is a span of a record or a date computed from one.

``support`` is the share of the question's term weight the evidence holds (its own words count
fully, its neighbours' partly). The engine declines below a threshold, and when the question is
about one person but the evidence is the other person speaking about themselves (LoCoMo's
swapped-people questions).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop_app.core.assistant.evidence import Rec
from desktop_app.core.assistant.plan import Plan
from desktop_app.core.assistant.words import all_stems

if TYPE_CHECKING:
    from desktop_app.core.retrieval.embedder import Embedder
    from desktop_app.core.store.vault import Vault

CONTEXT_WEIGHT = 0.5     # a question word found only in a neighbouring line counts this much
RANK_WEIGHT = 0.08       # search rank as a tie-breaker between equally matching records
RELATED_WEIGHT = 0.5     # a word of the same event (events.py) counts this much of the question word's weight


@dataclass
class Scored:
    rec: Rec
    sentence: str
    score: float
    support: float                      # share of the question's term weight the record (and neighbours) hold
    matched: list[str] = field(default_factory=list)   # question terms in the record itself
    reply: bool = False                 # the answer right after a message that asked the question
    sents: list[tuple[str, float]] = field(default_factory=list)   # answering sentences, share of weight matched
    cos: float | None = None            # meaning: cosine of the question with the record (None: no vector)


def doc_freqs(vault: Vault, terms: list[str]) -> tuple[int, dict[str, int]]:
    """The vault's record count and each stemmed term's record count (FTS prefix counts)."""
    n = max(1, int(vault.scalar("SELECT count(*) FROM records") or 1))
    out = {}
    for t in terms:
        q = '"' + t.replace('"', "") + '"*'
        try:
            out[t] = int(vault.scalar("SELECT count(*) FROM records_fts WHERE records_fts MATCH ?", (q,)) or 0)
        except Exception:  # noqa: BLE001 - an odd term FTS cannot parse just weighs the average
            out[t] = n // 10
    return n, out


def term_weights(vault: Vault, terms: list[str]) -> dict[str, float]:
    """IDF of each stemmed term over the vault's records (rare words weigh more)."""
    n, dfs = doc_freqs(vault, terms)
    return {t: math.log(1 + n / (1 + df)) for t, df in dfs.items()}


# A stem matches a longer word only through an English ending ("graduat" ~ "graduation", "paint" ~
# "painter"), not any word it begins ("studi", of "studied", is not "studio"; "art" is not "article"):
# "When did I graduate?" had answered from a job ad at "Northwind Studio". Off: any prefix of five letters.
WHOLE_STEMS = True
_ENDING = re.compile(r"(?:e|i)?(?:s|es|ed|d|ing|ings|er|ers|ion|ions|ation|ations|al|ally|ly|y|ies|ied|ment|ments|"
                     r"ness|ful|ity|ist|ists|ism|ive|ous|able|ible|ence|ance|ant|ent|ic|ical|ize|ized|ise|ised|est|"
                     r"or|ors|ery|ry|ship|hood|ian|ians|ician|icians)?")


def _extends(longer: str, stem_: str) -> bool:
    return longer.startswith(stem_) and (not WHOLE_STEMS or _ENDING.fullmatch(longer[len(stem_):]) is not None)


def _matches(term: str, words: set[str]) -> bool:
    if term in words:
        return True
    return len(term) >= 5 and any(_extends(w, term) or (len(w) >= 5 and _extends(term, w)) for w in words)


def _is_question(sentence: str) -> bool:
    return sentence.rstrip(" )\"'”’").endswith("?")


SEM_LO, SEM_HI = 0.30, 0.60   # question-record cosine: below LO no support by meaning, at HI full support

# "This record answers the question": a logistic model over cheap signals, fitted once (scikit-learn,
# class-balanced, offline) on LoCoMo's development split (answerable questions) and the generated
# persona (seeds 7 and 8) together, evidence records as positives. Kept small on purpose (eight
# weights) so it cannot memorise either set; re-fit with /tests/bench/bench_locomo.py's data when the
# signals change. With vectors: words, meaning, meaning against the other candidates, rank.
RELEVANCE = {"lex": 2.890, "sem": -2.069, "z": 0.946, "inv_rank": 2.443, "lead": 0.588, "rare": 0.513,
             "about": -0.155, "cos": 2.833, "bias": -2.884}
# Without vectors (embedding not done yet, or keyword-only mode): words and rank only.
RELEVANCE_WORDS = {"lex": 2.787, "inv_rank": 3.451, "lead": 1.136, "rare": 0.566, "about": 0.234, "bias": -3.098}


def meaning_support(cos: float | None) -> float:
    if cos is None:
        return 0.0
    return max(0.0, min(1.0, (cos - SEM_LO) / (SEM_HI - SEM_LO)))


def relevance(s: "Scored", about: bool, cos: float | None, z: float, rare: float) -> float:
    """Probability-like score that the record answers the question (see RELEVANCE)."""
    f = {"lex": s.support, "inv_rank": 1.0 / s.rec.rank, "lead": float(s.rec.lead), "rare": rare, "about": float(about)}
    if cos is not None:
        f.update(sem=meaning_support(cos), z=z, cos=cos)
        w = RELEVANCE
    else:
        w = RELEVANCE_WORDS
    x = w["bias"] + sum(w[k] * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-x))


def meaning_scores(vault: Vault, question: str, recs: list[Rec], embedder: Embedder | None = None) -> dict[int, float]:
    """Cosine of the question with each record's stored vector (records of four words or more have
    one); {} when no embedder or no vectors. The query is encoded once (numpy path, no torch)."""
    from desktop_app.core.retrieval.indexer import current_model
    from desktop_app.core.retrieval.semantic import _embedder_for
    from desktop_app.core.retrieval.vectors import record_vectors

    ids = sorted({r.record_id for r in recs} | {x.record_id for r in recs for x in r.replies})
    if not ids:
        return {}
    model = current_model(vault)
    vecs = record_vectors(vault, model, ids)
    if not vecs:
        return {}
    emb = _embedder_for(model, embedder)
    if emb is None:
        return {}
    import numpy as np

    q = np.asarray(emb.encode_query(question), dtype=np.float32)
    q /= (np.linalg.norm(q) or 1.0)
    return {rid: float(vec @ q) for rid, vec in vecs.items()}


def score_records(plan: Plan, recs: list[Rec], weights: dict[str, float],
                  sem: dict[int, float] | None = None, related: list[str] | None = None) -> list[Scored]:
    """Every record's best answering sentence, scored; best first.

    A sentence that asks ("What did you make?") holds the question's words but not the answer: it
    is never the answer sentence. When a record only asks, the reply right after it by the other
    person is the candidate instead, carrying the asking record's match.
    """
    total = sum(weights.values()) or 1.0
    rel_w = RELATED_WEIGHT * max(weights.values(), default=0.0)
    out: list[Scored] = []
    for r in recs:
        own = [t for t in weights if _matches(t, r.stems)]
        ctx = [t for t in weights if t not in own and _matches(t, r.context_stems)]
        support = (sum(weights[t] for t in own) + CONTEXT_WEIGHT * sum(weights[t] for t in ctx)) / total
        rel = [t for t in related or () if _matches(t, r.stems)] if not own else []
        if rel:     # none of its words, but the same event in others ("contract" for "work"): weaker evidence
            support = min(1.0, support + rel_w / total)
        best, best_v, asked_v = None, -1.0, 0.0
        sents: list[tuple[str, float]] = []
        for s in r.sentences():
            ss = all_stems(s)
            v = sum(weights[t] for t in own if _matches(t, ss)) + (rel_w if any(_matches(t, ss) for t in rel) else 0.0)
            if _is_question(s):
                asked_v = max(asked_v, v)
                continue
            sents.append((s, v / total))
            if v > best_v:
                best, best_v = s, v
        prior = RANK_WEIGHT / r.rank + (0.02 if r.lead else 0.0)
        if best is not None and (best_v > 0 or asked_v == 0):
            out.append(Scored(r, best, support + 0.3 * best_v / total + prior, support, own + rel[:1], sents=sents))
        reply = next((x for x in r.replies if x.author != r.author), None) if asked_v > best_v else None
        if reply is not None:
            rs = [(x, 0.0) for x in reply.sentences() if not _is_question(x)]
            if rs:
                out.append(Scored(reply, rs[0][0], 0.9 * support + prior, 0.9 * support, own, reply=True, sents=rs))
    out.sort(key=lambda s: -s.score)
    return out


# A question about one person whose words a record by someone else holds clearly better (by this
# share of the question's weight) is that other person's story: "What did Caroline realize after
# her charity race?" when only Melanie ran one; Caroline's "that race sounds great!" is no answer.
# On LoCoMo dev (subject questions): adversarial declined 0.46 -> 0.74, answerable declined +0.05.
RIVAL_MARGIN = 0.1
RIVAL_COS_SLACK = 0.0     # ... and it is no further from the question in meaning than this
RIVAL_MIN_SUPPORT = 0.5   # and it holds at least half of them, two words or more (one shared word is no story)


def told_of_other(rival: Scored, own: Scored, terms: list[str] | None = None) -> bool:
    """The other person's record holds the question's words clearly better, and its meaning is no
    further from the question (a record of the asked person close in meaning but in other words,
    "we're calling her Pepper" for "what name did Jonas give their animal", is not outdone)."""
    if (len([t for t in rival.matched if terms is None or t in terms]) < 2 or rival.support < RIVAL_MIN_SUPPORT
            or rival.support <= own.support + RIVAL_MARGIN):
        return False
    return rival.cos is None or own.cos is None or rival.cos >= own.cos - RIVAL_COS_SLACK
