"""Importing the core modules the pages use on a worker pool after unlock.

Pages import the core where they use it (on the DB and ML pools), never while they are built on
the GUI thread: importing the core there froze the window for 0.3-1 s. Warming them on the IO pool
right after unlock means no first action pays for the import either.
"""

from __future__ import annotations

import importlib

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
    """Import every module in ``WARM_MODULES``; an ImportError is a bug and propagates."""
    for name in WARM_MODULES:
        importlib.import_module(name)
    return len(WARM_MODULES)
