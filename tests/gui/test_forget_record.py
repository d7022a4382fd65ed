"""Forget one record from the record-in-context view: named confirmation, then every open view updates."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import idle, wait_until
from tests.gui.test_flows import _ask


def test_forget_a_cited_record_from_its_context(qtbot, window, monkeypatch):
    from desktop_app.ui import record_view

    page = _ask(qtbot, window, "What did Sam say about the bakery?")
    a = page.answer
    assert a.citations
    before = window.last_stats["records"]
    rid = a.citations[0]["record_id"]
    search = window.show_page("search")
    search.query.setText("bakery")
    search.run_search()
    wait_until(qtbot, lambda: search.hits_model.rowCount() > 0)
    window.show_page("chat")
    a.chips.itemAt(0).widget().click()
    wait_until(qtbot, lambda: record_view.open_dialogs() and record_view.open_dialogs()[-1].loaded)
    dlg = record_view.open_dialogs()[-1]
    assert dlg.record_id == rid and dlg.forget_btn.isEnabled()

    asked = []

    def _cancel(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(record_view.QMessageBox, "warning", _cancel)
    dlg.forget_btn.click()
    assert asked and dlg.forget_record.__self__ is dlg
    text = asked[0]
    rec = dlg.ctx["record"]
    # names what goes: the record (who, when, where) and what else is cleaned with it
    assert record_view.fmt_ts(rec["ts"]) in text and (rec.get("author") or "you") in text
    assert "search" in text and "saved answer(s)" in text and "not bring" in text
    idle(qtbot, window)
    assert window.last_stats["records"] == before  # cancelled: nothing changed

    monkeypatch.setattr(record_view.QMessageBox, "warning", lambda *a_, **k: QMessageBox.StandardButton.Yes)
    dlg.forget_btn.click()
    wait_until(qtbot, lambda: dlg.forgotten)
    idle(qtbot, window)
    wait_until(qtbot, lambda: window.last_stats["records"] == before - 1)
    # the chat shows the citation as forgotten
    chip = next(a.chips.itemAt(i).widget() for i in range(a.chips.count())
                if a.chips.itemAt(i).widget().property("record_id") == rid)
    assert "forgotten" in chip.text() and not chip.isEnabled()
    # the search results no longer have it
    window.show_page("search")
    idle(qtbot, window)
    wait_until(qtbot, lambda: search.hits_model.rowCount() > 0)
    assert rid not in [h.get("record_id") for h in search.hits_model.hits]
    # and the vault does not either
    got = []
    window.session.db(lambda v: v.scalar("SELECT count(*) FROM records WHERE id = ?", (rid,))).success(got.append).run()
    wait_until(qtbot, lambda: got)
    assert got == [0]
