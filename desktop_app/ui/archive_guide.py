"""How to get your archive from Facebook, Instagram and WhatsApp: the steps as the apps show them.

Offline text (no links are opened): Meta moved "Download your information" into Accounts Center
in 2023 and the names below are the ones its menus use. Exports are prepared by Meta and can take
from minutes to a few days; the download link stays valid for a few days.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

FORMAT_TIP = ("<p><b>Which format?</b> Choose <b>JSON</b> if you can (Hearth reads HTML too). "
              "Choose <b>All time</b> for the date range. <b>Low</b> media quality keeps the download small: "
              "Hearth reads the text and only refers to photos and videos.</p>")

GUIDES: dict[str, str] = {
    "Facebook": (
        "<h3>Facebook</h3><ol>"
        "<li>On facebook.com or in the app, open the menu and go to <b>Settings &amp; privacy › Settings</b>.</li>"
        "<li>Open <b>Accounts Center</b>, then <b>Your information and permissions</b>.</li>"
        "<li>Choose <b>Download your information</b>, then <b>Download or transfer information</b>.</li>"
        "<li>Pick your Facebook profile. Choose <b>Available information</b> (everything) or "
        "<b>Specific types of information</b> (at least Messages, Posts, Comments and Friends).</li>"
        "<li>Choose <b>Download to device</b>, then set the date range, format and media quality.</li>"
        "<li>Press <b>Create files</b>. Facebook tells you when the files are ready (from minutes to a few days); "
        "download them from the same page within a few days. You may be asked for your password.</li>"
        "</ol>" + FORMAT_TIP +
        "<p>Large accounts come as several .zip files: choose them all at once in Hearth.</p>"
        "<p><b>End-to-end encrypted Messenger chats</b> are not in this download. In Messenger: "
        "<b>Settings › Privacy &amp; safety › End-to-end encrypted chats › Message storage › "
        "Download secure storage data</b>.</p>"),
    "Instagram": (
        "<h3>Instagram</h3><ol>"
        "<li>In the app, open your profile, tap the menu (☰), then <b>Accounts Center</b>. "
        "On instagram.com: <b>More › Settings › Accounts Center</b>.</li>"
        "<li>Open <b>Your information and permissions › Download your information</b>.</li>"
        "<li>Choose <b>Download or transfer information</b> and pick your Instagram account.</li>"
        "<li>Choose <b>Available information</b> or <b>Specific types of information</b> "
        "(at least Messages, Posts, Comments and Followers).</li>"
        "<li>Choose <b>Download to device</b>, set the date range, format and media quality, "
        "then <b>Create files</b>.</li>"
        "<li>Instagram tells you when the files are ready; download them from the same page.</li>"
        "</ol>" + FORMAT_TIP),
    "WhatsApp": (
        "<h3>WhatsApp</h3>"
        "<p>WhatsApp exports one chat at a time, from your phone.</p>"
        "<p><b>Android:</b> open the chat, tap <b>⋮ › More › Export chat</b>, choose "
        "<b>Without media</b>, and send the file to yourself (e-mail, a cloud folder, or a cable).</p>"
        "<p><b>iPhone:</b> open the chat, tap the contact or group name at the top, scroll down, tap "
        "<b>Export Chat</b>, choose <b>Without Media</b>, and save or send the file.</p>"
        "<p>You get a <b>.txt</b> file or a <b>.zip</b> holding one (“WhatsApp Chat with …”). Choose it in Hearth. "
        "The times in it have no time zone: Hearth asks which zone the phone was in.</p>"),
}


class ArchiveGuide(QDialog):
    """A tab per platform with the steps to request the export."""

    def __init__(self, parent: QWidget | None = None, platform: str = "Facebook") -> None:
        super().__init__(parent)
        self.setWindowTitle("How to get your archive")
        self.setAccessibleName("How to get your archive")
        self.resize(620, 520)
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        for name, html in GUIDES.items():
            view = QTextBrowser()
            view.setOpenLinks(False)  # offline: nothing here opens a browser
            view.setHtml(html)
            view.setAccessibleName(f"{name} steps")
            self.tabs.addTab(view, name)
        self.tabs.setCurrentIndex(max(0, list(GUIDES).index(platform) if platform in GUIDES else 0))
        lay.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        lay.addWidget(buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)


def show_guide(parent: QWidget | None, platform: str = "Facebook") -> ArchiveGuide:
    dlg = ArchiveGuide(parent, platform)
    dlg.show()
    return dlg
