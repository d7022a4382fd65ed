"""Render every page of the window at its minimum size (820x560) and at 1440x900, light and dark, into
./screenshots/*.png (``make screenshots``), and list any text that is elided or cut off.

Uses a real X server (Xvfb, started here when there is no display) so the shots are real windows;
falls back to Qt's offscreen platform. The vault is a throwaway demo filled with synthetic records;
the Chat page holds answers from the real default model when it is installed, else the stub.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path("screenshots")
PASS = "screenshots passphrase"
QUESTIONS = ["Who did I talk to most about the bakery?", "When did we plan the trip to Lisbon?"]


def _start_display() -> subprocess.Popen | None:
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY"):
        return None
    import ctypes.util

    xvfb = shutil.which("Xvfb")
    # Qt's xcb plugin aborts the process without these (apt-get install xvfb libxcb-cursor0
    # libxcb-icccm4 libxcb-keysyms1): fall back to offscreen rendering instead.
    libs = ("xcb-cursor", "xcb-icccm", "xcb-keysyms")
    if not xvfb or any(ctypes.util.find_library(n) is None for n in libs):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    display = ":93"
    proc = subprocess.Popen([xvfb, display, "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    if proc.poll() is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return None
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    return proc


def _spin(app, seconds: float, until=None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.01)


def _build_vault(profile: Path) -> None:
    from desktop_app.core.store.vault import create_vault
    from desktop_app.core.ingest import service
    from desktop_app.core.profile import derive
    from tests.gui.synth_vault import fill
    from tests.synth.archive import build_fb

    v = create_vault(profile, passphrase=PASS)
    fill(v, n_messages=1500)
    # a real import too, so Sources shows a real report
    archive = build_fb(profile.parent / "facebook-export", n_messages=800, n_threads=10, n_other=150)
    service.run_import(v, [archive])
    derive.derive_profile(v)
    v.lock()


EXPORT_PASS = "screenshot export passphrase"


def _build_export(tmp: Path) -> Path:
    """An encrypted export of a small other vault, for the Sources page's "import a Hearth export"."""
    from desktop_app.core.privacy.export import export_vault
    from desktop_app.core.store.vault import create_vault
    from tests.gui.synth_vault import fill

    v = create_vault(tmp / "other-profile", passphrase="other screenshot vault")
    fill(v, n_messages=30, seed=23)
    out = Path(export_vault(v, tmp / "hearth-export-2026-11-20.hearth", passphrase=EXPORT_PASS)["path"])
    v.lock()
    return out


SIZES = [(820, 560), (1440, 900)]  # the window's minimum size and a common laptop screen
PROBLEMS: list[str] = []


def _shoot(app, win, path: Path) -> None:
    _spin(app, 0.6)
    screen = win.screen()
    pix = screen.grabWindow(win.winId()) if os.environ.get("QT_QPA_PLATFORM") == "xcb" else win.grab()
    if pix.isNull():
        pix = win.grab()
    pix.save(str(path))
    from tests.gui import elision

    found = elision.problems(win) + elision.sideways_scrolling(win) + (
        elision.outside_window(win) if win.parent() is None else [])
    PROBLEMS.extend(f"{path.name}: {p}" for p in found)
    print(path, f"({len(found)} cut-off text)" if found else "")


def _ask_questions(app, chat, use_real: bool) -> None:
    for q in QUESTIONS:
        chat.input.setPlainText(q)
        chat.send()
        _spin(app, 240 if use_real else 30, lambda: chat.worker is None)


def _shots_of_pages(app, win, scheme: str, size: tuple[int, int], export_file: Path | None) -> None:
    from desktop_app.ui.pages import PAGES

    w, h = size
    tag = f"{scheme}-{w}x{h}"
    win.resize(w, h)
    for i, (key, *_rest) in enumerate(PAGES):
        page = win.show_page(key)
        _spin(app, 1.5)
        if key == "search":
            page.query.setText("bakery")
            page.run_search()
            _spin(app, 3, lambda: page.hits_model.rowCount() > 0)
            if page.hits_model.rowCount():
                page.hits_view.selectRow(0)
                _spin(app, 1.0)
        if key == "people" and page.list.count() > 1:
            page.list.setCurrentRow(1)
            _spin(app, 1.0)
        if key == "sources" and export_file is not None:
            # a Hearth export merged back in: the report replaces the archive's
            op = page.import_export_file(str(export_file), passphrase=EXPORT_PASS)
            _spin(app, 30, lambda: op.done)
            _spin(app, 1.0)
        _shoot(app, win, OUT / f"{tag}-{i + 2:02d}-{key}.png")
        if key == "sources":
            page.tabs.setCurrentWidget(page.importer)
            _spin(app, 0.5)
            _shoot(app, win, OUT / f"{tag}-{i + 2:02d}-sources-import-more.png")
            page.tabs.setCurrentIndex(0)


def _wizard_shots(app, tmp: Path, scheme: str, size: tuple[int, int]) -> None:
    from desktop_app.core import demo
    from desktop_app.ui import app as app_mod, workers

    w, h = size
    tag = f"{scheme}-{w}x{h}"
    empty = tmp / f"empty-{tag}"
    s = app_mod.ui_settings(empty)
    s.setValue("ui/theme", scheme)
    s.sync()
    win = app_mod.create_window(empty)
    win.resize(w, h)
    win.show()
    win.start()
    _spin(app, 1.0)
    wiz = win.wizard
    _shoot(app, win, OUT / f"{tag}-30-wizard-welcome.png")
    wiz.next()
    wiz.use_pass.setChecked(True)
    wiz.pass1.setText(PASS)
    wiz.pass2.setText(PASS)
    _shoot(app, win, OUT / f"{tag}-31-wizard-vault.png")
    wiz.next()
    _spin(app, 15, lambda: wiz.stack.currentIndex() == 2)
    _shoot(app, win, OUT / f"{tag}-32-wizard-import.png")
    wiz.importer.set_paths([str(p) for p in demo.demo_archives()])
    _spin(app, 30, lambda: wiz.importer.state == "ready")
    _shoot(app, win, OUT / f"{tag}-33-wizard-import-preview.png")
    guide = wiz.importer.show_guide()
    _spin(app, 0.5)
    for i, name in enumerate(("facebook", "instagram", "whatsapp")):
        guide.tabs.setCurrentIndex(i)
        _shoot(app, guide, OUT / f"{tag}-34-archive-guide-{name}.png")
    guide.close()
    wiz.go(3)
    _spin(app, 3)
    _shoot(app, win, OUT / f"{tag}-35-wizard-model.png")
    win.close()
    workers.shutdown(20000)


def main() -> int:
    xvfb = _start_display()
    os.environ.setdefault("HEARTH_DEV", "1")
    os.environ["HEARTH_NO_ERROR_DIALOGS"] = "1"
    try:
        import desktop_app.ui  # noqa: F401 - PySide6 workaround first
        from desktop_app.core.models import default_llm_path
        from desktop_app.core.privacy import egress
        from desktop_app.ui import app as app_mod, theme, workers

        egress.install()
        OUT.mkdir(exist_ok=True)
        for old in OUT.glob("*.png"):
            old.unlink()
        tmp = Path(tempfile.mkdtemp(prefix="hearth-shots-"))
        profile = tmp / "profile"
        _build_vault(profile)
        export_file = _build_export(tmp)
        app = app_mod.ensure_app()
        use_real = default_llm_path() is not None and os.environ.get("HEARTH_SHOTS_STUB") != "1"
        for scheme in ("light", "dark"):
            settings = app_mod.ui_settings(profile)
            settings.setValue("ui/theme", scheme)
            settings.setValue("model/path", "" if use_real else "stub")
            settings.sync()
            win = app_mod.create_window(profile)
            for n, size in enumerate(SIZES):
                tag = f"{scheme}-{size[0]}x{size[1]}"
                win.resize(*size)
                if n == 0:
                    win.show()
                    win.start()
                    _spin(app, 1.0)
                    _shoot(app, win, OUT / f"{tag}-00-unlock.png")
                    win.unlock_screen.passphrase.setText("wrong passphrase")
                    win.unlock_screen.button.click()
                    _spin(app, 10, lambda: bool(win.unlock_screen.message.text()))
                    _shoot(app, win, OUT / f"{tag}-01-unlock-wrong.png")
                    win.unlock_screen.passphrase.setText(PASS)
                    win.unlock_screen.button.click()
                    _spin(app, 15, lambda: win.session.is_open and "records" in win.state_label.text())
                    chat = win.show_page("chat")
                    if scheme == "light":
                        _ask_questions(app, chat, use_real)
                    else:
                        _spin(app, 2, lambda: chat.conv_list.count() > 0)
                        if chat.conv_list.count():
                            chat._on_conv_activated(chat.conv_list.item(0))
                            _spin(app, 1.0)
                _shots_of_pages(app, win, scheme, size, export_file if n == 0 and scheme == "light" else None)
                from desktop_app.ui import record_view

                chat = win.show_page("chat")
                _spin(app, 1.0)
                if chat.answer is not None and chat.answer.notes_btn.isVisible():
                    chat.answer.notes_btn.setChecked(True)
                    _spin(app, 0.3)
                    _shoot(app, win, OUT / f"{tag}-11-chat-answer-notes.png")
                    chat.answer.notes_btn.setChecked(False)
                rid = next((c.get("record_id") for c in (chat.answer.citations if chat.answer else [])), None)
                if rid and n == 0:
                    dlg = record_view.open_record(win.session, rid, win)
                    _spin(app, 3, lambda: dlg.loaded)
                    _shoot(app, dlg, OUT / f"{tag}-20-record-in-context.png")
                    dlg.close()
                if n == 0:
                    help_dlg = win.show_shortcuts()
                    _spin(app, 0.5)
                    _shoot(app, help_dlg, OUT / f"{tag}-21-shortcuts.png")
                    help_dlg.close()
            win.close()
            workers.shutdown(20000)
            theme.apply(app, scheme)
        # the first-run wizard on an empty profile, each step
        for scheme in ("light", "dark"):
            theme.apply(app, scheme)
            for size in SIZES:
                _wizard_shots(app, tmp, scheme, size)
        workers.shutdown(20000)
        shutil.rmtree(tmp, ignore_errors=True)
        if PROBLEMS:
            print(f"\n{len(PROBLEMS)} piece(s) of text are cut off:", *PROBLEMS, sep="\n  ")
        else:
            print("\nNo text is elided or cut off in any shot.")
        return 0
    finally:
        if xvfb is not None:
            xvfb.terminate()


if __name__ == "__main__":
    raise SystemExit(main())
