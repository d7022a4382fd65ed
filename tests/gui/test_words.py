"""Plain words in the window: no internal names, raw values or lower-case platform names; safe defaults."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QLabel, QTreeWidgetItemIterator

from desktop_app.ui import theme
from tests.gui.conftest import idle, wait_until


def _texts(widget) -> str:
    parts = [w.text() for w in widget.findChildren(QLabel)] + [b.text() for b in widget.findChildren(QAbstractButton)]
    parts += [w.accessibleName() for w in widget.findChildren(QAbstractButton)]
    return "\n".join(parts)


def test_settings_and_sources_use_plain_words(qtbot, window):
    settings = window.show_page("settings")
    idle(qtbot, window)
    assert "bf16" not in _texts(settings)
    sources = window.show_page("sources")
    idle(qtbot, window)
    assert "meaning index" not in _texts(sources).lower()
    assert "search by meaning" in _texts(sources).lower()


def test_models_are_named_as_people_know_them(qtbot, window):
    from desktop_app.core.models import default_llm_path

    settings = window.show_page("settings")
    settings.picker.scan()
    wait_until(qtbot, lambda: settings.picker.tree.topLevelItemCount() > 0, 30000)
    name = settings.picker.tree.topLevelItem(0).text(0)
    if default_llm_path() is not None:
        assert name.startswith("SmolLM2 135M (Q"), name
    assert ".gguf" not in name and "Smollm2" not in name and "Lc100K" not in name


def test_platform_names_are_written_as_the_platforms_write_them(qtbot, window):
    page = window.show_page("search")
    idle(qtbot, window)
    names = [page.platform.itemText(i) for i in range(1, page.platform.count())]
    assert "Messenger" in names and "Instagram" in names and "Facebook" in names
    assert all(n[0].isupper() for n in names)
    kinds = [page.kind.itemText(i) for i in range(1, page.kind.count())]
    assert kinds and all(k[0].isupper() and "_" not in k for k in kinds)


def test_profile_table_shows_no_raw_values(qtbot, window):
    from desktop_app.core.profile.derive import derive_profile

    window.session.db(lambda v: derive_profile(v)).run()
    idle(qtbot, window)
    page = window.show_page("profile")
    window.session.data_changed.emit("profile")
    wait_until(qtbot, lambda: page.tree.topLevelItemCount() > 0, 20000)
    cells = []
    it = QTreeWidgetItemIterator(page.tree)
    while it.value():
        cells += [it.value().text(c) for c in range(page.tree.columnCount())]
        it += 1
    joined = "\n".join(cells)
    assert "peak_share" not in joined and not re.search(r"\b[a-z]+_[a-z]+: ", joined), joined[:500]
    assert not re.search(r"\b0\.\d{3}\b", joined)  # no raw shares like 0.371


def test_sensitive_topics_ticked_means_kept_out(qtbot, window):
    from desktop_app.core.privacy.scope import load_scope

    page = window.show_page("privacy")
    idle(qtbot, window)
    assert all(cb.isChecked() for cb in page.topic_boxes.values())  # the default keeps them all out
    assert "out" in page.topic_boxes["health"].accessibleName()
    page.topic_boxes["health"].setChecked(False)  # let answers use health
    page.save_scope()
    idle(qtbot, window)
    holder = {}
    window.session.db(lambda v: holder.setdefault("s", load_scope(v))).run()
    wait_until(qtbot, lambda: "s" in holder)
    assert holder["s"].allowed_sensitive_topics == {"health"}


def _luminance(c: QColor) -> float:
    def ch(x: float) -> float:
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(QColor(a)), _luminance(QColor(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_delete_button_and_check_boxes_have_contrast_in_both_themes(qtbot, window):
    page = window.show_page("privacy")
    idle(qtbot, window)
    btn = next(b for b in page.findChildren(QAbstractButton) if b.accessibleName() == "Delete everything")
    assert btn.objectName() == "danger" and not btn.styleSheet()  # themed, not a fixed colour
    for scheme in ("light", "dark"):
        c = theme._COLORS[scheme]
        assert _contrast(c["danger_text"], c["danger"]) >= 4.5   # button text (WCAG AA)
        assert _contrast(c["danger"], c["window"]) >= 3.0        # the button against the page
        assert _contrast(c["muted"], c["base"]) >= 3.0           # an unticked box's frame
        assert _contrast(c["highlight"], c["base"]) >= 3.0       # a ticked box
    from PySide6.QtWidgets import QApplication

    assert "QCheckBox::indicator" in QApplication.instance().styleSheet()  # framed boxes, not Fusion's faint ones


def test_platform_names_on_people_and_sources(qtbot, window):
    sources = window.show_page("sources")
    idle(qtbot, window)
    assert sources.list.count() and "Facebook · " in sources.list.item(0).text()
    people = window.show_page("people")
    wait_until(qtbot, lambda: people.list.count() > 1)
    people.list.setCurrentRow(1)
    wait_until(qtbot, lambda: people.threads.topLevelItemCount() > 0)
    platforms = {people.threads.topLevelItem(i).text(1) for i in range(people.threads.topLevelItemCount())}
    assert platforms and all(p[:1].isupper() for p in platforms), platforms


def test_core_notices_are_said_in_the_windows_words(qtbot, window):
    """The vault has no vectors yet: the search notice points at the window, not at 'hearth embed'."""
    page = window.show_page("search")
    idle(qtbot, window)
    page.query.setText("bakery")
    page.run_search()
    wait_until(qtbot, lambda: page.hits_model.rowCount() > 0)
    idle(qtbot, window)
    text = page.notice.text()
    assert "hearth embed" not in text and "Semantic" not in text
    assert "Search by meaning is not ready yet" in text


def test_unlock_error_is_readable_in_both_themes(qtbot, filled_profile):
    from tests.gui.conftest import close_window, open_window

    win = open_window(qtbot, filled_profile, unlock=False)
    win.unlock_screen.prepare("passphrase")
    assert win.unlock_screen.message.objectName() == "error" and not win.unlock_screen.message.styleSheet()
    for scheme in ("light", "dark"):
        c = theme._COLORS[scheme]
        assert _contrast(c["danger"], c["base"]) >= 4.5  # the message sits on the card (base colour)
    close_window(win)
