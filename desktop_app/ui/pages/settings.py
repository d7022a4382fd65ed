"""Settings: the language model and its details, threads, context size, and the theme."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QComboBox, QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout

from desktop_app.core import sysinfo
from desktop_app.ui import theme
from desktop_app.ui.model_picker import ModelPicker
from desktop_app.ui.pages.base import Page


class SettingsPage(Page):
    title = "Settings"

    def __init__(self, window) -> None:
        super().__init__(window)
        box = QGroupBox("Language model")
        bl = QVBoxLayout(box)
        self.picker = ModelPicker(str(self.settings.value("model/path", "") or ""))
        self.picker.chosen.connect(self.choose_model)
        bl.addWidget(self.picker, 1)
        self.outer.addWidget(box, 1)
        run = QGroupBox("Running it")
        form = QFormLayout(run)
        self.threads = QSpinBox()
        self.threads.setRange(0, max(1, sysinfo.physical_cores() * 2))
        self.threads.setSpecialValueText(f"Automatic ({sysinfo.physical_cores()} cores)")
        self.threads.setValue(int(self.settings.value("model/n_threads", 0) or 0))
        self.threads.setAccessibleName("CPU threads for the model")
        self.threads.valueChanged.connect(lambda v: self.settings.setValue("model/n_threads", v))
        form.addRow("CPU threads", self.threads)
        self.ctx = QComboBox()
        self.ctx.setAccessibleName("Context size")
        for n in (2048, 4096, 8192, 16384):
            self.ctx.addItem(f"{n:,} tokens", n)
        self.ctx.setCurrentIndex(max(0, self.ctx.findData(int(self.settings.value("model/n_ctx", 4096) or 4096))))
        self.ctx.currentIndexChanged.connect(self._on_ctx)
        self.picker.n_ctx = int(self.ctx.currentData())
        form.addRow("Context size", self.ctx)
        mem = sysinfo.memory_total_bytes()
        machine = QLabel(f"{sysinfo.physical_cores()} cores, {(mem or 0) / 2**30:.0f} GB memory"
                         + (", a processor with fast AI instructions" if sysinfo.has_fast_bf16() else ""))
        machine.setWordWrap(True)
        machine.setToolTip("Fast AI instructions: the processor computes in bfloat16 natively, "
                           "so the search-by-meaning model runs faster.")
        form.addRow("This computer", machine)
        self.outer.addWidget(run)
        look = QGroupBox("Appearance")
        lf = QFormLayout(look)
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for label, val in (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark")):
            self.theme.addItem(label, val)
        self.theme.setCurrentIndex(max(0, self.theme.findData(str(self.settings.value("ui/theme", "system")))))
        self.theme.currentIndexChanged.connect(lambda _i: self.set_theme(self.theme.currentData()))
        lf.addRow("Theme", self.theme)
        self.outer.addWidget(look)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.outer.addWidget(self.status)

    def _on_ctx(self, _i: int) -> None:
        self.settings.setValue("model/n_ctx", self.ctx.currentData())
        self.picker.n_ctx = int(self.ctx.currentData())
        self.picker.scan()  # the memory estimate depends on the context size

    def refresh(self) -> None:
        if not self.picker.models:
            self.picker.scan()

    def choose_model(self, path: str) -> None:
        self.settings.setValue("model/path", path)
        if path and path != "stub":
            from desktop_app.core.llm.catalog import choose_model

            self.session.db(lambda v: choose_model(v, path)).success(
                lambda _c: self.status.setText("Model chosen; it loads with the next question.")).run()
        else:
            self.status.setText("The built-in model will be used.")

    def set_theme(self, choice: str) -> None:
        self.settings.setValue("ui/theme", choice)
        theme.apply(QApplication.instance(), choice)
        self.window_.update_offline_badge()
        self.session.data_changed.emit("theme")  # charts and highlights pick up the new colours
