"""Every page at the window's minimum size and at 1440x900, light and dark: no text elided or cut off."""

from __future__ import annotations

import pytest

from desktop_app.ui.pages import PAGES
from tests.gui import elision
from tests.gui.conftest import idle, wait_until

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


def test_pages_with_content_fit_at_minimum_size(qtbot, window):
    """An answer with its chips and notes, search results with a selection, a chosen person."""
    window.resize(*SIZES[0])
    chat = window.show_page("chat")
    chat.send("What did Sam say about the bakery?")
    wait_until(qtbot, lambda: chat.worker is None, 30000)
    chat.answer.notes_btn.setChecked(True)
    found = _check(qtbot, window, "chat with an answer")
    search = window.show_page("search")
    search.query.setText("bakery")
    search.run_search()
    wait_until(qtbot, lambda: search.hits_model.rowCount() > 0)
    found += _check(qtbot, window, "search results")
    people = window.show_page("people")
    wait_until(qtbot, lambda: people.list.count() > 1)
    people.list.setCurrentRow(1)
    found += _check(qtbot, window, "a person")
    assert not found, "\n".join(found)


def test_wizard_import_preview_fits_at_minimum_size(qtbot, tmp_path):
    from desktop_app.core import demo
    from tests.conftest import PASSPHRASE
    from tests.gui.conftest import close_window, open_window

    win = open_window(qtbot, tmp_path / "new-profile", unlock=False)
    win.resize(*SIZES[0])
    wiz = win.wizard
    wiz.next()
    wiz.use_pass.setChecked(True)
    wiz.pass1.setText(PASSPHRASE)
    wiz.pass2.setText(PASSPHRASE)
    wiz.next()
    wait_until(qtbot, lambda: wiz.stack.currentIndex() == 2)
    wiz.importer.set_paths([str(p) for p in demo.demo_archives()])
    wait_until(qtbot, lambda: wiz.importer.state == "ready", 30000)
    found = _check(qtbot, win, "import preview")
    close_window(win)
    assert not found, "\n".join(found)
