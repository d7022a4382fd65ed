"""Bringing embeddings, profile and people up to date after new records arrive, in the background.

Uses ``core.ingest.after.refresh_derived`` when the core has it; otherwise only the embeddings
(``retrieval.indexer.embed_pending``). The job runs on the ML pool with progress in the status bar,
so the window stays usable: keyword search works at once, search by meaning when it finishes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.ui import errors, optional

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.workers import BackgroundOp

AFTER = "desktop_app.core.ingest.after"
INDEXER = "desktop_app.core.retrieval.indexer"
LABEL = "Search by meaning:"


def _job(embedder: Any):
    """The function to run on the vault, or None when this build has neither step."""
    refresh = optional.attr(AFTER, "refresh_derived")
    if callable(refresh):
        return lambda v, progress, cancel: refresh(v, progress=progress, cancel=cancel, embedder=embedder)
    idx = optional.load(INDEXER)
    if idx is None:
        return None

    def _embed(v, progress, cancel) -> dict[str, Any]:
        if not idx.pending_count(v):
            return {}
        return idx.embed_pending(v, embedder=embedder, progress=progress, cancel=cancel)

    return _embed


def refresh_in_background(window: "MainWindow", label: str = LABEL) -> "BackgroundOp | None":
    """Start the refresh for the open vault; the status bar shows it until it ends."""
    session = window.session
    if not session.is_open:
        return None
    job = _job(session.embedder)
    if job is None:
        return None
    op = session.ml(job, progress=True)

    def _done(_r: Any) -> None:
        session.data_changed.emit("index")

    def _failed(exc: BaseException) -> None:
        if isinstance(exc, errors.Cancelled):
            return
        window.statusBar().showMessage("Search by meaning could not be prepared; words still work. "
                                       "Try again from Sources.", 15000)
        errors.show_error(window, exc)

    op.success(_done).failure(_failed)
    window.track(op, label)
    window.job_label.setToolTip("Hearth is preparing search by meaning (and your profile) for the new records. "
                                "Search by words works already.")
    window.derived_op = op
    op.run()
    return op
