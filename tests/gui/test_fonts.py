"""The bundled emoji font (Noto Emoji, OFL) is registered once the window starts: emoji draw as glyphs."""

from __future__ import annotations


def test_bundled_emoji_font_is_registered(window):
    from PySide6.QtGui import QFontDatabase, QFontMetrics
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui import fonts

    assert (fonts.fonts_dir() / "OFL.txt").is_file(), "the licence travels with the font"
    assert "Noto Emoji" in fonts.register_bundled_fonts()
    assert "Noto Emoji" in QFontDatabase.families()
    # the window's default font now finds a glyph for a climber emoji (through Qt's fallback)
    assert QFontMetrics(QApplication.font()).inFontUcs4(0x1F9D7)
