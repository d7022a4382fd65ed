"""One owner per vault: tell whether an export about to be imported belongs to someone else.

Importing a friend's export (or another person's account) would merge two lives into one profile.
The import calls ``other_owner(vault, identity)`` with what the export says about its owner (its
profile file's name, username, e-mail); a non-None answer is the sentence to show before anything
is written. The user's own accounts on other platforms match by username, e-mail or name (in any
script, "Alex" matching "Alex Rivera"), and merge into one "you" (``merge_owner_accounts``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from desktop_app.core.profile.extract import profile_fields
from desktop_app.core.profile.text import fold, key_weight, name_key
from desktop_app.core.store.vault import Vault


@dataclass
class ExportIdentity:
    """Who an export says its owner is (any field may be empty)."""

    platform: str = ""
    names: list[str] = field(default_factory=list)
    usernames: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.names or self.usernames or self.emails)

    def shown(self) -> str:
        if self.names:
            return self.names[0] + (f" (@{self.usernames[0]})" if self.usernames else "")
        return f"@{self.usernames[0]}" if self.usernames else (self.emails[0] if self.emails else "someone else")

    @classmethod
    def of(cls, value: "ExportIdentity | dict[str, Any]") -> "ExportIdentity":
        if isinstance(value, ExportIdentity):
            return value
        def lst(*keys: str) -> list[str]:
            out: list[str] = []
            for k in keys:
                v = value.get(k)
                for x in (v if isinstance(v, (list, tuple)) else [v]):
                    if isinstance(x, str) and x.strip():
                        out.append(x.strip())
            return out
        return cls(str(value.get("platform") or ""), lst("name", "names"), lst("username", "usernames"),
                   lst("email", "emails"))


def identity_from_profile_records(platform: str, records: Iterable[Any]) -> ExportIdentity:
    """The owner an export's profile records name (domain ``Record``s of kind "profile")."""
    ident = ExportIdentity(platform)
    for r in records:
        if getattr(r, "kind", None) != "profile":
            continue
        for f in profile_fields(getattr(r, "text", "") or "", getattr(r, "extra", None)):
            target = {"name": ident.names, "username": ident.usernames, "email": ident.emails}.get(f.field)
            if target is not None and f.value not in target:
                target.append(f.value)
    return ident


def vault_owner(vault: Vault) -> ExportIdentity:
    """Who the vault's owner is: the accounts the imports marked as "me" and the owner's profile records."""
    ident = ExportIdentity()
    for name, username in vault.query("SELECT i.name, i.username FROM identities i JOIN people p ON p.id = i.person_id"
                                      " WHERE p.is_me = 1 ORDER BY i.id"):
        if name and name not in ident.names:
            ident.names.append(name)
        if username and username not in ident.usernames:
            ident.usernames.append(username)
    from desktop_app.core.profile.context import extra_of

    for text, extra in vault.query("SELECT text, extra FROM records WHERE kind = 'profile' ORDER BY id"):
        for f in profile_fields(text, extra_of(extra)):
            target = {"name": ident.names, "other_name": ident.names, "username": ident.usernames,
                      "email": ident.emails}.get(f.field)
            if target is not None and f.value not in target:
                target.append(f.value)
    return ident


def _name_tokens(name: str) -> list[str]:
    return [k for k in (name_key(t) for t in name.replace(".", " ").replace("_", " ").split()) if k]


def same_person(a: ExportIdentity, b: ExportIdentity) -> bool:
    """Do two identities name the same person? Username, e-mail or full name key in common, or one
    name's words all among the other's ("Alex" and "Alex Rivera") with the first word shared."""
    if {fold(u).lstrip("@") for u in a.usernames} & {fold(u).lstrip("@") for u in b.usernames}:
        return True
    if {fold(e) for e in a.emails} & {fold(e) for e in b.emails}:
        return True
    keys_a = {name_key(n) for n in [*a.names, *a.usernames]} - {""}
    keys_b = {name_key(n) for n in [*b.names, *b.usernames]} - {""}
    if keys_a & keys_b:
        return True
    for na in a.names:
        for nb in b.names:
            ta, tb = _name_tokens(na), _name_tokens(nb)
            if not ta or not tb or ta[0] != tb[0] or key_weight(ta[0]) < 3:
                continue
            if set(ta) <= set(tb) or set(tb) <= set(ta):
                return True
    return False


def other_owner(vault: Vault, export_identity: ExportIdentity | dict[str, Any]) -> str | None:
    """A one-line warning when the export belongs to someone other than the vault's owner, else None.

    None also when either side is unknown (a first import, or an export without a profile file):
    there is nothing to compare, and a WhatsApp chat names no owner.
    """
    theirs = ExportIdentity.of(export_identity)
    mine = vault_owner(vault)
    if theirs.empty or mine.empty or same_person(theirs, mine):
        return None
    you = mine.names[0] if mine.names else f"@{mine.usernames[0]}"
    where = f"This {theirs.platform.title()} export" if theirs.platform else "This export"
    return f"{where} belongs to {theirs.shown()}, not to {you}, the owner of this vault."


def other_owners(vault: Vault, owners: Iterable[dict[str, Any]]) -> list[str]:
    """Warnings for an import's owner hints (``InspectReport.owners`` / ``ImportReport.owners``: dicts with
    platform, name, username): each export not the vault owner's, or, into an empty vault, exports of
    different people imported together. Empty when all is one person."""
    hints = [ExportIdentity.of(o) for o in owners]
    hints = [h for h in hints if not h.empty]
    out: list[str] = []
    if not vault_owner(vault).empty:
        for h in hints:
            msg = other_owner(vault, h)
            if msg and msg not in out:
                out.append(msg)
        return out
    if hints:
        first = hints[0]
        for h in hints[1:]:
            if not same_person(first, h):
                msg = (f"These exports belong to different people: {first.shown()} ({first.platform or 'export'})"
                       f" and {h.shown()} ({h.platform or 'export'}).")
                if msg not in out:
                    out.append(msg)
    return out


def merge_owner_accounts(vault: Vault) -> list[dict[str, Any]]:
    """Merge the owner's accounts across platforms into one "you" now (the import's end), not only at derive."""
    from desktop_app.core.profile import people
    from desktop_app.core.profile.context import build_context

    ctx = build_context(vault)
    return people.auto_merge(vault, owner_ids=ctx.me_how)
