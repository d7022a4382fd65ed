"""Choosing the language model: the embedded default, GGUF files found on disk, or any file.

Signals:
    chosen(str): the path of the model the user picked ("" = the embedded default).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem,
                               QVBoxLayout, QWidget)

from desktop_app.ui import workers
from desktop_app.ui.model_names import friendly_name


# Where a model was found, as people name those apps.
SOURCES = {"embedded": "Hearth", "user": "Your file", "lmstudio": "LM Studio", "gpt4all": "GPT4All",
           "ollama": "Ollama", "llama.cpp": "llama.cpp", "huggingface": "Hugging Face"}


def _gb(n: int | None) -> str:
    return "?" if not n else f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"


def model_row(m: dict[str, Any]) -> list[str]:
    fits = {True: "fits", False: "too big for free memory", None: ""}[m.get("fits_memory")]
    params = m.get("parameters_label") or ""
    name = friendly_name(m.get("name") or Path(m.get("path", "")).name, quantization=m.get("quantization") or "",
                         parameters=params)
    # The name carries the size and quantisation ("SmolLM2 135M (Q4_1)"): no columns repeat them.
    return [name, SOURCES.get(m.get("source", ""), str(m.get("source", "")).capitalize()),
            _gb(m.get("size_bytes")), f"{_gb(m.get('memory_bytes'))} {fits}".strip(),
            m.get("error") or "; ".join(m.get("warnings") or [])]


class ModelPicker(QWidget):
    chosen = Signal(str)

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current = current
        self.n_ctx = 4096
        self.models: list[dict[str, Any]] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Model", "Found in", "File size", "Memory needed", "Notes"])
        self.tree.setAccessibleName("Language models")
        self.tree.setRootIsDecorated(False)
        for col, width in enumerate((230, 90, 80, 170)):
            self.tree.setColumnWidth(col, width)
        self.tree.itemSelectionChanged.connect(self._on_select)
        lay.addWidget(self.tree, 1)
        self.details = QLabel("")
        self.details.setObjectName("muted")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        self.details.setAccessibleName("Details of the selected model")
        lay.addWidget(self.details)
        row = QHBoxLayout()
        self.file_btn = QPushButton("Use a GGUF file…")
        self.file_btn.setAccessibleName("Choose a model file")
        self.file_btn.clicked.connect(self._pick_file)
        self.rescan_btn = QPushButton("Look again")
        self.rescan_btn.setAccessibleName("Look for models again")
        self.rescan_btn.clicked.connect(self.scan)
        self.note = QLabel("")
        self.note.setObjectName("muted")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        row.addWidget(self.file_btn)
        row.addWidget(self.rescan_btn)
        row.addWidget(self.note, 1)
        lay.addLayout(row)

    def scan(self, extra: list[str] | None = None) -> None:
        from desktop_app.core.llm import catalog as cat

        self.note.setText("Looking for models on this computer…")
        extra_paths = list(extra or []) + ([self.current] if self.current and self.current != "stub" else [])
        n_ctx = self.n_ctx
        op = workers.BackgroundOp(lambda: [m.to_dict() for m in cat.discover_models(extra_paths=extra_paths, n_ctx=n_ctx)],
                                  pool="io", parent=self)
        op.success(self._show).run()

    def _show(self, models: list[dict[str, Any]]) -> None:
        self.models = models
        self.tree.clear()
        for i, m in enumerate(models):
            label = model_row(m)
            if m.get("source") == "embedded":
                label[0] += "  (built in)"
            it = QTreeWidgetItem(label)
            it.setData(0, Qt.ItemDataRole.UserRole, "" if m.get("source") == "embedded" else m.get("path", ""))
            self.tree.addTopLevelItem(it)
            if (self.current == "" and m.get("source") == "embedded") or m.get("path") == self.current:
                it.setSelected(True)
                self.tree.setCurrentItem(it)
        self.note.setText(f"{len(models)} model(s) found. Memory needed is an estimate for the chosen context size."
                          if models else "No model found; choose a .gguf file.")

    def _on_select(self) -> None:
        it = self.tree.currentItem()
        if it is not None:
            self.current = it.data(0, Qt.ItemDataRole.UserRole) or ""
            self._show_details(self.tree.indexOfTopLevelItem(it))
            self.chosen.emit(self.current)

    def _show_details(self, i: int) -> None:
        if not 0 <= i < len(self.models):
            self.details.clear()
            return
        m = self.models[i]
        parts = [m.get("name") or "", m.get("path", "")]
        if m.get("arch"):
            parts.append(f"architecture {m['arch']}")
        if m.get("context_length"):
            parts.append(f"trained context {m['context_length']:,} tokens")
        parts.append("has a chat template" if m.get("chat_template") else "no chat template (answers may be poor)")
        self.details.setText(" · ".join(p for p in parts if p))

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a GGUF model", str(Path.home()), "GGUF models (*.gguf)")
        if path:
            self.current = path
            self.scan([path])
            self.chosen.emit(path)
