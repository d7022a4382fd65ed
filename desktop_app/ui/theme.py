"""Light and dark palettes (Fusion) that follow the system unless the user picks one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#c8602a"   # warm ember; readable on both backgrounds

_COLORS = {
    "light": {"window": "#f6f4f1", "base": "#ffffff", "alt": "#f0ece7", "text": "#1f1d1a", "muted": "#6b655e",
              "button": "#ece8e3", "border": "#d9d3cc", "sidebar": "#ede9e4", "highlight": ACCENT, "hl_text": "#ffffff",
              "link": "#9a3f12", "chip": "#f3e3d8", "ok": "#2e7d32", "warn": "#a85d00",
              "danger": "#b3261e", "danger_text": "#ffffff"},
    "dark": {"window": "#1e1d1c", "base": "#272624", "alt": "#2e2c2a", "text": "#ece8e3", "muted": "#a79f96",
             "button": "#34322f", "border": "#45423e", "sidebar": "#181716", "highlight": "#e07a45", "hl_text": "#141312",
             "link": "#f0a070", "chip": "#4a3325", "ok": "#7cc47f", "warn": "#f0b050",
             "danger": "#f2867c", "danger_text": "#141312"},
}

_current = {"name": "light"}


def system_scheme() -> str:
    hints = QGuiApplication.styleHints()
    try:
        return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"
    except AttributeError:  # pragma: no cover - Qt < 6.5
        return "light"


def resolve(choice: str) -> str:
    return choice if choice in ("light", "dark") else system_scheme()


def colors() -> dict[str, str]:
    return _COLORS[_current["name"]]


def current() -> str:
    return _current["name"]


def apply(app: QApplication, choice: str = "system") -> str:
    """Apply ``"light"``, ``"dark"`` or ``"system"``; returns the scheme in use."""
    name = resolve(choice)
    _current["name"] = name
    c = _COLORS[name]
    app.setStyle("Fusion")
    pal = QPalette()
    role = QPalette.ColorRole
    for r, key in ((role.Window, "window"), (role.Base, "base"), (role.AlternateBase, "alt"), (role.Text, "text"),
                   (role.WindowText, "text"), (role.Button, "button"), (role.ButtonText, "text"),
                   (role.Highlight, "highlight"), (role.HighlightedText, "hl_text"), (role.ToolTipBase, "base"),
                   (role.ToolTipText, "text"), (role.Link, "link"), (role.PlaceholderText, "muted"),
                   (role.Mid, "border"), (role.Midlight, "alt"), (role.Dark, "muted"), (role.Shadow, "border")):
        pal.setColor(r, QColor(c[key]))
    for group in (QPalette.ColorGroup.Disabled,):
        pal.setColor(group, role.Text, QColor(c["muted"]))
        pal.setColor(group, role.ButtonText, QColor(c["muted"]))
        pal.setColor(group, role.WindowText, QColor(c["muted"]))
    app.setPalette(pal)
    app.setStyleSheet(stylesheet(c))
    return name


ICONS = Path(__file__).resolve().parent / "icons"


def _check_rules(c: dict[str, str]) -> str:
    """Check boxes with a visible frame in both themes (Fusion's frame nearly vanishes on dark)."""
    icon = ICONS / ("check-dark.svg" if current() == "dark" else "check.svg")
    image = f"image: url({icon.as_posix()});" if icon.is_file() else ""
    return f"""
QCheckBox::indicator {{ width: 13px; height: 13px; border: 1px solid {c['muted']}; border-radius: 3px;
    background: {c['base']}; }}
QAbstractItemView::indicator {{ width: 11px; height: 11px; border: 1px solid {c['muted']}; border-radius: 2px;
    background: {c['base']}; }}
QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {{ background: {c['highlight']};
    border-color: {c['highlight']}; {image} }}
QCheckBox::indicator:disabled, QAbstractItemView::indicator:disabled {{ border-color: {c['border']}; }}
"""


def stylesheet(c: dict[str, str]) -> str:
    return _check_rules(c) + f"""
QListWidget#sidebar {{ background: {c['sidebar']}; border: none; padding-top: 8px; font-size: 14px; }}
QListWidget#sidebar::item {{ padding: 9px 14px; border-radius: 6px; margin: 1px 8px; }}
QListWidget#sidebar::item:selected {{ background: {c['highlight']}; color: {c['hl_text']}; }}
QLabel#pageTitle {{ font-size: 20px; font-weight: 600; }}
QLabel#muted, QLabel[muted="true"] {{ color: {c['muted']}; }}
QLabel#badgeOffline {{ background: {c['ok']}; color: {c['hl_text'] if current() == 'dark' else '#ffffff'};
    border-radius: 9px; padding: 1px 9px; font-weight: 600; }}
QLabel#badgeWarn {{ background: {c['warn']}; color: #ffffff; border-radius: 9px; padding: 1px 9px; font-weight: 600; }}
QLabel#error {{ color: {c['danger']}; }}
QLabel#demoBanner {{ background: {c['chip']}; color: {c['text']}; padding: 6px 24px; }}
QLabel#question {{ padding: 8px 12px; background: {c['chip']}; color: {c['text']}; border-radius: 10px; }}
QPushButton#link, QPushButton#warnLink {{ border: none; background: transparent; color: {c['link']}; padding: 2px 4px; }}
QPushButton#warnLink {{ color: {c['warn']}; font-weight: 600; }}
QPushButton#danger {{ background: {c['danger']}; color: {c['danger_text']}; border: none; border-radius: 6px; padding: 6px 16px;
    font-weight: 600; }}
QPushButton#danger:disabled {{ background: {c['border']}; color: {c['muted']}; }}
QPushButton#chip {{ background: {c['chip']}; border: 1px solid {c['border']}; border-radius: 10px; padding: 2px 10px; }}
QPushButton#primary {{ background: {c['highlight']}; color: {c['hl_text']}; border: none; border-radius: 6px;
    padding: 6px 16px; font-weight: 600; }}
QPushButton#primary:disabled {{ background: {c['border']}; color: {c['muted']}; }}
QFrame#card {{ background: {c['base']}; border: 1px solid {c['border']}; border-radius: 10px; }}
QTextBrowser {{ border: 1px solid {c['border']}; border-radius: 8px; background: {c['base']}; }}
"""
