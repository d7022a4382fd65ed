"""Every page at the window's minimum size and at 1440x900, light and dark: no text elided or cut off."""

from __future__ import annotations

import pytest

from desktop_app.ui.pages import PAGES
from tests.gui import elision
from tests.gui.conftest import idle

SIZES = [(820, 560), (1440, 900)]


def _check(qtbot, win, where: str) -> list[str]:
    idle(qtbot, win)
    qtbot.wait(30)
    found = elision.problems(win) + elision.outside_window(win) + elision.sideways_scrolling(win)
    return [f"{where}: {p}" for p in found]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_fits_at_minimum_and_large_sizes(qtbot, window, scheme):
    settings = window.show_page("settings")
    settings.set_theme(scheme)
    found = []
    for w, h in SIZES:
        window.resize(w, h)
        for key, *_ in PAGES:
            window.show_page(key)
            found += _check(qtbot, window, f"{scheme} {w}x{h} {key}")
    settings.set_theme("light")
    assert not found, "\n".join(found)


def test_wizard_and_unlock_fit_at_minimum_size(qtbot, tmp_path, filled_profile):
    from tests.gui.conftest import close_window, open_window

    found = []
    win = open_window(qtbot, tmp_path / "new-profile", unlock=False)
    win.resize(820, 560)
    for step in range(4):
        win.wizard.go(step)
        found += _check(qtbot, win, f"wizard step {step}")
    close_window(win)
    win = open_window(qtbot, filled_profile, unlock=False)
    win.resize(820, 560)
    found += _check(qtbot, win, "unlock")
    close_window(win)
    assert not found, "\n".join(found)


def test_minimum_size_is_what_the_window_says(window):
    assert (window.minimumWidth(), window.minimumHeight()) == SIZES[0]
