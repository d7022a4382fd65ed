"""``hearth scope``: what the assistant and the profile may use (enforced in the core)."""

from __future__ import annotations

import argparse

from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import open_from_args
from desktop_app.core.privacy import scope as sc

_ACTIONS = ("show", "exclude-platform", "include-platform", "exclude-category", "include-category",
            "exclude-thread", "include-thread", "exclude-person", "include-person",
            "allow-topic", "disallow-topic", "dates", "reset")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("scope", help="show or change what the assistant may use",
                       description="Show or change the scope. Exclusions apply to search, answers and the profile.")
    add_common(p)
    p.add_argument("action", nargs="?", default="show", choices=_ACTIONS)
    p.add_argument("value", nargs="?", help="platform, category, thread id, person id or topic")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="with 'dates': keep records from this day")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="with 'dates': keep records before this day")
    p.set_defaults(func=run)


def _change(scope: sc.Scope, args: argparse.Namespace) -> sc.Scope:
    action = args.action
    if action == "reset":
        return sc.Scope()
    if action == "dates":
        return sc.set_dates(scope, sc.parse_date_ms(args.date_from), sc.parse_date_ms(args.date_to))
    if args.value is None:
        from desktop_app.core.errors import KnownError

        raise KnownError(f"'hearth scope {action}' needs a value.")
    if action in ("allow-topic", "disallow-topic"):
        return sc.allow_topic(scope, args.value, action == "allow-topic")
    verb, kind = action.split("-", 1)
    return (sc.exclude if verb == "exclude" else sc.include)(scope, kind, args.value)


def run(args: argparse.Namespace) -> int:
    with open_from_args(args) as vault:
        scope = sc.load_scope(vault)
        changed = args.action != "show"
        if changed:
            scope = _change(scope, args)
            sc.save_scope(vault, scope)
        counts = sc.counts(vault, scope)
    text = (f"{sc.describe(scope)}\n"
            f"Records the assistant may use: {counts['records_in_scope']} of {counts['records_total']}")
    emit(args, {"ok": True, "changed": changed, "scope": scope.to_dict(), "description": sc.describe(scope), **counts},
         text)
    return 0
