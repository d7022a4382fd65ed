"""Conversations: list, reopen, rename, delete, regenerate, follow-ups, and forgetting cited records."""

from __future__ import annotations

import pytest

from desktop_app.core.assistant import conversations as conv
from desktop_app.core.assistant.ask import Done, ask_collect, regenerate
from desktop_app.core.errors import KnownError
from desktop_app.core.llm.engine import StubEngine
from tests.assistant.data import Canned, populate, record_id


def test_list_rename_reopen_delete(vault):
    populate(vault)
    a = ask_collect(vault, "climbing gym Saturday", engine=StubEngine())
    b = ask_collect(vault, "Happy birthday Sam", engine=StubEngine(), conversation_id=a.conversation_id)
    assert a.conversation_id == b.conversation_id
    lst = conv.list_conversations(vault)
    assert len(lst) == 1 and lst[0]["answers"] == 2 and lst[0]["title"] == "climbing gym Saturday"
    conv.rename(vault, a.conversation_id, "  Sam  chats ")
    got = conv.get_conversation(vault, a.conversation_id)
    assert got["title"] == "Sam chats" and [x["id"] for x in got["answers"]] == [a.id, b.id]
    assert got["answers"][0]["citations"][0]["record_id"] == a.citations[0].record_id
    conv.delete(vault, a.conversation_id)
    assert conv.list_conversations(vault) == []
    assert vault.scalar("SELECT count(*) FROM assistant_citations") == 0
    with pytest.raises(KnownError):
        conv.get_conversation(vault, a.conversation_id)


def test_follow_up_gets_history(vault):
    populate(vault)
    eng = StubEngine()
    a = ask_collect(vault, "Tell me about climbing at the gym on Saturday", engine=eng)
    ask_collect(vault, "Summarize what Sam said about the gym", engine=eng, conversation_id=a.conversation_id)
    from desktop_app.core.assistant.prompt import example_turns

    msgs = eng.prompts[-1]
    roles = [m["role"] for m in msgs]
    n_ex = len(example_turns())    # the fixed worked example comes before the conversation's turns
    assert roles == ["system"] + ["user", "assistant"] * (n_ex // 2) + ["user", "assistant", "user"]
    assert msgs[1 + n_ex]["content"] == "Tell me about climbing at the gym on Saturday"


def test_regenerate_supersedes(vault):
    populate(vault)
    a = ask_collect(vault, "climbing gym Saturday", engine=StubEngine())
    new = [e.answer for e in regenerate(vault, a.id, engine=StubEngine()) if isinstance(e, Done)][0]
    got = conv.get_conversation(vault, a.conversation_id)
    assert [x["id"] for x in got["answers"]] == [new.id]
    assert conv.get_answer(vault, a.id)["superseded_by"] == new.id


def test_forget_hook_removes_citations_and_redacts(vault):
    populate(vault)

    engine = Canned("You wrote: Maria, I got the new job at Northwind as a data analyst! [1]")
    a = ask_collect(vault, "new job Northwind", engine=engine, show_prompt=True)
    rid = record_id(vault, "new job at Northwind")
    assert any(c.record_id == rid for c in a.citations)
    from desktop_app.core.privacy.forget import forget
    forget(vault, record_ids=[rid])
    got = conv.get_answer(vault, a.id)
    assert all(c["record_id"] != rid for c in got["citations"])
    assert "Northwind" not in got["text"] and conv.REDACTED in got["text"]
    assert got["prompt"] is None and got["redacted"]
    assert "Northwind" not in str(vault.query("SELECT * FROM assistant_citations"))


def test_hook_direct_call_counts(vault):
    populate(vault)
    a = ask_collect(vault, "climbing gym Saturday", engine=StubEngine())
    ids = [c.record_id for c in a.citations]
    with vault.transaction():
        counts = conv.on_records_forgotten(vault, ids)
    assert counts["citations"] >= len(ids) and counts["answers_redacted"] == 1
    assert conv.on_records_forgotten(vault, []) == {"citations": 0, "answers_redacted": 0, "prompts_dropped": 0}
