"""First run: welcome, create the vault, import an archive, pick a model — then Chat.

Signals:
    finished_(): the user is through (the vault is open unless they quit early).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from desktop_app.core.store import keychain
from desktop_app.ui import errors
from desktop_app.ui.import_flow import ImportPanel
from desktop_app.ui.model_picker import ModelPicker

WELCOME = (
    "Hearth reads the archive you downloaded from Facebook, Instagram or WhatsApp and lets you search it and ask "
    "questions about it.\n\n"
    "What stays on this machine: everything. Your archive is copied into an encrypted vault in your profile folder; "
    "the assistant is a small language model that runs on this computer. Hearth never connects to the internet — "
    "the offline badge at the bottom shows its network guard at work.\n\n"
    "You decide what the assistant may use, you can see which records each answer used, and you can forget, export "
    "or delete everything at any time."
)


def _title(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName("pageTitle")
    return lab


def _para(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    return lab


class FirstRunWizard(QWidget):
    finished_ = Signal()
    STEPS = ("Welcome", "Your vault", "Import", "Model")

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.session = window.session
        self.setAccessibleName("First-run setup")
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        column = QWidget()
        column.setMaximumWidth(900)
        page.addWidget(column, 1, Qt.AlignmentFlag.AlignHCenter)
        outer = QVBoxLayout(column)
        outer.setContentsMargins(48, 28, 48, 20)
        self.steps_label = QLabel("")
        self.steps_label.setObjectName("muted")
        outer.addWidget(self.steps_label)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        self.back_btn = QPushButton("Back")
        self.back_btn.setAccessibleName("Previous step")
        self.back_btn.clicked.connect(self.back)
        self.skip_btn = QPushButton("Skip the import")
        self.skip_btn.setAccessibleName("Skip this step")
        self.skip_btn.clicked.connect(self.skip)
        self.next_btn = QPushButton("Next")
        self.next_btn.setObjectName("primary")
        self.next_btn.setAccessibleName("Next step")
        self.next_btn.setDefault(True)
        self.next_btn.clicked.connect(self.next)
        nav.addWidget(self.back_btn)
        nav.addStretch(1)
        nav.addWidget(self.skip_btn)
        nav.addWidget(self.next_btn)
        outer.addLayout(nav)
        self._build_welcome()
        self._build_vault()
        self._build_import()
        self._build_model()
        self.go(0)

    # -- steps -----------------------------------------------------------------------------------
    def _build_welcome(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(_title("Welcome to Hearth"))
        lay.addWidget(_para(WELCOME))
        lay.addStretch(1)
        self.stack.addWidget(w)

    def _build_vault(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(_title("Create your vault"))
        lay.addWidget(_para("The vault is an encrypted database on this computer. Its key can live in your system's "
                            "keychain (you will not need to type anything), or you can protect it with a passphrase."))
        self.has_keychain = keychain.secure_backend() is not None
        self.use_keychain = QRadioButton("Keep the key in this computer's keychain (recommended)")
        self.use_keychain.setAccessibleName("Keep the key in the keychain")
        self.use_pass = QRadioButton("Protect it with a passphrase")
        self.use_pass.setAccessibleName("Use a passphrase")
        group = QButtonGroup(self)
        group.addButton(self.use_keychain)
        group.addButton(self.use_pass)
        self.use_keychain.setEnabled(self.has_keychain)
        (self.use_keychain if self.has_keychain else self.use_pass).setChecked(True)
        lay.addWidget(self.use_keychain)
        if not self.has_keychain:
            lay.addWidget(_para("No secure keychain was found on this system, so a passphrase is needed."))
        lay.addWidget(self.use_pass)
        self.pass1 = QLineEdit()
        self.pass2 = QLineEdit()
        for e, ph in ((self.pass1, "Passphrase"), (self.pass2, "Repeat the passphrase")):
            e.setEchoMode(QLineEdit.EchoMode.Password)
            e.setPlaceholderText(ph)
            e.setAccessibleName(ph)
            lay.addWidget(e)
        self.use_pass.toggled.connect(self._sync_pass)
        self._sync_pass()
        lay.addWidget(_para("There is no way to recover a forgotten passphrase: write it down somewhere safe."))
        self.vault_msg = QLabel("")
        self.vault_msg.setTextFormat(Qt.TextFormat.PlainText)
        self.vault_msg.setWordWrap(True)
        self.vault_msg.setAccessibleName("Vault message")
        lay.addWidget(self.vault_msg)
        lay.addStretch(1)
        self.stack.addWidget(w)

    def _sync_pass(self) -> None:
        on = self.use_pass.isChecked()
        self.pass1.setEnabled(on)
        self.pass2.setEnabled(on)

    def _build_import(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(_title("Bring in your archive"))
        lay.addWidget(_para("Choose the .zip you downloaded from Meta's “Download your information” (or the folder "
                            "you unpacked it to). Hearth first shows what is inside; nothing is imported until you "
                            "press Import. You can import more later from Sources."))
        self.importer = ImportPanel(self.session, own_start_button=False)
        self.importer.state_changed.connect(lambda _s: self._update_nav())
        self.importer.import_finished.connect(self._on_imported)
        lay.addWidget(self.importer, 1)
        self.stack.addWidget(w)

    def _build_model(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(_title("Pick the assistant's model"))
        lay.addWidget(_para("The built-in model is small and quick. A bigger GGUF model you already have (from LM Studio, "
                            "GPT4All, Ollama or llama.cpp) gives better answers if your computer has the memory for it."))
        self.picker = ModelPicker(str(self.window_.settings.value("model/path", "") or ""))
        self.picker.chosen.connect(lambda p: self.window_.settings.setValue("model/path", p))
        lay.addWidget(self.picker, 1)
        self.stack.addWidget(w)

    # -- navigation ------------------------------------------------------------------------------
    def go(self, i: int) -> None:
        self.stack.setCurrentIndex(i)
        self.steps_label.setText(f"Step {i + 1} of {len(self.STEPS)}:  " + "   ›   ".join(
            f"[{s}]" if j == i else s for j, s in enumerate(self.STEPS)))
        if i == 3 and not self.picker.models:
            self.picker.scan()
        self._update_nav()
        focus = {1: self.pass1 if self.use_pass.isChecked() else self.next_btn, 2: self.importer.file_btn}.get(i, self.next_btn)
        focus.setFocus()

    def _update_nav(self) -> None:
        """One primary button per step; on the import step it is "Import" once a preview is shown."""
        i = self.stack.currentIndex()
        state = self.importer.state
        busy = state in ("inspecting", "importing")
        self.back_btn.setEnabled(i in (1, 3) and not (i == 1 and self.session.is_open))
        # "Skip" only beside a previewed import (the primary is Import then); with nothing chosen
        # yet the primary button itself says "Skip for now".
        self.skip_btn.setVisible(i == 2 and state == "ready")
        text = {0: "Get started", 1: "Create vault", 2: "Next", 3: "Finish"}[i]
        if i == 1 and self.session.is_open:
            text = "Next"
        if i == 2:
            text = {"idle": "Skip for now", "inspecting": "Import", "ready": "Import",
                    "importing": "Importing…", "done": "Next"}.get(state, "Next")
        self.next_btn.setText(text)
        self.next_btn.setEnabled(not (i == 2 and busy))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Enter anywhere in a step (line edits, radio buttons, lists pass it up) means the
        # primary button; in the first passphrase field it moves on to the second one first.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.focusWidget() is self.pass1 and self.stack.currentIndex() == 1 and not self.pass2.text():
                self.pass2.setFocus()
                return
            if self.next_btn.isEnabled() and self.next_btn.isVisible():
                self.next_btn.click()
                return
        super().keyPressEvent(event)

    def _on_imported(self, _rep) -> None:
        refresh = getattr(self.window_, "refresh_derived", None)
        if callable(refresh):
            refresh()

    def skip(self) -> None:
        """Leave the import step without importing (the previewed archive is not imported)."""
        if self.stack.currentIndex() == 2 and self.importer.state not in ("inspecting", "importing"):
            self.go(3)

    def back(self) -> None:
        self.go(max(0, self.stack.currentIndex() - 1))

    def next(self) -> None:
        i = self.stack.currentIndex()
        if i == 1 and not self.session.is_open:
            self.create_vault()
            return
        if i == 2 and self.importer.state == "ready":
            self.importer.start_import()  # never skip an import the user has just previewed
            return
        if i == 2 and self.importer.state in ("inspecting", "importing"):
            return
        if i == 3:
            self.finished_.emit()
            return
        self.go(i + 1)

    def create_vault(self) -> None:
        use_keychain = self.use_keychain.isChecked() and self.has_keychain
        pw = None
        if not use_keychain:
            if len(self.pass1.text()) < 8:
                self.vault_msg.setText("Choose a passphrase of at least 8 characters.")
                return
            if self.pass1.text() != self.pass2.text():
                self.vault_msg.setText("The two passphrases differ.")
                return
            pw = self.pass1.text()
        self.pass1.clear()
        self.pass2.clear()
        self.next_btn.setEnabled(False)
        self.vault_msg.setText("Creating the encrypted vault…")
        self.session.create(pw, use_keychain=use_keychain).success(lambda _v: self._vault_created()) \
            .failure(self._vault_failed).run()

    def _vault_created(self) -> None:
        self.vault_msg.setText("Your vault is ready.")
        self.go(2)

    def _vault_failed(self, exc: BaseException) -> None:
        self.next_btn.setEnabled(True)
        self.vault_msg.setText(exc.user_message if isinstance(exc, errors.KnownError) else "The vault could not be created.")
        errors.show_error(self, exc)
