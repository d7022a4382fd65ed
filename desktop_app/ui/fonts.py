"""Fonts shipped in ``resources/fonts`` (Noto Emoji, OFL 1.1), registered once the window is up.

Qt falls back to an application font for glyphs the system fonts lack, so emoji in messages and
thread titles draw as (monochrome) emoji instead of empty boxes on systems without an emoji font.
Registration reads ~2 MB, so it runs after the first frame, not before it (cold start).
"""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)

_done: dict[str, list[str]] = {}


def fonts_dir() -> Path:
    from desktop_app.core.paths import resources_dir

    return resources_dir() / "fonts"


def register_bundled_fonts() -> list[str]:
    """Add every .ttf/.otf under resources/fonts to Qt's font database (idempotent); returns the families."""
    if "families" in _done:
        return _done["families"]
    from PySide6.QtGui import QFontDatabase

    families: list[str] = []
    folder = fonts_dir()
    for f in sorted(folder.glob("*.[ot]tf")) if folder.is_dir() else []:
        fid = QFontDatabase.addApplicationFont(str(f))
        if fid < 0:
            log.warning("could not load the bundled font %s", f.name)
            continue
        families += QFontDatabase.applicationFontFamilies(fid)
    _done["families"] = families
    return families
