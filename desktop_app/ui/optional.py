"""Core modules that may not exist yet (other areas land them): import them or say why not."""

from __future__ import annotations

import importlib
import logging
import sys
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


def available(name: str) -> bool:
    """Whether ``name`` exists, without importing it (page constructors run on the GUI thread;
    importing the core there froze the window for 0.3-1 s, in a worker it costs ~20 ms of gaps)."""
    import importlib.util

    if name in sys.modules:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


WARM_MODULES = (
    "numpy",
    "desktop_app.core.retrieval.search",
    "desktop_app.core.assistant.ask",
    "desktop_app.core.assistant.conversations",
    "desktop_app.core.llm.engine",
    "desktop_app.core.llm.catalog",
    "desktop_app.core.ingest.service",
    "desktop_app.core.ingest.options",
    "desktop_app.core.profile.facts",
    "desktop_app.core.profile.people",
    "desktop_app.core.profile.meta",
    "desktop_app.core.privacy.audit",
    "desktop_app.core.privacy.forget",
    "desktop_app.core.privacy.export",
    "desktop_app.core.privacy.delete",
    "desktop_app.core.retrieval.indexer",
    "desktop_app.core.profile.derive",
)


def warm_up() -> int:
    """Import the core modules the pages use (run on a worker pool after unlock)."""
    n = 0
    for name in WARM_MODULES:
        if load(name) is not None:
            n += 1
    return n


def attr(module_name: str, attr_name: str):
    """``module.attr`` or None."""
    mod = load(module_name)
    return getattr(mod, attr_name, None) if mod is not None else None
