"""Adapter from the Chat page to ``core.assistant`` (Qt-free): events, conversations, metadata."""

from __future__ import annotations

import inspect
from typing import Any, Iterator

from desktop_app.core.privacy.scope import Scope, describe
from desktop_app.ui import optional

ASK = "desktop_app.core.assistant.ask"
CONV = "desktop_app.core.assistant.conversations"


def available() -> bool:
    return optional.available(ASK) and optional.available("desktop_app.core.llm.engine")


def ask_events(vault, question: str, *, engine: Any, conversation_id: Any = None, cancel: Any = None,
               regenerate: bool = False, answer_id: Any = None, embedder: Any = None) -> Iterator[Any]:
    mod = optional.load(ASK)
    if mod is None:
        from desktop_app.core.errors import KnownError

        raise KnownError("The assistant is not available in this build yet.")
    if regenerate and answer_id is not None and hasattr(mod, "regenerate"):
        extra = {"embedder": embedder} if embedder is not None and _accepts(mod.regenerate, "embedder") else {}
        return mod.regenerate(vault, answer_id, engine=engine, cancel=cancel, **extra)
    fn = mod.ask
    kw: dict[str, Any] = {"engine": engine, "conversation_id": conversation_id}
    if embedder is not None:
        kw["embedder"] = embedder
    params = inspect.signature(fn).parameters
    if "cancel" in params:
        kw["cancel"] = cancel
    if regenerate and "regenerate" in params:
        kw["regenerate"] = True
    return fn(vault, question, **{k: v for k, v in kw.items() if k in params or k in ("engine",)})


def _accepts(fn: Any, name: str) -> bool:
    params = inspect.signature(fn).parameters
    return name in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def is_token(ev: Any) -> bool:
    return isinstance(ev, str) or type(ev).__name__ == "Token"


def token_text(ev: Any) -> str:
    return ev if isinstance(ev, str) else str(getattr(ev, "text", ""))


def _as_dict(obj: Any) -> dict[str, Any]:
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return obj
    to = getattr(obj, "to_dict", None)
    if callable(to):
        return to()
    return {k: getattr(obj, k) for k in dir(obj) if not k.startswith("_") and not callable(getattr(obj, k))}


def citations_of(ev: Any) -> list[dict[str, Any]]:
    out = []
    for i, c in enumerate(getattr(ev, "citations", None) or []):
        d = _as_dict(c)
        d.setdefault("n", i + 1)
        out.append(d)
    return out


def answer_dict(ev: Any) -> dict[str, Any]:
    d = dict(_as_dict(getattr(ev, "answer", None)))
    d["citations"] = [dict(_as_dict(c), n=_as_dict(c).get("n", i + 1)) for i, c in enumerate(d.get("citations") or [])]
    return d


def source_counts(d: dict[str, Any]) -> tuple[int, int]:
    """(sources, records): a source is one citation; a conversation window cites several records.

    The data-use log counts records, the chips count sources: both are shown so they agree.
    """
    cites = d.get("citations") or []
    records = sum(len(c.get("record_ids") or []) or 1 for c in cites)
    return len(cites), records


def sources_text(sources: int, records: int) -> str:
    if not sources:
        return "no sources"
    head = f"{sources} source{'s' if sources != 1 else ''}"
    return head if records == sources else f"{head} ({records} records)"


def describe_meta(d: dict[str, Any]) -> str:
    """The compact footer: sources, model (as people name it), time."""
    from desktop_app.ui.model_names import friendly_name

    cites = d.get("citations") or []
    if cites and all(c.get("related") for c in cites):
        # a decline: the records listed are near the question, not an answer
        parts = [f"{len(cites)} related record{'s' if len(cites) != 1 else ''} (not an answer)"]
    else:
        parts = [sources_text(*source_counts(d))]
    model = d.get("model")
    if model:
        parts.append(friendly_name(str(model)))
    timings = d.get("timings") or {}
    total = timings.get("total_s") or timings.get("total")
    if isinstance(total, (int, float)):
        parts.append(f"{total:.1f} s")
    return " · ".join(parts)


def answer_notes(d: dict[str, Any]) -> list[str]:
    """What the footer shows on demand: the answer's warnings, then the scope it used."""
    from desktop_app.ui.wording import for_window

    notes = [for_window(str(w)[:1].upper() + str(w)[1:]) for w in d.get("warnings") or [] if w]
    scope = d.get("scope")
    if isinstance(scope, dict) and scope:
        try:
            notes.append("Scope: " + describe(Scope.from_dict(scope)))
        except Exception:  # noqa: BLE001 - an older answer's scope format
            notes.append("Scope: as saved")
    else:
        notes.append("Scope: everything you allowed")
    if d.get("model"):
        notes.append(f"Model file: {d['model']}")
    return notes


def list_conversations(vault) -> list[dict[str, Any]]:
    mod = optional.load(CONV)
    if mod is None:
        return []
    for name in ("list_conversations", "list_chats", "conversations"):
        fn = getattr(mod, name, None)
        if callable(fn):
            return [_norm_conv(_as_dict(c)) for c in fn(vault)]
    return []


def _norm_conv(c: dict[str, Any]) -> dict[str, Any]:
    return {"id": c.get("id", c.get("conversation_id")), "title": c.get("title") or c.get("name") or "Untitled chat",
            "updated_ms": c.get("updated_ms") or c.get("updated_at") or c.get("created_at")}


def delete_conversation(vault, conversation_id: Any) -> None:
    mod = optional.load(CONV)
    if mod is not None and hasattr(mod, "delete"):
        mod.delete(vault, conversation_id)


def rename_conversation(vault, conversation_id: Any, title: str) -> None:
    mod = optional.load(CONV)
    if mod is None or not hasattr(mod, "rename"):
        from desktop_app.core.errors import KnownError

        raise KnownError("Renaming chats is not available in this build yet.")
    mod.rename(vault, int(conversation_id), title)


def scope_line(vault) -> str:
    """What the next answer may use, in the words of ``scope.describe``."""
    from desktop_app.core.privacy.scope import load_scope

    return "Answers use: " + describe(load_scope(vault))


def messages(vault, conversation_id: Any) -> list[dict[str, Any]]:
    mod = optional.load(CONV)
    if mod is None:
        return []
    fn = getattr(mod, "get_conversation", None)
    if not callable(fn):
        return []
    out: list[dict[str, Any]] = []
    for a in fn(vault, conversation_id).get("answers", []):
        out.append({"role": "user", "text": a.get("question", "")})
        out.append(dict(a, role="assistant"))
    return out
