"""``hearth import PATH...``: inspect or import Meta / WhatsApp exports, resume an interrupted import."""

from __future__ import annotations

import argparse
import sys

from desktop_app.cli._output import add_common, emit, fmt_ts
from desktop_app.cli._vault import open_from_args
from desktop_app.core.progress import CancelToken, Progress


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import Facebook / Instagram / WhatsApp exports (ZIP, folder, .txt)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="ZIP files, ZIP parts, extracted folders, WhatsApp .txt")
    p.add_argument("--inspect", action="store_true", help="list what would be imported; write nothing")
    p.add_argument("--exclude-category", action="append", default=[], metavar="C",
                   help="leave a category out (messages, posts, comments, likes, connections, ...)")
    p.add_argument("--since", metavar="DATE", help="only items on or after YYYY-MM-DD")
    p.add_argument("--until", metavar="DATE", help="only items up to and including YYYY-MM-DD")
    p.add_argument("--exclude-thread", action="append", default=[], metavar="T", help="thread title or folder to skip")
    p.add_argument("--exclude-person", action="append", default=[], metavar="NAME", help="person to leave out")
    p.add_argument("--whatsapp-zone", metavar="ZONE", default="",
                   help="time zone of WhatsApp chat times, e.g. Europe/Berlin or UTC (default: this computer's)")
    p.add_argument("--resume", action="store_true", help="finish the last interrupted import")
    p.add_argument("--discard", action="store_true",
                   help="drop an interrupted import instead of finishing it (nothing of it was ever shown)")
    p.add_argument("--no-embed", action="store_true", help="do not compute semantic-search vectors afterwards")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    add_common(p)
    p.set_defaults(func=run)


def _options(args: argparse.Namespace):
    from desktop_app.core.domain import CATEGORIES
    from desktop_app.core.errors import KnownError
    from desktop_app.core.ingest.options import ImportOptions, check_zone, parse_date_ms

    bad = [c for c in args.exclude_category if c not in CATEGORIES]
    if bad:
        raise KnownError(f"Unknown category {bad[0]!r}; choose from: {', '.join(CATEGORIES)}.")
    return ImportOptions(exclude_categories=set(args.exclude_category), since_ms=parse_date_ms(args.since),
                         until_ms=parse_date_ms(args.until, end=True), exclude_threads=set(args.exclude_thread),
                         exclude_people=set(args.exclude_person),
                         whatsapp_zone=check_zone(args.whatsapp_zone) if args.whatsapp_zone else "")


class _Bar:
    """A one-line progress bar on stderr (only when stderr is a terminal or forced)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.shown = False

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            return
        frac = p.fraction or 0.0
        width = 30
        bar = "#" * int(frac * width) + "-" * (width - int(frac * width))
        eta = f" ETA {int(p.eta_s)}s" if p.eta_s is not None else ""
        mb = f"{p.bytes_done / 1e6:.1f}/{(p.bytes_total or 0) / 1e6:.1f} MB"
        sys.stderr.write(f"\r[{bar}] {frac * 100:5.1f}% {p.done} items {mb}{eta}   ")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    from desktop_app.core.errors import KnownError
    from desktop_app.core.ingest import service

    bar = _Bar(not args.no_progress and sys.stderr.isatty())
    if args.inspect:
        if not args.paths:
            raise KnownError("Give the archive(s) to inspect.")
        vault = _vault_for_dedup(args)
        try:
            rep = service.inspect(args.paths, options=_options(args), progress=bar, vault=vault)
        finally:
            bar.close()
            if vault is not None:
                vault.lock()
        d = rep.to_dict()
        d["compared_with_vault"] = vault is not None
        emit(args, {"ok": True, **d}, _inspect_text(d))
        return 0
    cancel = CancelToken()
    if args.discard:
        if args.paths or args.resume:
            raise KnownError("--discard takes no archives and does not go with --resume.")
        with open_from_args(args) as vault:
            gone = service.discard_import(vault)
        emit(args, {"ok": True, **gone}, f"Interrupted import discarded: {gone['records']} records it had stored, "
                                          f"{gone['archives']} archive(s) and {gone['threads']} conversation(s) removed.")
        return 0
    with open_from_args(args) as vault:
        owner_before = _owner(vault)      # whose vault this is, before this import adds a profile file
        try:
            if args.resume:
                rep = service.resume_import(vault, progress=bar, cancel=cancel)
            else:
                if not args.paths:
                    raise KnownError("Give the archive(s) to import, or --resume.")
                rep = service.run_import(vault, args.paths, options=_options(args), progress=bar, cancel=cancel)
        except KeyboardInterrupt:
            cancel.cancel()
            raise
        finally:
            bar.close()
        d = rep.to_dict()
        d["other_owner"] = _other_owner_warnings(owner_before, d.get("owners", []))
        d["embedded"], d["derived"] = None, None
        if rep.state == "done" and rep.imported:
            after = _refresh(vault, embed=not args.no_embed, bar_enabled=bar.enabled, cancel=cancel)
            d["embedded"], d["derived"] = after["embedded"], after
    emit(args, {"ok": rep.state == "done", **d}, _import_text(d))
    return 0 if rep.state == "done" else 130


def _owner(vault):
    from desktop_app.core.profile.owner import vault_owner

    return vault_owner(vault)


def _other_owner_warnings(before, owners: list[dict]) -> list[str]:
    """One line per export that is not the vault owner's (a friend's export, another account), and,
    into an empty vault, when the exports imported together belong to different people."""
    from desktop_app.core.profile.owner import ExportIdentity, same_person

    hints = [h for h in (ExportIdentity.of(o) for o in owners) if not h.empty]
    out: list[str] = []
    ref = before if not before.empty else (hints[0] if hints else None)
    for h in hints:
        if ref is not None and h is not ref and not same_person(h, ref):
            you = ref.shown() if hasattr(ref, "shown") else "the vault's owner"
            msg = (f"Warning: this {h.platform.title() if h.platform else ''} export belongs to {h.shown()}, "
                   f"not to {you}; their records are now in this vault (forget them with "
                   f"'hearth forget --archive N' if that was not intended).").replace("this  export", "this export")
            if msg not in out:
                out.append(msg)
    return out


def _refresh(vault, *, embed: bool, bar_enabled: bool, cancel: CancelToken) -> dict:
    """Profile, people across platforms and semantic-search vectors, brought up to date."""
    from desktop_app.core.ingest.after import refresh_derived

    bar = _Bar(bar_enabled)
    try:
        return refresh_derived(vault, progress=bar, cancel=cancel, embed=embed)
    finally:
        bar.close()


def _vault_for_dedup(args: argparse.Namespace):
    """The profile's vault, so the preview can leave out what it already holds; None without one."""
    from desktop_app.core.errors import KnownError
    from desktop_app.core.store.vault import vault_exists

    from desktop_app.cli._vault import profile_dir

    if not vault_exists(profile_dir(args)):
        return None
    try:
        return open_from_args(args)
    except KnownError:
        return None  # no key at hand: de-duplicate within the inputs only


def _cat_lines(cats: dict, *, preview: bool = False) -> list[str]:
    if preview:  # found in the inputs, and what an import would store after de-duplication
        lines = [f"  {'category':<12} {'found':>8} {'to store':>9} {'excluded':>9}  range"]
    else:
        lines = [f"  {'category':<12} {'found':>8} {'imported':>9} {'dupes':>7} {'excluded':>9}  range"]
    for name, c in cats.items():
        rng = f"{fmt_ts(c['first_ts'])} → {fmt_ts(c['last_ts'])}" if c.get("first_ts") else ""
        if preview:
            lines.append(f"  {name:<12} {c['found']:>8} {c.get('new') or 0:>9} {c.get('excluded', 0):>9}  {rng}")
        else:
            lines.append(f"  {name:<12} {c['found']:>8} {c.get('imported', 0):>9} {c.get('duplicates', 0):>7} "
                         f"{c.get('excluded', 0):>9}  {rng}")
    return lines


def _common_tail(d: dict) -> list[str]:
    """A line for every file not imported (or imported without some items), with the reason."""
    rows = d.get("not_imported", [])
    lines = [f"Not imported ({len(rows)} files):"] if rows else []
    lines += [f"  {r['path']}: {r['reason']}" for r in rows]
    return lines


def _inspect_text(d: dict) -> str:
    against = "what the vault already holds and " if d.get("compared_with_vault") else ""
    lines = [f"Would import (nothing was written; 'to store' leaves out {against}copies within the inputs):"]
    for e in d["exports"]:
        lines.append(f"  {e['name']}: {e['platform']} {e['format']} {e['era']} ({e['files']} files)")
    lines += _cat_lines(d["categories"], preview=True)
    if d.get("threads"):
        lines.append(f"Threads: {len(d['threads'])} (largest: " +
                     ", ".join(f"{t['title']} [{t['messages']}]" for t in d["threads"][:5]) + ")")
    for o in d.get("owners", []):
        lines.append(f"Account owner on {o['platform']}: {o['name']}")
    return "\n".join(lines + _common_tail(d))


def _import_text(d: dict) -> str:
    t = d["totals"]
    head = "Import finished." if d["state"] == "done" else (
        "Import cancelled; nothing of it is shown until 'hearth import --resume' finishes it "
        "('hearth import --discard' drops it).")
    lines = [f"{head} Imported {t['imported']} new items, {t['duplicates']} already present, "
             f"{t['excluded']} excluded, {t['skipped_files']} files skipped ({d['elapsed_s']:.1f} s)."]
    for e in d["exports"]:
        lines.append(f"  {e['name']}: {e['platform']} {e['format']} {e['era']} ({e['files']} files)")
    lines += _cat_lines(d["categories"])
    for o in d.get("owners", []):
        lines.append(f"Account owner on {o['platform']}: {o['name']}")
    lines += d.get("other_owner") or []
    after = d.get("derived") or {}
    if after.get("profile"):
        p = after["profile"]
        lines.append(f"Profile updated: {p['facts']} facts, {p['merges']} people merged across platforms.")
    if after.get("embedded"):
        lines.append("Search by meaning is up to date.")
    for part, why in (after.get("errors") or {}).items():
        lines.append(f"Not updated ({part}): {why}")
    return "\n".join(lines + _common_tail(d))
