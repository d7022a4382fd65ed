"""Sources page: import a Hearth export (encrypted .hearth and open .zip) with progress and a report."""

from __future__ import annotations

import pytest

from tests.gui.conftest import idle, wait_until

EXPORT_PW = "another vault's export 42"


@pytest.fixture
def exports(tmp_path_factory):
    """An encrypted and an open export of a different vault (other seed: different records)."""
    from desktop_app.core.privacy.export import export_vault
    from desktop_app.core.store.vault import create_vault
    from tests.gui.synth_vault import fill

    base = tmp_path_factory.mktemp("other")
    v = create_vault(base / "profile", passphrase="other vault passphrase 1")
    fill(v, n_messages=40, seed=11)
    n = int(v.scalar("SELECT count(*) FROM records"))
    out = base / "out"
    out.mkdir()
    enc = export_vault(v, out / "other.hearth", passphrase=EXPORT_PW)["path"]
    opn = export_vault(v, out / "other.zip", open_format=True)["path"]
    v.lock()
    return {"encrypted": enc, "open": opn, "records": n}


def _run(qtbot, window, page, path, **kw):
    op = page.import_export_file(path, **kw)
    assert op is not None
    with qtbot.waitSignal(op.signals.finished, timeout=60000):
        pass
    idle(qtbot, window)
    return op


def test_import_encrypted_then_open_export(qtbot, window, exports, monkeypatch):
    from desktop_app.ui import errors

    page = window.show_page("sources")
    idle(qtbot, window)
    before = window.last_stats["records"]
    seen = []
    monkeypatch.setenv("HEARTH_EXPORT_PASSPHRASE", "not the right one")
    _run(qtbot, window, page, exports["encrypted"])
    assert any("passphrase" in m.lower() for m in errors.RECENT_KNOWN)
    assert "not changed" in page.export_import_label.text()
    assert window.last_stats["records"] == before
    monkeypatch.setenv("HEARTH_EXPORT_PASSPHRASE", EXPORT_PW)
    op = page.import_export_file(exports["encrypted"])
    op.signals.progressed.connect(lambda p: seen.append(p))
    with qtbot.waitSignal(op.signals.finished, timeout=60000):
        pass
    idle(qtbot, window)
    rep = page.export_import_report
    assert rep and rep["tables"]["records"]["copied"] > 0
    assert seen, "progress was reported"
    wait_until(qtbot, lambda: window.last_stats["records"] == before + rep["tables"]["records"]["copied"])
    assert "Imported the Hearth export other.hearth (encrypted)" in page.report.toPlainText()
    assert "records:" in page.report.toPlainText() and "new" in page.export_import_label.text()
    # the open export holds the same records: nothing is added twice
    after = window.last_stats["records"]
    _run(qtbot, window, page, exports["open"])
    rep = page.export_import_report
    assert rep["open_format"] and rep["tables"]["records"]["copied"] == 0
    assert rep["tables"]["records"]["existing"] == exports["records"]
    assert "(open, unencrypted file)" in page.report.toPlainText()
    assert window.last_stats["records"] == after


def test_import_open_export_into_the_window(qtbot, window, exports):
    page = window.show_page("sources")
    idle(qtbot, window)
    before = window.last_stats["records"]
    _run(qtbot, window, page, exports["open"])
    rep = page.export_import_report
    assert rep["tables"]["records"]["copied"] > 0
    wait_until(qtbot, lambda: window.last_stats["records"] == before + rep["tables"]["records"]["copied"])
    assert page.export_import_btn.isEnabled() and not page.export_import_bar.isVisible()
