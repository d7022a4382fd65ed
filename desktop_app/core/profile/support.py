"""Does the user's own activity support a label Meta inferred? By meaning first, by words as a fallback.

Three readers, best evidence wins:

- the topic vocabulary (``topics``): "Sourdough bread" names the topic sourdough baking, whose
  words the user's records show in any language the vocabulary knows;
- the sentence embedder (MiniLM) when the vault has vectors for it: the label against the stored
  vectors of the user's own records (records without one are embedded here, up to a cap);
- words: all the label's words in one of the user's own records (full-text search); beside the
  model too, which reads English only.

Only the user's own records count (their posts, comments, messages, bio, groups, events, saves,
likes and searches): a friend talking about golf is not the user's support for "Golf".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

import numpy as np

from desktop_app.core.profile.context import Ctx, extra_of
from desktop_app.core.profile.topics import TOPICS, Matcher, topics_in_label
from desktop_app.core.retrieval.vectors import record_vectors

if TYPE_CHECKING:
    from desktop_app.core.retrieval.embedder import Embedder
    from desktop_app.core.store.vault import Vault

# Cosine between a short label and one of the user's texts (all-MiniLM-L6-v2) from which the text is
# about the label; measured on the generated personas (tests/bench/bench_profile.py): related
# posts score 0.45-0.75, everyday chat under 0.35.
SEMANTIC_MIN = 0.45
# Records with this much meaning-or-word support make a label "supported": one post or bio line,
# or two chat messages (one passing message among thousands is not support).
SUPPORT_SCORE = 2.0
MAX_ENCODE = 1000          # own records without a stored vector embedded on the fly, at most (posts, bio first)
_WEIGHT = {"message": 1.0, "bio": 3.0}


@dataclass
class Support:
    score: float = 0.0
    record_ids: list[int] = field(default_factory=list)     # best first
    how: list[str] = field(default_factory=list)            # "topic", "meaning", "words"

    @property
    def supported(self) -> bool:
        return self.score >= SUPPORT_SCORE

    def add(self, rid: int, weight: float, how: str, rank: float = 0.0) -> None:
        if rid not in self._seen:
            self._seen[rid] = rank
            self.score += weight
            self.record_ids.append(rid)
        if how not in self.how:
            self.how.append(how)

    def __post_init__(self) -> None:
        self._seen: dict[int, float] = {}


class OwnRecords:
    """The user's own records a label can be checked against: id -> (text, weight)."""

    def __init__(self, ctx: Ctx, bio: Iterable[tuple[int, str]] = ()) -> None:
        self.ctx = ctx
        self.items: dict[int, tuple[str, float]] = {}
        for rid, text, _toks in ctx.own_texts():
            self.items[rid] = (text, _WEIGHT["message"] if ctx.is_message(rid) else 2.0)
        for rid, text in bio:
            self.items[rid] = (text, _WEIGHT["bio"])
        for rid, text, extra in ctx.records("r.kind IN ('group', 'event', 'saved', 'like', 'search')",
                                            cols="r.id, r.text, r.extra", own=True):
            ex = extra_of(extra)
            name = ex.get("name") if isinstance(ex.get("name"), str) else text
            if name:
                self.items.setdefault(rid, (name, 1.5))

    def weight(self, rid: int) -> float:
        return self.items.get(rid, ("", 1.0))[1]


def _vault_model(vault: Vault) -> str | None:
    from desktop_app.core.retrieval.indexer import current_model

    try:
        return current_model(vault)
    except Exception:  # noqa: BLE001 - no retrieval settings yet: no model
        return None


def default_embedder(vault: Vault) -> Embedder | None:
    """The real sentence embedder when the vault has vectors of it and it is installed; else None (words only).

    A vault indexed with the test hash embedder gets None: hashed words carry no meaning. Inside the
    window's process, None too: the window passes its own (child-process) embedder.
    """
    import sys

    from desktop_app.core.retrieval import embedder as emb

    if "PySide6.QtWidgets" in sys.modules:
        # The window keeps torch out of its process (ui/embed_child.py): it passes its child-process
        # embedder to meta_vs_me; without one, words and the vocabulary read the support.
        return None
    model = _vault_model(vault)
    if model != emb.SentenceEmbedder.name or not emb.embedder_available():
        return None
    if not vault.scalar("SELECT 1 FROM retrieval_vectors WHERE model = ? LIMIT 1", (model,)):
        return None
    return emb.get_embedder()


def semantic_matrix(own: OwnRecords, embedder: Embedder) -> tuple[list[int], np.ndarray]:
    """(record ids, unit vectors) of the user's own records: stored vectors, the rest embedded here (capped,
    posts and bio first)."""
    ids = list(own.items)
    vecs = record_vectors(own.ctx.vault, embedder.name, ids)
    missing = sorted((r for r in ids if r not in vecs), key=lambda r: -own.weight(r))[:MAX_ENCODE]
    if missing:
        enc = embedder.encode([own.items[r][0] for r in missing])
        vecs.update(zip(missing, np.asarray(enc, dtype=np.float32)))
    keep = [r for r in ids if r in vecs]
    if not keep:
        return [], np.zeros((0, 1), np.float32)
    m = np.vstack([vecs[r] for r in keep])
    m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)
    return keep, m


def label_support(ctx: Ctx, labels: list[str], *, embedder: Any = None, bio: Iterable[tuple[int, str]] = (),
                  word_mentions: Callable[[str], list[int]] | None = None) -> dict[str, Support]:
    """Support for each label in the user's own records (see the module docstring).

    ``word_mentions(label) -> list[int]`` is the words reader (full-text search over own records).
    """
    from desktop_app.core.profile.rules_interests import collect

    from desktop_app.core.profile.text import fold, tokens

    own = OwnRecords(ctx, bio)
    matcher = Matcher()
    out = {label: Support() for label in labels}
    named = {label: topics_in_label(label, matcher) for label in labels}
    # A label made of a topic's weak words ("Bread") is supported by that topic only when it is one of the
    # user's interests (lots of sourdough), never by a passing word.
    touched = {label: topics_in_label(label, matcher, weak=True) for label in labels}
    if any(named.values()) or any(touched.values()):  # reading every own text costs ~1 s at 100k records
        from desktop_app.core.profile.rules_interests import needed_score

        ev = collect(ctx, None, matcher)
        for rid, text in bio:
            ev.add(matcher.match([fold(t) for t in tokens(text)]), rid, 3.0, "bio")
        index = {t.name: i for i, t in enumerate(TOPICS)}
        need = needed_score(len(ctx.own_texts()))
        for label in labels:
            topics = [*named[label], *(t for t in touched[label] if ev.score(index[t.name])[0] >= need)]
            for topic in topics:
                for rid, w in sorted(ev.strong.get(index[topic.name], {}).items(), key=lambda kv: -kv[1]):
                    out[label].add(rid, w, "topic")
    if embedder is not None and labels:
        ids, m = semantic_matrix(own, embedder)
        if ids:
            q = np.asarray(embedder.encode(labels), dtype=np.float32)
            q /= np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-9)
            sims = q @ m.T
            for li, label in enumerate(labels):
                order = np.argsort(-sims[li])[:50]
                for j in order:
                    if sims[li, j] < SEMANTIC_MIN:
                        break
                    out[label].add(ids[j], own.weight(ids[j]), "meaning", float(sims[li, j]))
    if word_mentions is not None:  # also beside the model: it reads English only, the user may not write it
        for label in labels:
            for rid in word_mentions(label):
                out[label].add(rid, own.weight(rid), "words")
    return out
