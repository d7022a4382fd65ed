"""Bringing embeddings, profile and people up to date after new records arrive, in the background.

Runs ``core.ingest.after.refresh_derived`` (profile, people, then embeddings). The job runs on the ML pool with progress in the status bar,
so the window stays usable: keyword search works at once, search by meaning when it finishes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from desktop_app.ui import errors

if TYPE_CHECKING:
    from desktop_app.ui.shell import Shell
    from desktop_app.ui.workers import BackgroundOp

LABEL = "Search by meaning:"
# The core's stage names, as the status bar says them.
STAGES = {"profile": "Updating your profile…", "search index": LABEL}


def _job(embedder: Any) -> Callable[..., dict[str, Any]]:
    """The function to run on the vault (imported here: the core is loaded off the GUI thread's startup)."""
    from desktop_app.core.ingest.after import refresh_derived

    return lambda v, progress, cancel: refresh_derived(v, progress=progress, cancel=cancel, embedder=embedder)


def refresh_in_background(window: "Shell", label: str = LABEL) -> "BackgroundOp | None":  # noqa: C901
    """Start the refresh for the open vault; the status bar shows it until it ends."""
    session = window.session
    if not session.is_open:
        return None
    op = session.ml(_job(session.embedder), progress=True)

    def _stage(p: Any) -> None:
        stage = STAGES.get(str(getattr(p, "stage", "")), label)
        done, total = getattr(p, "done", 0), getattr(p, "total", 0)
        window.job_label.setText(f"{stage} {done:,}/{total:,}" if total and stage == LABEL else stage)

    def _done(result: Any) -> None:
        errs = (result or {}).get("errors") if isinstance(result, dict) else None
        if errs:
            window.statusBar().showMessage("Not brought up to date: " + "; ".join(errs.values()), 20000)
        for what in ("profile", "people", "index"):
            session.data_changed.emit(what)

    def _failed(exc: BaseException) -> None:
        if isinstance(exc, errors.Cancelled):
            return
        window.statusBar().showMessage("Search by meaning could not be prepared; words still work. "
                                       "Try again from Sources.", 15000)
        errors.show_error(window, exc)

    op.success(_done).failure(_failed)
    window.track(op, label)
    op.signals.progressed.connect(_stage)
    window.job_label.setToolTip("Hearth is preparing search by meaning (and your profile) for the new records. "
                                "Search by words works already.")
    window.derived_op = op
    op.run()
    return op
