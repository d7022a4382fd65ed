"""Property tests (hypothesis): any message/activity document yields well-formed records, and the
mojibake repair is strict, idempotent and inverts Meta's encoding exactly."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.domain import KINDS, Record, Thread
from desktop_app.core.importers.base import Ctx, Task
from desktop_app.core.importers.detect import Export
from desktop_app.core.importers.jsonio import fix_meta
from desktop_app.core.importers.meta import convert
from desktop_app.core.importers.messages import message_record
from desktop_app.core.importers.timeutil import MAX_MS
from tests.synth.archive import mangle

text = st.text(max_size=40)
scalar = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63), st.floats(allow_nan=False,
                                                                                    allow_infinity=False), text)
json_val = st.recursive(scalar, lambda c: st.one_of(st.lists(c, max_size=4), st.dictionaries(text, c, max_size=4)),
                        max_leaves=20)


def _ctx() -> Ctx:
    exp = Export(key="k", platform="facebook", era="FB-4")
    return Ctx(export=exp, platform="facebook", source="x.json", fix=fix_meta)


def _check(rec: Record) -> None:
    assert rec.kind in KINDS
    assert isinstance(rec.text, str) and isinstance(rec.author, str)
    assert rec.ts_ms is None or (isinstance(rec.ts_ms, int) and 0 < rec.ts_ms <= MAX_MS)
    json.dumps(rec.extra)  # always serialisable
    assert len(rec.content_hash()) == 32


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["sender_name", "timestamp_ms", "content", "photos", "reactions", "share",
                                        "is_unsent", "call_duration", "sticker", "users", "type"]), json_val))
def test_message_records_are_well_formed(m):
    rec = message_record(_ctx(), m, "facebook:t", "inbox")
    if rec is not None:
        _check(rec)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["friends_v2", "comments_v2", "reactions_v2", "searches_v2", "saves_v2", "event_responses_v2",
                        "groups_joined_v2", "topics_v2", "profile_v2", "likes_media_likes", "relationships_following",
                        "comments_media_comments", "saved_saved_media", "ig_stories", "text_post_app_text_posts"]),
       st.lists(json_val, max_size=5), st.sampled_from(["", "post", "link", "ad_category", "ig_post"]))
def test_wrapped_documents_never_crash_and_are_well_formed(key, items, hint):
    try:
        out = list(convert(_ctx(), {key: items}, hint))
    except Exception as exc:  # only the documented, content-free error is allowed
        from desktop_app.core.importers.jsonio import FileError
        assert isinstance(exc, FileError)
        return
    for it in out:
        if isinstance(it, Record):
            _check(it)


@given(st.text())
def test_fix_meta_inverts_meta_encoding(s):
    assert fix_meta(mangle(s)) == s


@given(st.text())
def test_fix_meta_is_idempotent_on_real_text(s):
    fixed = fix_meta(s)
    assert fix_meta(fixed) == fixed or fixed == s
    if any(ord(c) > 0xFF for c in s):
        assert fixed == s  # real Unicode above Latin-1 is never touched


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["facebook", "instagram"]), st.sampled_from(sorted(KINDS)), st.one_of(st.none(), st.integers(0, 2**53)),
       text, st.one_of(st.none(), text), text, st.one_of(st.just({}), st.dictionaries(st.just("dedup_key"), text)))
def test_fast_hash_equals_domain_hash(platform, kind, ts, author, tkey, body, extra):
    from desktop_app.core.ingest.writer import content_hashes, fast_content_hash

    rec = Record(platform=platform, kind=kind, ts_ms=ts, author=author, text=body, thread_key=tkey, extra=dict(extra))
    assert fast_content_hash(rec) == rec.content_hash()
    # The batch form caches escaped fields across records: same hashes, in order.
    twin = Record(platform=platform, kind=kind, ts_ms=ts, author=author, text=body + "!", thread_key=tkey)
    assert content_hashes([rec, twin, rec]) == [rec.content_hash(), twin.content_hash(), rec.content_hash()]
