"""Interests, advertisers, topics and liked/followed pages are not people: no author, no people row
(they used to be stored with the name as author); the migration fixes vaults imported before."""

from __future__ import annotations

from desktop_app.core.domain import Record
from desktop_app.core.ingest import service
from desktop_app.core.store.schema_ingest import _pages_not_people
from tests.importers.test_shapes import _write

FILES = {
    "ads_information/advertisers_using_your_activity_or_information.json": {"custom_audiences_all_types_v2": [
        {"advertiser_name": "REI", "has_data_file_custom_audience": True}]},
    "logged_information/other_logged_information/ads_interests.json": {"topics_v2": ["Hiking", "Sourdough"]},
    "your_topics/your_topics.json": {"inferred_topics_v2": ["Climbing"]},
    "your_facebook_activity/pages/pages_you've_liked.json": {"page_likes_v2": [{"name": "Blue Lake Cabins",
                                                                                 "timestamp": 1_700_000_000}]},
    "your_facebook_activity/pages/pages_you_follow.json": {"pages_followed_v2": [
        {"title": "Seattle Climbing Gym", "timestamp": 1_700_000_100}]},
    "connections/friends/your_friends.json": {"friends_v2": [{"name": "Sam Carter", "timestamp": 1_600_000_000}]},
}
NOT_PEOPLE = {"REI", "Hiking", "Sourdough", "Climbing", "Blue Lake Cabins", "Seattle Climbing Gym"}


def test_interests_advertisers_topics_pages_have_no_author(tmp_path, vault):
    rep = service.run_import(vault, [_write(tmp_path / "fb", FILES)])
    assert rep.state == "done" and rep.skipped_files == 0
    texts = {t for (t,) in vault.query("SELECT text FROM records WHERE author = '' AND author_id IS NULL")}
    assert NOT_PEOPLE <= texts
    people = {n for (n,) in vault.query("SELECT display_name FROM people")}
    assert not people & NOT_PEOPLE and "Sam Carter" in people          # friends are still people
    assert vault.scalar("SELECT author FROM records WHERE kind = 'friend'") == "Sam Carter"
    again = service.run_import(vault, [tmp_path / "fb"])
    assert again.imported == 0


def test_migration_clears_old_authors_and_keeps_reimport_idempotent(tmp_path, vault):
    v = vault
    with v.transaction():
        v.execute("INSERT INTO people(id, display_name) VALUES (77, 'Hiking')")
        v.execute("INSERT INTO identities(person_id, platform, name) VALUES (77, 'facebook', 'Hiking')")
        old = Record(platform="facebook", kind="ad_interest", ts_ms=None, author="Hiking", text="Hiking")
        v.execute("INSERT INTO records(platform, kind, category, ts, author, author_id, is_mine, text, source,"
                  " content_hash) VALUES ('facebook', 'ad_interest', 'ad_data', NULL, 'Hiking', 77, 0, 'Hiking',"
                  " 'logged_information/other_logged_information/ads_interests.json', ?)", (old.content_hash(),))
        _pages_not_people(v.conn)
    assert v.query("SELECT author, author_id FROM records") == [("", None)]
    assert v.scalar("SELECT count(*) FROM people WHERE id = 77") == 0
    assert v.scalar("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'Hiking'") == 1
    rep = service.run_import(v, [_write(tmp_path / "fb", {
        "logged_information/other_logged_information/ads_interests.json": {"topics_v2": ["Hiking"]}})])
    assert rep.imported == 0 and rep.duplicates == 1
