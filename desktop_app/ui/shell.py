"""What a page and a background job may use of the main window, as a type.

Pages and ``derived`` are built and driven by ``main_window``; naming ``MainWindow`` in their
annotations made them import it back (a cycle, even if only for the type checker). They name this
protocol instead, which also lists the whole of what they are allowed to reach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QLabel, QStatusBar

    from desktop_app.ui.session import VaultSession
    from desktop_app.ui.workers import BackgroundOp


class Shell(Protocol):
    session: "VaultSession"
    settings: "QSettings"
    job_label: "QLabel"
    derived_op: "BackgroundOp | None"

    def statusBar(self) -> "QStatusBar": ...  # noqa: N802 - Qt's name

    def track(self, op: "BackgroundOp", label: str) -> None: ...

    def lock_now(self) -> None: ...

    def delete_everything(self, fn: Callable[..., Any]) -> "BackgroundOp": ...

    def refresh_derived(self) -> "BackgroundOp | None": ...

    def update_offline_badge(self) -> None: ...

    def idle_minutes(self) -> int: ...

    def set_idle_minutes(self, minutes: int) -> None: ...
