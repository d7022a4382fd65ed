"""Importing another person's export asks first: a warning in the preview, and Import must be pressed
twice; the owner's own exports import at once."""

from __future__ import annotations

from tests.gui.conftest import wait_until
from tests.synth.archive import build_fb


def _import(qtbot, imp, path) -> None:
    imp.set_paths([str(path)])
    wait_until(qtbot, lambda: imp.state == "ready", 30000)


def test_another_owners_export_needs_a_second_press(qtbot, window, tmp_path):
    imp = window.show_page("sources").importer
    mine = build_fb(tmp_path / "facebook-alex.zip", n_messages=20, n_threads=2, n_other=12, seed=3, media=False)
    theirs = build_fb(tmp_path / "facebook-gustav.zip", n_messages=20, n_threads=2, n_other=12, seed=4, media=False,
                      profile={"name": {"full_name": "Gustav Johansen"}, "username": "gustav.johansen"})
    _import(qtbot, imp, mine)
    op = imp.start_import()
    assert op is not None                                  # the first archive: nothing to ask
    wait_until(qtbot, lambda: imp.state == "done", 60000)
    _import(qtbot, imp, theirs)
    wait_until(qtbot, lambda: "Gustav Johansen" in imp.status.text(), 30000)
    assert imp.start_import() is None and imp.state == "ready"
    assert "Press Import again" in imp.status.text()
    assert imp.start_import() is not None                  # confirmed: it imports
    wait_until(qtbot, lambda: imp.state == "done", 60000)
