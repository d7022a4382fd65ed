"""Hand-written samples of shapes the generator does not cover: 2018-22 HTML, localized dates,
the E2EE Messenger download, FB group chats, 2025 label_values files."""

from __future__ import annotations

import json
from pathlib import Path

from desktop_app.core.ingest import service
from tests.synth.archive import meta_json


def _write(root: Path, files: dict[str, object]) -> Path:
    for rel, doc in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(doc if isinstance(doc, bytes) else doc.encode() if isinstance(doc, str) else meta_json(doc))
    return root


def _found(rep) -> dict[str, int]:
    return {k: v.found for k, v in rep.categories.items() if v.found}


HTML_2019 = """<html><head><title>Zoë</title></head><body><div class="_4t5n" role="main">
<div class="pam _3-95 _2pi0 _2lej uiBoxWhite noborder"><div class="_3-96 _2pio _2lek _2lel">Zoë Łukasz</div>
<div class="_3-96 _2let"><div><div></div><div>Salut, ça va ?</div></div></div><div class="_3-94 _2lem">3 janv. 2020 à 14:05</div></div>
<div class="pam _3-95 _2pi0 _2lej uiBoxWhite noborder"><div class="_3-96 _2pio _2lek _2lel">Alex Rivera</div>
<div class="_3-96 _2let"><div><div></div><div>Très bien, et toi ?</div></div></div><div class="_3-94 _2lem">03.01.2020, 14:07</div></div>
</div></body></html>"""


def test_html_2018_22_generation_with_localized_dates(tmp_path, vault):
    root = _write(tmp_path / "fb", {"messages/inbox/zoe_abc123456/message_1.html": HTML_2019,
                                    "friends/friends.html": "<html></html>", "index.html": "<html></html>"})
    rep = service.run_import(vault, [root])
    assert rep.exports[0]["format"] == "html" and _found(rep) == {"messages": 2}
    rows = vault.query("SELECT author, text, ts FROM records ORDER BY ts")
    assert rows[0][:2] == ("Zoë Łukasz", "Salut, ça va ?")            # real UTF-8: no mojibake repair
    assert rows[0][2] == 1578060300000 and rows[1][2] == 1578060420000    # 2020-01-03 14:05 / 14:07


def test_html_2024_header_offset(tmp_path):
    page = ('<html><body><header class="_a709"><h1>Posts</h1><time datetime="2026-05-19T23:47Z">May 19 UTC+02:00'
            '</time></header><main class="_a706"><section class="_a6-g"><h2 class="_a6-h _a6-i">Alex posted</h2>'
            '<div class="_a6-p"><div class="_2pin"><div>Hello Seattle</div></div></div><footer class="_3-94 _a6-o">'
            '<div class="_a72d">Jun 04, 2023 10:00:00 pm</div></footer></section></main></body></html>')
    root = _write(tmp_path / "fb", {"your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html": page,
                                    "start_here.html": "<html></html>"})
    rep = service.inspect([root])
    assert _found(rep) == {"posts": 1}
    assert rep.categories["posts"].first_ts == 1685916000000 - 2 * 3600_000   # 22:00 at UTC+2


def test_e2ee_secure_storage_export_resolves_media_by_suffix(tmp_path, vault):
    doc = {"participants": [{"name": "Alex Rivera"}, {"name": "Sam Carter"}], "thread_path": "inbox/100200300",
           "messages": [{"sender_name": "Sam Carter", "timestamp_ms": 1_700_000_000_000, "photos": [
               {"uri": "Alex Rivera's_activity_across_facebook/messages/inbox/100200300/photos/42.png"}]},
               {"sender_name": "Alex Rivera", "timestamp_ms": 1_700_000_100_000, "content": "n\u00c3\u00adce"}]}
    root = _write(tmp_path / "messenger", {"100200300/message_1.json": json.dumps(doc),
                                           "100200300/photos/42.png": b"\x89PNG"})
    rep = service.run_import(vault, [root])
    assert rep.exports[0]["platform"] == "messenger" and rep.exports[0]["era"] == "E2EE"
    extra = json.loads(vault.scalar("SELECT extra FROM records WHERE author = 'Sam Carter'"))
    assert extra["attachments"][0]["path"].endswith("100200300/photos/42.png")
    assert vault.scalar("SELECT text FROM records WHERE author = 'Alex Rivera'") == "níce"
    assert vault.scalar("SELECT folder FROM threads") == "e2ee"


def test_fb_group_chat_and_label_values_files(tmp_path):
    lv_like = [{"timestamp": 1_700_000_000, "fbid": "1", "label_values": [
        {"label": "Reaction", "value": "LOVE"}, {"label": "Name", "value": "Sam's photo"},
        {"label": "URL", "value": "https://facebook.com/p/1", "href": "https://facebook.com/p/1"}]}]
    files = {
        "your_facebook_activity/groups/your_group_messages/Climbers.json": {
            "thread_name": "Climbers", "participants": [{"name": "A"}, {"name": "B"}, {"name": "C"}],
            "messages": [{"sender_name": "A", "timestamp_ms": 1_700_000_000_000, "content": "send it"}]},
        "your_facebook_activity/comments_and_reactions/likes_and_reactions.json": lv_like,
        "your_facebook_activity/your_places/cities_you_have_checked_into.json": {
            "fbid": "9", "media": [], "label_values": [{"label": "Cities", "vec": [{"value": "Seattle"}, {"value": "Lisbon"}]}]},
        "ads_information/advertisers_using_your_activity_or_information.json": {"custom_audiences_all_types_v2": [
            {"advertiser_name": "REI", "has_data_file_custom_audience": True}]},
        "personal_information/profile_information/profile_information.json": {"profile_v2": {"name": {"full_name": "A"}}},
    }
    rep = service.inspect([_write(tmp_path / "fb", files)])
    assert rep.exports[0]["era"] == "FB-4"
    f = _found(rep)
    # one place per city in a vec list (was one place named "Seattle, Lisbon")
    assert f["messages"] == 1 and f["likes"] == 1 and f["ad_data"] == 1 and f["locations"] == 2
    assert [t for t in rep.threads if t["title"] == "Climbers"][0]["is_group"]


def test_ig_2025_label_values_likes_story_likes_and_interests(tmp_path):
    owner = {"title": "Owner", "dict": [{"dict": [{"label": "URL", "value": ""}, {"label": "Name", "value": "Sam"},
                                                  {"label": "Username", "value": "sam.c"}], "title": ""}]}
    files = {
        "your_instagram_activity/likes/liked_posts.json": [
            {"timestamp": 1_740_000_000, "label_values": [{"label": "URL", "value": "https://instagram.com/p/x",
                                                           "href": "https://instagram.com/p/x"},
                                                          {"label": "Caption", "value": "Lake day"}, owner]}],
        "your_instagram_activity/story_interactions/story_likes.json": {"story_activities_story_likes": [
            {"title": "maria.g", "string_list_data": [{"timestamp": 1_740_000_100}]}]},
        "your_instagram_activity/ai/interest_categories.json": {"fbid": "1", "label_values": [
            {"label": "Interest", "vec": [{"value": "The user might be interested in Hiking"}]}]},
        "your_instagram_activity/media/posts_1.json": [],
        "personal_information/personal_information/personal_information.json": {"profile_user": [
            {"string_map_data": {"Gebruikersnaam": {"value": "alex"}, "Naam": {"value": "Alex"}}}]},
    }
    rep = service.inspect([_write(tmp_path / "ig", files)])
    assert rep.exports[0]["era"] == "IG-4"
    f = _found(rep)
    assert f["likes"] == 2 and f["ad_data"] == 1 and f["profile"] == 2
    assert rep.owners == [{"platform": "instagram", "name": "Alex", "username": "alex"}]
