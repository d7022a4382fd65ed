"""Keyword access to what a record's text does not say: its kind's words and a post's title line.

A saved post's text is the post, not the word "saved"; a post with a body keeps its title line
("Alex wrote on Sam's timeline") in ``extra``. ``sync`` (run by ``index.sync_units``) puts both,
with the text, into ``retrieval_aux_fts`` for records other than messages (a message's kind says
nothing a question asks for), above a high-water mark; ``search`` ranks them like the main index.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

MARK_KEY = "retrieval.aux_upto"

# Words people use for a kind of record ("which pages did I like", "ads I clicked").
KIND_WORDS: dict[str, str] = {
    "post": "post posted wrote", "threads_post": "threads post posted", "comment": "comment commented",
    "reaction": "reaction reacted liked like", "like": "like liked likes page",
    "friend": "friend friends added friended", "follower": "follower followers follows followed",
    "following": "following follow followed", "profile": "profile",
    "ad_interest": "ad ads interest interests", "ad_category": "ad ads category categories",
    "advertiser": "advertiser advertisers ad ads clicked interacted", "topic": "topic topics",
    "search": "search searched searches", "saved": "saved save", "event": "event events going",
    "group": "group groups joined member", "checkin": "checkin checked in place visited",
    "place": "place places visited", "link": "link links visited clicked opened",
}


def _title(extra: str | None) -> str:
    if not extra or '"title"' not in extra:
        return ""
    try:
        t = (json.loads(extra) or {}).get("title")
    except (ValueError, TypeError, AttributeError):
        return ""
    return t if isinstance(t, str) else ""


def sync(vault: Vault) -> int:
    """Index records added since the last sync (call inside a transaction); returns rows added."""
    top = int(vault.scalar("SELECT coalesce(max(id), 0) FROM records") or 0)
    done = int(vault.get_setting(MARK_KEY, 0) or 0)
    if top <= done:
        return 0
    rows = vault.query("SELECT id, kind, text, extra FROM records WHERE id > ? AND id <= ? AND kind != 'message'",
                       (done, top))
    out = [(rid, " ".join(filter(None, (KIND_WORDS.get(kind, kind.replace("_", " ")), _title(extra), text))))
           for rid, kind, text, extra in rows]
    if out:
        vault.conn.executemany("INSERT OR REPLACE INTO retrieval_aux_fts(rowid, text) VALUES (?, ?)", out)
    vault.set_setting(MARK_KEY, top)
    return len(out)


def forget(vault: Vault, record_ids: list[int]) -> None:
    for i in range(0, len(record_ids), 500):
        chunk = record_ids[i:i + 500]
        vault.execute(f"DELETE FROM retrieval_aux_fts WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)


def search(vault: Vault, exprs: list[str], fsql: str, fparams: list[Any], ssql: str, sparams: list[Any],
           limit: int) -> list[dict[str, Any]]:
    """Ranked hits for the keyword side's MATCH expressions (all words first, then any)."""
    hits: list[dict[str, Any]] = []
    seen: set[int] = set()
    for i, expr in enumerate(exprs):
        if len(hits) >= limit:
            break
        for rid, s in vault.query(
                "SELECT r.id, bm25(retrieval_aux_fts) AS s FROM retrieval_aux_fts JOIN records r ON r.id = retrieval_aux_fts.rowid"
                f" WHERE retrieval_aux_fts MATCH ? AND {fsql} AND {ssql} ORDER BY s LIMIT ?",
                [expr, *fparams, *sparams, limit]):
            if rid not in seen:
                seen.add(rid)
                hits.append({"record_id": rid, "score": -float(s), "strict": i == 0})
    return hits[:limit]
