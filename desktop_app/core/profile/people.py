"""One person across Facebook, Instagram, Messenger and WhatsApp: automatic merges and the user's corrections.

A merge sets ``people.merged_into`` on the absorbed root. The user's merges and splits are also
kept as decisions between identities (``profile_person_decisions``): identities survive
re-imports (the writer reuses them by platform+name), so re-derivation re-applies every
"same" and never auto-merges a pair the user said is "different".
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any, Iterable

from desktop_app.core.errors import KnownError
from desktop_app.core.profile.context import person_roots
from desktop_app.core.profile.text import key_weight, name_key
from desktop_app.core.store.vault import Vault

# Placeholders archives use for deleted or unknown accounts: never merge on these.
PLACEHOLDERS = {"facebookuser", "instagramuser", "unknown", "deletedaccount", "participant", "you", "me", "",
                "unknownuser", "whatsappuser"}
MIN_KEY = 5  # "Sam" alone is too common to merge on


class UnknownPerson(KnownError):
    exit_code = 2


def _identities(vault: Vault) -> list[tuple[int, int, str, str, str]]:
    return vault.query("SELECT id, person_id, platform, name, username FROM identities ORDER BY id")


def _decisions(vault: Vault) -> dict[tuple[int, int], str]:
    return {(a, b): d for a, b, d in vault.query("SELECT a_identity, b_identity, decision FROM profile_person_decisions")}


def _decide(vault: Vault, a: int, b: int, decision: str) -> None:
    if a == b:
        return
    a, b = min(a, b), max(a, b)
    vault.execute("INSERT INTO profile_person_decisions(a_identity, b_identity, decision, at) VALUES (?,?,?,?)"
                  " ON CONFLICT(a_identity, b_identity) DO UPDATE SET decision = excluded.decision, at = excluded.at",
                  (a, b, decision, int(time.time())))


def _keys(name: str, username: str) -> set[str]:
    keys = {k for k in (name_key(name), name_key(username)) if key_weight(k) >= MIN_KEY and k not in PLACEHOLDERS}
    return keys


def _root(vault: Vault, person_id: int) -> int:
    roots = person_roots(vault)
    if person_id not in roots:
        raise UnknownPerson(f"No person with id {person_id}.")
    return roots[person_id]


def _join(vault: Vault, keep: int, absorb: int, *, by_user: bool) -> None:
    if keep == absorb:
        return
    vault.execute("UPDATE people SET merged_into = ? WHERE merged_into = ?", (keep, absorb))
    vault.execute("UPDATE people SET merged_into = ?, user_edited = ? WHERE id = ?", (keep, int(by_user), absorb))
    vault.execute("UPDATE people SET is_me = 1 WHERE id = ? AND EXISTS (SELECT 1 FROM people WHERE id = ? AND is_me = 1)",
                  (keep, absorb))


def _group_identities(vault: Vault, roots: dict[int, int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for iid, pid, *_ in _identities(vault):
        out[roots.get(pid, pid)].append(iid)
    return out


def merge(vault: Vault, keep_id: int, other_id: int) -> int:
    """The user says these two are one person; returns the surviving root id."""
    with vault.transaction():
        a, b = _root(vault, keep_id), _root(vault, other_id)
        if a == b:
            return a
        groups = _group_identities(vault, person_roots(vault))
        for ia in groups[a]:
            for ib in groups[b]:
                _decide(vault, ia, ib, "same")
        _join(vault, a, b, by_user=True)
        vault.execute("UPDATE people SET user_edited = 1 WHERE id = ?", (a,))
    return a


def split(vault: Vault, person_id: int) -> list[int]:
    """Undo a merge: a merged person leaves its group; a root lets every merged person go. Returns roots."""
    with vault.transaction():
        root = _root(vault, person_id)
        if person_id != root:
            leaving = [person_id]
        else:
            leaving = [p for (p,) in vault.query("SELECT id FROM people WHERE merged_into = ?", (root,))]
        if not leaving:
            raise UnknownPerson(f"Person {person_id} is not merged with anyone.")
        for pid in leaving:
            vault.execute("UPDATE people SET merged_into = NULL, user_edited = 1 WHERE id = ?", (pid,))
        roots = person_roots(vault)
        groups = _group_identities(vault, roots)
        remaining = groups.get(root, [])
        for pid in leaving:
            for il in groups.get(roots[pid], []):
                for ir in remaining:
                    _decide(vault, il, ir, "different")
    return [root, *leaving]


def auto_merge(vault: Vault, owner_ids: Iterable[int] = ()) -> list[dict[str, Any]]:
    """Merge identities on different platforms with the same normalised name or username, and the
    owner's accounts (``owner_ids``, found by ``context``) into one "me".

    The user's decisions win: "same" pairs are (re)joined, "different" pairs never are.
    Returns the merges made in this run.
    """
    done: list[dict[str, Any]] = []
    with vault.transaction():
        decisions = _decisions(vault)
        idents = _identities(vault)
        by_id = {i[0]: i for i in idents}
        roots = person_roots(vault)
        different = {p for p, d in decisions.items() if d == "different"}

        def blocked(ra: int, rb: int) -> bool:
            if not different:
                return False
            ga = [i[0] for i in idents if roots.get(i[1], i[1]) == ra]
            gb = [i[0] for i in idents if roots.get(i[1], i[1]) == rb]
            return any((min(x, y), max(x, y)) in different for x in ga for y in gb)

        def join(ia: int, ib: int, rule: str, conf: float) -> None:
            ra, rb = roots[by_id[ia][1]], roots[by_id[ib][1]]
            if ra == rb or blocked(ra, rb):
                return
            keep, absorb = _pick_root(vault, ra, rb)
            _join(vault, keep, absorb, by_user=False)
            for pid, r in list(roots.items()):
                if r == absorb:
                    roots[pid] = keep
            done.append({"kept": keep, "merged": absorb, "rule": rule, "confidence": conf,
                         "identities": [by_id[ia][2:4], by_id[ib][2:4]]})

        for (a, b), d in sorted(decisions.items()):
            if d == "same" and a in by_id and b in by_id:
                join(a, b, "user_merge", 1.0)
        owner_idents = [i[0] for i in idents if i[1] in set(owner_ids)]
        for other in owner_idents[1:]:
            join(owner_idents[0], other, "owner_accounts", 0.9)
        eligible = _person_like(vault)
        index: dict[str, list[int]] = defaultdict(list)
        for iid, pid, _platform, name, username in idents:
            if pid not in eligible:
                continue
            for k in _keys(name, username):
                index[k].append(iid)
        for k, members in sorted(index.items()):
            for ia in members:
                for ib in members:
                    if ia < ib and by_id[ia][2] != by_id[ib][2]:  # one identity per platform per person
                        rule = "same_name" if name_key(by_id[ia][3]) == name_key(by_id[ib][3]) else "username_match"
                        join(ia, ib, rule, 0.9 if rule == "same_name" else 0.8)
    return done


def _person_like(vault: Vault) -> set[int]:
    """People who talk or are connected (not pages or interests an importer filed as authors)."""
    ids = {p for (p,) in vault.query("SELECT DISTINCT person_id FROM thread_participants")}
    ids |= {p for (p,) in vault.query(
        "SELECT DISTINCT author_id FROM records WHERE author_id IS NOT NULL AND kind IN"
        " ('message', 'comment', 'reaction', 'friend', 'follower', 'following', 'post', 'profile')")}
    ids |= {p for (p,) in vault.query("SELECT id FROM people WHERE is_me = 1")}
    return ids


def _pick_root(vault: Vault, ra: int, rb: int) -> tuple[int, int]:
    """Keep the owner's row, else the one with more records, else the older one."""
    def score(pid: int) -> tuple:
        is_me = vault.scalar("SELECT is_me FROM people WHERE id = ?", (pid,)) or 0
        n = vault.scalar("SELECT count(*) FROM records WHERE author_id IN"
                         " (SELECT id FROM people WHERE id = ? OR merged_into = ?)", (pid, pid))
        return (is_me, n, -pid)
    return (ra, rb) if score(ra) >= score(rb) else (rb, ra)


def merge_candidates(vault: Vault) -> list[dict[str, Any]]:
    """Possible merges too weak to make alone (same first name on different platforms) for the user to decide."""
    roots = person_roots(vault)
    decided = set(_decisions(vault))
    firsts: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for iid, pid, platform, name, _u in _identities(vault):
        parts = name.split()
        if parts and key_weight(name_key(parts[0])) >= 3:
            firsts[name_key(parts[0])].append((iid, roots.get(pid, pid), platform, name))
    out = []
    for members in firsts.values():
        for a in members:
            for b in members:
                if a[0] < b[0] and a[1] != b[1] and a[2] != b[2] and (a[0], b[0]) not in decided \
                        and _compatible(a[3], b[3]):
                    out.append({"a": a[1], "b": b[1], "a_name": a[3], "a_platform": a[2], "b_name": b[3],
                                "b_platform": b[2], "reason": "same first name", "confidence": 0.4})
    return out[:50]


def _compatible(a: str, b: str) -> bool:
    """'Sam' ~ 'Sam Lee' and 'Casey M' ~ 'Casey Morgan', but not 'Sam Lee' ~ 'Sam Carter'."""
    ta, tb = [name_key(t) for t in a.split()], [name_key(t) for t in b.split()]
    if len(ta) == 1 or len(tb) == 1:
        return True
    return bool(ta[1] and tb[1]) and (ta[1].startswith(tb[1]) or tb[1].startswith(ta[1]))


def list_people(vault: Vault) -> list[dict[str, Any]]:
    """Every person (merged root) with their identities and record counts.

    Pages and interests some importers file as authors (never in a thread, never a friend) are left out.
    """
    roots = person_roots(vault)
    like = _person_like(vault)
    keep_roots = {roots.get(p, p) for p in like}
    people = {pid: (name, bool(me)) for pid, name, me in vault.query("SELECT id, display_name, is_me FROM people")}
    out: dict[int, dict[str, Any]] = {}
    for iid, pid, platform, name, username in _identities(vault):
        r = roots.get(pid, pid)
        if r not in keep_roots:
            continue
        entry = out.setdefault(r, {"id": r, "name": people[r][0], "is_me": people[r][1], "merged": [],
                                   "identities": [], "records": 0})
        entry["identities"].append({"identity_id": iid, "person_id": pid, "platform": platform, "name": name,
                                    "username": username})
        if pid != r and pid not in entry["merged"]:
            entry["merged"].append(pid)
        entry["is_me"] = entry["is_me"] or people[pid][1]
    for aid, n in vault.query("SELECT author_id, count(*) FROM records WHERE author_id IS NOT NULL GROUP BY author_id"):
        r = roots.get(aid, aid)
        if r in out:
            out[r]["records"] += n
    return sorted(_one_you(out), key=lambda e: (not e["is_me"], -e["records"], e["id"]))


def _one_you(entries: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """The owner's accounts are one "you" even before a derivation merged them (the import marks
    each platform's owner; merging waits for ``derive``): fold every owner entry into the biggest."""
    mine = sorted((e for e in entries.values() if e["is_me"]), key=lambda e: (-e["records"], e["id"]))
    if len(mine) < 2:
        return list(entries.values())
    keep = mine[0]
    for e in mine[1:]:
        keep["identities"].extend(e["identities"])
        keep["merged"].extend(p for p in [e["id"], *e["merged"]] if p not in keep["merged"])
        keep["records"] += e["records"]
        del entries[e["id"]]
    return list(entries.values())
