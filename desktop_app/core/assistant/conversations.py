"""Saved conversations: list, reopen, rename, delete, store answers with their citations.

Each answer keeps the scope it ran under, the model and its sha256, timings, and (only when
asked) the full prompt. ``on_records_forgotten`` is the forget hook: it drops citations of the
forgotten records and redacts text quoted from them in answers and stored prompts.
"""

from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING, Any

from desktop_app.core.errors import KnownError

if TYPE_CHECKING:
    from desktop_app.core.assistant.ask import Answer
    from desktop_app.core.store.vault import Vault

REDACTED = "[forgotten]"
TITLE_LEN = 80


class ConversationNotFound(KnownError):
    exit_code = 2


def _now_ms() -> int:
    return int(time.time() * 1000)


def create(vault: Vault, title: str = "") -> int:
    now = _now_ms()
    with vault.transaction():
        cur = vault.execute("INSERT INTO assistant_conversations(title, created_at, updated_at) VALUES (?, ?, ?)",
                            (title[:TITLE_LEN], now, now))
    return int(cur.lastrowid)


def exists(vault: Vault, conversation_id: int) -> bool:
    return vault.scalar("SELECT 1 FROM assistant_conversations WHERE id = ?", (int(conversation_id),)) is not None


def _require(vault: Vault, conversation_id: int) -> None:
    if not exists(vault, conversation_id):
        raise ConversationNotFound(f"There is no conversation {conversation_id}.")


def list_conversations(vault: Vault) -> list[dict[str, Any]]:
    rows = vault.query(
        "SELECT c.id, c.title, c.created_at, c.updated_at, "
        "(SELECT count(*) FROM assistant_answers a WHERE a.conversation_id = c.id AND a.superseded_by IS NULL) "
        "FROM assistant_conversations c ORDER BY c.updated_at DESC, c.id DESC")
    return [{"id": i, "title": t, "created_at": c, "updated_at": u, "answers": n} for i, t, c, u, n in rows]


def rename(vault: Vault, conversation_id: int, title: str) -> None:
    _require(vault, conversation_id)
    title = " ".join(title.split())[:TITLE_LEN]
    if not title:
        raise KnownError("A conversation title cannot be empty.")
    with vault.transaction():
        vault.execute("UPDATE assistant_conversations SET title = ?, updated_at = ? WHERE id = ?",
                      (title, _now_ms(), int(conversation_id)))


def delete(vault: Vault, conversation_id: int) -> None:
    """Delete a conversation, its answers and citations (cascade), and flush them from the WAL."""
    _require(vault, conversation_id)
    with vault.transaction():
        vault.execute("DELETE FROM assistant_conversations WHERE id = ?", (int(conversation_id),))
    vault.checkpoint()


def save_answer(vault: Vault, conversation_id: int | None, answer: Answer) -> int:
    """Store an ``ask.Answer`` (and create the conversation when needed); returns the answer id."""
    now = _now_ms()
    with vault.transaction():
        if conversation_id is None:
            title = " ".join(answer.question.split())[:TITLE_LEN]
            conversation_id = int(vault.execute(
                "INSERT INTO assistant_conversations(title, created_at, updated_at) VALUES (?, ?, ?)",
                (title, now, now)).lastrowid)
        else:
            _require(vault, conversation_id)
            vault.execute("UPDATE assistant_conversations SET updated_at = ? WHERE id = ?", (now, conversation_id))
        cur = vault.execute(
            "INSERT INTO assistant_answers(conversation_id, question, text, kind, status, created_at, scope, model,"
            " model_sha256, timings, facts, warnings, prompt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (conversation_id, answer.question, answer.text, answer.kind, answer.status, now,
             json.dumps(answer.scope), answer.model, answer.model_sha256, json.dumps(answer.timings),
             json.dumps(answer.facts) if answer.facts is not None else None, json.dumps(answer.warnings),
             answer.prompt))
        answer_id = int(cur.lastrowid)
        present = _existing(vault, [rid for c in answer.citations for rid in (c.record_ids or [c.record_id])])
        for c in answer.citations:
            for rid in dict.fromkeys(c.record_ids or [c.record_id]):
                if rid in present:  # a record forgotten while answering is not cited
                    vault.execute("INSERT OR IGNORE INTO assistant_citations(answer_id, n, record_id, is_primary,"
                                  " cited, snippet) VALUES (?,?,?,?,?,?)",
                                  (answer_id, c.n, rid, int(rid == c.record_id), int(c.cited),
                                   c.snippet if rid == c.record_id else ""))
    answer.id = answer_id
    answer.conversation_id = conversation_id
    return answer_id


def _existing(vault: Vault, ids: list[int]) -> set[int]:
    out: set[int] = set()
    ids = sorted(set(ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out.update(r for (r,) in vault.query(f"SELECT id FROM records WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out


def supersede(vault: Vault, old_answer_id: int, new_answer_id: int) -> None:
    with vault.transaction():
        vault.execute("UPDATE assistant_answers SET superseded_by = ? WHERE id = ?", (new_answer_id, old_answer_id))


def get_answer(vault: Vault, answer_id: int) -> dict[str, Any]:
    row = vault.execute(
        "SELECT a.id, a.conversation_id, a.question, a.text, a.kind, a.status, a.created_at, a.scope, a.model,"
        " a.model_sha256, a.timings, a.facts, a.warnings, a.prompt, a.redacted, a.superseded_by"
        " FROM assistant_answers a WHERE a.id = ?", (int(answer_id),)).fetchone()
    if row is None:
        raise KnownError(f"There is no answer {answer_id}.")
    (aid, cid, q, text, kind, status, created, scope, model, sha, timings, facts, warnings, prompt, red, sup) = row
    cites: dict[int, dict[str, Any]] = {}
    for n, rid, primary, cited, snippet, platform, rkind, ts, author, tid in vault.query(
            "SELECT c.n, c.record_id, c.is_primary, c.cited, c.snippet, r.platform, r.kind, r.ts, r.author, r.thread_id"
            " FROM assistant_citations c JOIN records r ON r.id = c.record_id WHERE c.answer_id = ?"
            " ORDER BY c.n, c.is_primary DESC, c.record_id", (aid,)):
        entry = cites.get(n)
        if entry is None or (primary and not entry["_primary"]):
            ids = entry["record_ids"] if entry else []
            entry = {"n": n, "record_id": rid, "platform": platform, "kind": rkind, "ts_ms": ts, "author": author,
                     "snippet": snippet, "thread_id": tid, "cited": bool(cited), "record_ids": ids, "_primary": primary}
            cites[n] = entry
        entry["record_ids"].append(rid)
    for e in cites.values():
        e.pop("_primary")
    return {"id": aid, "conversation_id": cid, "question": q, "text": text, "kind": kind, "status": status,
            "created_at": created, "scope": json.loads(scope) if scope else None, "model": model,
            "model_sha256": sha, "timings": json.loads(timings) if timings else {},
            "facts": json.loads(facts) if facts else None, "warnings": json.loads(warnings) if warnings else [],
            "prompt": prompt, "redacted": bool(red), "superseded_by": sup, "citations": list(cites.values())}


def get_conversation(vault: Vault, conversation_id: int, *, include_superseded: bool = False) -> dict[str, Any]:
    row = vault.execute("SELECT id, title, created_at, updated_at FROM assistant_conversations WHERE id = ?",
                        (int(conversation_id),)).fetchone()
    if row is None:
        raise ConversationNotFound(f"There is no conversation {conversation_id}.")
    sql = "SELECT id FROM assistant_answers WHERE conversation_id = ?"
    if not include_superseded:
        sql += " AND superseded_by IS NULL"
    ids = [a for (a,) in vault.query(sql + " ORDER BY id", (row[0],))]
    return {"id": row[0], "title": row[1], "created_at": row[2], "updated_at": row[3],
            "answers": [get_answer(vault, a) for a in ids]}


def history(vault: Vault, conversation_id: int, *, limit: int = 3) -> list[tuple[str, str]]:
    """The last (question, answer) pairs, oldest first, for follow-up questions."""
    rows = vault.query("SELECT question, text FROM assistant_answers WHERE conversation_id = ? AND superseded_by IS NULL"
                       " AND status = 'done' ORDER BY id DESC LIMIT ?", (int(conversation_id), int(limit)))
    return list(reversed(rows))


# -- forget hook ----------------------------------------------------------------------------------
def _redact(text: str, needles: list[str]) -> str:
    for needle in needles:
        if needle and len(needle) >= 8 and needle in text:
            text = text.replace(needle, REDACTED)
    return text


def on_records_forgotten(vault: Vault, record_ids: list[int]) -> dict[str, int]:
    """Called inside the forget transaction, before the records are deleted.

    Drops citations of the records (the FK cascade would too), redacts verbatim quotes of their
    text and snippets from answers, and removes stored prompts that contained them.
    """
    ids = sorted({int(r) for r in record_ids})
    counts = {"citations": 0, "answers_redacted": 0, "prompts_dropped": 0}
    if not ids:
        return counts
    texts: list[str] = []
    answers: set[int] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        q = ",".join("?" * len(chunk))
        texts += [t for (t,) in vault.query(f"SELECT text FROM records WHERE id IN ({q})", chunk) if t]
        for aid, snippet in vault.query(f"SELECT answer_id, snippet FROM assistant_citations WHERE record_id IN ({q})",
                                        chunk):
            answers.add(aid)
            if snippet:
                texts.append(snippet.rstrip("…"))
    # Long records are also matched sentence by sentence: answers quote pieces, not whole messages.
    needles = set(texts)
    for t in texts:
        needles.update(s.strip() for s in re.split(r"(?<=[.!?\n])\s+", t) if len(s.strip()) >= 12)
    ordered = sorted(needles, key=len, reverse=True)
    gone = set(ids)
    with vault.transaction():
        for aid in sorted(answers):
            text, prompt = vault.execute("SELECT text, prompt FROM assistant_answers WHERE id = ?", (aid,)).fetchone()
            text = _redact(text, ordered)
            by_n: dict[int, set[int]] = {}
            for n, rid in vault.query("SELECT n, record_id FROM assistant_citations WHERE answer_id = ?", (aid,)):
                by_n.setdefault(n, set()).add(rid)
            for n, rids in by_n.items():
                if rids <= gone:  # the citation points only at forgotten records now
                    text = text.replace(f"[{n}]", REDACTED)
            vault.execute("UPDATE assistant_answers SET text = ?, prompt = NULL, redacted = 1 WHERE id = ?",
                          (text, aid))
            counts["answers_redacted"] += 1
            counts["prompts_dropped"] += int(prompt is not None)
        # Prompts of other answers can hold the records too (retrieved but outside the citations).
        for aid, prompt in vault.query("SELECT id, prompt FROM assistant_answers WHERE prompt IS NOT NULL"):
            if any(n in prompt for n in ordered if len(n) >= 8):
                vault.execute("UPDATE assistant_answers SET prompt = NULL WHERE id = ?", (aid,))
                counts["prompts_dropped"] += 1
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            counts["citations"] += vault.execute(
                f"DELETE FROM assistant_citations WHERE record_id IN ({','.join('?' * len(chunk))})", chunk).rowcount
    return counts
