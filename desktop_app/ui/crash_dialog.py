"""The crash dialog: a bug happened; plain words and copyable, redacted details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from desktop_app.ui.error_report import redacted_details


class CrashDialog(QDialog):
    """A bug happened: say so plainly and offer the redacted details to copy."""

    def __init__(self, exc: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Hearth ran into a problem")
        self.setAccessibleName("Crash report")
        lay = QVBoxLayout(self)
        msg = QLabel("Something went wrong inside Hearth. Your vault is safe and nothing was sent anywhere.\n"
                     "If you report this, copy the details below: they hold no messages or names.")
        msg.setTextFormat(Qt.TextFormat.PlainText)
        msg.setWordWrap(True)
        lay.addWidget(msg)
        self.details = QPlainTextEdit(redacted_details(exc))
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Error details")
        lay.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(self.details.toPlainText()))
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.resize(560, 360)
