"""Identity facts: the user's names, usernames and contact details per platform, and which account is "me"."""

from __future__ import annotations

from collections import Counter, defaultdict

from desktop_app.core.domain import platform_label
from desktop_app.core.profile.context import Ctx, extra_of
from desktop_app.core.profile.extract import ProfileField, profile_fields
from desktop_app.core.profile.store import Derived
from desktop_app.core.profile.text import fold, name_key, sensitive_topic

# Profile fields that are facts about the person rather than places or life events.
_IDENTITY_FIELDS = {"birthday": "Birthday", "gender": "Gender", "religion": "Religious views",
                    "politics": "Political views", "interested_in": "Interested in", "bio": "Bio",
                    "website": "Website"}
_SENSITIVE_FIELDS = {"religion": "religion", "politics": "politics", "interested_in": "sexuality"}


def profile_field_rows(ctx: Ctx) -> list[tuple[int, str, ProfileField]]:
    """(record id, platform, field) for every field of every in-scope profile record."""
    out = []
    for rid, platform, ts, text, extra in ctx.records("r.kind = 'profile'",
                                                      cols="r.id, r.platform, r.ts, r.text, r.extra"):
        for f in profile_fields(text, extra_of(extra)):
            f.ts_ms = f.ts_ms or ts
            out.append((rid, platform, f))
    return out


def derive(ctx: Ctx, fields: list[tuple[int, str, ProfileField]]) -> list[Derived]:
    out: list[Derived] = []
    v = ctx.vault
    # Which account is me, per platform.
    for pid, (rule, conf, ev) in sorted(ctx.me_how.items()):
        for platform, name, username in v.query("SELECT platform, name, username FROM identities WHERE person_id = ?",
                                                (pid,)):
            if platform in ctx.scope.excluded_platforms:
                continue
            value = {"person_id": ctx.root.get(pid, pid), "platform": platform, "name": name, "username": username}
            out.append(Derived("identity", f"account:{platform}:{name_key(name)}", f"You on {platform_label(platform)}: {name}",
                               value, conf, f"me.{rule}", ev))
            if username:
                out.append(Derived("identity", f"username:{platform}:{fold(username)}",
                                   f"Username on {platform_label(platform)}: {username}", {"platform": platform, "username": username},
                                   conf, f"me.{rule}", ev))
    # Names: profile records first, then the owner's most used display name.
    names: dict[str, list[int]] = defaultdict(list)
    spelled: dict[str, Counter] = defaultdict(Counter)
    platforms: dict[str, set[str]] = defaultdict(set)
    for rid, platform, f in fields:
        if f.field == "name":
            k = name_key(f.value)
            names[k].append(rid)
            spelled[k][f.value] += 1
            platforms[k].add(platform)
        elif f.field == "username":
            out.append(Derived("identity", f"username:{platform}:{fold(f.value)}", f"Username on {platform_label(platform)}: {f.value}",
                               {"platform": platform, "username": f.value}, 0.95, "profile.username", [rid]))
        elif f.field == "email":
            out.append(Derived("identity", f"email:{fold(f.value)}", f"Email: {f.value}", {"email": f.value},
                               0.9, "profile.email", [rid]))
        elif f.field == "other_name":
            if any(n == name_key(f.value) for _r, _p, g in fields if g.field == "name" for n in [name_key(g.value)]):
                continue  # archives list the current name among "previous names"
            out.append(Derived("identity", f"other_name:{name_key(f.value)}", f"Also known as {f.value}",
                               {"name": f.value}, 0.8, "profile.other_name", [rid]))
        elif f.field in _IDENTITY_FIELDS:
            sens = _SENSITIVE_FIELDS.get(f.field) or sensitive_topic(f.value)
            if f.field in ("bio", "website"):
                sens = sensitive_topic(f.value)
            out.append(Derived("identity", f.field, f"{_IDENTITY_FIELDS[f.field]}: {f.value}", {f.field: f.value},
                               0.9, f"profile.{f.field}", [rid], sensitive=sens))
    if not names:
        for pid in ctx.me_ids:
            ev = [r for (r,) in v.query("SELECT id FROM records WHERE author_id = ? ORDER BY id LIMIT 20", (pid,))]
            if ev:
                disp = ctx.names.get(pid, "")
                k = name_key(disp)
                if k:
                    names[k].extend(ev)
                    spelled[k][disp] += len(ev)
                    platforms[k].update(p for (p,) in v.query("SELECT platform FROM identities WHERE person_id = ?",
                                                              (pid,)))
        rule, conf = "me.display_name", 0.7
    else:
        rule, conf = "profile.name", 0.95
    ranked = sorted(names, key=lambda k: -len(names[k]))
    for i, k in enumerate(ranked):
        spelling = spelled[k].most_common(1)[0][0]
        key = "name" if i == 0 else f"name:{k}"
        out.append(Derived("identity", key, f"Name: {spelling}", {"name": spelling, "platforms": sorted(platforms[k])},
                           conf if i == 0 else conf - 0.2, rule, names[k]))
    return out
