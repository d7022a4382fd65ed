"""The first frame stays light: no pages, no store code, no charts/Markdown, no ML before the window shows."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CODE = r"""
import json, sys
from pathlib import Path
from desktop_app.ui import app as a
app = a.ensure_app()
win = a.create_window(Path(sys.argv[1]))
win.show()
app.processEvents()
watch = ("torch", "sentence_transformers", "llama_cpp", "transformers", "PySide6.QtCharts", "dataclasses",
         "desktop_app.core.store.vault", "desktop_app.core.progress", "desktop_app.ui.markdown_view",
         "desktop_app.ui.pages.chat", "desktop_app.ui.charts", "platformdirs", "socket")
print(json.dumps({"modules": [m for m in watch if m in sys.modules], "shell": win.shell is not None,
                  "pages": len(win.pages)}))
"""


def test_first_frame_imports_nothing_heavy(filled_profile):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CODE, str(filled_profile)], capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.returncode == 0, out.stderr[-800:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["modules"] == [], got
    assert not got["shell"] and got["pages"] == 0  # built after the first frame / at unlock
