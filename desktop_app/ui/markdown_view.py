"""A safe Markdown view: no HTML from the text, no remote or local resources, links confirmed.

``cite:N`` and ``record:ID`` links are handled inside Hearth (signal ``internal_link``);
http(s) and mailto links open in the browser only after the user confirms; ``file:``,
``javascript:`` and everything else are refused.

Signals:
    internal_link(str, str): scheme ("cite" | "record") and the value.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QMessageBox, QSizePolicy, QTextBrowser, QWidget

from desktop_app.ui import errors

_FEATURES = (QTextDocument.MarkdownFeature.MarkdownDialectGitHub
             | QTextDocument.MarkdownFeature.MarkdownNoHTML)
ALLOWED_EXTERNAL = ("http", "https", "mailto")
_CITE = re.compile(r"\[(\d{1,3})\](?!\()")
# Markdown images would make Qt ask for a resource; turn them into plain text.
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


def prepare(text: str, *, cite_links: bool = True) -> str:
    text = _IMAGE.sub(r"[image: \1]", text)
    if cite_links:
        text = _CITE.sub(lambda m: f"[[{m.group(1)}]](cite:{m.group(1)})", text)
    return text


class SafeBrowser(QTextBrowser):
    internal_link = Signal(str, str)

    def __init__(self, parent: QWidget | None = None, *, auto_height: bool = False) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self._auto = auto_height
        self.confirm_external = True
        self.blocked: list[str] = []
        if auto_height:
            self.setVerticalScrollBarPolicy(self.verticalScrollBarPolicy().ScrollBarAlwaysOff)
            self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())

    def set_markdown(self, text: str, *, cite_links: bool = True) -> None:
        self.document().setMarkdown(prepare(text, cite_links=cite_links), _FEATURES)
        self._fit()

    def loadResource(self, rtype: int, url: QUrl):  # noqa: N802 - Qt override
        # No images, stylesheets or anything else from anywhere: remote or local.
        self.blocked.append(url.toString()[:80])
        return None

    def _fit(self) -> None:
        if self._auto:
            self.document().setTextWidth(self.viewport().width() or 600)
            h = int(self.document().size().height()) + 8
            self.setFixedHeight(max(32, h))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme in ("cite", "record"):
            self.internal_link.emit(scheme, url.path() or url.toString().split(":", 1)[-1])
            return
        if scheme not in ALLOWED_EXTERNAL:
            self.blocked.append(url.toString()[:80])
            errors.inform(self, "Hearth does not open this kind of link (only web and e-mail links are allowed).")
            return
        if self.confirm_external and errors.dialogs_enabled():
            ans = QMessageBox.question(self, "Open link?",
                                       f"Open this link in your web browser?\n\n{url.toString()[:300]}\n\n"
                                       "This leaves Hearth: the browser will connect to the internet.")
            if ans != QMessageBox.StandardButton.Yes:
                return
        elif not errors.dialogs_enabled():
            return  # never open a browser from a headless run
        QDesktopServices.openUrl(url)
