"""The folder and file names that can only sit at the root of a Meta export.

A leaf of its own because both sides need it: ``detect`` finds export roots with it, and ``vfs``
(which ``detect`` imports) uses it to tell a ZIP inside an export tree (an attachment) from an
export to open.
"""

from __future__ import annotations

ROOT_MARKERS = frozenset({
    "your_facebook_activity", "your_activity_across_facebook", "your_instagram_activity",
    "personal_information", "connections", "logged_information", "ads_information",
    "security_and_login_information", "preferences", "apps_and_websites_off_of_facebook",
    "apps_and_websites_off_of_instagram", "profile_information", "comments_and_reactions",
    "friends_and_followers", "friends", "likes_and_reactions", "search_history", "photos_and_videos",
    "about_you", "ads", "ads_and_businesses", "your_topics", "your_interactions_on_facebook",
    "account_information", "followers_and_following", "content", "recent_searches",
    "story_sticker_interactions", "login_and_account_creation", "information_about_you",
    "messages", "posts", "comments", "events", "groups", "saved_items", "your_places", "location",
    "location_history", "pages", "search", "html", "index.htm", "index.html", "start_here.html",
    "connections.json", "media.json", "messages.json", "profile.json", "likes.json", "searches.json",
    "saved.json", "comments.json", "stories_activities.json", "ads_and_topics", "likes", "saved",
})
