"""Meta vs. me in the window: read on the ml pool with the session's child-process embedder, never in
the window's own process."""

from __future__ import annotations

from tests.gui.conftest import idle, wait_until


def test_meta_vs_me_fills_without_loading_torch_in_the_window(qtbot, window):
    page = window.show_page("profile")
    page.refresh()
    wait_until(qtbot, lambda: page.meta_tree.topLevelItemCount() > 0, 120000)
    idle(qtbot, window)
    labels = [page.meta_tree.topLevelItem(i).text(0) for i in range(page.meta_tree.topLevelItemCount())]
    assert all(labels)
    emb = getattr(window.session, "embedder", None)
    assert emb is None or type(emb).__module__.startswith("desktop_app.ui")   # the child-process embedder
