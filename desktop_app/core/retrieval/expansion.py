"""Query expansion from the archive's own words, chosen by the embedder.

On real chat a question often shares no word with the message that answers it ("What does
Melanie do to destress?" / "I just signed up for a pottery class... like therapy"). The
question's embedding is close to some of the archive's frequent words ("therapy", "relaxing"),
and those words, searched as keywords, find such messages. No hand-made synonym list: the
vocabulary is the vault's own, ranked by the same model that embeds the records.

The vocabulary is held in memory only, per open vault, and rebuilt (in the background; words
already embedded are kept) when units change: an import or a forget bumps the generation, so a
forgotten record's words do not outlive it here.
"""

from __future__ import annotations

import logging
import re
import threading
import weakref
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from desktop_app.core.retrieval.keyword import STOPWORDS

if TYPE_CHECKING:
    from desktop_app.core.retrieval.embedder import Embedder
    from desktop_app.core.store.vault import Vault

MIN_DOCS = 2           # a word in fewer records is not part of the archive's vocabulary
MIN_LEN = 4            # shorter words are mostly function words and chat noise ("lol", "yeah")
VOCAB_MAX = 3000       # most frequent words kept (their embedding is paid once per generation)
SAMPLE_RECORDS = 50_000   # newest records read for the vocabulary (a large archive's words repeat)
WORDS = 5              # expansion words per question

log = logging.getLogger(__name__)
_WORD = re.compile(r"[a-z]+")
# vault → {key: (embedder name, generation) built, vocab, vecs: word → vector, building: (key, thread)}
_cache: weakref.WeakKeyDictionary[Vault, dict[str, Any]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _vocabulary(vault: Vault, embedder: Embedder, wait: bool = False) -> tuple[list[str], NDArray[np.float32]] | None:
    """The vault's vocabulary and its vectors for this embedder and generation. Built on a
    background thread (embedding a few thousand words takes seconds): until it is ready, and
    unless ``wait``, None (the search runs without expansion)."""
    from desktop_app.core.retrieval.index import generation

    if getattr(embedder, "encode", None) is None:
        return None
    key = (getattr(embedder, "name", ""), generation(vault))
    with _lock:
        state = _cache.setdefault(vault, {"key": None, "vocab": None, "vecs": {}, "building": None})
        if state["key"] == key:
            return state["vocab"]
        job = state["building"]
    if job is None or job[0] != key:
        # the vault is read here, on the caller's thread (its connection, its transaction); only the
        # embedding runs in the background
        words = _words(vault)
        with _lock:
            job = state["building"]
            if job is None or job[0] != key:
                job = (key, threading.Thread(target=_build, args=(embedder, words, key, state), daemon=True,
                                             name="hearth-expansion"))
                state["building"] = job
                job[1].start()
    if wait:
        job[1].join()
        with _lock:
            return state["vocab"] if state["key"] == key else None
    return None


def _words(vault: Vault) -> list[str]:
    """The archive's most frequent words (in at least ``MIN_DOCS`` of its newest records)."""
    df: dict[str, int] = {}
    for (text,) in vault.query("SELECT text FROM records WHERE text != '' ORDER BY id DESC LIMIT ?",
                               (SAMPLE_RECORDS,)):
        for w in set(_WORD.findall(text.lower())):
            df[w] = df.get(w, 0) + 1
    return sorted((w for w, n in df.items() if n >= MIN_DOCS and len(w) >= MIN_LEN and w not in STOPWORDS),
                  key=lambda w: (-df[w], w))[:VOCAB_MAX]


def _build(embedder: Embedder, words: list[str], key: tuple[str, int], state: dict[str, Any]) -> None:
    try:
        with _lock:
            known = dict(state["vecs"]) if state["key"] is not None and state["key"][0] == key[0] else {}
        new = [w for w in words if w not in known]
        if new:   # words already embedded (an earlier generation) are not embedded again
            known.update(zip(new, np.asarray(embedder.encode(new), dtype=np.float32)))
        vocab = (words, np.stack([known[w] for w in words])) if words else None
        with _lock:
            # only the current vocabulary's vectors are kept: a forgotten record's words leave memory
            state.update(key=key, vocab=vocab, vecs={w: known[w] for w in words})
    except Exception:   # noqa: BLE001 - the model failed: no expansion, search goes on
        log.debug("expansion vocabulary not built", exc_info=True)
    finally:
        with _lock:
            if state["building"] is not None and state["building"][0] == key:
                state["building"] = None


def prepare(vault: Vault, embedder: Embedder) -> bool:
    """Build the vocabulary now (the evaluation, the bench, a warm-up after unlock)."""
    return _vocabulary(vault, embedder, wait=True) is not None


def expansion_words(vault: Vault, embedder: Embedder, text: str, qvec: NDArray[np.float32], n: int = WORDS) -> list[str]:
    """The ``n`` vocabulary words nearest the query's embedding, leaving out the query's own words."""
    vocab = _vocabulary(vault, embedder)
    if vocab is None:
        return []
    words, mat = vocab
    own = set(_WORD.findall(text.lower()))
    scores = mat @ np.asarray(qvec, dtype=np.float32)
    out: list[str] = []
    for i in np.argsort(-scores)[: n + len(own)]:
        if words[i] not in own:
            out.append(words[i])
        if len(out) >= n:
            break
    return out
