"""The empty chat shows "For you" suggestions from the profile (lost touch, on this day, recurring
topics), each acting on its records, each dismissable for good."""

from __future__ import annotations

from tests.gui.conftest import idle, wait_until


def test_for_you_suggestions_act_and_can_be_dismissed(qtbot, window):
    from desktop_app.core.profile.derive import derive_profile

    window.session.db(lambda v: derive_profile(v)).run()
    idle(qtbot, window)
    page = window.show_page("chat")
    page.refresh()
    idle(qtbot, window)
    got = []
    window.session.db(lambda v: __import__("desktop_app.core.profile.suggestions", fromlist=["x"]).suggestions(v)) \
        .success(got.append).run()
    wait_until(qtbot, lambda: got)
    expected = sum(1 for k in ("lost_touch", "on_this_day", "recurring_topics") if got[0].get(k))
    wait_until(qtbot, lambda: len(getattr(page, "for_you_buttons", [])) == expected, 10000)
    assert expected >= 1        # the test vault has people and years of posts: there is something to suggest
    first = page.for_you_buttons[0].text()
    dismiss = next(b for b in page.for_you.findChildren(type(page.for_you_buttons[0])) if b.text() == "Dismiss")
    dismiss.click()
    wait_until(qtbot, lambda: all(b.text() != first for b in getattr(page, "for_you_buttons", [])), 10000)
