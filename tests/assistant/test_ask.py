"""ask(): one engine per question kind (exact, lookup, open, abstain), citations mapped to records,
no unverified text ever shown, saving and cancelling (stub models beside the real one in test_e2e_real)."""

from __future__ import annotations

import pytest

from desktop_app.core.assistant import conversations
from desktop_app.core.assistant.ask import Done, Retrieved, Token, ask, ask_collect
from desktop_app.core.assistant.plan import make_plan
from desktop_app.core.assistant.prompt import FENCE_BEGIN, FENCE_END
from desktop_app.core.errors import Cancelled
from desktop_app.core.llm.engine import StubEngine
from desktop_app.core.privacy.scope import Scope
from desktop_app.core.progress import CancelToken
from tests.assistant.data import write_chat
from tests.assistant.data import Canned, populate, record_id


def test_lookup_answers_with_a_span_of_the_cited_record_and_no_model(vault):
    populate(vault)
    engine = StubEngine()
    events = list(ask(vault, "Where did I move to?", engine=engine))
    assert isinstance(events[0], Retrieved) and isinstance(events[-1], Done)
    answer = events[-1].answer
    tokens = [e.text for e in events if isinstance(e, Token)]
    assert tokens == [answer.text]                   # one checked text, nothing streamed before it
    assert answer.kind == "extractive" and answer.text.startswith("Lisbon")
    cited = [c for c in answer.citations if c.cited]
    assert [c.record_id for c in cited] == [record_id(vault, "Moved to Lisbon")]
    assert f"[{cited[0].n}]" in answer.text and engine.prompts == []
    d = answer.to_dict()
    assert {"text", "citations", "model", "timings", "scope", "plan", "basis"} <= d.keys()
    assert d["plan"]["kind"] == "where" and d["plan"]["subject"]["is_me"]


def test_when_answers_with_the_records_date(vault):
    populate(vault)
    a = ask_collect(vault, "When did I get the new job at Northwind?", engine=None)
    assert a.kind == "extractive" and a.text.startswith("5 January 2020")
    assert [c.record_id for c in a.citations if c.cited] == [record_id(vault, "new job at Northwind")]


def test_when_resolves_what_the_record_says_relative_to_its_own_date(vault):
    import datetime as dt

    from desktop_app.core.domain import Record
    from desktop_app.core.ingest.writer import RecordWriter
    sent = int(dt.datetime(2023, 5, 8, 14, tzinfo=dt.timezone.utc).timestamp() * 1000)
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Alex Doe"])
        w.mark_me("facebook", "Alex Doe")
        w.write([Record("facebook", "post", sent, "Alex Doe", "I went to a pottery workshop yesterday and loved it")])
    a = ask_collect(vault, "When did I go to the pottery workshop?", engine=None)
    assert a.text.startswith("7 May 2023") and "yesterday" in a.basis


def test_nothing_related_declines_without_a_model(vault):
    populate(vault)
    engine = StubEngine()
    a = ask_collect(vault, "xylophone zeppelin quasar", engine=engine)
    assert a.kind == "no_data" and "not in your data" in a.text
    assert not any(c.cited for c in a.citations) and engine.prompts == []


def test_a_record_by_someone_else_is_related_not_the_answer(vault):
    """The swapped-people trap: Maria never got a job at Northwind; I did. The reply declines and
    lists the near record apart, never as the answer."""
    populate(vault)
    a = ask_collect(vault, "What job did Maria get at Northwind?", engine=None)
    assert a.kind == "no_data" and "not in your data" in a.text
    assert a.citations and all(c.related and not c.cited for c in a.citations)
    assert record_id(vault, "new job at Northwind") in {c.record_id for c in a.citations}


def test_a_why_question_about_someone_else_s_story_declines_too(vault):
    """Open questions ("why ...") fall into the same trap: my record tells why *I* took the Northwind
    job; asked of Maria (whose own record only names Northwind), the reply declines instead of
    quoting either, and no model is asked."""
    import datetime as dt

    from desktop_app.core.domain import Record
    from desktop_app.core.ingest.writer import RecordWriter

    t = int(dt.datetime(2023, 5, 8, 14, tzinfo=dt.timezone.utc).timestamp() * 1000)
    rows = [("Maria Lopez", "I walked past the Northwind office today"),
            ("Alex Doe", "I took the new job at Northwind because the team builds weather models, my dream"),
            ("Maria Lopez", "the weather has been awful all week")]
    with vault.transaction():
        w = RecordWriter(vault, owner_names=["Alex Doe"])
        w.mark_me("facebook", "Alex Doe")
        w.write([Record("facebook", "message", t + i * 60_000, who, text, thread_key="facebook:inbox/maria_1",
                        is_mine=who == "Alex Doe") for i, (who, text) in enumerate(rows)])
    engine = StubEngine()
    a = ask_collect(vault, "Why did Maria take the new job at Northwind?", engine=engine)
    assert a.kind == "no_data" and engine.prompts == [], a.text
    assert "Alex" in a.basis or "you" in a.basis


def test_plan_reads_the_owner_and_the_subject(vault):
    populate(vault)
    p = make_plan(vault, "What did Alex tell Maria about the new job in 2020?")
    assert p.subject.is_me and [x.name for x in p.people if not x.is_me] == ["Maria Lopez"]
    assert p.period.label == "in 2020" and "job" in p.terms and "maria" not in p.terms
    assert make_plan(vault, "What did Maria tell me?").subject.name == "Maria Lopez"
    assert make_plan(vault, "How many messages did I send?").kind == "how"   # exact kinds come from the SQL routes


def test_open_answer_keeps_only_sentences_its_records_hold(vault):
    populate(vault)
    engine = Canned("You told Maria you got the new job at Northwind as a data analyst [1]. "
                    "It's a great opportunity to learn and grow in a creative field [1].")
    a = ask_collect(vault, "What did I tell Maria about the new job?", engine=engine)
    assert a.kind == "grounded" and "data analyst" in a.text and "opportunity" not in a.text
    assert record_id(vault, "new job at Northwind") in {c.record_id for c in a.citations if c.cited}
    user = engine.prompts[-1][-1]["content"]
    assert FENCE_BEGIN in user and FENCE_END in user and user.index(FENCE_BEGIN) < user.index("Northwind")


def test_open_answer_without_a_citation_is_attributed(vault):
    populate(vault)
    a = ask_collect(vault, "What did I tell Maria about the new job?",
                    engine=Canned("You said you got the new job at Northwind as a data analyst."))
    cited = [c for c in a.citations if c.cited]
    assert a.kind == "grounded" and len(cited) == 1 and cited[0].attributed
    assert a.text.endswith(f"[{cited[0].n}]")


@pytest.mark.parametrize("reply", [
    "I'm so glad you're enjoying it! It's a great opportunity to learn and grow, and the website has more [1].",
    "[1] 14 Sep 2020, chat with Maria Lopez Maria Lopez: [2]",
    "END UNTRUSTED RECORDS\nQUESTION: what did I tell Maria",
])
def test_unsupported_or_scaffolding_model_text_is_never_shown(vault, reply):
    """The records' own words replace text they do not hold (no 'closest record says', no fences)."""
    populate(vault)
    a = ask_collect(vault, "What did I tell Maria about the new job?", engine=Canned(reply))
    assert a.kind == "extractive" and a.text.startswith("“")
    for bad in ("opportunity", "chat with", "UNTRUSTED", "QUESTION", "closest record"):
        assert bad not in a.text
    assert "new job at Northwind" in a.text and any("not supported" in w for w in a.warnings)


def test_scope_excludes_records(vault):
    populate(vault)
    scope = Scope(excluded_platforms={"facebook"})
    a = ask_collect(vault, "Where did I move to?", engine=None, scope=scope)
    assert all(c.platform != "facebook" for c in a.citations) and a.kind == "no_data"
    assert a.scope["excluded_platforms"] == ["facebook"] and "current scope" in a.text


def test_saved_answer_roundtrip_and_audit(vault):
    populate(vault)
    a = ask_collect(vault, "Where did I move to?", engine=StubEngine())
    got = conversations.get_answer(vault, a.id)
    assert got["text"] == a.text and got["citations"]
    assert [c["record_id"] for c in got["citations"]] == [c.record_id for c in a.citations]
    from desktop_app.core.privacy.audit import records_for_answer
    assert set(records_for_answer(vault, a.id)) == {c.record_id for c in a.citations}


def test_cancel_raises_and_nothing_saved(vault):
    populate(vault)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        list(ask(vault, "What did I tell Maria about the new job?", engine=StubEngine(delay_s=0.01), cancel=token))
    assert conversations.list_conversations(vault) == []


def test_invisible_chars_stripped_from_context(vault):
    from desktop_app.core.domain import Record
    from desktop_app.core.ingest.writer import RecordWriter
    with vault.transaction():
        RecordWriter(vault).write([Record("facebook", "post", 1, "Alex", "hidden\u200b\u202etext\U000e0041 pancakes")])
    engine = StubEngine()
    a = ask_collect(vault, "Tell me about the pancakes", engine=engine)
    user = engine.prompts[-1][-1]["content"]
    assert "pancakes" in user
    assert not any(ch in user for ch in "\u200b\u202e\U000e0041")
    assert not any(ch in a.text for ch in "\u200b\u202e\U000e0041")


def test_ask_prefills_the_fixed_prefix_and_prompts_focused_records(vault):
    populate(vault)
    engine = StubEngine()
    a = ask_collect(vault, "Tell me about my new job at Northwind", engine=engine, save=False)
    pre = engine.prefilled
    assert pre[0]["role"] == "system" and pre[-1] == {"role": "user", "content": FENCE_BEGIN}
    msgs = engine.prompts[-1]
    assert msgs[0] == pre[0]                           # byte-identical system prefix → KV cache reuse
    assert msgs[-1]["content"].startswith(FENCE_BEGIN + "\n")
    assert any("Northwind" in c.text for c in a.citations)
    assert len(a.citations) <= 8



def test_a_record_sharing_no_word_and_little_meaning_never_answers(demo):
    # on the demo archive, ranked first, the packing reply answered "What gift did my grandpa give me?" with
    # "promised Jordan": neither its words nor its meaning (cosine under lookup.SEM_LO) bear on the question
    from desktop_app.core.retrieval.embedder import get_embedder
    from desktop_app.core.retrieval.indexer import embed_pending

    emb = get_embedder()
    embed_pending(demo, embedder=emb)
    a = ask_collect(demo, "What gift did my grandpa give me?", engine=None, embedder=emb)
    assert a.kind == "no_data", a.text


def test_congratulating_tells_of_the_other_persons_news(vault):
    # "congrats on the clothing store!" is the listener's store, as "your store" would be: Tom has none
    write_chat(vault, [("Alex Doe", "Big week here"),
                       ("Tom Baker", "Hey Alex, congrats on the clothing store! The dance studio is on shaky ground right now"),
                       ("Alex Doe", "Thanks Tom!")])
    assert ask_collect(vault, "How is Tom's store doing?", engine=None).kind == "no_data"
    assert "shaky ground" in ask_collect(vault, "How is Tom's dance studio doing?", engine=None).text


def test_a_place_is_never_a_persons_name(vault):
    # "What is the name of Tom's uncle?" answered "Blue Lake": the name after "at" is a place
    write_chat(vault, [("Tom Baker", "Cabin weekend before summer ends? My uncle's place at Blue Lake is free in August."),
                       ("Alex Doe", "YES"), ("Tom Baker", "Blue Lake round two: August 16-18 confirmed with my uncle!")])
    a = ask_collect(vault, "What is the name of Tom's uncle?", engine=None)
    assert a.kind == "no_data", a.text     # nor when another record opens with it: a place there is one here


def test_a_job_title_is_read_where_the_record_gives_it(vault):
    # "hired" and "position" are not the record's words: it tells of the contract; it declined before
    write_chat(vault, [("Tom Baker", "New haircut, who dis"), ("Alex Doe", "looking sharp"),
                       ("Tom Baker", "signed the contract today, I start as a nurse at St. Mary's next month"),
                       ("Tom Baker", "work is crazy this week")])
    a = ask_collect(vault, "What position was Tom hired for?", engine=None)
    assert a.text.startswith("nurse ["), a.text


def test_how_often_is_answered_by_a_frequency(vault):
    write_chat(vault, [("Tom Baker", "Working out together is a great way of bonding as a family."),
                       ("Alex Doe", "we go to the gym three times a week, it keeps us on track")])
    assert ask_collect(vault, "How often does Tom work out with his family?", engine=None).kind == "no_data"  # "together"
    assert "three times a week" in ask_collect(vault, "How often do I go to the gym?", engine=None).text


def test_what_it_was_like_is_answered_by_a_likeness_or_a_feeling(vault):
    write_chat(vault, [("Tom Baker", "When I was younger, my family and I went on a road trip to Oregon"),
                       ("Alex Doe", "nice")])
    a = ask_collect(vault, "What did Tom say it was like being at the waterfall in Oregon?", engine=None)
    assert a.kind == "no_data", a.text                 # "a road trip to Oregon" tells nothing of what it was like
    write_chat(vault, [("Tom Baker", "At the waterfall in Oregon I felt like I was in a fairy tale")])
    b = ask_collect(vault, "What did Tom say it was like being at the waterfall in Oregon?", engine=None)
    assert "fairy tale" in b.text


def test_the_model_announcing_its_answer_is_scaffolding_and_goes(vault):
    populate(vault)
    a = ask_collect(vault, "What did I tell Maria about the new job?",
                    engine=Canned("The user's answer is: you got the new job at Northwind as a data analyst [1]."))
    assert a.kind == "grounded" and a.text.startswith("you got the new job at Northwind"), a.text
    assert "user" not in a.text and "answer is" not in a.text


def test_what_i_told_someone_comes_from_our_conversation_not_a_post_naming_them(demo, monkeypatch):
    # the demo's post "Sunrise at Blue Lake with Sam." names Sam but was told to no one
    from desktop_app.core.assistant import answer_engine

    q = "What did I tell Sam about the sunrise at Blue Lake?"
    a = ask_collect(demo, q, engine=None)
    assert "Sunrise at Blue Lake with Sam" not in (a.text or ""), a.text
    monkeypatch.setattr(answer_engine, "TOLD_TO", False)
    assert "Sunrise at Blue Lake with Sam" in (ask_collect(demo, q, engine=None).text or "")
