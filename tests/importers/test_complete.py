"""Nothing in a real export silently left out: one-item lists written as the item, one bad value,
story sticker answers, label_values lists, the preview's de-duplicated count, and a report line
for every file not imported."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.core.ingest import service
from desktop_app.core.ingest.options import ImportOptions
from tests.importers.test_shapes import _found, _write

IG4 = "your_instagram_activity/media/posts_1.json"  # marks an IG-4 export


def _ig(tmp_path: Path, files: dict) -> Path:
    return _write(tmp_path / "instagram-alex-01_01_2025", {IG4: [], **files})


def test_followers_file_with_one_follower_written_as_an_object(tmp_path, vault):
    one = {"title": "", "media_list_data": [], "string_list_data": [
        {"href": "https://www.instagram.com/sam", "value": "sam", "timestamp": 1_700_000_000}]}
    rep = service.run_import(vault, [_ig(tmp_path, {"connections/followers_and_following/followers_1.json": one})])
    assert rep.cat("connections").imported == 1 and not rep.cat("connections").skipped
    assert vault.scalar("SELECT text FROM records WHERE kind = 'follower'") == "sam"


def test_one_bad_value_drops_one_item_not_the_file(tmp_path, vault):
    good = {"name": "Sam Carter", "timestamp": 1_600_000_000}
    bad = {"name": "Robin", "timestamp": 1_600_000_000, "contact_info": None, "data": [{"name": {"x": 1}}]}
    friends = {"friends_v2": [good, {"name": ["not", "a", "name"], "timestamp": {"bad": True}}, bad,
                              {"name": "Maria", "timestamp": 1_600_000_100}]}
    comments = [{"timestamp": 1_600_000_000, "title": "A commented.",
                 "data": [{"comment": {"timestamp": 1_600_000_000, "comment": "nice", "author": "A"}}]},
                {"timestamp": 1_600_000_000, "data": [{"comment": {"comment": "x", "timestamp": [1]}}], "tags": 5}]
    root = _write(tmp_path / "fb", {"your_facebook_activity/messages/inbox/a_1/message_1.json": {
        "participants": [{"name": "A"}, {"name": "B"}], "title": "B",
        "messages": [{"sender_name": "A", "timestamp_ms": 1_600_000_000_000, "content": "ok"},
                     {"sender_name": "A", "timestamp_ms": 1_600_000_001_000, "content": "pic",
                      "photos": [{"uri": 7}], "reactions": "not a list"},
                     {"sender_name": "B", "timestamp_ms": 1_600_000_002_000, "content": "fine"}]},
        "connections/friends/your_friends.json": friends,
        "your_facebook_activity/comments_and_reactions/comments.json": {"comments_v2": comments}})
    rep = service.run_import(vault, [root])
    assert rep.cat("messages").imported >= 2 and not rep.cat("messages").skipped
    assert rep.cat("connections").imported >= 2 and not rep.cat("connections").skipped
    names = {n for (n,) in vault.query("SELECT text FROM records WHERE kind = 'friend'")}
    assert {"Sam Carter", "Maria"} <= names
    assert rep.cat("comments").imported >= 1 and not rep.cat("comments").skipped
    partial = [p for c in rep.categories.values() for p in c.partial]
    for p in partial:
        assert p["items"] >= 1 and "value Hearth cannot read" in p["reason"]


def test_story_interactions_and_locations_of_interest(tmp_path, vault):
    polls = {"story_activities_polls": [{"title": "sam", "string_list_data": [
        {"value": "Yes", "timestamp": 1_700_000_000}]}]}
    loi = {"media": [], "fbid": "1", "label_values": [
        {"label": "Locations of interest explanation", "value": "These are places we think you may be interested in."},
        {"label": "Locations of interest", "vec": [{"value": "Lisbon"}, {"value": "Kyoto"}]}]}
    root = _ig(tmp_path, {
        "your_instagram_activity/story_interactions/polls.json": polls,
        "your_instagram_activity/story_interactions/stories_viewed.json": [{"label_values": []}],
        "personal_information/information_about_you/locations_of_interest.json": loi})
    rep = service.run_import(vault, [root])
    assert "your_instagram_activity/story_interactions/stories_viewed.json" in rep.known_not_imported
    assert not rep.unknown_files
    assert vault.scalar("SELECT text FROM records WHERE kind = 'reaction'") == "Yes"
    places = sorted(t for (t,) in vault.query("SELECT text FROM records WHERE kind = 'place'"))
    assert places == ["Kyoto", "Lisbon"]


def test_inspect_shows_what_will_be_stored_after_dedup(tmp_path, vault):
    thread = {"participants": [{"name": "A"}, {"name": "B"}], "title": "B", "messages": [
        {"sender_name": "A", "timestamp_ms": 1_600_000_000_000 + i * 1000, "content": f"m{i}"} for i in range(8)]}
    # the same 8 messages in two pages of one thread (an overlapping re-download does this)
    root = _write(tmp_path / "fb", {"your_facebook_activity/messages/inbox/b_1/message_1.json": thread,
                                    "your_facebook_activity/messages/inbox/b_1/message_2.json": thread})
    rep = service.inspect([root])
    assert rep.categories["messages"].found == 16 and rep.categories["messages"].new == 8
    assert service.run_import(vault, [root]).cat("messages").imported == 8
    again = service.inspect([root], vault=vault)
    assert again.categories["messages"].found == 16 and again.categories["messages"].new == 0


def test_report_has_a_line_for_every_file_not_imported(tmp_path, vault):
    root = _write(tmp_path / "fb", {
        "your_facebook_activity/messages/inbox/b_1/message_1.json": {
            "participants": [{"name": "A"}], "title": "B",
            "messages": [{"sender_name": "A", "timestamp_ms": 1_600_000_000_000, "content": "hi"}]},
        "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json": b"{not json",
        "security_and_login_information/where_you're_logged_in.json": {"active_sessions_v2": []},
        "your_facebook_activity/mystery/brand_new_file.json": {"x": 1},
        "connections/friends/your_friends.json": {"friends_v2": [{"name": "Sam", "timestamp": 1}]}})
    rep = service.run_import(vault, [root], options=ImportOptions(exclude_categories={"connections"}))
    rows = {r["path"]: (r["kind"], r["reason"]) for r in rep.to_dict()["not_imported"]}
    assert rows["your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"][0] == "skipped"
    assert rows["security_and_login_information/where_you're_logged_in.json"][0] == "known"
    assert rows["your_facebook_activity/mystery/brand_new_file.json"][0] == "unknown"
    assert rows["connections/friends/your_friends.json"] == ("excluded", "its category was left out (your choice)")
    assert all(reason for _, reason in rows.values())


def test_cli_prints_every_file_not_imported_and_the_preview_column(tmp_path, profile, vault, monkeypatch, capsys):
    from desktop_app.cli import main
    from tests.conftest import PASSPHRASE

    vault.lock()
    known = {f"security_and_login_information/file_{i}.json": {"x": i} for i in range(30)}
    root = _write(tmp_path / "fb", {"your_facebook_activity/messages/inbox/b_1/message_1.json": {
        "participants": [{"name": "A"}], "title": "B",
        "messages": [{"sender_name": "A", "timestamp_ms": 1_600_000_000_000, "content": "hi"}]}, **known})
    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    assert main(["--profile", str(profile), "import", "--inspect", str(root)]) == 0
    out = capsys.readouterr().out
    assert "to store" in out and "Not imported (30 files):" in out
    assert all(f"file_{i}.json: not a file Hearth recognises" in out for i in range(30))
    assert main(["--profile", str(profile), "import", str(root), "--no-embed", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert len(d["not_imported"]) == 30 and d["derived"]["profile"] is not None


def test_a_number_too_large_or_nan_drops_its_item_only(tmp_path, vault):
    raw = (b'{"friends_v2": [{"name": "Sam", "timestamp": 1600000000}, {"name": "Huge", "timestamp": 1'
           + b"0" * 5000 + b'}, {"name": "Nan", "timestamp": NaN}, {"name": "Maria", "timestamp": 1600000100}]}')
    thread = (b'{"participants": [{"name": "A"}, {"name": "B"}], "title": "B", "messages": ['
              b'{"sender_name": "A", "timestamp_ms": 1600000000000, "content": "one"},'
              b'{"sender_name": "A", "timestamp_ms": 1e999, "content": "bad"},'
              b'{"sender_name": "B", "timestamp_ms": 1600000002000, "content": "two"}]}')
    root = _write(tmp_path / "fb", {"connections/friends/your_friends.json": raw,
                                    "your_facebook_activity/messages/inbox/b_1/message_1.json": thread})
    rep = service.run_import(vault, [root])
    assert sorted(t for (t,) in vault.query("SELECT text FROM records WHERE kind = 'friend'")) == ["Maria", "Sam"]
    assert sorted(t for (t,) in vault.query("SELECT text FROM records WHERE kind = 'message'")) == ["one", "two"]
    parts = {p["path"]: p for c in rep.categories.values() for p in c.partial}
    assert parts["connections/friends/your_friends.json"]["items"] == 2
    assert "number too large" in parts["connections/friends/your_friends.json"]["reason"]
    assert parts["your_facebook_activity/messages/inbox/b_1/message_1.json"]["items"] == 1
    assert not any(c.skipped for c in rep.categories.values())
