"""The demo archive imported by the real importer, for the assistant's tests that ask it questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.ingest.service import run_import

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


@pytest.fixture
def demo(vault):
    run_import(vault, sorted(DEMO.iterdir()))
    return vault
