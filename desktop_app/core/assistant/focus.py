"""Query-focused snippets: only the lines of a retrieved record or window that bear on the question.

Every token the model reads costs time before its first word (prompt evaluation is the whole of
the time to first token), and a 135M model is easily distracted. So each retrieved unit is cut
to its best-matching line (message of a window, sentence of a long post) plus its best
neighbour, within a per-snippet character budget. Lines are scored by meaning when the search
embedder is available (the records' stored vectors against the question's vector) and by shared
words otherwise; the answer-bearing line scores highest because it is what search matched.
Lines already shown in an earlier snippet are not repeated; a snippet left with nothing new is
dropped. The citation then points at its best line's record (what the user should open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from desktop_app.core.assistant.retrieve import _STOP, Citation
from desktop_app.core.privacy.scope import Scope, scope_where

SNIPPET_CHARS = 170      # ≈ 40 tokens of English for this model family (~4.2 chars/token measured)
MAX_LINES = 3
_WORD = re.compile(r"\w+")
_SENT = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Line:
    record_id: int
    speaker: str
    text: str
    score: float = 0.0

    def render(self) -> str:
        return f"{self.speaker}: {self.text}" if self.speaker else self.text


def _stem(w: str) -> str:
    return w[:5]  # cheap stemming: "adopted"/"adopting", "working"/"works" meet on a prefix


def question_words(question: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(question.lower()) if w not in _STOP and len(w) > 2}


def lexical(text: str, qwords: set[str]) -> float:
    words = {_stem(w) for w in _WORD.findall(text.lower()) if len(w) > 2}
    return len(words & qwords) / (1.0 + len(qwords))


class MemoEmbedder:
    """Wraps the search embedder so the question is embedded once for search and for focusing."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self._q: dict[str, np.ndarray] = {}

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def encode_query(self, text: str) -> np.ndarray:
        if text not in self._q:
            enc = getattr(self.inner, "encode_query", None)
            self._q[text] = np.asarray(enc(text) if enc is not None else self.inner.encode([text])[0], np.float32)
        return self._q[text]


def _speaker(author: str | None, is_mine: int | None) -> str:
    return "me" if is_mine else (author or "someone")


def _record_vectors(vault, record_ids: list[int], model: str) -> dict[int, np.ndarray]:
    """Stored vectors of the records' own search units (messages of ≥ 4 words, posts, comments)."""
    if not record_ids:
        return {}
    q = ",".join("?" * len(record_ids))
    try:
        rows = vault.query("SELECT u.record_id, v.vec FROM retrieval_units u JOIN retrieval_vectors v ON v.unit_id = u.id"
                           f" WHERE u.kind = 'record' AND v.model = ? AND u.record_id IN ({q})", [model, *record_ids])
    except Exception:  # noqa: BLE001 - no search tables (degraded mode): words only
        return {}
    out = {}
    for rid, blob in rows:
        v = np.frombuffer(blob, dtype="<f2").astype(np.float32)
        n = float(np.linalg.norm(v))
        if n > 0:
            out[int(rid)] = v / n
    return out


def _split_long(rid: int, speaker: str, text: str) -> list[Line]:
    text = " ".join(text.split())
    if len(text) <= SNIPPET_CHARS:
        return [Line(rid, speaker, text)]
    parts = [p for p in _SENT.split(text) if p.strip()]
    return [Line(rid, speaker if i == 0 else "", p) for i, p in enumerate(parts)]


def _pick(lines: list[Line], budget: int) -> list[int]:
    """Indexes of the best line and its better neighbour, then more by score, within ``budget`` chars."""
    if not lines:
        return []
    best = max(range(len(lines)), key=lambda i: (lines[i].score, -i))
    chosen = [best]
    used = len(lines[best].render())
    order = sorted((i for i in range(len(lines)) if i != best),
                   key=lambda i: (abs(i - best) > 1, -lines[i].score, abs(i - best)))
    for i in order:
        if len(chosen) >= MAX_LINES:
            break
        n = len(lines[i].render()) + 1
        if used + n > budget:
            continue
        chosen.append(i)
        used += n
    return sorted(chosen)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def focus(vault, question: str, cites: list[Citation], *, scope: Scope | None = None, embedder=None,
          keep: int = 8, budget_chars: int = SNIPPET_CHARS) -> list[Citation]:
    """Cut each citation's text to its question-relevant lines; drop repeats; keep ``keep``; renumber."""
    ids = sorted({r for c in cites for r in (c.record_ids or [c.record_id])})
    if not ids:
        return cites[:keep]
    where, params = scope_where(scope, "r") if scope is not None else ("1", [])
    q = ",".join("?" * len(ids))
    rows = {r[0]: r for r in vault.query(f"SELECT r.id, r.author, r.is_mine, r.text, r.ts, r.kind FROM records r WHERE r.id IN ({q})"
                                         f" AND {where}", [*ids, *params])}
    qwords = question_words(question)
    vecs: dict[int, np.ndarray] = {}
    qvec = None
    if embedder is not None:
        try:
            vecs = _record_vectors(vault, ids, getattr(embedder, "name", ""))
            if vecs:
                qvec = np.asarray(embedder.encode_query(question), np.float32)
                qvec = qvec / (float(np.linalg.norm(qvec)) or 1.0)
        except Exception:  # noqa: BLE001 - focusing by meaning is an improvement, words still work
            vecs, qvec = {}, None
    shown: set[str] = set()
    out: list[Citation] = []
    for c in cites:
        lines: list[Line] = []
        for rid in (c.record_ids or [c.record_id]):
            row = rows.get(rid)
            if row is None or not (row[3] or "").strip():
                continue
            lines += _split_long(rid, _speaker(row[1], row[2]), row[3])
        for ln in lines:
            sem = float(vecs[ln.record_id] @ qvec) if qvec is not None and ln.record_id in vecs else 0.0
            # The stored vector is the whole record's: for sentences of one long record it is shared,
            # so words break the tie there.
            ln.score = sem + 0.5 * lexical(ln.text, qwords)
        fresh = [ln for ln in lines if " ".join(ln.text.lower().split()) not in shown]
        if not fresh:
            continue
        picked = [fresh[i] for i in _pick(fresh, budget_chars)]
        best = max(picked, key=lambda ln: ln.score)
        for ln in picked:
            shown.add(" ".join(ln.text.lower().split()))
        text = "\n".join(_cut(ln.render(), budget_chars) for ln in picked)
        rids = list(dict.fromkeys(ln.record_id for ln in picked))
        head = rows[best.record_id]
        out.append(Citation(n=len(out) + 1, record_id=best.record_id, platform=c.platform, kind=head[5] or c.kind,
                            ts_ms=head[4] if head[4] is not None else c.ts_ms, author=head[1] or c.author, snippet=_cut(" ".join(text.split()), 200), text=text,
                            thread_id=c.thread_id, thread_title=c.thread_title, record_ids=rids))
        if len(out) >= keep:
            break
    return out
