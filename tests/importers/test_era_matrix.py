"""Era x category matrix (shared/docs/meta-export-formats.md §5.2, §6.2): for every era and every
category the formats doc documents there, a generated file at the documented path, in the
documented shape, imports at least one record of that category, and no file is left unknown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.core.ingest import service
from tests.importers.test_shapes import _write

T = 1_650_000_000            # seconds
TMS = T * 1000
THREAD = {"participants": [{"name": "Sam Carter"}, {"name": "Alex Rivera"}], "title": "Sam Carter",
          "messages": [{"sender_name": "Sam Carter", "timestamp_ms": TMS, "content": "see you at the cabin"}]}
ACT_POST = [{"timestamp": T, "data": [{"post": "Back from the lake"}], "title": "Alex updated status."}]
ACT_COMMENT = [{"timestamp": T, "title": "Alex commented.",
                "data": [{"comment": {"timestamp": T, "comment": "Lovely", "author": "Alex Rivera"}}]}]
ACT_REACTION = [{"timestamp": T, "title": "Alex liked Sam's photo.",
                 "data": [{"reaction": {"reaction": "LIKE", "actor": "Alex Rivera"}}]}]
SEARCH = [{"timestamp": T, "data": [{"text": "cabin rentals"}], "title": "You searched on Facebook"}]
SAVED = [{"timestamp": T, "title": "You saved a guide",
          "attachments": [{"data": [{"external_context": {"url": "https://example.org/guide"}}]}]}]
EVENTS = {"events_joined": [{"name": "Lake night", "start_timestamp": T, "end_timestamp": 0}]}
GROUPS = [{"timestamp": T, "title": "You became a member", "data": [{"name": "Climbers"}]}]
PROFILE = {"name": {"full_name": "Alex Rivera"}, "current_city": {"name": "Portland", "timestamp": T}}
PLACE = [{"name": "Blue Lake Cabin", "coordinate": {"latitude": 45.1, "longitude": -122.3}, "creation_timestamp": T}]
LOCATIONS = [{"title": "Blue Lake", "timestamp": T,
              "attachments": [{"data": [{"place": {"name": "Blue Lake", "coordinate": {"latitude": 1, "longitude": 2}}}]}]}]


def sld(value: str) -> dict:
    return {"title": "", "media_list_data": [], "string_list_data": [
        {"href": f"https://www.instagram.com/{value}", "value": value, "timestamp": T}]}


def smd(**pairs: str) -> dict:
    return {"title": "", "media_map_data": {}, "string_map_data": {
        k: {"href": "", "value": v, "timestamp": T} for k, v in pairs.items()}}


def lv(*pairs: dict) -> dict:
    return {"timestamp": T, "media": [], "fbid": "1", "label_values": list(pairs)}


IG_MEDIA = [{"media": [{"uri": "media/posts/202201/1.jpg", "creation_timestamp": T, "title": "Sunset at the lake"}]}]

# era -> category -> (path, document). Prefixes per the formats doc §5.1 / §6.1.
FB: dict[str, dict[str, tuple[str, object]]] = {}
for era, yfa in (("FB-1", ""), ("FB-2", ""), ("FB-3", "your_activity_across_facebook/"),
                 ("FB-4", "your_facebook_activity/")):
    v2 = "" if era == "FB-1" else "_v2"
    old = era in ("FB-1", "FB-2")
    FB[era] = {
        "messages": (f"{yfa}messages/inbox/samcarter_1/message_1.json", THREAD),
        "posts": (f"{yfa}posts/your_posts_1.json" if old else
                  f"{yfa}posts/your_posts__check_ins__photos_and_videos_1.json", ACT_POST),
        "comments": ("comments/comments.json" if era == "FB-1" else f"{yfa}comments_and_reactions/comments.json",
                     {f"comments{v2}": ACT_COMMENT}),
        "likes": (("likes_and_reactions/posts_and_comments.json", {"reactions": ACT_REACTION}) if era == "FB-1" else
                  ("comments_and_reactions/posts_and_comments.json", {"reactions_v2": ACT_REACTION}) if era == "FB-2"
                  else (f"{yfa}comments_and_reactions/likes_and_reactions_1.json", ACT_REACTION)),
        "liked pages": ("likes_and_reactions/pages.json" if old else f"{yfa}pages/pages_you've_liked.json",
                        {f"page_likes{v2}": [{"name": "Blue Lake Park", "timestamp": T}]}),
        "connections": ({"FB-1": "friends/friends.json", "FB-2": "friends_and_followers/friends.json"}.get(
            era, "connections/friends/your_friends.json"), {f"friends{v2}": [{"name": "Sam Carter", "timestamp": T}]}),
        "profile": ("personal_information/profile_information/profile_information.json" if era == "FB-4" else
                    "profile_information/profile_information.json", {f"profile{v2}": PROFILE}),
        "ad_data": ({"FB-1": "ads/ads_interests.json", "FB-2": "ads_information/ads_interests.json"}.get(
            era, "logged_information/other_logged_information/ads_interests.json"),
            {f"topics{v2}": ["Hiking", "Travel"]}),
        "searches": ({"FB-1": "search_history/your_search_history.json", "FB-2": "search/your_search_history.json"}.get(
            era, "logged_information/search/your_search_history.json"), {f"searches{v2}": SEARCH}),
        "saved": ("saved_items/your_saved_items.json" if era == "FB-1" else
                  f"{yfa}saved_items_and_collections/your_saved_items.json", {f"saves{v2}": SAVED}),
        "events": (f"{yfa}events/your_event_responses.json", {f"event_responses{v2}": EVENTS}),
        "groups": (f"{yfa}groups/your_group_membership_activity.json", {f"groups_joined{v2}": GROUPS}),
        "locations": (("location_history/your_location_history.json", {"location_history": LOCATIONS})
                      if era == "FB-1" else
                      (f"{yfa}your_places/places_you've_created.json", {"your_places_v2": PLACE})),
    }
FB["FB-2"]["liked pages (2021, under likes_and_reactions/)"] = (
    "likes_and_reactions/pages.json", {"page_likes_v2": [{"name": "Old Town Market", "timestamp": T}]})
FB["FB-4"]["ad_data (label_values)"] = ("ads_information/other_categories_used_to_reach_you.json",
                                        lv({"label": "Name", "vec": [{"value": "Frequent travellers"}]}))
FB["FB-4"]["locations (check-ins)"] = ("your_facebook_activity/posts/check-ins.json",
                                       [lv({"label": "Place tags", "dict": [{"label": "Name", "value": "Café Central"}]},
                                           {"label": "Message", "value": "Coffee"})])
FB["FB-4"]["connections (followers)"] = ("connections/followers/people_who_followed_you.json",
                                         {"followers_v3": [{"name": "Robin Ng"}]})

IG: dict[str, dict[str, tuple[str, object]]] = {
    "IG-1": {
        "messages": ("messages.json", [{"participants": ["sam", "alex"], "conversation": [
            {"sender": "sam", "created_at": "2022-04-15T10:00:00+00:00", "text": "hello"}]}]),
        "posts": ("media.json", {"photos": [{"caption": "Lake", "taken_at": "2022-04-15T10:00:00+00:00",
                                              "path": "photos/202204/1.jpg"}]}),
        "comments": ("comments.json", {"media_comments": [["2022-04-15T10:00:00+00:00", "Nice one", "sam"]]}),
        "likes": ("likes.json", {"media_likes": [["2022-04-15T10:00:00+00:00", "sam"]]}),
        "connections": ("connections.json", {"followers": {"sam": "2022-04-15T10:00:00+00:00"}}),
        "profile": ("profile.json", {"username": "alex", "name": "Alex Rivera"}),
        "searches": ("searches.json", [{"search_click": "sam", "time": "2022-04-15T10:00:00+00:00", "type": "user"}]),
        "saved": ("saved.json", {"saved_media": [["2022-04-15T10:00:00+00:00", "sam"]]}),
    },
}
for era in ("IG-2", "IG-3", "IG-4"):
    yia = "" if era == "IG-2" else "your_instagram_activity/"
    IG[era] = {
        "messages": (f"{yia}messages/inbox/sam_123456/message_1.json", THREAD),
        "posts": ({"IG-2": "content/posts_1.json", "IG-3": f"{yia}content/posts_1.json"}.get(era, f"{yia}media/posts_1.json"),
                  IG_MEDIA),
        "comments": (("comments/post_comments.json", {"comments_media_comments": [
            {"title": "sam", "string_list_data": [{"value": "So good", "timestamp": T}]}]}) if era == "IG-2" else
            (f"{yia}comments/post_comments_1.json", [smd(Comment="So good", **{"Media Owner": "sam"})])),
        "likes": ((f"{yia}likes/liked_posts.json", {"likes_media_likes": [{"title": "sam", "string_list_data": [
            {"href": "https://www.instagram.com/p/1", "value": "\u00f0\u009f\u0091\u008d", "timestamp": T}]}]})
            if era != "IG-4" else
            (f"{yia}likes/liked_posts.json", [lv({"label": "URL", "value": "https://www.instagram.com/p/1",
                                                  "href": "https://www.instagram.com/p/1"},
                                                 {"label": "Caption", "value": "Lake day"})])),
        "connections": (("followers_and_following/followers.json", {"relationships_followers": [sld("sam")]})
                        if era == "IG-2" else ("connections/followers_and_following/followers_1.json",
                                               sld("sam") if era == "IG-4" else [sld("sam")])),
        "profile": ({"IG-2": "account_information/personal_information.json"}.get(
            era, "personal_information/personal_information/personal_information.json"),
            {"profile_user": [smd(Name="Alex Rivera", Username="alex")]}),
        "searches": ("recent_searches/account_searches.json" if era == "IG-2" else
                     "logged_information/recent_searches/account_searches.json",
                     {"searches_user": [smd(Search="sam")]}),
        "saved": ((f"{yia}saved/saved_posts.json", {"saved_saved_media": [
            {"title": "sam", "string_map_data": {"Saved on": {"href": "https://www.instagram.com/p/2", "timestamp": T}}}]})
            if era != "IG-4" else (f"{yia}saved/saved_posts.json", [lv({"label": "URL", "value": "https://x/p/2",
                                                                        "href": "https://x/p/2"})])),
        "ad_data": ({"IG-2": "your_topics/your_topics.json"}.get(era, "preferences/your_topics/your_topics.json"),
                    {"topics_your_topics": [smd(Name="Hiking")]}),
    }
IG["IG-3"]["ad_data (categories)"] = ("ads_information/instagram_ads_and_businesses/other_categories_used_to_reach_you.json",
                                      lv({"label": "Name", "vec": [{"value": "Frequent travellers"}]}))
IG["IG-3"]["likes (story stickers)"] = ("your_instagram_activity/story_sticker_interactions/polls.json",
                                        {"story_activities_polls": [sld("Yes")]})
IG["IG-3"]["locations"] = ("personal_information/information_about_you/profile_based_in.json",
                           {"inferred_data_primary_location": [smd(**{"City Name": "Lisbon"})]})
IG["IG-4"]["likes (story stickers)"] = ("your_instagram_activity/story_interactions/quizzes.json",
                                        {"story_activities_quizzes": [sld("B")]})
IG["IG-4"]["locations"] = ("personal_information/information_about_you/locations_of_interest.json",
                           lv({"label": "Locations of interest", "vec": [{"value": "Kyoto"}]}))
IG["IG-4"]["ad_data (ai interests)"] = ("your_instagram_activity/ai/interest_categories.json",
                                        [lv({"label": "Interest", "value": "The user might be interested in Hiking"})])

MATRIX = {**FB, **IG}
NAMES = {"FB-1": "facebook-alex-01_01_2019", "FB-2": "facebook-alex-01_01_2021", "FB-3": "facebook-alex-05_12_2023",
         "FB-4": "facebook-alex-01_01_2025", "IG-1": "instagram-alex-01_01_2019", "IG-2": "instagram-alex-01_01_2021",
         "IG-3": "instagram-alex-01_07_2024", "IG-4": "instagram-alex-01_01_2026"}


def _category(cell: str) -> str:
    return "likes" if cell.startswith("liked pages") else cell.split(" (")[0]


@pytest.mark.parametrize("era", sorted(MATRIX))
def test_every_documented_cell_imports(tmp_path, vault, era):
    cells = MATRIX[era]
    files = {path: doc if isinstance(doc, (bytes, str)) else json.dumps(doc).encode("utf-8")
             for path, doc in cells.values()}
    root = _write(tmp_path / NAMES[era], files)
    rep = service.run_import(vault, [root])
    assert rep.exports[0]["era"] == era, rep.exports
    assert not rep.unknown_files and not rep.known_not_imported, (rep.unknown_files, rep.known_not_imported)
    problems = {p["path"]: p["reason"] for p in rep.to_dict()["not_imported"]}
    assert not problems, problems
    for cell, (path, _) in cells.items():
        n = vault.scalar("SELECT count(*) FROM records WHERE source = ? AND category = ?", (path, _category(cell)))
        assert n >= 1, (era, cell, path, vault.query("SELECT category, count(*) FROM records WHERE source = ? "
                                                     "GROUP BY 1", (path,)))


def matrix_table() -> str:
    """The covered cells as a Markdown table (for BENCHMARKS.md)."""
    cats = sorted({_category(c) for cells in MATRIX.values() for c in cells})
    lines = ["| era | " + " | ".join(cats) + " |", "|---" * (len(cats) + 1) + "|"]
    for era in sorted(MATRIX):
        have = {}
        for c in MATRIX[era]:
            have[_category(c)] = have.get(_category(c), 0) + 1
        lines.append(f"| {era} | " + " | ".join(str(have.get(c, "")) for c in cats) + " |")
    return "\n".join(lines)
