"""ask(): retrieval, fenced prompt, citations mapped to records, no-data answers, saving (stub model)."""

from __future__ import annotations

from desktop_app.core.assistant import conversations
from desktop_app.core.assistant.ask import Done, Retrieved, Token, ask, ask_collect
from desktop_app.core.assistant.prompt import FENCE_BEGIN, FENCE_END
from desktop_app.core.llm.engine import StubEngine
from desktop_app.core.privacy.scope import Scope
from desktop_app.core.progress import CancelToken
from tests.assistant.data import Canned, populate, record_id


def test_events_and_citation(vault):
    populate(vault)
    engine = StubEngine()
    events = list(ask(vault, "What did I tell Maria about the new job at Northwind?", engine=engine))
    assert isinstance(events[0], Retrieved) and isinstance(events[-1], Done)
    assert any(isinstance(e, Token) for e in events)
    answer = events[-1].answer
    job = record_id(vault, "new job at Northwind")
    cited = [c for c in answer.citations if c.cited]
    assert [c.record_id for c in cited] == [job]
    assert f"[{cited[0].n}]" in answer.text
    assert answer.kind == "grounded" and answer.id is not None
    d = answer.to_dict()
    assert {"text", "citations", "model", "model_sha256", "timings", "scope"} <= d.keys()
    assert {"n", "record_id", "platform", "kind", "ts_ms", "author", "snippet"} <= d["citations"][0].keys()
    # the prompt fenced the records as untrusted data
    user = engine.prompts[-1][-1]["content"]
    assert FENCE_BEGIN in user and FENCE_END in user and user.index(FENCE_BEGIN) < user.index("Northwind")


def test_no_data_says_so_without_model(vault):
    populate(vault)
    engine = StubEngine()
    a = ask_collect(vault, "xylophone zeppelin quasar", engine=engine)
    assert a.kind == "no_data" and "could not find" in a.text and not a.citations
    assert engine.prompts == []


def test_scope_excludes_records(vault):
    populate(vault)
    scope = Scope(excluded_platforms={"facebook"})
    a = ask_collect(vault, "new job Northwind", engine=StubEngine(), scope=scope)
    assert all(c.platform != "facebook" for c in a.citations)
    assert a.scope["excluded_platforms"] == ["facebook"]


def test_saved_answer_roundtrip_and_audit(vault):
    populate(vault)
    a = ask_collect(vault, "climbing gym Saturday", engine=StubEngine(), show_prompt=True)
    got = conversations.get_answer(vault, a.id)
    assert got["text"] == a.text and got["model"] == "stub" and got["prompt"]
    assert [c["record_id"] for c in got["citations"]] == [c.record_id for c in a.citations]
    from desktop_app.core.privacy.audit import records_for_answer
    assert set(records_for_answer(vault, a.id)) == {c.record_id for c in a.citations}


def test_cancel_raises_and_nothing_saved(vault):
    populate(vault)
    token = CancelToken()
    gen = ask(vault, "climbing gym Saturday", engine=StubEngine(delay_s=0.01), cancel=token)
    import pytest
    from desktop_app.core.errors import Cancelled
    with pytest.raises(Cancelled):
        for ev in gen:
            if isinstance(ev, Token):
                token.cancel()
    assert conversations.list_conversations(vault) == []


def test_invisible_chars_stripped_from_context(vault):
    from desktop_app.core.domain import Record
    from desktop_app.core.ingest.writer import RecordWriter
    with vault.transaction():
        RecordWriter(vault).write([Record("facebook", "post", 1, "Alex", "hidden\u200b\u202etext\U000e0041 pancakes")])
    engine = StubEngine()
    ask_collect(vault, "pancakes", engine=engine)
    user = engine.prompts[-1][-1]["content"]
    assert "pancakes" in user
    assert not any(ch in user for ch in "\u200b\u202e\U000e0041")


def test_uncited_answer_gets_flagged_attribution(vault):
    populate(vault)

    engine = Canned("It was Maria Lopez who asked when you start at Northwind.")
    a = ask_collect(vault, "Who congratulated me on the new job?", engine=engine)
    cited = [c for c in a.citations if c.cited]
    assert len(cited) == 1 and cited[0].attributed and a.text.endswith(f"[{cited[0].n}]")
    assert cited[0].author == "Maria Lopez"


def test_an_answer_the_records_do_not_hold_becomes_a_quote(vault):
    """Fluent words found in no record shown (the 135M model's habit) are replaced by the top record's words."""
    populate(vault)

    engine = Canned("I'm so glad you're enjoying it! It's a great opportunity to learn and grow in a creative "
                    "field, and the website has more information [1].")
    a = ask_collect(vault, "What did I tell Maria about the new job at Northwind?", engine=engine)
    cited = [c for c in a.citations if c.cited]
    assert len(cited) == 1 and cited[0].attributed
    assert a.text.startswith("The closest record says: “") and a.text.endswith(f"[{cited[0].n}]")
    assert "opportunity" not in a.text and any("closest record" in w for w in a.warnings)
    assert cited[0].record_id == record_id(vault, "new job at Northwind")


def test_an_answer_in_the_records_own_words_is_kept(vault):
    populate(vault)

    engine = Canned("You told Maria about the new job at Northwind [1].")
    a = ask_collect(vault, "What did I tell Maria about the new job at Northwind?", engine=engine)
    assert a.text.startswith("You told Maria") and not any("closest record" in w for w in a.warnings)


def test_an_answer_that_copies_record_headers_becomes_a_quote(vault):
    populate(vault)

    engine = Canned("[1] 14 Sep 2020, chat with Maria Lopez Maria Lopez: [2]")
    a = ask_collect(vault, "What did I tell Maria about the new job at Northwind?", engine=engine)
    assert a.text.startswith("The closest record says: “") and "chat with" not in a.text
