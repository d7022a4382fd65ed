"""``hearth profile``: what Hearth knows about you (with evidence), your corrections, and what Meta thinks."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from desktop_app.cli._output import add_common, emit, fmt_ts
from desktop_app.cli._vault import open_from_args
from desktop_app.core.errors import KnownError

ACTIONS = ("show", "facts", "confirm", "edit", "hide", "delete", "no-answers", "people", "merge", "split", "meta",
           "suggestions", "derive")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("profile", help="your profile: facts with evidence, corrections, people, Meta vs. you")
    add_common(p)
    acts = p.add_subparsers(dest="action", metavar="ACTION")
    p.set_defaults(func=run, action="show")
    for name, helptext, args in [
        ("show", "the summary the assistant may use, and fact counts", []),
        ("facts", "every fact with its confidence, rule and evidence", []),
        ("confirm", "confirm a fact", ["id"]), ("edit", "replace a fact's value", ["id", "value"]),
        ("hide", "hide a fact", ["id"]), ("delete", "delete a fact for good", ["id"]),
        ("no-answers", "keep a fact but never use it in answers", ["id"]),
        ("people", "people merged across platforms", []), ("merge", "these two people are one person", ["a", "b"]),
        ("split", "undo a merge", ["id"]), ("meta", "what Meta inferred beside what you confirmed", []),
        ("suggestions", "people you lost touch with, on this day, recurring topics", []),
        ("derive", "re-derive the profile from the vault (your edits stay)", []),
    ]:
        a = acts.add_parser(name, help=helptext)
        add_common(a)
        for arg in args:
            a.add_argument(arg, type=int if arg in ("id", "a", "b") else str)
        if name == "facts":
            a.add_argument("--kind", action="append", help="only this kind (identity, person, interest, place, ...)")
            a.add_argument("--evidence", action="store_true", help="list evidence record ids")
        if name == "suggestions":
            a.add_argument("--now", help="pretend today is this date (YYYY-MM-DD)")


def run(args: argparse.Namespace) -> int:
    action = args.action
    with open_from_args(args) as vault:
        data, text = _ACTIONS[action](vault, args)
    emit(args, {"ok": True, "action": action, **data}, text)
    return 0


def _fact_line(f: Any, evidence: bool = False) -> str:
    flags = [f.status] if f.status != "visible" else []
    if not f.use_for_answers:
        flags.append("no answers")
    if f.sensitive:
        flags.append(f"sensitive: {f.sensitive}")
    if f.stale:
        flags.append("stale")
    line = f"{f.id:>5}  {f.kind:<10} {f.confidence:.2f}  {f.label}"
    line += f"  [{', '.join(flags)}]" if flags else ""
    line += f"  ({len(f.evidence)} records, {f.rule})"
    if evidence and f.evidence:
        line += "\n         evidence: " + " ".join(str(r) for r in f.evidence)
    return line


def _show(vault, args):
    from desktop_app.core.profile import derive, facts, summary
    from desktop_app.core.profile.store import needs_derive

    report = None
    if vault.get_setting(derive.LAST_RUN_SETTING) is None or needs_derive(vault):
        report = derive.derive_profile(vault)
    all_facts = facts.list_(vault, with_evidence=False)
    counts: dict[str, int] = {}
    for f in all_facts:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    text_summary = summary.profile_summary(vault)
    lines = [text_summary or "No profile yet: import an archive, then run 'hearth profile derive'.", ""]
    lines += [f"  {k:<11} {n}" for k, n in sorted(counts.items())]
    lines.append("See 'hearth profile facts' for every fact with its evidence.")
    return {"summary": text_summary, "counts": counts, "derived_now": report is not None}, "\n".join(lines)


def _facts(vault, args):
    from desktop_app.core.profile import facts

    fs = facts.list_(vault, kinds=args.kind)
    return {"facts": [f.to_dict() for f in fs]}, "\n".join(_fact_line(f, args.evidence) for f in fs) or "No facts."


def _one(fn_name: str, verb: str):
    def action(vault, args):
        from desktop_app.core.profile import facts

        f = getattr(facts, fn_name)(vault, args.id)
        return {"fact": f.to_dict()}, f"{verb}: {_fact_line(f)}"
    return action


def _edit(vault, args):
    from desktop_app.core.profile import facts

    value: Any = args.value
    if value[:1] in "{[":
        try:
            value = json.loads(value)
        except ValueError:
            pass
    f = facts.edit(vault, args.id, value)
    return {"fact": f.to_dict()}, f"Edited: {_fact_line(f)}"


def _delete(vault, args):
    from desktop_app.core.profile import facts

    facts.delete(vault, args.id)
    return {"deleted": args.id}, f"Deleted fact {args.id}; re-deriving will not bring it back."


def _people(vault, args):
    from desktop_app.core.profile import people

    ps = people.list_people(vault)
    cands = people.merge_candidates(vault)
    lines = []
    for p in ps:
        ids = ", ".join(f"{i['platform']}:{i['name']}" for i in p["identities"])
        lines.append(f"{p['id']:>5}  {'(you) ' if p['is_me'] else ''}{p['name']}  [{ids}]  {p['records']} records")
    if cands:
        lines.append("\nPossible merges ('hearth profile merge A B'):")
        lines += [f"  {c['a']} {c['a_platform']}:{c['a_name']}  ~  {c['b']} {c['b_platform']}:{c['b_name']}"
                  f"  ({c['reason']})" for c in cands]
    return {"people": ps, "candidates": cands}, "\n".join(lines) or "No people."


def _merge(vault, args):
    from desktop_app.core.profile import people

    root = people.merge(vault, args.a, args.b)
    return {"person_id": root}, f"Merged {args.b} into {root}; re-imports and re-derivation keep this."


def _split(vault, args):
    from desktop_app.core.profile import people

    roots = people.split(vault, args.id)
    return {"people": roots}, "Split into " + ", ".join(str(r) for r in roots) + "; this stays split."


def _meta(vault, args):
    from desktop_app.core.profile.meta import meta_vs_me

    m = meta_vs_me(vault)
    c = m["counts"]
    lines = [f"Meta inferred {c['meta_inferred']} interests/categories; {c['unsupported']} have no support in your "
             f"own activity. {c['advertisers']} advertisers ({c['advertisers_with_your_information']} hold your "
             f"information). You confirmed {c['you_confirmed']}.", ""]
    for i in m["meta_inferred"]:
        mark = "  ✗ no support" if not i["supported"] else f"  ✓ {i['support_count']} of your records"
        status = f"  [you: {i['your_status']}]" if i["your_status"] not in (None, "visible") else ""
        lines.append(f"  {i['name']} ({', '.join(i['meta_says'])}){mark}{status}")
    if m["advertisers"]:
        lines.append("\nAdvertisers:")
        lines += [f"  {a['name']}: {', '.join(a['what_meta_says']) or 'listed'}"
                  + (f"  ({a['flag']})" if a["flag"] else "") for a in m["advertisers"]]
    return m, "\n".join(lines)


def _suggestions(vault, args):
    from desktop_app.core.profile.suggestions import suggestions

    now = None
    if args.now:
        try:
            now = dt.datetime.fromisoformat(args.now)   # a local date: suggestions read it in the vault's zone
        except ValueError:
            raise KnownError("--now must be a date like 2024-05-09.") from None
    s = suggestions(vault, now=now)
    lines = ["People you lost touch with:"] + [f"  {p['name']} ({p['messages']} messages, last {fmt_ts(p['last_ts'])})"
                                               for p in s["lost_touch"]]
    lines += ["On this day:"] + [f"  {d['years_ago']} years ago ({d['kind']}, {d['platform']}): {d['snippet'][:80]}"
                                 for d in s["on_this_day"]]
    lines += ["Topics you keep coming back to:"] + [f"  {t['topic']} ({', '.join(map(str, t['years']))})"
                                                    for t in s["recurring_topics"]]
    lines += ["Recommendation seeds:"] + [f"  {x['topic']} — {x['why']}" for x in s["recommendation_seeds"]]
    return s, "\n".join(lines)


def _derive(vault, args):
    from desktop_app.core.profile.derive import derive_profile

    r = derive_profile(vault)
    text = (f"Derived {sum(r['facts'].values())} facts in {r['seconds']} s "
            f"({', '.join(f'{k} {n}' for k, n in sorted(r['facts'].items()))}); "
            f"{len(r['merges'])} people merged across platforms. Your edits were kept.")
    return {"report": r}, text


_ACTIONS = {"show": _show, "facts": _facts, "confirm": _one("confirm", "Confirmed"), "edit": _edit,
            "hide": _one("hide", "Hidden"), "delete": _delete, "no-answers": _one("no_answers", "Not used for answers"),
            "people": _people, "merge": _merge, "split": _split, "meta": _meta, "suggestions": _suggestions,
            "derive": _derive}
