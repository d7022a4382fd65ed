"""The background embedding job: resumable, cancellable, incremental.

Its state is simply which units have a vector for the current model, so a crash or a quit
loses at most the batch in flight, and a re-import embeds only the new records (and the
windows they changed). Search keeps working keyword-only meanwhile and says so.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Callable

from desktop_app.core.progress import CancelToken, EtaEstimator, Progress, no_progress
from desktop_app.core.retrieval import index as units
from desktop_app.core.retrieval.vectors import vector_blob

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from desktop_app.core.retrieval.embedder import Embedder
    from desktop_app.core.store.vault import Vault

MODEL_KEY = "retrieval.model"
DEFAULT_MODEL = "all-MiniLM-L6-v2"
BATCH = 256
PUBLISH_EVERY = 4096   # units between index refreshes visible to searches running meanwhile


STATE_KEY = "retrieval.state"


def state(vault: Vault) -> dict[str, Any]:
    """What the last sync/embed left: units known, pending, the highest record id cut into units."""
    return dict(vault.get_setting(STATE_KEY, {}) or {})


def _save_state(vault: Vault, **kw: Any) -> None:
    st = state(vault)
    st.update(kw)
    vault.set_setting(STATE_KEY, st)


def looks_pending(vault: Vault, st: dict[str, Any] | None = None) -> bool:
    """Cheap check for search: new records since the last sync, or units left to embed."""
    st = state(vault) if st is None else st
    top = vault.scalar("SELECT max(id) FROM records") or 0
    return int(st.get("pending", 0)) > 0 or int(top) > int(st.get("synced_max_record", 0))


def current_model(vault: Vault) -> str:
    return str(vault.get_setting(MODEL_KEY, DEFAULT_MODEL) or DEFAULT_MODEL)


def _missing_sql() -> str:
    return ("FROM retrieval_units u WHERE NOT EXISTS (SELECT 1 FROM retrieval_vectors v"
            " WHERE v.unit_id = u.id AND v.model = ?)")


def pending_count(vault: Vault, model: str | None = None) -> int:
    """Units without a vector for the model, plus records not yet cut into units."""
    model = model or current_model(vault)
    return int(vault.scalar(f"SELECT count(*) {_missing_sql()}", (model,))) + units.unsynced_count(vault)


def status(vault: Vault, model: str | None = None) -> dict[str, int | str]:
    model = model or current_model(vault)
    total = int(vault.scalar("SELECT count(*) FROM retrieval_units")) + units.unsynced_count(vault)
    done = int(vault.scalar("SELECT count(*) FROM retrieval_vectors WHERE model = ?", (model,)))
    return {"model": model, "units_total": total, "units_embedded": done, "pending": max(0, total - done)}


def embed_pending(vault: Vault, *, embedder: Embedder | None = None, progress: Callable[[Progress], None] = no_progress,
                  cancel: CancelToken | None = None, batch: int = BATCH) -> dict[str, Any]:
    """Embed every unit that has no vector yet; return counts and throughput (no text)."""
    if embedder is None:
        from desktop_app.core.retrieval.embedder import get_embedder

        embedder = get_embedder()
    t0 = time.perf_counter()
    progress(Progress("Preparing search index"))
    synced = units.sync_units(vault)
    if current_model(vault) != embedder.name:
        vault.set_setting(MODEL_KEY, embedder.name)
    todo = [u for (u,) in vault.query(f"SELECT u.id {_missing_sql()} ORDER BY u.id", (embedder.name,))]
    total = len(todo)
    _save_state(vault, pending=total, units=int(vault.scalar("SELECT count(*) FROM retrieval_units")),
                synced_max_record=int(vault.scalar("SELECT coalesce(max(id), 0) FROM records")))
    eta = EtaEstimator()
    done = since_publish = 0
    try:
        for i in range(0, total, batch):
            if cancel is not None:
                cancel.check()
            chunk = todo[i:i + batch]
            texts = units.unit_texts(vault, chunk)
            ids = [u for u in chunk if u in texts]  # a unit forgotten meanwhile has no text: skip it
            vecs: NDArray[np.float32] | list[NDArray[np.float32]] = \
                embedder.encode([texts[u] for u in ids]) if ids else []
            with vault.transaction():
                vault.conn.executemany(
                    "INSERT OR REPLACE INTO retrieval_vectors(unit_id, model, dim, vec) SELECT ?, ?, ?, ?"
                    " WHERE EXISTS (SELECT 1 FROM retrieval_units WHERE id = ?)",
                    [(u, embedder.name, int(v.shape[0]), vector_blob(v), u) for u, v in zip(ids, vecs)])
                since_publish += len(ids)
                _save_state(vault, pending=max(0, total - done - len(chunk)))
                if since_publish >= PUBLISH_EVERY:
                    units.bump_generation(vault)
                    since_publish = 0
            done += len(chunk)
            progress(Progress("Embedding for semantic search", done=done, total=total, eta_s=eta.eta(done, total)))
    finally:
        if done:
            units.bump_generation(vault)
    secs = time.perf_counter() - t0
    return {"ok": True, "model": embedder.name, "embedded": done, "pending": pending_count(vault, embedder.name),
            "seconds": round(secs, 2), "units_per_s": round(done / secs, 1) if secs > 0 else None, **synced}
