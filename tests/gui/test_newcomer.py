"""First run as a newcomer meets it: the demo window comes first, a wizard finished with the keyboard."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from tests.conftest import PASSPHRASE
from tests.gui.conftest import close_window, idle, open_window, wait_until


def _demo_archive_paths() -> list[str]:
    from desktop_app.core import demo

    return [str(p) for p in demo.demo_archives()]


def test_hearth_demo_shows_the_window_before_building_anything(tmp_path):
    """The window is painted before the demo vault exists: the build runs behind it."""
    profile = tmp_path / "demo-profile"
    env = dict(os.environ, HEARTH_GUI_EXIT_AFTER_SHOW="1", QT_QPA_PLATFORM="offscreen", HEARTH_HOME=str(profile))
    out = subprocess.run([sys.executable, "-m", "desktop_app", "demo"], capture_output=True, text=True, env=env,
                         timeout=120)
    assert "HEARTH_SHOWN" in out.stdout, out.stderr[-800:]
    assert not (profile / "vault.db").exists()  # nothing was built before the first frame


def test_demo_builds_behind_a_progress_screen_then_opens(qtbot, tmp_path, monkeypatch):
    from desktop_app.ui import app as app_mod

    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)  # no keychain in tests
    profile = tmp_path / "demo-profile"
    win = app_mod.create_window(profile, demo=True, demo_embed=False)
    win.settings.setValue("model/path", "stub")
    qtbot.addWidget(win)
    win.show()
    win.start()
    # at once: the progress screen, before the vault is open
    assert win.demo_screen is not None and win.stack.currentWidget() is win.demo_screen
    assert not win.session.is_open
    wait_until(qtbot, lambda: win.session.is_open and win.stack.currentWidget() is win.shell, 60000)
    wait_until(qtbot, lambda: "records" in win.state_label.text())
    assert win.demo_screen is None and win.current_page == "chat"
    # the demo skips the setup: it says what it is and how to reach your own profile
    assert win.demo_banner.isVisible() and "invented" in win.demo_banner.text()
    from tests.gui import elision

    win.resize(820, 560)
    idle(qtbot, win)
    assert not elision.problems(win)
    close_window(win)


def _primary_buttons(widget) -> list[QPushButton]:
    return [b for b in widget.findChildren(QPushButton) if b.objectName() == "primary" and b.isVisible()]


def test_wizard_with_the_keyboard_alone(qtbot, profile):
    win = open_window(qtbot, profile, unlock=False)
    wiz = win.wizard
    qtbot.keyClick(wiz, Qt.Key.Key_Return)  # welcome: Enter = Get started
    assert wiz.stack.currentIndex() == 1
    wiz.use_pass.setChecked(True)
    wiz.go(1)
    assert wiz.focusWidget() is wiz.pass1
    qtbot.keyClicks(wiz.pass1, PASSPHRASE)
    qtbot.keyClick(wiz.pass1, Qt.Key.Key_Return)  # Enter in the first field moves to the second
    assert wiz.focusWidget() is wiz.pass2 and not win.session.is_open
    qtbot.keyClicks(wiz.pass2, PASSPHRASE)
    qtbot.keyClick(wiz.pass2, Qt.Key.Key_Return)  # Enter in the second creates the vault
    wait_until(qtbot, lambda: win.session.is_open and wiz.stack.currentIndex() == 2)
    assert len(_primary_buttons(wiz)) == 1
    assert wiz.next_btn.text() == "Skip for now"
    close_window(win)


def test_wizard_never_skips_a_previewed_import_and_keeps_the_owner_in(qtbot, profile):
    win = open_window(qtbot, profile, unlock=False)
    wiz = win.wizard
    wiz.next()
    wiz.use_pass.setChecked(True)
    wiz.pass1.setText(PASSPHRASE)
    wiz.pass2.setText(PASSPHRASE)
    wiz.next()
    wait_until(qtbot, lambda: wiz.stack.currentIndex() == 2)
    wiz.importer.set_paths(_demo_archive_paths())
    wait_until(qtbot, lambda: wiz.importer.state == "ready", 30000)
    # one primary button, and it imports what was previewed
    assert len(_primary_buttons(wiz)) == 1 and wiz.next_btn.text() == "Import"
    assert not wiz.importer.start_btn.isVisible() and wiz.skip_btn.isVisible()
    # the owner is listed but cannot be ticked "leave out"
    owner = next(wiz.importer.people.item(i) for i in range(wiz.importer.people.count())
                 if "(you)" in wiz.importer.people.item(i).text())
    assert not owner.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert "Alex Rivera" not in wiz.importer.options().exclude_people
    wiz.next_btn.click()
    assert wiz.stack.currentIndex() == 2  # still on the import step: importing, not skipped
    wait_until(qtbot, lambda: wiz.importer.state == "done", 60000)
    assert wiz.importer.report["totals"]["imported"] > 0
    assert wiz.next_btn.text() == "Next"
    idle(qtbot, win)
    close_window(win)


def test_archive_guide_is_in_the_app_and_offline(qtbot, profile):
    win = open_window(qtbot, profile, unlock=False)
    wiz = win.wizard
    wiz.go(2)
    dlg = wiz.importer.show_guide()
    qtbot.addWidget(dlg)
    tabs = [dlg.tabs.tabText(i) for i in range(dlg.tabs.count())]
    assert tabs == ["Facebook", "Instagram", "WhatsApp"]
    texts = [dlg.tabs.widget(i).toPlainText() for i in range(dlg.tabs.count())]
    assert "Accounts Center" in texts[0] and "Download your information" in texts[0]
    assert "Accounts Center" in texts[1]
    assert "Export chat" in texts[2] and "Without media" in texts[2]
    assert all(not dlg.tabs.widget(i).openLinks() for i in range(dlg.tabs.count()))
    dlg.close()
    close_window(win)


def test_cli_init_refuses_a_short_passphrase_like_the_window(profile, monkeypatch, capsys):
    from desktop_app.cli import main

    monkeypatch.setenv("HEARTH_PASSPHRASE", "short")
    rc = main(["--profile", str(profile), "init", "--passphrase"])
    err = capsys.readouterr().err
    assert rc != 0 and "at least 8 characters" in err and "Traceback" not in err
    assert not (profile / "vault.db").exists()


def test_an_import_brings_profile_and_search_by_meaning_up_to_date_in_the_background(qtbot, window):
    """After an import from Sources the window runs ingest.after.refresh_derived on a worker (real embedder)."""
    from desktop_app.core.retrieval import indexer

    page = window.show_page("sources")
    idle(qtbot, window)
    page.tabs.setCurrentWidget(page.importer)
    page.importer.set_paths(_demo_archive_paths()[:1])  # the WhatsApp chat: small
    wait_until(qtbot, lambda: page.importer.state == "ready", 30000)
    page.importer.start_import()
    wait_until(qtbot, lambda: page.importer.state == "done", 60000)
    wait_until(qtbot, lambda: window.derived_op is not None)
    assert window.job_label.text()  # the status bar says what runs
    wait_until(qtbot, lambda: window.derived_op.done, 240000)
    assert window.derived_op.error is None, window.derived_op.error
    result = window.derived_op.result
    assert result["profile"] is not None
    idle(qtbot, window)
    left = {}
    window.session.db(lambda v: left.setdefault("n", indexer.pending_count(v))).run()
    wait_until(qtbot, lambda: "n" in left)
    from desktop_app.core.models import default_embedder_path

    if default_embedder_path() is not None:  # the real model is installed: it must have run
        assert result["embedded"] is not None and left["n"] == 0, result
    else:
        assert "embeddings" in result["errors"]
    assert not window.job_label.text()
