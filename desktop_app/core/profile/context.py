"""What every profile rule needs: the scope filter, who is "me", and each person's merged root."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from desktop_app.core.privacy.scope import Scope, load_scope, scope_where
from desktop_app.core.store.vault import Vault

# Kinds whose records in an archive are always the owner's own doing, when the importer leaves
# is_mine unknown (your posts, your comments, your reactions, your searches ...).
OWN_KINDS = ("post", "comment", "reaction", "like", "search", "checkin", "saved", "threads_post", "group", "event")
# Kinds that are the owner's action whatever is_mine says (an importer may file a liked page's name as author).
ALWAYS_OWN = ("like", "search", "saved", "checkin")


@dataclass
class Ctx:
    vault: Vault
    scope: Scope
    where: str                       # scope condition on alias r
    params: list[Any]
    root: dict[int, int] = field(default_factory=dict)        # person id -> merged root id
    names: dict[int, str] = field(default_factory=dict)       # root id -> display name
    me_roots: set[int] = field(default_factory=set)
    me_how: dict[int, tuple[str, float, list[int]]] = field(default_factory=dict)  # person id -> (rule, conf, evidence)
    _own_texts: list[tuple[int, str, list[str]]] | None = None
    _own_messages: set[int] = field(default_factory=set)

    def own_texts(self) -> list[tuple[int, str, list[str]]]:
        """(id, text, tokens) of the user's own posts, comments and messages; tokenised once per run."""
        if self._own_texts is None:
            from desktop_app.core.profile.text import tokens

            rows = self.records("r.kind IN ('post', 'comment', 'message', 'threads_post') AND r.text != ''",
                                cols="r.id, r.text, r.kind = 'message'", own=True)
            self._own_texts = [(rid, text, tokens(text)) for rid, text, _m in rows]
            self._own_messages = {rid for rid, _t, is_message in rows if is_message}
        return self._own_texts

    def is_message(self, record_id: int) -> bool:
        """Is this one of the user's own texts a chat message (rather than a post or comment)?"""
        self.own_texts()
        return record_id in self._own_messages

    @property
    def me_ids(self) -> list[int]:
        return sorted(pid for pid, r in self.root.items() if r in self.me_roots)

    def own_sql(self, alias: str = "r") -> tuple[str, list[Any]]:
        """Condition for "the user did this" on records."""
        me = self.me_ids
        q = ",".join("?" * len(me)) or "NULL"
        kinds = ",".join("?" * len(OWN_KINDS))
        always = ",".join("?" * len(ALWAYS_OWN))
        return (f"({alias}.is_mine = 1 OR {alias}.kind IN ({always}) OR ({alias}.is_mine IS NULL AND"
                f" ({alias}.author_id IN ({q}) OR ({alias}.author = '' AND {alias}.kind IN ({kinds})))))",
                [*ALWAYS_OWN, *me, *OWN_KINDS])

    def records(self, cond: str = "1", params: list[Any] | tuple = (), *, cols: str = "r.id, r.text, r.extra",
                own: bool = False, order: str = "r.id") -> list[tuple]:
        sql = f"SELECT {cols} FROM records r WHERE ({self.where}) AND ({cond})"
        p = [*self.params, *params]
        if own:
            osql, op = self.own_sql()
            sql += f" AND {osql}"
            p += op
        return self.vault.query(sql + f" ORDER BY {order}", p)


def extra_of(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        val = json.loads(raw)
    except ValueError:
        return {}
    return val if isinstance(val, dict) else {"value": val}


def person_roots(vault: Vault) -> dict[int, int]:
    parent = dict(vault.query("SELECT id, merged_into FROM people"))
    out: dict[int, int] = {}
    for pid in parent:
        seen, cur = set(), pid
        while parent.get(cur) and cur not in seen:  # a cycle would be a bug elsewhere; stop on it
            seen.add(cur)
            cur = parent[cur]
        out[pid] = cur
    return out


def build_context(vault: Vault, scope: Scope | None = None) -> Ctx:
    scope = scope if scope is not None else load_scope(vault)
    where, params = scope_where(scope, "r")
    ctx = Ctx(vault, scope, where, params)
    ctx.root = person_roots(vault)
    ctx.names = {pid: name for pid, name in vault.query("SELECT id, display_name FROM people")}
    _find_me(ctx)
    return ctx


def _find_me(ctx: Ctx) -> None:
    """Owner accounts: flagged by the importer, named in profile records, or the one in (nearly) every thread."""
    v = ctx.vault
    for (pid,) in v.query("SELECT id FROM people WHERE is_me = 1"):
        ev = [r for (r,) in v.query("SELECT id FROM records WHERE author_id = ? ORDER BY id LIMIT 20", (pid,))]
        ctx.me_how[pid] = ("importer_owner", 0.99, ev)
    from desktop_app.core.profile.extract import profile_fields

    for rid, platform, text, extra in v.query(
            "SELECT id, platform, text, extra FROM records WHERE kind = 'profile' ORDER BY id"):
        for f in profile_fields(text, extra_of(extra)):
            if f.field not in ("name", "username"):
                continue
            col = "name" if f.field == "name" else "username"
            for (pid,) in v.query(f"SELECT person_id FROM identities WHERE platform = ? AND {col} = ?",
                                  (platform, f.value)):
                if pid not in ctx.me_how:
                    ctx.me_how[pid] = ("profile_record", 0.95, [rid])
    known_platforms = {p for (p,) in v.query(
        f"SELECT DISTINCT platform FROM identities WHERE person_id IN ({','.join('?' * len(ctx.me_how)) or 'NULL'})",
        list(ctx.me_how))}
    for (platform,) in v.query("SELECT DISTINCT platform FROM threads"):
        if platform in known_platforms:
            continue
        # A thread counts for a person when they are listed in it or wrote in it.
        pairs = set(v.query("SELECT tp.thread_id, tp.person_id FROM thread_participants tp JOIN threads t"
                            " ON t.id = tp.thread_id WHERE t.platform = ?", (platform,)))
        pairs |= set(v.query("SELECT DISTINCT r.thread_id, r.author_id FROM records r JOIN threads t"
                             " ON t.id = r.thread_id WHERE t.platform = ? AND r.kind = 'message'"
                             " AND r.author_id IS NOT NULL", (platform,)))
        n_threads = len({t for t, _ in pairs})
        counts = Counter(p for _, p in pairs)
        if n_threads < 2 or not counts:
            continue
        (pid, n), = counts.most_common(1)
        runner_up = counts.most_common(2)[1][1] if len(counts) > 1 else 0
        share = n / n_threads
        if share >= 0.6 and n > runner_up:
            ev = [r for (r,) in v.query("SELECT id FROM records WHERE author_id = ? AND kind = 'message'"
                                        " ORDER BY id LIMIT 20", (pid,))]
            if ev:
                ctx.me_how[pid] = ("thread_participation", round(0.5 + 0.45 * share, 3), ev)
    ctx.me_roots = {ctx.root.get(pid, pid) for pid in ctx.me_how}
