"""Group inputs into exports and detect platform, format and era from the paths present.

Never from dates or English labels: Meta renamed folders several times (see
shared/docs/meta-export-formats.md §5.1, §6.1, §10), so the era is read off the layout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core.importers.roots import ROOT_MARKERS
from desktop_app.core.importers.vfs import Entry, Source, UnionFS


_NAME_RE = re.compile(
    r"^(?:\d+of\d+-)?(?P<id>(?P<plat>facebook|instagram|messenger|meta)-.+?-"
    r"(?:\d{1,2}_\d{1,2}_\d{4}|\d{4}-\d{1,2}-\d{1,2}))(?:-[A-Za-z0-9]+)?(?:\.zip)?$", re.I)
_PART_RE = re.compile(r"^(?P<id>.+?)[_-]part[_-]?\d+(?:\.zip)?$", re.I)


@dataclass
class Export:
    """One export (possibly several parts) or one WhatsApp chat, with its union filesystem."""

    key: str
    platform: str = "unknown"      # facebook | instagram | messenger | whatsapp | unknown
    fmt: str = "json"              # json | html | txt
    era: str = ""                  # FB-0..FB-4, IG-1..IG-4, E2EE, WA
    fs: UnionFS = field(default_factory=UnionFS)
    sources: list[Source] = field(default_factory=list)
    name: str = ""
    zone: str = ""                 # time zone for zone-less clock readings (WhatsApp); "" = the machine's

    @property
    def mojibake(self) -> bool:
        """Meta's encoder bug: every FB JSON era, IG JSON from Dec 2020 (IG-2+); never HTML or IG-1."""
        if self.fmt != "json":
            return False
        if self.platform in ("facebook", "messenger", "unknown"):
            return True  # loose Meta JSON: the strict repair leaves real Unicode alone
        return self.platform == "instagram" and self.era != "IG-1"

    def describe(self) -> dict:
        return {"key": self.key, "name": self.name, "platform": self.platform, "format": self.fmt, "era": self.era,
                "files": len(self.fs), "inputs": [s.name for s in self.sources]}


def export_id_from_name(name: str) -> str | None:
    """``facebook-alex-20_05_2026-zG20ojpW.zip`` → ``facebook-alex-20_05_2026`` (parts share it)."""
    m = _NAME_RE.match(name)
    if m:
        return m.group("id").lower()
    m = _PART_RE.match(name)
    if m:
        return m.group("id").lower()
    return None


def find_roots(paths: list[str]) -> list[str]:
    """Export roots inside one input: "" normally; "<folder>/" when the user re-zipped with an
    extra top folder; several roots for an Accounts Center download holding FB and IG."""
    cands: set[str] = set()
    for p in paths:
        parts = p.split("/")
        for depth in range(0, min(3, len(parts) - 1) + 1):
            if depth < len(parts) and parts[depth] in ROOT_MARKERS and depth < len(parts):
                if depth == len(parts) - 1 and "." not in parts[depth]:
                    continue  # a file named like a folder marker
                cands.add("/".join(parts[:depth]) + ("/" if depth else ""))
                break
    if not cands:
        return [""]
    roots = sorted(cands, key=len)
    minimal: list[str] = []
    for r in roots:
        if not any(r.startswith(m) for m in minimal):
            minimal.append(r)
    return minimal


def group_exports(sources: list[Source]) -> list[Export]:
    """Split inputs into exports; parts of one export (same name stem) share a union FS."""
    exports: dict[str, Export] = {}
    for src in sources:
        if src.fatal:
            continue
        roots = find_roots([e.path for e in src.entries])
        for root in roots:
            entries = [e for e in src.entries if e.path.startswith(root)] if root else list(src.entries)
            if not entries:
                continue
            sub = root.rstrip("/").split("/")[-1] if root else ""
            ident = export_id_from_name(sub) if sub else None
            ident = ident or export_id_from_name(src.name) or f"{src.path}::{root}"
            exp = exports.get(ident)
            if exp is None:
                exp = exports[ident] = Export(key=ident, name=sub or src.name)
            if src not in exp.sources:
                exp.sources.append(src)
            for e in entries:
                if root:
                    e = Entry(path=e.path[len(root):], size=e.size, source=e.source, member=e.member,
                              compressed=e.compressed)
                exp.fs.add(e)
    out = list(exports.values())
    for exp in out:
        detect(exp)
    # Loose files the user picked one by one (e.g. a WhatsApp .txt) get their own export each.
    return out


def detect(exp: Export) -> None:
    paths = list(exp.fs.entries)
    s = set(paths)
    tops = {p.split("/")[0] for p in paths}
    exts = Counter(Path(p).suffix.lower() for p in paths)
    n_json, n_html = exts[".json"], exts[".html"] + exts[".htm"]
    exp.fmt = "html" if n_html > n_json else "json"
    name = (exp.name or "").lower()

    def has_prefix(prefix: str) -> bool:
        return any(p.startswith(prefix) for p in paths)

    if _is_whatsapp(exp, paths):
        exp.platform, exp.fmt, exp.era = "whatsapp", "txt", "WA"
        return
    if all(src.kind == "file" for src in exp.sources) and all("/" not in p for p in paths):
        exp.platform, exp.era = "unknown", ""  # loose files: each one's content decides
        return
    if "your_facebook_activity" in tops:
        exp.platform, exp.era = "facebook", "FB-4"
    elif "your_activity_across_facebook" in tops:
        exp.platform, exp.era = "facebook", "FB-3"
    elif "your_instagram_activity" in tops:
        ig4 = (has_prefix("your_instagram_activity/media/")
               or "personal_information/personal_information/instagram_profile_information.json" in s)
        exp.platform, exp.era = "instagram", "IG-4" if ig4 else "IG-3"
    elif "apps_and_websites_off_of_instagram" in tops or has_prefix("ads_information/instagram_ads_and_businesses"):
        exp.platform, exp.era = "instagram", "IG-3"
    elif "apps_and_websites_off_of_facebook" in tops:
        exp.platform, exp.era = "facebook", "FB-4"
    elif {"connections.json", "media.json"} & tops and ("messages.json" in tops or "profile.json" in tops
                                                        or "connections.json" in tops):
        exp.platform, exp.era = "instagram", "IG-1"
    elif tops & {"content", "account_information", "followers_and_following", "story_sticker_interactions",
                 "ads_and_content", "login_and_account_creation"} or "personal_information/personal_information.json" in s:
        exp.platform, exp.era = "instagram", "IG-2"
    elif tops & {"comments_and_reactions", "friends_and_followers", "search", "your_topics",
                 "your_interactions_on_facebook", "ads_information"}:
        exp.platform, exp.era = "facebook", "FB-2"
    elif tops & {"friends", "likes_and_reactions", "search_history", "photos_and_videos", "about_you", "ads",
                 "profile_information", "posts", "comments", "location_history", "following_and_followers"}:
        exp.platform, exp.era = "facebook", "FB-1"
    elif "html" in tops and (has_prefix("html/messages.htm") or "index.htm" in s):
        exp.platform, exp.era, exp.fmt = "facebook", "FB-0", "html"
    elif "messages" in tops:
        # messages/inbox alone: FB-1/2 Messenger slice, or IG-2 — the thread dir names tell.
        exp.platform, exp.era = ("instagram", "IG-2") if name.startswith("instagram") else ("facebook", "FB-2")
    elif any(re.fullmatch(r"\d+/message_\d+\.json", p) for p in paths) or name.startswith("messenger"):
        exp.platform, exp.era = "messenger", "E2EE"
    elif name.startswith("instagram"):
        exp.platform, exp.era = "instagram", "IG-4"
    elif name.startswith("facebook"):
        exp.platform, exp.era = "facebook", "FB-4"
    else:
        exp.platform, exp.era = "unknown", ""


_WA_LINE = re.compile(rb"^\s*(?:\xe2\x80\x8e)?\[?\d{1,4}[./-]\d{1,2}[./-]\d{1,4},? \d{1,2}[:.]\d{2}")


def _is_whatsapp(exp: Export, paths: list[str]) -> bool:
    txts = [p for p in paths if p.lower().endswith(".txt")]
    if not txts or any(p.endswith(".json") for p in paths):
        return False
    for p in txts:
        base = p.rsplit("/", 1)[-1].lower()
        if base == "_chat.txt" or base.startswith("whatsapp chat"):
            return True
    e = exp.fs.get(txts[0])
    if e is None:
        return False
    head = e.head(2048).lstrip(b"\xef\xbb\xbf")
    return bool(_WA_LINE.match(head))
