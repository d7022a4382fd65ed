"""Copying record-derived text with the hints clipboard managers honour to skip history/sync."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

# KDE Klipper, Windows clipboard history/cloud, macOS pasteboard managers, GNOME/others.
SENSITIVE_HINTS = {
    "x-kde-passwordManagerHint": b"secret",
    "ExcludeClipboardContentFromMonitorProcessing": b"1",
    "CanIncludeInClipboardHistory": b"\x00\x00\x00\x00",
    "CanUploadToCloudClipboard": b"\x00\x00\x00\x00",
    "org.nspasteboard.ConcealedType": b"",
    "org.nspasteboard.TransientType": b"",
}


def sensitive_mime(text: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    for fmt, value in SENSITIVE_HINTS.items():
        mime.setData(fmt, value)
    return mime


def copy_sensitive(text: str) -> None:
    """Put ``text`` on the clipboard marked as sensitive (cleared again when the vault locks)."""
    QApplication.clipboard().setMimeData(sensitive_mime(text))
