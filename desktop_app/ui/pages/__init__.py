"""The pages of the main window; each is imported only when first shown (fast cold start)."""

from __future__ import annotations

# (key, sidebar label, module, class, shortcut digit)
PAGES = [
    ("chat", "Chat", "desktop_app.ui.pages.chat", "ChatPage"),
    ("search", "Search & timeline", "desktop_app.ui.pages.search", "SearchPage"),
    ("people", "People", "desktop_app.ui.pages.people", "PeoplePage"),
    ("activity", "Activity", "desktop_app.ui.pages.activity", "ActivityPage"),
    ("profile", "Profile", "desktop_app.ui.pages.profile", "ProfilePage"),
    ("sources", "Sources", "desktop_app.ui.pages.sources", "SourcesPage"),
    ("privacy", "Privacy", "desktop_app.ui.pages.privacy", "PrivacyPage"),
    ("settings", "Settings", "desktop_app.ui.pages.settings", "SettingsPage"),
]
