"""``hearth delete``: delete everything (key first), and print a receipt of what was removed."""

from __future__ import annotations

import argparse

from desktop_app.cli._confirm import confirm
from desktop_app.cli._output import add_common, emit
from desktop_app.cli._vault import profile_dir
from desktop_app.core.privacy import delete as dl


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("delete", help="delete the vault, its key, caches, logs and settings",
                       description="Removes the keychain entry first, then the vault and every Hearth file. "
                                   "Exports you saved elsewhere are not touched.")
    add_common(p)
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=run)


def _exports(profile) -> list[dict]:
    """Exports listed in the vault, when it can still be opened without asking for anything."""
    try:
        from desktop_app.core.privacy.export import list_exports
        from desktop_app.core.store.vault import open_vault, passphrase_from_env

        with open_vault(profile, passphrase=passphrase_from_env()) as vault:
            return [e for e in list_exports(vault) if e["exists"]]
    except Exception:  # noqa: BLE001 - a locked or half-deleted vault just has no list
        return []


def run(args: argparse.Namespace) -> int:
    profile = profile_dir(args)
    inv = dl.inventory(profile)
    files = [f for group in inv.values() for f in group]
    if not files and not profile.exists():
        emit(args, {"ok": True, "removed": [], "removed_files": 0, "profile": str(profile)},
             f"Nothing to delete in {profile}.")
        return 0
    exports = _exports(profile)
    where = ", ".join(f"{k}: {len(v)} file(s)" for k, v in inv.items() if v)
    confirm(f"Delete EVERYTHING of {profile} (the vault key, the vault, caches, logs, settings; {where})? "
            "This cannot be undone.", yes=args.yes)
    receipt = dl.delete_everything(profile)
    receipt["exports_kept"] = exports
    lines = [f"Keychain entry: {'removed' if receipt['keychain']['removed'] else 'none'}"
             f" (key mode: {receipt['keychain']['mode'] or 'unknown'})"]
    lines += [f"  removed {r['kind']:<18} {r['path']} ({r['bytes']} bytes)" for r in receipt["removed"]]
    lines.append(f"Removed {receipt['removed_files']} file(s), {receipt['removed_bytes']} bytes.")
    for e in exports:
        lines.append(f"Not touched (your export): {e['path']}")
    for err in receipt["errors"]:
        lines.append(f"PROBLEM: {err}")
    emit(args, receipt, "\n".join(lines))
    return 0 if receipt["ok"] else 1
