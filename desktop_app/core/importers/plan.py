"""Path rules: which files of an export are imported, by which parser, as what category.

Returns the work as ``Task``s (stable keys for checkpoints), plus the files Hearth knows but does not
import, unknown files, and media files (referenced by records, never imported as such).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from desktop_app.core.domain import category_of
from desktop_app.core.importers.base import Task
from desktop_app.core.importers.detect import Export
from desktop_app.core.importers.known import KNOWN_NOT_IMPORTED, MEDIA_EXTS
from desktop_app.core.importers.vfs import Entry

YFA = r"(?:your_facebook_activity/|your_activity_across_facebook/)?"
YIA = r"(?:your_instagram_activity/)?"
THREAD = re.compile(
    r"^(?:.*/)?(?:(?:messages|your_instagram_activity)/(?:(?:inbox|archived_threads|filtered_threads|message_requests"
    r"|e2ee_cutover)/)?)?([^/]+)/message_\d+\.(json|html)$")

# (regex on the export-relative path, handler, hint kind)
RULES: list[tuple[str, str, str]] = [
    # -- Facebook ---------------------------------------------------------------------------------
    (YFA + r"groups/your_group_messages/[^/]+\.json", "group_chat", "message"),
    (YFA + r"posts/your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?\.json", "json", "post"),
    (YFA + r"posts/(?:your_uncategorized_photos|your_videos|other_people's_posts_to_your_timeline"
     r"|posts_on_other_pages_and_profiles)\.json", "json", "post"),
    (YFA + r"posts/album/\d+\.json", "album", "post"),
    (YFA + r"posts/(?:check-ins|places_you_have_been_tagged_in)\.json", "json", "checkin"),
    (YFA + r"groups/(?:group_posts_and_comments|your_posts_in_groups|your_posts_and_comments_in_groups)\.json",
     "json", "post"),
    (YFA + r"(?:comments|comments_and_reactions)/comments(?:_and_reactions)?\.json", "json", "comment"),
    (YFA + r"groups/your_comments_in_groups\.json", "json", "comment"),
    (YFA + r"(?:likes_and_reactions|comments_and_reactions)/(?:posts_and_comments|likes_and_reactions(?:_\d+)?)\.json",
     "json", "reaction"),
    (YFA + r"stories/story_reactions\.json", "json", "reaction"),
    (YFA + r"(?:likes_and_reactions/pages|pages/pages_you(?:'|_)ve_liked)\.json", "json", "like"),
    (YFA + r"pages/pages_(?:and_profiles_)?you_follow\.json", "json", "following"),
    (r"(?:friends|friends_and_followers|connections/friends)/(?:friends|your_friends)\.json", "json", "friend"),
    (r"(?:following_and_followers/following|friends_and_followers/who_you_follow"
     r"|connections/followers/who_you(?:'|_)ve_followed)\.json", "json", "following"),
    (r"(?:following_and_followers|friends_and_followers|connections/followers)/(?:followers|people_who_followed_you)"
     r"\.json", "json", "follower"),
    (r"(?:personal_information/)?profile_information/(?:v2_)?profile_information\.json", "profile", "profile"),
    (r"(?:ads|ads_information|logged_information/other_logged_information)/ads_interests\.json", "json", "ad_interest"),
    (r"ads_information/(?:instagram_ads_and_businesses/)?other_categories_used_to_reach_you\.json", "json",
     "ad_category"),
    (r"(?:ads|ads_information|ads_and_businesses|ads_information/instagram_ads_and_businesses)/"
     r"(?:advertisers_using_your_activity_or_information|advertisers_who_uploaded_a_contact_list_with_your_information"
     r"|advertisers_you(?:'|_)ve_interacted_with)\.json", "json", "advertiser"),
    (r"your_topics/your_topics\.json", "json", "topic"),
    (r"(?:search_history|search|logged_information/search)/(?:your_search_history|groups_you(?:'|_)ve_searched_for)"
     r"\.json", "json", "search"),
    (YFA + r"facebook_marketplace/your_search_history\.json", "json", "search"),
    (YFA + r"(?:saved_items|saved_items_and_collections)/(?:your_saved_items|saved_items_and_collections)\.json",
     "json", "saved"),
    (YFA + r"saved_items_and_collections\.json", "json", "saved"),
    (YFA + r"events/(?:your_event_responses|event_invitations|your_events)\.json", "json", "event"),
    (YFA + r"groups/(?:your_group_membership_activity|your_groups)\.json", "json", "group"),
    (r"(?:location_history|location|logged_information/location)/your_location_history\.json", "json", "checkin"),
    (YFA + r"your_places/(?:places_you(?:'|_)ve_created|cities_you_have_checked_into)\.json", "json", "place"),
    (YFA + r"other_activity/link_history\.json", "json", "link"),
    # -- Instagram ---------------------------------------------------------------------------------
    (YIA + r"(?:content|media)/(?:posts_\d+|archived_posts|stories|reels|profile_photos|igtv_videos|other_content"
     r"|recently_deleted_content)\.json", "json", "ig_post"),
    (YIA + r"comments/(?:post_comments(?:_\d+)?|reels_comments)\.json", "json", "ig_comment"),
    (YIA + r"likes/(?:liked_posts|liked_comments)\.json", "json", "ig_like"),
    (YIA + r"(?:story_sticker_interactions|story_interactions)/story_likes\.json", "json", "ig_like"),
    # Answers to other people's story stickers: a reaction to their story (the sticker kind in extra).
    (YIA + r"(?:story_sticker_interactions|story_interactions)/(?:polls|quizzes|emoji_sliders|questions|countdowns"
     r"|story_reaction_sticker_reactions)\.json", "json", "reaction"),
    (r"(?:connections/)?followers_and_following/followers(?:_\d+)?\.json", "json", "follower"),
    (r"(?:connections/)?followers_and_following/following\.json", "json", "following"),
    (r"(?:account_information|personal_information|personal_information/personal_information)/"
     r"personal_information\.json", "profile", "profile"),
    (r"(?:ads_and_topics|your_topics|preferences/your_topics)/(?:your_topics|recommended_topics)\.json", "json", "topic"),
    (YIA + r"ai/interest_categories\.json", "json", "topic"),
    (r"(?:recent_searches|logged_information/recent_searches)/[^/]+\.json", "json", "search"),
    (YIA + r"saved/saved_posts\.json", "json", "ig_saved"),
    (r"logged_information/link_history/link_history\.json", "json", "link"),
    (r"(?:information_about_you|personal_information/information_about_you|logged_information/other_logged_information)/"
     r"(?:account_based_in|profile_based_in|locations_of_interest)\.json", "json", "place"),
    (r"your_instagram_activity/threads/threads_and_replies\.json", "json", "threads_post"),
    # -- Instagram 2018-2020 single files ------------------------------------------------------------
    (r"messages\.json", "ig1_messages", "message"), (r"media\.json", "ig1_media", "post"),
    (r"comments\.json", "ig1_comments", "comment"), (r"likes\.json", "ig1_likes", "like"),
    (r"connections\.json", "ig1_connections", "follower"), (r"profile\.json", "ig1_profile", "profile"),
    (r"searches\.json", "ig1_searches", "search"), (r"saved\.json", "ig1_saved", "saved"),
    # -- HTML -------------------------------------------------------------------------------------
    (r"html/messages\.htm", "html_fb0", "message"),
    (YFA + r"posts/your_posts(?:__check_ins__photos_and_videos)?(?:_\d+)?\.html", "html_posts", "post"),
    (YFA + r"(?:comments|comments_and_reactions)/comments\.html", "html_comments", "comment"),
    (YIA + r"comments/post_comments(?:_\d+)?\.html", "html_comments", "comment"),
]
_COMPILED = [(re.compile("^" + rx + "$"), h, hint) for rx, h, hint in RULES]
_IG1_HANDLERS = {"ig1_messages", "ig1_media", "ig1_comments", "ig1_likes", "ig1_connections", "ig1_profile",
                 "ig1_searches", "ig1_saved"}


@dataclass
class Plan:
    tasks: list[Task] = field(default_factory=list)
    known: list[tuple[str, str]] = field(default_factory=list)      # (path, why not imported)
    unknown: list[str] = field(default_factory=list)
    media_files: int = 0
    media_bytes: int = 0


def category_for(handler: str, hint: str) -> str:
    if handler in ("thread", "group_chat", "html_thread", "html_fb0", "ig1_messages", "whatsapp"):
        return "messages"
    return category_of(hint.replace("ig_", ""))


def plan_export(exp: Export) -> Plan:
    plan = Plan()
    if exp.platform == "whatsapp":
        for e in exp.fs:
            if e.path.lower().endswith(".txt"):
                plan.tasks.append(Task(key=f"{exp.key}::{e.path}", export=exp, handler="whatsapp",
                                       category="messages", entries=[e], hint="message"))
            else:
                plan.media_files += 1
                plan.media_bytes += e.size
        return plan
    threads: dict[str, list[Entry]] = {}
    for e in exp.fs:
        path = e.path
        low = path.lower()
        suffix = PurePosixPath(low).suffix
        m = THREAD.match(path)
        if m and suffix in (".json", ".html"):
            threads.setdefault(path.rsplit("/", 1)[0] + ("#html" if suffix == ".html" else ""), []).append(e)
            continue
        rule = next(((h, hint) for rx, h, hint in _COMPILED if rx.match(path)), None)
        if rule is not None and rule[0] in _IG1_HANDLERS and exp.era not in ("IG-1", ""):
            rule = None  # a root-level "comments.json" only means IG-1 in an IG-1 export
        if rule is not None:
            h, hint = rule
            plan.tasks.append(Task(key=f"{exp.key}::{path}", export=exp, handler=h, category=category_for(h, hint),
                                   entries=[e], hint=hint))
            continue
        base = path.rsplit("/", 1)[-1]
        if exp.platform in ("unknown", "") and suffix in (".json", ".html", ".htm"):
            # Loose files (picked one by one, test fixtures): the content decides.
            plan.tasks.append(Task(key=f"{exp.key}::{path}", export=exp,
                                   handler="sniff" if suffix == ".json" else "sniff_html", category="other",
                                   entries=[e], hint=""))
        elif suffix in MEDIA_EXTS and not (suffix == ".txt" and base != "no-data.txt"):
            plan.media_files += 1
            plan.media_bytes += e.size
        elif base in KNOWN_NOT_IMPORTED or base.lower() in KNOWN_NOT_IMPORTED or base == "no-data.txt":
            plan.known.append((path, "known file; not imported"))
        elif suffix in (".html", ".htm") and _known_html(path):
            plan.known.append((path, "known HTML page; not imported"))
        else:
            plan.unknown.append(path)
    for tdir, entries in sorted(threads.items()):
        html = tdir.endswith("#html")
        plan.tasks.append(Task(key=f"{exp.key}::{tdir}/", export=exp, handler="html_thread" if html else "thread",
                               category="messages", entries=sorted(entries, key=lambda x: x.path), hint="message"))
    # Profiles first: they tell who "me" is before messages are written.
    plan.tasks.sort(key=lambda t: (t.hint != "profile" and t.handler != "ig1_profile", t.key))
    return plan


def _known_html(path: str) -> bool:
    base = path.rsplit("/", 1)[-1]
    return base.replace(".html", ".json") in KNOWN_NOT_IMPORTED or base in KNOWN_NOT_IMPORTED or "/" in path
