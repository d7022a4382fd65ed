"""The screen shown while the demo profile is built behind the window (first ``hearth demo``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget

STAGES = {"inspect": "Reading the demo archive", "parse": "Reading the demo archive",
          "import": "Copying the demo records into an encrypted vault", "write": "Copying the demo records into an encrypted vault"}


class DemoBuildScreen(QWidget):
    """A card with a progress bar; ``show_progress(p)`` takes a ``core.progress.Progress``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Preparing the demo")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(460)
        lay = QVBoxLayout(card)
        lay.setContentsMargins(28, 24, 28, 24)
        lay.setSpacing(10)
        title = QLabel("Preparing the demo")
        title.setObjectName("pageTitle")
        lay.addWidget(title)
        lead = QLabel("Hearth is building a demo vault from an invented archive, so you can try everything "
                      "without your own data. This happens once.")
        lead.setWordWrap(True)
        lay.addWidget(lead)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Demo progress")
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        lay.addWidget(self.bar)
        self.status = QLabel("Creating the encrypted vault…")
        self.status.setObjectName("muted")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Demo status")
        lay.addWidget(self.status)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)
        self.card = card

    def show_progress(self, p: Any) -> None:
        frac = getattr(p, "fraction", None)
        if frac is not None:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(frac * 1000))
        stage = STAGES.get(str(getattr(p, "stage", "")), "Importing the demo archive")
        done, total = getattr(p, "done", 0), getattr(p, "total", 0)
        self.status.setText(f"{stage}: {done:,} of {total:,}" if total else f"{stage}…")

    def show_failure(self, text: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status.setText(text)
