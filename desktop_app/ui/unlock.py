"""The unlock screen: the keychain opens the vault with one click; otherwise a passphrase prompt.

Signals:
    unlock_requested(object): the passphrase (str) or None to use the OS keychain.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.errors import KnownError, WrongKey

KEY_MODE_KEYCHAIN = "keychain"  # = core.store.vault.KEY_MODE_KEYCHAIN (not imported: cold start)


class UnlockScreen(QWidget):
    unlock_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Unlock screen")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        card = QFrame()
        card.setObjectName("card")
        # A fixed width lets the wrapped labels compute their height (no clipped lines).
        card.setFixedWidth(420)
        self.card = card
        lay = QVBoxLayout(card)
        lay.setContentsMargins(28, 24, 28, 24)
        lay.setSpacing(10)
        title = QLabel("Hearth")
        title.setObjectName("pageTitle")
        lay.addWidget(title)
        self.lead = QLabel("Your vault is locked.")
        self.lead.setWordWrap(True)
        lay.addWidget(self.lead)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.setAccessibleName("Vault passphrase")
        self.passphrase.returnPressed.connect(self._on_unlock)
        lay.addWidget(self.passphrase)
        self.message = QLabel("")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Unlock message")
        self.message.setObjectName("error")  # themed: readable on the light and the dark card
        lay.addWidget(self.message)
        self.button = QPushButton("Unlock")
        self.button.setObjectName("primary")
        self.button.setAccessibleName("Unlock the vault")
        self.button.setDefault(True)
        self.button.clicked.connect(self._on_unlock)
        lay.addWidget(self.button)
        note = QLabel("Everything stays on this computer. Hearth never connects to the internet.")
        note.setObjectName("muted")
        note.setWordWrap(True)
        lay.addWidget(note)
        row = QVBoxLayout()
        row.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addLayout(row)
        outer.addStretch(3)
        self._keychain = False

    def _fit(self) -> None:
        # Alignment-placed widgets get their plain sizeHint; give the card its wrapped height.
        lay = self.card.layout()
        lay.activate()
        h = lay.heightForWidth(self.card.width()) if lay.hasHeightForWidth() else lay.sizeHint().height()
        self.card.setMinimumHeight(max(h, lay.sizeHint().height()))

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit()

    def prepare(self, key_mode: str | None) -> None:
        """Set the screen up for the vault's key mode and clear any old input."""
        self._keychain = key_mode == KEY_MODE_KEYCHAIN
        self.passphrase.clear()
        self.passphrase.setVisible(not self._keychain)
        self.lead.setText("Your vault is locked. Its key is in this computer's keychain." if self._keychain
                          else "Your vault is locked. Enter your passphrase to open it.")
        self.message.clear()
        self.set_busy(False)
        self._fit()
        if not self._keychain:
            self.passphrase.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        self.button.setText("Unlocking…" if busy else "Unlock")

    def show_failure(self, exc: BaseException) -> None:
        self.set_busy(False)
        if isinstance(exc, WrongKey):
            self.message.setText("That passphrase is not right. The vault was not changed; try again.")
            self.passphrase.selectAll()
            self.passphrase.setFocus()
        elif type(exc).__name__ == "PassphraseRequired":
            self.message.setText("Enter your passphrase.")
        elif isinstance(exc, KnownError):
            self.message.setText(exc.user_message)
        else:
            self.message.setText("The vault could not be opened (an internal error; see the details window).")
        self._fit()

    def _on_unlock(self) -> None:
        if self._keychain:
            self.set_busy(True)
            self.unlock_requested.emit(None)
            return
        text = self.passphrase.text()
        if not text:
            self.message.setText("Enter your passphrase.")
            return
        self.set_busy(True)
        self.passphrase.clear()  # don't keep it in the widget
        self.unlock_requested.emit(text)
