"""The main window: unlock screen or first-run wizard, then a sidebar of pages over the vault.

Pages are created on first show and destroyed on lock, so no record text outlives the session.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QProgressBar, QStackedWidget, QWidget

from desktop_app.ui import derived, errors, warmup, workers
from desktop_app.ui.pages import PAGES
from desktop_app.ui.pages.base import Page, empty_label
from desktop_app.ui.session import VaultSession
from desktop_app.ui.unlock import UnlockScreen

log = logging.getLogger(__name__)

DEFAULT_IDLE_MIN = 15


class MainWindow(QMainWindow):
    """Signals:
        shown_ready(): the window is on screen with its first state (unlock, wizard or pages).
        page_changed(str): the key of the page now shown.
    """

    page_changed = Signal(str)

    def __init__(self, profile: Path, *, settings: QSettings, passphrase: str | None = None,
                 demo: bool = False, demo_embed: bool = True) -> None:
        super().__init__()
        self.settings = settings
        self.demo = demo
        self.demo_embed = demo_embed
        self.derived_op: workers.BackgroundOp | None = None
        self.demo_screen: QWidget | None = None
        # The page to come back to after a lock (never record text: a page key).
        self.return_page = "chat"
        self.session = VaultSession(profile, self)
        self.setWindowTitle("Hearth — demo profile" if demo else "Hearth")
        self.setAccessibleName("Hearth main window")
        self.resize(1180, 760)
        self.setMinimumSize(820, 560)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.unlock_screen = UnlockScreen()
        self.unlock_screen.unlock_requested.connect(self._on_unlock_requested)
        self.stack.addWidget(self.unlock_screen)
        # The sidebar shell and the shortcuts are built after the first frame (``start``/unlock):
        # nothing in them is visible on the unlock screen, and the first frame comes sooner.
        self.shell: QWidget | None = None
        self.wizard: QWidget | None = None
        self.pages: dict[str, Page] = {}
        self.current_page = ""
        self._build_status()
        self._actions_built = False
        self.session.unlocked.connect(self._on_unlocked)
        self.session.locked.connect(self._on_locked)
        self.session.data_changed.connect(self._on_data_changed)
        self._idle = _IdleWatcher(self)
        # Follow the system's light/dark switch while running, unless the user picked one.
        QApplication.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)
        self._restore_state()
        self._pending_passphrase = passphrase
        self.in_wizard = False

    # -- construction ----------------------------------------------------------------------------
    def _build_shell(self) -> QWidget:
        # Imported here: initialising these Qt types costs ~5 ms that the first frame need not pay.
        from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem

        w = QWidget()
        lay = QHBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setFixedWidth(196)
        for i, (key, label, _m, _c) in enumerate(PAGES):
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{label} (Ctrl+{i + 1})")
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(lambda row: self.show_page(PAGES[row][0]) if row >= 0 else None)
        lay.addWidget(self.sidebar)
        self.page_stack = QStackedWidget()
        if self.demo:
            # The demo skips the first-run setup: say what it is and how to reach your own profile.
            from PySide6.QtWidgets import QVBoxLayout

            right = QWidget()
            rl = QVBoxLayout(right)
            rl.setContentsMargins(0, 0, 0, 0)
            rl.setSpacing(0)
            self.demo_banner = QLabel("Demo profile: every record here is invented. For your own archive, start "
                                      "Hearth without “demo” (hearth, or .venv/bin/hearth in a source checkout): "
                                      "it begins with a short setup.")
            self.demo_banner.setObjectName("demoBanner")
            self.demo_banner.setWordWrap(True)
            self.demo_banner.setAccessibleName("About the demo profile")
            rl.addWidget(self.demo_banner)
            rl.addWidget(self.page_stack, 1)
            lay.addWidget(right, 1)
        else:
            lay.addWidget(self.page_stack, 1)
        return w

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.state_label = QLabel("Vault locked")
        self.state_label.setAccessibleName("Vault state")
        sb.addWidget(self.state_label, 1)
        self.job_label = QLabel("")
        self.job_label.setAccessibleName("Background job")
        sb.addPermanentWidget(self.job_label)
        self.job_bar = QProgressBar()
        self.job_bar.setMaximumWidth(140)
        self.job_bar.setMaximumHeight(14)
        self.job_bar.setTextVisible(False)
        self.job_bar.hide()
        sb.addPermanentWidget(self.job_bar)
        self.offline_badge = QLabel("")
        self.offline_badge.setAccessibleName("Network status")
        sb.addPermanentWidget(self.offline_badge)
        self._offline_timer = QTimer(self)
        self._offline_timer.setInterval(2000)
        self._offline_timer.timeout.connect(self.update_offline_badge)
        self._offline_timer.start()

    def _build_actions(self) -> None:
        from PySide6.QtGui import QAction, QKeySequence

        self.lock_action = QAction("Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock_now)
        self.addAction(self.lock_action)
        quit_action = QAction("Quit", self)
        # Without a desktop platform theme the standard Quit binding is empty: Ctrl+Q then.
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")]
        quit_action.setShortcuts(quit_keys)
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        for i, (key, label, _m, _c) in enumerate(PAGES):
            a = QAction(f"Show {label}".replace("&", "&&"), self)  # "&" would be a mnemonic
            a.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            a.triggered.connect(lambda _=False, k=key: self.show_page(k) if self.session.is_open else None)
            self.addAction(a)
        find = QAction("Search your archive", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self._focus_search())
        self.addAction(find)
        self.help_action = QAction("Keyboard shortcuts", self)
        self.help_action.setShortcuts([QKeySequence(Qt.Key.Key_F1), QKeySequence("Ctrl+/")])
        self.help_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.help_action.triggered.connect(self.show_shortcuts)
        self.addAction(self.help_action)
        self.lock_button = QLabel("<a href='#lock'>Lock (Ctrl+L)</a>")
        self.lock_button.setAccessibleName("Lock the vault")
        self.lock_button.setTextFormat(Qt.TextFormat.RichText)
        self.lock_button.linkActivated.connect(lambda _l: self.lock_now())
        self.statusBar().addPermanentWidget(self.lock_button)
        self.lock_button.setVisible(False)

    def show_shortcuts(self):
        """The shortcut help, listing what is registered now (F1, Ctrl+/)."""
        from desktop_app.ui.shortcuts_help import ShortcutHelp

        old = getattr(self, "shortcut_help", None)
        if old is not None:
            try:
                old.close()
            except RuntimeError:  # already deleted
                pass
        self.shortcut_help = ShortcutHelp(self)
        self.shortcut_help.show()
        return self.shortcut_help

    # -- start -----------------------------------------------------------------------------------
    def ensure_shell(self) -> QWidget:
        if self.shell is None:
            self.shell = self._build_shell()
            self.stack.addWidget(self.shell)
        return self.shell

    def start(self) -> None:
        """Decide the first screen: wizard for a new profile, else unlock (automatic when possible)."""
        if not self._actions_built:
            self._actions_built = True
            self._build_actions()
            from desktop_app.ui import fonts

            fonts.register_bundled_fonts()  # emoji in records draw as glyphs, not boxes
        self.update_offline_badge()
        if self.demo:
            self._open_demo()
            return
        if not self.session.exists():
            self.show_wizard()
            return
        info = self.session.info()
        self.unlock_screen.prepare(info.key_mode if info else None)
        self.stack.setCurrentWidget(self.unlock_screen)
        pw, self._pending_passphrase = self._pending_passphrase, None
        if pw is not None or (info is not None and info.key_mode == "keychain"):
            self._on_unlock_requested(pw)
            self.unlock_screen.set_busy(True)

    def _open_demo(self) -> None:
        """Build (first time) and open the demo vault behind a progress screen; index afterwards."""
        from desktop_app.ui.demo_build import DemoBuildScreen

        self.demo_screen = DemoBuildScreen()
        self.stack.addWidget(self.demo_screen)
        self.stack.setCurrentWidget(self.demo_screen)
        self.state_label.setText("Preparing the demo…")
        profile = self.session.profile
        self._pending_passphrase = None

        def _build(progress, cancel):
            from desktop_app.core import demo

            return demo.open_or_import(profile, progress=progress, cancel=cancel)[0]

        screen = self.demo_screen
        op = self.session.open_with(_build)
        op.signals.progressed.connect(screen.show_progress)
        op.failure(self._on_demo_failed)
        op.run()

    def _on_demo_failed(self, exc: BaseException) -> None:
        self.state_label.setText("Vault locked")
        if self.demo_screen is not None:
            self.demo_screen.show_failure(exc.user_message if isinstance(exc, errors.KnownError)
                                          else "The demo could not be prepared (an internal error).")
        errors.show_error(self, exc)

    def show_wizard(self) -> None:
        from desktop_app.ui.wizard import FirstRunWizard

        self.in_wizard = True
        if self.wizard is None:
            self.wizard = FirstRunWizard(self)
            self.wizard.finished_.connect(self._on_wizard_done)
            self.stack.addWidget(self.wizard)
        self.stack.setCurrentWidget(self.wizard)

    def _on_wizard_done(self) -> None:
        self.in_wizard = False
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
        if self.session.is_open:
            self._enter_shell()
        else:
            self.start()

    # -- unlock / lock ---------------------------------------------------------------------------
    def _on_unlock_requested(self, passphrase: str | None) -> None:
        self.state_label.setText("Unlocking…")
        self.session.unlock(passphrase).failure(self._on_unlock_failed).run()

    def _on_unlock_failed(self, exc: BaseException) -> None:
        self.state_label.setText("Vault locked")
        self.unlock_screen.show_failure(exc)
        if not isinstance(exc, errors.KnownError):
            errors.show_error(self, exc)

    def _on_unlocked(self) -> None:
        self._idle.restart()
        # Load the core on a worker now, so no page or first action pays for it on the GUI thread.
        workers.BackgroundOp(warmup.warm_up, pool="io", parent=self).failure(lambda exc: errors.show_error(self, exc)).run()
        if self.in_wizard:
            self.refresh_state()
            return
        self._enter_shell()
        if self.demo and self.demo_embed and self.derived_op is None:
            derived.refresh_in_background(self)

    def _enter_shell(self) -> None:
        self.stack.setCurrentWidget(self.ensure_shell())
        if self.demo_screen is not None:
            self.stack.removeWidget(self.demo_screen)
            self.demo_screen.deleteLater()
            self.demo_screen = None
        self.lock_button.setVisible(True)
        self.refresh_state()
        self.show_page(self.return_page if any(p[0] == self.return_page for p in PAGES) else "chat")

    def refresh_derived(self) -> workers.BackgroundOp | None:
        """Embeddings, profile and people brought up to date in the background (after an import)."""
        return derived.refresh_in_background(self)

    def lock_now(self) -> None:
        """Drop the vault and every widget that showed its contents; back to the unlock screen."""
        if not self.session.is_open and not self.in_wizard:
            return
        self.session.lock()

    def delete_everything(self, fn) -> workers.BackgroundOp:
        """Lock, then ``fn(profile, vault=...)`` on the DB thread; back to the first-run wizard."""
        self.settings.sync()
        v = self.session._vault
        profile = self.session.profile
        self.session._vault = None
        self.session.generation += 1
        workers.cancel_all()
        op = workers.BackgroundOp(lambda: fn(profile, vault=v), pool="db", parent=self)
        op.success(self._on_deleted)
        op.run()
        return op

    def _on_deleted(self, receipt: dict) -> None:
        self.last_delete_receipt = receipt
        self.session.locked.emit()
        errors.inform(self, "Everything was deleted from this computer. You can start again with a new vault.")

    def _on_locked(self) -> None:
        if self.current_page:
            self.return_page = self.current_page
        self.derived_op = None
        self._destroy_pages()
        if self.wizard is not None:
            self.stack.removeWidget(self.wizard)
            self.wizard.deleteLater()
            self.wizard = None
            self.in_wizard = False
        self.state_label.setText("Vault locked")
        if self._actions_built:
            self.lock_button.setVisible(False)
        self.job_label.clear()
        self.job_bar.hide()
        QApplication.clipboard().clear()  # a copied answer must not outlive the session
        if self.session.exists():
            info = self.session.info()
            self.unlock_screen.prepare(info.key_mode if info else None)
            self.stack.setCurrentWidget(self.unlock_screen)
        else:
            self.show_wizard()

    def _destroy_pages(self) -> None:
        for page in list(self.pages.values()):
            try:
                page.clear()
            except Exception:  # noqa: BLE001 - dropping the page below is what matters
                log.debug("page clear failed")
            self.page_stack.removeWidget(page)
            page.hide()
            page.deleteLater()
        self.pages.clear()
        self.current_page = ""
        if self.shell is None:
            return
        self.sidebar.blockSignals(True)
        self.sidebar.clearSelection()
        self.sidebar.setCurrentRow(-1)
        self.sidebar.blockSignals(False)

    # -- pages -----------------------------------------------------------------------------------
    def page(self, key: str) -> Page:
        self.ensure_shell()
        page = self.pages.get(key)
        if page is None:
            entry = next(p for p in PAGES if p[0] == key)
            try:
                mod = importlib.import_module(entry[2])
                page = getattr(mod, entry[3])(self)
            except Exception as exc:  # noqa: BLE001 - one broken page must not take the window down
                errors.show_error(self, exc)
                page = Page(self)
                page.outer.addWidget(empty_label(f"The {entry[1]} page could not be opened."), 1)
            self.pages[key] = page
            self.page_stack.addWidget(page)
        return page

    def show_page(self, key: str) -> Page:
        page = self.page(key)
        self.page_stack.setCurrentWidget(page)
        row = [p[0] for p in PAGES].index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(row)
            self.sidebar.blockSignals(False)
        self.current_page = key
        self.page_changed.emit(key)
        return page

    def _focus_search(self) -> None:
        if self.session.is_open and self.stack.currentWidget() is self.shell:
            page = self.show_page("search")
            if hasattr(page, "query"):
                page.query.setFocus()

    def _on_data_changed(self, what: str) -> None:
        self.refresh_state()
        for page in self.pages.values():
            page.on_data_changed(what)

    # -- status ----------------------------------------------------------------------------------
    def refresh_state(self) -> None:
        from desktop_app.ui import queries

        self.session.db(queries.overview).success(self._show_state).failure(lambda exc: None).run()

    def _show_state(self, s: dict[str, Any]) -> None:
        key = "the OS keychain" if s.get("key_mode") == "keychain" else "your passphrase"
        # Short enough for the minimum width beside a background job; the details are in the tooltip.
        self.state_label.setText(f"{s['records']:,} records · {s['people']:,} people · encrypted")
        self.state_label.setToolTip(f"Vault open: {s['records']:,} records, {s['people']:,} people, "
                                    f"{s['archives']} archive{'s' if s['archives'] != 1 else ''}. Encrypted with "
                                    f"SQLCipher {s['cipher_version']}; the key is held by {key}.")
        self.last_stats = s

    def _on_scheme_changed(self, *_args) -> None:
        from desktop_app.ui import theme

        if str(self.settings.value("ui/theme", "system")) == "system":
            theme.apply(QApplication.instance(), "system")
            self.update_offline_badge()

    def update_offline_badge(self) -> None:
        from desktop_app.core.privacy import egress

        blocked = len(egress.blocked_attempts())
        if egress.is_offline():
            self.offline_badge.setObjectName("badgeOffline")
            self.offline_badge.setText("● Offline")
            tip = "Hearth's network guard is on: nothing can leave this computer."
            if blocked:
                tip += f" {blocked} connection attempt(s) were blocked."
        else:
            self.offline_badge.setObjectName("badgeWarn")
            self.offline_badge.setText("Network guard off")
            tip = "The network guard is not installed in this process."
        self.offline_badge.setToolTip(tip)
        self.offline_badge.style().unpolish(self.offline_badge)
        self.offline_badge.style().polish(self.offline_badge)

    def track(self, op: workers.BackgroundOp, label: str) -> None:
        """Show a background job in the status bar until it finishes."""
        self.job_label.setText(label)
        self.job_bar.setRange(0, 0)
        self.job_bar.show()

        def _progress(p: Any) -> None:
            frac = getattr(p, "fraction", None)
            if frac is not None:
                self.job_bar.setRange(0, 1000)
                self.job_bar.setValue(int(frac * 1000))
            done, total = getattr(p, "done", 0), getattr(p, "total", 0)
            self.job_label.setText(f"{label} {done:,}/{total:,}" if total else label)

        def _done() -> None:
            self.job_label.clear()
            self.job_bar.hide()

        op.signals.progressed.connect(_progress)
        op.signals.finished.connect(_done)

    # -- state -----------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geo = self.settings.value("window/geometry")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        st = self.settings.value("window/state")
        if isinstance(st, QByteArray):
            self.restoreState(st)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.session.exists():  # never re-create a deleted profile just for window geometry
            self.save_state()
        self.session.lock()
        workers.shutdown(5000)
        super().closeEvent(event)

    def idle_minutes(self) -> int:
        try:
            return int(self.settings.value("privacy/idle_lock_minutes", DEFAULT_IDLE_MIN))
        except (TypeError, ValueError):
            return DEFAULT_IDLE_MIN

    def set_idle_minutes(self, minutes: int) -> None:
        self.settings.setValue("privacy/idle_lock_minutes", int(minutes))
        self._idle.restart()


class _IdleWatcher(QObject):
    """Locks the vault after N minutes without keyboard or mouse input (0 = never)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_idle)
        self._filtering = False

    def restart(self) -> None:
        # The app-wide filter goes in at unlock, not at construction: the first call of a Python
        # event filter costs PySide ~60 ms, which would otherwise delay the first frame.
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        minutes = self.window_.idle_minutes()
        if minutes > 0 and self.window_.session.is_open:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            if self.timer.isActive():
                self.timer.start()
        return False

    def _on_idle(self) -> None:
        if self.window_.session.is_open:
            self.window_.lock_now()
