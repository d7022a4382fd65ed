"""Adapter from the Chat page to ``core.assistant`` (Qt-free): events, conversations, metadata."""

from __future__ import annotations

from typing import Any, Iterator

from desktop_app.core.privacy.scope import Scope, describe


# The assistant's modules are imported where they are used: these functions run on the DB and ML
# pools, and importing the assistant on the GUI thread while a page is built stalls the window.
def ask_events(vault, question: str, *, engine: Any, conversation_id: Any = None, cancel: Any = None,
               regenerate: bool = False, answer_id: Any = None, embedder: Any = None) -> Iterator[Any]:
    from desktop_app.core.assistant import ask

    if regenerate and answer_id is not None:
        return ask.regenerate(vault, answer_id, engine=engine, cancel=cancel, embedder=embedder)
    return ask.ask(vault, question, engine=engine, conversation_id=conversation_id, cancel=cancel, embedder=embedder)


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
    from desktop_app.core.assistant import conversations

    return [{"id": c["id"], "title": c["title"] or "Untitled chat", "updated_ms": c["updated_at"] or c["created_at"]}
            for c in conversations.list_conversations(vault)]


def delete_conversation(vault, conversation_id: Any) -> None:
    from desktop_app.core.assistant import conversations

    conversations.delete(vault, conversation_id)


def rename_conversation(vault, conversation_id: Any, title: str) -> None:
    from desktop_app.core.assistant import conversations

    conversations.rename(vault, int(conversation_id), title)


def scope_line(vault) -> str:
    """What the next answer may use, in the words of ``scope.describe``."""
    from desktop_app.core.privacy.scope import load_scope

    return "Answers use: " + describe(load_scope(vault))


def messages(vault, conversation_id: Any) -> list[dict[str, Any]]:
    from desktop_app.core.assistant import conversations

    out: list[dict[str, Any]] = []
    for a in conversations.get_conversation(vault, conversation_id)["answers"]:
        out.append({"role": "user", "text": a.get("question", "")})
        out.append(dict(a, role="assistant"))
    return out
