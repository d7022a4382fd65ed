"""What follows every finished import, from the CLI or the window: the derived data is brought up
to date, so search by meaning, the profile and people merged across platforms work at once.

Called by ``hearth import`` after a finished import, and by the window on a worker thread (it
takes the usual progress callback and cancel token). Each part runs on its own: a missing
embedding model leaves the profile derived, and the other way round.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, TYPE_CHECKING

from desktop_app.core.errors import Cancelled, KnownError
from desktop_app.core.progress import CancelToken, Progress, no_progress

if TYPE_CHECKING:
    from desktop_app.core.store.vault import Vault

log = logging.getLogger(__name__)


def _stage(progress: Callable[[Progress], None], name: str) -> Callable[[Progress], None]:
    """Progress of one part, under a stage name the user can read ("profile", "search index")."""
    def report(p: Progress) -> None:
        progress(Progress(stage=name, done=p.done, total=p.total, eta_s=p.eta_s, message=p.message or p.stage))
    return report


def refresh_derived(vault: Vault, *, progress: Callable[[Progress], None] = no_progress, cancel: CancelToken | None = None,
                    embedder: Any = None, embed: bool = True) -> dict[str, Any]:
    """Derive the profile (with people merged across platforms), then embed what has no vector yet.

    Args:
        vault: the open vault the import wrote to.
        progress: called with ``Progress`` (stage "profile", then "search index").
        cancel: stops between steps; what was saved stays (each part resumes where it stopped).
        embedder: the sentence embedder to use; default: the installed model (loaded once).
        embed: False leaves the vectors for later (``hearth embed``; ``import --no-embed``).

    Returns:
        ``{"profile": {...} | None, "embedded": {...} | None, "errors": {part: one-line reason}}``.

    Raises:
        Cancelled: when ``cancel`` fired.
    """
    out: dict[str, Any] = {"profile": None, "embedded": None, "errors": {}}
    try:
        from desktop_app.core.profile.derive import derive_profile

        rep = derive_profile(vault, progress=_stage(progress, "profile"), cancel=cancel, merge_people=True)
        out["profile"] = {"facts": sum(rep.get("facts", {}).values()), "merges": len(rep.get("merges", [])),
                          "seconds": rep.get("seconds")}
    except Cancelled:
        raise
    except KnownError as exc:
        out["errors"]["profile"] = exc.user_message
    except Exception as exc:  # noqa: BLE001 - the import itself is done; say what failed, keep going
        log.warning("profile derivation after import failed [%s]", type(exc).__name__)
        out["errors"]["profile"] = f"the profile could not be derived ({type(exc).__name__})"
    if cancel is not None:
        cancel.check()
    if not embed:
        return out
    try:
        from desktop_app.core.retrieval import indexer

        out["embedded"] = indexer.embed_pending(vault, embedder=embedder, progress=_stage(progress, "search index"),
                                                cancel=cancel)
    except Cancelled:
        raise
    except KnownError as exc:  # e.g. the embedding model is not installed
        out["errors"]["embeddings"] = exc.user_message
    except Exception as exc:  # noqa: BLE001
        log.warning("embedding after import failed [%s]", type(exc).__name__)
        out["errors"]["embeddings"] = f"semantic search could not be updated ({type(exc).__name__})"
    return out
