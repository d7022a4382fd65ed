"""Domain values shared by importers, the store, retrieval and the assistant.

Importers yield these; the ingest layer writes them to the vault. Keep them plain data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

PLATFORMS = ("facebook", "instagram", "messenger", "whatsapp", "threads")


def platform_label(platform: str | None) -> str:
    """How a platform's name is written for people ("WhatsApp", not "Whatsapp")."""
    p = str(platform or "")
    return "WhatsApp" if p == "whatsapp" else p.title()

# Record kinds. Categories group kinds for scope and import selection.
KINDS: dict[str, str] = {
    "message": "messages",
    "post": "posts",
    "comment": "comments",
    "reaction": "likes",
    "like": "likes",
    "friend": "connections",
    "follower": "connections",
    "following": "connections",
    "profile": "profile",
    "ad_interest": "ad_data",
    "ad_category": "ad_data",
    "advertiser": "ad_data",
    "topic": "ad_data",
    "search": "searches",
    "saved": "saved",
    "event": "events",
    "group": "groups",
    "checkin": "locations",
    "place": "locations",
    "link": "links",
    "threads_post": "posts",
}

CATEGORIES = tuple(sorted(set(KINDS.values())))


def category_of(kind: str) -> str:
    return KINDS.get(kind, "other")


@dataclass(slots=True)
class Record:
    """One item of the user's history.

    Attributes:
        platform: one of PLATFORMS.
        kind: one of KINDS.
        ts_ms: UTC milliseconds since the epoch, or None when the archive gives no time.
        author: display name of whoever wrote/did it ("" when unknown).
        text: the searchable text (message body, post text, interest name ...).
        thread_key: stable id of the conversation for messages ("facebook:inbox/sam_123"), else None.
        is_mine: True when the archive owner authored it; None when unknown.
        extra: JSON-serialisable details (attachments with resolved paths, reactions, urls ...).
        source: archive-relative path of the file the record came from.
    """

    platform: str
    kind: str
    ts_ms: int | None
    author: str
    text: str
    thread_key: str | None = None
    is_mine: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    source: str = ""

    @property
    def category(self) -> str:
        return category_of(self.kind)

    def content_hash(self) -> str:
        """Identity for dedup across re-imports and overlapping exports.

        Built from what the user would call "the same item", not from the file it came from,
        so the same message in an older and a newer export hashes the same. ``extra["wall_ms"]``,
        when present, stands in for the time: the clock reading of a chat export without a zone
        (WhatsApp), so the item keeps its identity whichever zone it is placed in.
        """
        basis = json.dumps(
            [self.platform, self.kind, self.extra.get("wall_ms", self.ts_ms), self.author, self.thread_key or "",
             self.text, self.extra.get("dedup_key", "")],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.blake2b(basis.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(slots=True)
class Thread:
    """A conversation: participants by display name, title as the archive gives it."""

    key: str
    platform: str
    title: str
    participants: list[str] = field(default_factory=list)
    folder: str = ""          # e.g. "inbox", "archived_threads", "message_requests", "filtered_threads", "e2ee"
    is_group: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class OwnerHint:
    """Who the archive belongs to, when a file says so (profile_information, personal_information)."""

    platform: str
    name: str
    username: str = ""
