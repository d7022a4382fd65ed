"""Core modules that may not exist yet (other areas land them): import them or say why not."""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

log = logging.getLogger(__name__)

NOT_AVAILABLE = "This part of Hearth is not available yet in this build."


def load(name: str) -> ModuleType | None:
    """Import ``name`` or return None when it (or something it needs) is missing."""
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        log.info("optional module %s unavailable (%s)", name, type(exc).__name__)
        return None


def attr(module_name: str, attr_name: str):
    """``module.attr`` or None."""
    mod = load(module_name)
    return getattr(mod, attr_name, None) if mod is not None else None
