"""Chat: ask questions about your archive; answers stream in as Markdown with citation chips."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget)

from desktop_app.core.domain import platform_label
from desktop_app.ui import clipboard, errors, record_view, theme, workers
from desktop_app.ui.engine_slot import EngineChoice
from desktop_app.ui.flow import FlowLayout
from desktop_app.ui.locked_vault import LockedVault
from desktop_app.ui.markdown_view import SafeBrowser
from desktop_app.ui.pages import chat_api
from desktop_app.ui.pages.base import Page, empty_label

log = logging.getLogger(__name__)


def engine_choice(settings) -> EngineChoice:
    def _int(key: str, default: int) -> int:
        try:
            return int(settings.value(key, default))
        except (TypeError, ValueError):
            return default

    return EngineChoice(path=str(settings.value("model/path", "") or ""), n_ctx=_int("model/n_ctx", 4096),
                        n_threads=_int("model/n_threads", 0))


# Answerable on any archive: two exact (SQL) questions and one from retrieval.
EXAMPLE_QUESTIONS = ("Who do I talk to most?", "How many messages did I send last year?",
                     "What did I post about most recently?")

FINAL_STYLE = "QTextBrowser { border: none; background: transparent; }"
DRAFT_STYLE = "QTextBrowser {{ border: none; background: transparent; color: {muted}; font-style: italic; }}"


class AnswerView(QFrame):
    """One assistant answer: Markdown text, citation chips, the scope it used, and actions."""

    def __init__(self, page: "ChatPage") -> None:
        super().__init__()
        self.setObjectName("card")
        self.page = page
        self.text = ""
        self.answer_id: Any = None
        self.citations: list[dict[str, Any]] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        who = QLabel("Hearth")
        who.setStyleSheet("font-weight: 600;")
        lay.addWidget(who)
        self.body = SafeBrowser(auto_height=True)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        self.body.setStyleSheet(FINAL_STYLE)
        self.body.setAccessibleName("Answer")
        self.body.internal_link.connect(self._on_link)
        lay.addWidget(self.body)
        self.chips_box = QWidget()
        self.chips = FlowLayout(self.chips_box)
        lay.addWidget(self.chips_box)
        self.meta = QLabel("Thinking…")
        self.meta.setObjectName("muted")
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.meta.setAccessibleName("Answer details")
        self.notes: list[str] = []
        self.final = False
        self.notes_label = QLabel("")
        self.notes_label.setObjectName("muted")
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_label.setWordWrap(True)
        self.notes_label.setAccessibleName("Notes on this answer")
        self.notes_label.setVisible(False)
        row = QHBoxLayout()
        self.copy_btn = QPushButton("Copy")
        self.copy_btn.setAccessibleName("Copy the answer")
        self.copy_btn.clicked.connect(lambda: clipboard.copy_sensitive(self.text))
        self.regen_btn = QPushButton("Regenerate")
        self.regen_btn.setAccessibleName("Regenerate the answer")
        self.regen_btn.clicked.connect(page.regenerate)
        self.notes_btn = QPushButton("Details")
        self.notes_btn.setObjectName("link")
        self.notes_btn.setCheckable(True)
        self.notes_btn.setAccessibleName("Show notes on this answer")
        self.notes_btn.toggled.connect(self.notes_label.setVisible)
        self.notes_btn.setVisible(False)
        row.addWidget(self.meta, 1)
        row.addWidget(self.notes_btn)
        row.addWidget(self.copy_btn)
        row.addWidget(self.regen_btn)
        lay.addLayout(row)
        lay.addWidget(self.notes_label)
        self.set_streaming(True)

    def set_streaming(self, on: bool) -> None:
        self.copy_btn.setEnabled(not on)
        self.regen_btn.setEnabled(not on)

    def append(self, text: str) -> None:
        """Streamed model text: shown as a draft (muted) until ``Done`` brings the checked answer."""
        if self.final:
            return  # the checked answer is in; later tokens cannot change it
        if not self.text:
            self.body.setStyleSheet(DRAFT_STYLE.format(muted=theme.colors()["muted"]))
            self.meta.setText("Draft: being checked against your records…")
        self.text += text
        self.body.set_markdown(self.text)

    def set_text(self, text: str) -> None:
        self.text = text
        self.body.setStyleSheet(FINAL_STYLE)
        self.body.set_markdown(text)

    def finish(self, d: dict[str, Any]) -> None:
        """Show the core's answer (``Done``): final text, citations, compact footer, notes on demand."""
        self.final = True
        if d.get("text") or not self.text:
            self.set_text(d.get("text") or "")
        else:
            self.set_text(self.text)
        if d.get("citations") is not None:
            self.set_citations(d["citations"])
        self.meta.setText(chat_api.describe_meta(d))
        self.set_notes(chat_api.answer_notes(d), len(d.get("warnings") or []))

    def set_notes(self, notes: list[str], warnings: int) -> None:
        self.notes = notes
        self.notes_label.setText("\n".join(f"• {n}" for n in notes))
        self.notes_btn.setText(f"⚠ {warnings} note{'s' if warnings != 1 else ''}" if warnings else "Details")
        self.notes_btn.setToolTip("Warnings, the scope this answer used and the model file")
        self.notes_btn.setVisible(bool(notes))
        if warnings:
            self.notes_btn.setObjectName("warnLink")
            self.notes_btn.style().unpolish(self.notes_btn)
            self.notes_btn.style().polish(self.notes_btn)

    def set_citations(self, cites: list[dict[str, Any]]) -> None:
        self.citations = cites
        while self.chips.count():
            w = self.chips.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        for i, c in enumerate(cites[:12]):
            n = c.get("n", i + 1)
            label = f"[{n}] {platform_label(c.get('platform'))} · {c.get('author') or c.get('kind', '')} · " \
                    f"{record_view.fmt_ts(c.get('ts_ms'), with_time=False)}"
            chip = QPushButton(("related: " if c.get("related") else "") + label)
            chip.setObjectName("chip")
            chip.setToolTip(("Near the question, but it does not answer it.\n" if c.get("related") else "")
                            + (c.get("snippet") or "")[:200])
            chip.setAccessibleName(f"Citation {n}")
            chip.clicked.connect(lambda _=False, rid=c.get("record_id"): self.page.open_record(rid))
            chip.setProperty("record_id", c.get("record_id"))
            self.chips.addWidget(chip)
            if c.get("record_id") in self.page.forgotten_ids:
                self._mark_chip(chip, n)

    def mark_forgotten(self, ids: set[int]) -> int:
        """Citations of forgotten records stay visible as "forgotten" (the numbers in the text still point at them)."""
        marked = 0
        for i in range(self.chips.count()):
            chip = self.chips.itemAt(i).widget()
            if chip is not None and chip.property("record_id") in ids:
                n = next((c.get("n") for c in self.citations if c.get("record_id") == chip.property("record_id")), "")
                self._mark_chip(chip, n)
                marked += 1
        return marked

    @staticmethod
    def _mark_chip(chip: QPushButton, n: Any) -> None:
        chip.setText(f"[{n}] forgotten")
        chip.setToolTip("You forgot this record: it is no longer in the vault.")
        chip.setAccessibleName(f"Citation {n}, forgotten")
        chip.setEnabled(False)

    def _on_link(self, scheme: str, value: str) -> None:
        if scheme == "cite":
            for c in self.citations:
                if str(c.get("n")) == value and c.get("record_id") in self.page.forgotten_ids:
                    self.meta.setText(f"Source [{value}] was forgotten: it is no longer in the vault.")
                    return
                if str(c.get("n")) == value:
                    self.page.open_record(c.get("record_id"))
                    return
        elif scheme == "record":
            self.page.open_record(int(value))



class ChatPage(Page):
    title = "Chat"

    def __init__(self, window) -> None:
        super().__init__(window)
        self.conversation_id: Any = None
        self.worker: workers.StreamWorker | None = None
        self.answer: AnswerView | None = None
        self.last_question = ""
        self.last_answer_id: Any = None
        self.forgotten_ids: set[int] = set()  # this session only; dropped on lock with the page
        self.session.records_forgotten.connect(self._on_records_forgotten)
        split = QSplitter()
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 8, 0)
        self.new_btn = QPushButton("New chat")
        self.new_btn.setAccessibleName("Start a new chat")
        self.new_btn.setShortcut(QKeySequence("Ctrl+N"))
        self.new_btn.clicked.connect(self.new_chat)
        ll.addWidget(self.new_btn)
        self.conv_list = QListWidget()
        self.conv_list.setAccessibleName("Conversations")
        self.conv_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conv_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.conv_list.itemActivated.connect(self._on_conv_activated)
        self.conv_list.itemClicked.connect(self._on_conv_activated)
        self.conv_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        from PySide6.QtGui import QAction

        delete = QAction("Delete this chat", self.conv_list)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_current_chat)
        self.conv_list.addAction(delete)
        # F2 edits the title in place (Qt's own edit trigger); committing the edit renames in the vault.
        self.rename_action = QAction("Rename this chat", self.conv_list)
        self.rename_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        self.rename_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.rename_action.triggered.connect(self.start_rename)
        self.conv_list.addAction(self.rename_action)
        self.conv_list.setEditTriggers(QListWidget.EditTrigger.NoEditTriggers)
        self.conv_list.itemChanged.connect(self._on_conv_renamed)
        self.conv_list.setMinimumWidth(150)
        ll.addWidget(self.conv_list, 1)
        split.addWidget(left)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Answers wrap to the width: never scroll sideways.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.transcript = QWidget()
        self.tl = QVBoxLayout(self.transcript)
        self.tl.addStretch(1)
        self.scroll.setWidget(self.transcript)
        rl.addWidget(self.scroll, 1)
        self.empty = self._empty_state()
        self.tl.insertWidget(0, self.empty)
        row = QHBoxLayout()
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText("Ask about your messages, posts, people… (Enter to send, Shift+Enter for a new line)")
        self.input.setAccessibleName("Question")
        self.input.setMaximumHeight(84)
        self.input.installEventFilter(self)
        row.addWidget(self.input, 1)
        col = QVBoxLayout()
        self.send_btn = QPushButton("Ask")
        self.send_btn.setObjectName("primary")
        self.send_btn.setAccessibleName("Send the question")
        self.send_btn.clicked.connect(self.send)
        self.stop_btn = QPushButton("Stop")
        self.stop_btn.setAccessibleName("Stop the answer")
        self.stop_btn.setShortcut(QKeySequence("Esc"))
        self.stop_btn.clicked.connect(self.stop)
        self.stop_btn.setEnabled(False)
        col.addWidget(self.send_btn)
        col.addWidget(self.stop_btn)
        row.addLayout(col)
        rl.addLayout(row)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Chat status")
        self.status.setWordWrap(True)
        self.status.setVisible(False)
        rl.addWidget(self.status)
        self.scope_label = QLabel("")
        self.scope_label.setObjectName("muted")
        self.scope_label.setTextFormat(Qt.TextFormat.PlainText)
        self.scope_label.setWordWrap(True)
        self.scope_label.setAccessibleName("What answers may use")
        self.scope_label.setToolTip("Change it on the Privacy page (Ctrl+7).")
        rl.addWidget(self.scope_label)
        split.addWidget(right)
        split.setSizes([220, 800])
        self.outer.addWidget(split, 1)
        send = QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.send)
        send.setWhatsThis("Send the question")

    def _status(self, text: str) -> None:
        # An empty status line takes no room (it left a gap above the scope line).
        self.status.setText(text)
        self.status.setVisible(bool(text))

    # -- input -----------------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        from PySide6.QtCore import QEvent

        if obj is self.input and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
                self.send()
                return True
        return False

    # -- conversations ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self.session.db(chat_api.scope_line).success(self.scope_label.setText).failure(lambda _e: None).run()
        self._load_for_you()
        self.session.db(chat_api.list_conversations).success(self._show_conversations).run()

    def _show_conversations(self, convs: list[dict[str, Any]]) -> None:
        self.conv_list.blockSignals(True)  # filling the list is not a rename
        self.conv_list.clear()
        for c in convs:
            item = QListWidgetItem(c.get("title") or "Untitled chat")
            item.setData(Qt.ItemDataRole.UserRole, c.get("id"))
            item.setToolTip(record_view.fmt_ts(c.get("updated_ms")) + " · F2 to rename")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.conv_list.addItem(item)
            if c.get("id") == self.conversation_id:
                item.setSelected(True)
        self.conv_list.blockSignals(False)

    def start_rename(self) -> None:
        item = self.conv_list.currentItem()
        if item is not None:
            self.conv_list.editItem(item)

    def _on_conv_renamed(self, item: QListWidgetItem) -> None:
        cid = item.data(Qt.ItemDataRole.UserRole)
        if cid is None:
            return
        self.rename_chat(cid, item.text())

    def rename_chat(self, cid: Any, title: str) -> None:
        """Rename in the vault; an empty or refused title puts the saved one back."""
        op = self.session.db(lambda v: chat_api.rename_conversation(v, cid, title))
        op.success(lambda _r: self.refresh()).failure(lambda exc: (errors.show_error(self, exc), self.refresh()))
        op.run()

    def _on_conv_activated(self, item: QListWidgetItem) -> None:
        if self.busy:
            return
        cid = item.data(Qt.ItemDataRole.UserRole)
        self.conversation_id = cid
        self.session.db(lambda v: chat_api.messages(v, cid)).success(self._show_messages).run()

    def _show_messages(self, msgs: list[dict[str, Any]]) -> None:
        self._clear_transcript()
        for m in msgs:
            if m.get("role") == "user":
                self._add_question(m.get("text", ""))
                self.last_question = m.get("text", "")
            else:
                a = self._add_answer()
                a.finish(m)
                a.set_streaming(False)
                a.answer_id = m.get("id")
                self.last_answer_id = m.get("id")
        self._scroll_to_end()

    def _on_records_forgotten(self, ids: list[int]) -> None:
        self.forgotten_ids.update(int(i) for i in ids)
        for a in self.findChildren(AnswerView):
            a.mark_forgotten(self.forgotten_ids)
        # The forget hook removed quotes of the record from saved answers: show the redacted text.
        cid = self.conversation_id
        if cid is not None and not self.busy:
            self.session.db(lambda v: chat_api.messages(v, cid)).success(self._update_texts).failure(lambda _e: None).run()

    def _update_texts(self, msgs: list[dict[str, Any]]) -> None:
        texts = {m.get("id"): m.get("text", "") for m in msgs if m.get("role") != "user"}
        for a in self.findChildren(AnswerView):
            if a.answer_id in texts and texts[a.answer_id] != a.text:
                a.set_text(texts[a.answer_id])

    def delete_current_chat(self) -> None:
        item = self.conv_list.currentItem()
        if item is None or self.busy:
            return
        cid = item.data(Qt.ItemDataRole.UserRole)
        if cid == self.conversation_id:
            self.new_chat()
        self.session.db(lambda v: chat_api.delete_conversation(v, cid)).success(lambda _r: self.refresh()).run()

    def new_chat(self) -> None:
        if self.busy:
            return
        self.conversation_id = None
        self.last_question = ""
        self.last_answer_id = None
        self._clear_transcript()
        self.conv_list.clearSelection()
        self.input.setFocus()

    # -- asking ----------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.worker is not None

    def _empty_state(self) -> QWidget:
        """What an empty chat shows: what to ask, and a few questions that work on any archive."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.addWidget(empty_label("Ask anything about your archive — who you talked to, what you posted, when.\n"
                                  "Answers cite the records they used, and nothing leaves this computer."))
        # One under the other: side by side they did not fit the minimum width.
        self.suggestion_buttons = []
        for q in EXAMPLE_QUESTIONS:
            b = QPushButton(q)
            b.setAccessibleName(f"Ask: {q}")
            b.setToolTip("Ask this question")
            b.clicked.connect(lambda _checked=False, q=q: self.send(q))
            lay.addWidget(b, 0, Qt.AlignmentFlag.AlignHCenter)
            self.suggestion_buttons.append(b)
        # "For you": people you lost touch with, this day in past years, topics that come back.
        self.for_you = QWidget()
        self.for_you_layout = QVBoxLayout(self.for_you)
        self.for_you_layout.setContentsMargins(0, 8, 0, 0)
        lay.addWidget(self.for_you)
        return box

    def _load_for_you(self) -> None:
        def load(v):
            from desktop_app.core.profile.suggestions import suggestions

            return suggestions(v)

        self.session.db(load).success(self._show_for_you).failure(lambda _e: None).run()

    def _show_for_you(self, s: dict[str, Any]) -> None:
        """Up to three suggestions, each opening its records or asking about it, each dismissable."""
        while self.for_you_layout.count():
            w = self.for_you_layout.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        items: list[tuple[str, str, str | None, int | None]] = []   # (id, text, question, record)
        for e in (s or {}).get("lost_touch", [])[:1]:
            items.append((e["id"], f"You have not talked with {e['name']} for {e['days_since'] // 30} months.",
                          f"When did I last message {e['name']}?", None))
        for e in (s or {}).get("on_this_day", [])[:1]:
            items.append((e["id"], f"On this day {e['years_ago']} years ago: {' '.join(e['snippet'].split())[:40]}…",
                          None, e["record_id"]))
        for e in (s or {}).get("recurring_topics", [])[:1]:
            items.append((e["id"], f"{e['topic']} comes back every year ({len(e['years'])} years).", None,
                          (e.get("record_ids") or [None])[0]))
        self.for_you_buttons: list[QPushButton] = []
        if items:
            self.for_you_layout.addWidget(empty_label("For you"))
        for sid, text, question, rid in items:
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            b = QPushButton(text if len(text) <= 64 else text[:63] + "…")
            b.setToolTip(text + ("\nAsk about it" if question else "\nOpen the record"))
            if question:
                b.clicked.connect(lambda _=False, q=question: self.send(q))
            elif rid is not None:
                b.clicked.connect(lambda _=False, r=rid: self.open_record(r))
            x = QPushButton("Dismiss")
            x.setAccessibleName(f"Dismiss: {text}")
            x.clicked.connect(lambda _=False, i=sid: self._dismiss(i))
            h.addWidget(b, 1)
            h.addWidget(x)
            self.for_you_layout.addWidget(row)
            self.for_you_buttons.append(b)

    def _dismiss(self, suggestion_id: str) -> None:
        def run(v):
            from desktop_app.core.profile.suggestions import dismiss

            dismiss(v, suggestion_id)

        self.session.db(run).success(lambda _r: self._load_for_you()).run()

    def send(self, question: str | None = None) -> None:
        q = (question if isinstance(question, str) else self.input.toPlainText()).strip()
        if not q or self.busy:
            return
        self.input.clear()
        self.last_question = q
        self._add_question(q)
        self._ask(q)

    def regenerate(self) -> None:
        if self.busy or not self.last_question:
            return
        if self.answer is not None:
            self.tl.removeWidget(self.answer)
            self.answer.deleteLater()
            self.answer = None
        self._ask(self.last_question, regenerate=True)

    def _ask(self, q: str, *, regenerate: bool = False) -> None:
        self.answer = self._add_answer()
        choice = engine_choice(self.settings)
        slot = self.session.engines
        cid = self.conversation_id
        answer_id = self.last_answer_id
        vault = self.session._vault  # captured here; used only on the ML thread
        embedder = self.session.embedder

        def make_iter(cancel):
            if vault is None or vault.locked:
                raise errors.KnownError("The vault is locked; unlock it first.")
            engine = slot.get(choice)
            return chat_api.ask_events(LockedVault(vault), q, engine=engine, conversation_id=cid,
                                       cancel=cancel, regenerate=regenerate, answer_id=answer_id,
                                       embedder=embedder)

        self.worker = workers.StreamWorker(make_iter, pool="ml", is_token=chat_api.is_token,
                                           token_text=chat_api.token_text, parent=self)
        gen = self.session.generation
        self.worker.signals.chunk.connect(lambda items: self._on_chunk(items) if gen == self.session.generation else None)
        self.worker.failure(lambda exc: self._on_failed(exc) if gen == self.session.generation else None)
        self.worker.signals.finished.connect(self._on_finished)
        self.send_btn.setEnabled(False)
        self.stop_btn.setEnabled(True)
        self._status("")
        self.answer.meta.setText("Loading the model and searching your archive…" if not slot.loaded
                                 else "Searching your archive…")
        self.worker.run()

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self._status("Stopping…")

    def _on_chunk(self, items: list[Any]) -> None:
        a = self.answer
        if a is None:
            return
        for ev in items:
            if isinstance(ev, str):
                a.append(ev)
            else:
                kind = type(ev).__name__
                if kind == "Retrieved" and not a.final:
                    a.set_citations(chat_api.citations_of(ev))
                    n = len(a.citations)
                    a.meta.setText(f"Found {n} source{'s' if n != 1 else ''}; writing the answer…")
                    self._status("")
                elif kind == "Done":
                    # Exact and extractive answers arrive here before (or without) the model: shown at once.
                    d = chat_api.answer_dict(ev)
                    a.finish(d)
                    self._status("")
                    if d.get("conversation_id") is not None:
                        self.conversation_id = d["conversation_id"]
                    if d.get("id") is not None:
                        self.last_answer_id = d.get("id")
                        a.answer_id = d.get("id")
        self._scroll_to_end()

    def _on_failed(self, exc: BaseException) -> None:
        if self.answer is not None and self.answer.final:
            pass  # the answer was already complete; a late model error does not change it
        elif self.answer is not None:
            if isinstance(exc, errors.Cancelled):
                self.answer.meta.setText("Stopped." + (" (partial answer)" if self.answer.text else ""))
            else:
                self.answer.meta.setText("No answer: " + (exc.user_message if isinstance(exc, errors.KnownError)
                                                         else "an internal error."))
        errors.show_error(self, exc)

    def _on_finished(self) -> None:
        self.worker = None
        self.send_btn.setEnabled(True)
        self.stop_btn.setEnabled(False)
        if self.answer is not None:
            self.answer.set_streaming(False)
        self._status("")
        a = self.answer
        if a is not None and not a.final and a.meta.text().startswith(("Thinking", "Loading", "Searching", "Found", "Draft")):
            a.meta.setText("Stopped." if a.text else "No answer.")
        self.refresh()

    # -- transcript ------------------------------------------------------------------------------
    def _add_question(self, q: str) -> None:
        self.empty.hide()
        lab = QLabel(q)
        lab.setTextFormat(Qt.TextFormat.PlainText)
        lab.setWordWrap(True)
        lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lab.setAccessibleName("Your question")
        # Styled by the app's theme stylesheet (not here): a live theme switch recolours it too.
        lab.setObjectName("question")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(lab, 0)
        lab.setMaximumWidth(640)
        # A wrapped label otherwise shrinks to its narrowest; size the bubble to the text.
        lab.setMinimumWidth(min(640, lab.fontMetrics().horizontalAdvance(q) + 30))
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(80, 0, 0, 0)
        self.tl.insertWidget(self.tl.count() - 1, holder)

    def _add_answer(self) -> AnswerView:
        self.empty.hide()
        a = AnswerView(self)
        self.tl.insertWidget(self.tl.count() - 1, a)
        self.answer = a
        return a

    def _clear_transcript(self) -> None:
        while self.tl.count() > 1:
            w = self.tl.takeAt(0).widget()
            if w is not None and w is not self.empty:
                w.deleteLater()
        self.tl.insertWidget(0, self.empty)
        self.empty.show()
        self.answer = None

    def _scroll_to_end(self) -> None:
        QTimer.singleShot(0, lambda: self.scroll.verticalScrollBar().setValue(self.scroll.verticalScrollBar().maximum()))

    def open_record(self, record_id: Any) -> None:
        if record_id is not None:
            record_view.open_record(self.session, int(record_id), self)

    def clear(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
        self._clear_transcript()
        self.conv_list.clear()
        self.input.clear()
        self.forgotten_ids.clear()
