"""Every real fixture file imports as it is, with its counts (found per category) asserted."""

from __future__ import annotations

import pytest

from desktop_app.core.ingest import service

R = "Waultar-App/test/parser/data/"
O = "Waultar-App/test/objectbox/data/Facebook/"
M = "facebook-data-miner/tests/test_data/messages/inbox/"
B = "instagram-to-bluesky/transfer/"
# path → {category: records found}; {} = recognised, nothing to import (listed as known or empty)
EXPECTED = {
    "Facebook-Export-Viewer/ExportViewer.Tests/TestData/GetExportLanguageJson/preferences/language_and_locale.json": {},
    "Facebook-Export-Viewer/ExportViewer.Tests/TestData/GetExportLanguageXPath1/about_you/preferences.html": {},
    "Facebook-Export-Viewer/ExportViewer.Tests/TestData/GetExportLanguageXPath2/preferences/language_and_locale.html": {},
    O + "comments_and_reactions/comments_and_reactions.json": {"comments": 6},
    O + "comments_and_reactions/posts_and_comments.json": {"likes": 17},
    O + "facebook_gaming/instant_games.json": {},
    O + "messages/autofill_information.json": {},
    O + "messages/inbox/lukasvintheroffenberglarsen_2qr6kux07q/message_1.json": {"messages": 7},
    O + "posts/your_posts_1.json": {"posts": 11},
    O + "profile_information/profile_information.json": {"profile": 7},
    O + "profile_information/v2_profile_information.json": {"profile": 11},
    O + "security_and_login_information/your_facebook_activity_history.json": {},
    O + "your_interactions_on_facebook/recently_viewed.json": {},
    O + "your_topics/your_topics.json": {"ad_data": 50},
    R + "creator_badges.json": {}, R + "each_media_type_list.json": {"posts": 4}, R + "empty_list.json": {},
    R + "empty_object.json": {}, R + "event_invitations.json": {"events": 6}, R + "facebook_comments.json": {"comments": 8},
    R + "facebook_media.json": {"posts": 5}, R + "instagram_media.json": {"posts": 4}, R + "instagram_post.json": {"posts": 5},
    R + "personal_information.json": {"profile": 8}, R + "polls_you_voted_on.json": {}, R + "post_comments.json": {"comments": 2},
    R + "profile_information.json": {"profile": 11}, R + "profile_photos.json": {"posts": 2}, R + "signup_information.json": {},
    R + "v2_profile_information.json": {"profile": 11}, R + "your_event_responses.json": {"events": 8},
    R + "your_events.json": {"events": 2}, R + "your_group_membership_activity.json": {"groups": 4},
    R + "your_groups.json": {"groups": 2}, R + "your_posts_1.json": {"posts": 11}, R + "your_posts_in_groups.json": {"posts": 3},
    "chat-analytics/tests/samples/messenger/2A_7M.json": {"messages": 7},
    "facebook-data-miner/tests/test_data/friends/friends.json": {"connections": 9},
    M + "benedekelek_s4f65sdg/message_1.json": {"messages": 3}, M + "foobar_n5fd6gG50h/message_1.json": {"messages": 15},
    M + "marathon_sffsfid76/message_1.json": {"messages": 9}, M + "teflonmusk_fsd454f/message_1.json": {"messages": 6},
    M + "teflonmuskfoobarandjohndoe_sf5d4f56sd_gf/message_1.json": {"messages": 4},
    M + "tokehal_sdf7fs9d876/message_1.json": {"messages": 5}, M + "tokehal_sdf7fs9d876/message_2.json": {"messages": 2},
    M + "tokehalfoobardonaldduckand2others_safsdf_fdf3/message_1.json": {"messages": 5},
    "facebook-data-miner/tests/test_data/profile_information/profile_information.json": {"profile": 10},
    "fbchat-archive-parser/tests/simulated_data.htm": {"messages": 20},
    B + "test_image/posts.json": {"posts": 1}, B + "test_image/reels.json": {}, B + "test_images/posts.json": {"posts": 1},
    B + "test_images/reels.json": {}, B + "test_mixed_media/posts.json": {"posts": 1},
    B + "test_mixed_media/reels.json": {"posts": 1}, B + "test_video/posts.json": {"posts": 1},
    B + "test_video/reels.json": {"posts": 1},
}
SKIPPED = {R + "corrupt.json": "invalid JSON"}


def _found(rep) -> dict[str, int]:
    return {k: v.found for k, v in rep.categories.items() if v.found}


def test_every_real_fixture_is_accounted_for(fixtures_real):
    files = {str(p.relative_to(fixtures_real)) for p in fixtures_real.rglob("*") if p.is_file()
             and p.suffix.lower() in (".json", ".html", ".htm") and not p.parts[-3:-1] == ()}
    schemas = {f for f in files if f.startswith("facebook-schemas/")}
    assert files - schemas - set(EXPECTED) - set(SKIPPED) == set()


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_real_fixture_counts(fixtures_real, rel):
    rep = service.inspect([fixtures_real / rel])
    assert _found(rep) == EXPECTED[rel]
    assert not [s for c in rep.categories.values() for s in c.skipped]


def test_corrupt_file_is_skipped_with_reason(fixtures_real):
    rep = service.inspect([fixtures_real / (R + "corrupt.json")])
    reasons = [s["reason"] for c in rep.categories.values() for s in c.skipped]
    assert reasons and reasons[0].startswith("invalid JSON")


def test_json_schemas_never_crash(fixtures_real):
    from desktop_app.core.errors import KnownError

    paths = sorted((fixtures_real / "facebook-schemas").rglob("*.json"))
    assert paths
    for p in paths:   # JSON Schemas are not data: refused in one line, or listed with nothing found
        try:
            rep = service.inspect([p])
        except KnownError as exc:
            assert "\n" not in str(exc) and str(exc)
            continue
        assert not any(c.found for c in rep.categories.values()), p


def test_fixture_folder_imports_idempotently_with_mojibake_repaired(fixtures_real, vault):
    src = fixtures_real / "facebook-data-miner/tests/test_data"
    rep = service.run_import(vault, [src])
    assert rep.state == "done" and rep.imported == 68
    names = {n for (n,) in vault.query("SELECT display_name FROM people")}
    assert {"Jenő Rejtő", "Tőke Hal"} <= names
    assert vault.scalar("SELECT display_name FROM people WHERE is_me = 1") == "Jenő Rejtő"
    again = service.run_import(vault, [src])
    assert again.imported == 0 and again.duplicates == 68
    assert vault.scalar("SELECT count(*) FROM records") == 68
    # paging: message_2 holds the older messages; both pages in one thread, in time order
    ts = [t for (t,) in vault.query("SELECT r.ts FROM records r JOIN threads t ON t.id = r.thread_id "
                                    "WHERE t.key = 'facebook:tokehal_sdf7fs9d876' ORDER BY r.id")]
    assert len(ts) == 7 and ts == sorted(ts)
    assert vault.get_setting("x") is None
    assert vault.scalar("SELECT report FROM archives") is not None
