"""The import preview offers the zone of WhatsApp times only when a chat is found; the pick reaches
the stored times, and an unknown zone is a status line, not an import."""

from __future__ import annotations

from tests.gui.conftest import wait_until
from tests.importers.test_whatsapp_zone import SUMMER_WALL, _chat


def test_whatsapp_zone_is_offered_and_used(qtbot, window, tmp_path):
    page = window.show_page("sources")
    imp = page.importer
    imp.set_paths([str(_chat(tmp_path))])
    wait_until(qtbot, lambda: imp.state == "ready", 30000)
    assert not imp.zone_row.isHidden() and imp.zone.currentIndex() == 0 and imp.chosen_zone() == ""
    imp.zone.setEditText("Mars/Olympus")
    assert imp.start_import() is None and "Unknown time zone" in imp.status.text()
    imp.zone.setCurrentText("Europe/Berlin")
    op = imp.start_import()
    with qtbot.waitSignal(op.signals.finished, timeout=60000):
        pass
    wait_until(qtbot, lambda: imp.state == "done", 30000)
    got = []
    window.session.db(lambda v: v.scalar("SELECT ts FROM records WHERE text = 'summer line'")).success(got.append).run()
    wait_until(qtbot, lambda: got)
    assert got == [SUMMER_WALL - 2 * 3_600_000]   # CEST


def test_zone_row_hidden_for_meta_exports(qtbot, window, tmp_path):
    from tests.synth.archive import build_fb

    imp = window.show_page("sources").importer
    z = build_fb(tmp_path / "facebook-alex-01_01_2025-z.zip", era="FB-4", n_messages=20, n_threads=2, n_other=5,
                 seed=3, media=False)
    imp.set_paths([str(z)])
    wait_until(qtbot, lambda: imp.state == "ready", 30000)
    assert imp.zone_row.isHidden() and imp.chosen_zone() == ""
