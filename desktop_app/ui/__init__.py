"""The PySide6 desktop window: a thin layer over ``desktop_app.core`` (no core logic here)."""

from desktop_app.ui import _qtfix  # noqa: F401 - must run before any Qt call (see the module)
