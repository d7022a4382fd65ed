"""Query-focused snippets: the answer-bearing line is kept, repeats dropped, budgets held, scope applied."""

from __future__ import annotations

from desktop_app.core.assistant.ask import ask_collect
from desktop_app.core.assistant.focus import SNIPPET_CHARS, focus
from desktop_app.core.assistant.prompt import FENCE_BEGIN
from desktop_app.core.assistant.retrieve import Citation
from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from desktop_app.core.llm.stub import StubEngine
from desktop_app.core.privacy.scope import Scope
from tests.assistant.data import ME, ms, populate

CHAT = ["haha yes", "see you then!", "did you watch the game last night?", "the weather is awful here",
        "signed the contract today, I start as a pilot at Aurora Air next month", "congrats!!",
        "work is crazy this week", "brb"]


def _window(vault) -> list[int]:
    with vault.transaction():
        w = RecordWriter(vault, owner_names=[ME])
        w.mark_me("facebook", ME)
        w.thread_id(Thread("facebook:inbox/jo", "facebook", "Jo Weber", [ME, "Jo Weber"]))
        w.write([Record("facebook", "message", ms(2020, 6, 1, 10) + i * 60000, ME if i % 2 else "Jo Weber", t,
                        thread_key="facebook:inbox/jo", is_mine=bool(i % 2)) for i, t in enumerate(CHAT)])
    return [r for (r,) in vault.query("SELECT id FROM records WHERE thread_id IS NOT NULL ORDER BY ts")]


def _cite(ids: list[int], n: int = 1) -> Citation:
    return Citation(n=n, record_id=ids[0], platform="facebook", kind="message", ts_ms=ms(2020, 6, 1),
                    author="Jo Weber", text="(window)", thread_title="Jo Weber", record_ids=list(ids))


def test_window_cut_to_the_matching_line_and_a_neighbour(vault):
    ids = _window(vault)
    out = focus(vault, "Which airline did Jo start as a pilot at?", [_cite(ids)], scope=Scope())
    assert len(out) == 1
    c = out[0]
    assert "Aurora Air" in c.text and "haha yes" not in c.text
    assert c.record_id == ids[4]                      # the citation opens the answer-bearing message
    assert set(c.record_ids) <= set(ids) and ids[4] in c.record_ids and len(c.record_ids) <= 3
    assert len(c.text) <= SNIPPET_CHARS + 40
    assert c.text.splitlines()[0].startswith(("Jo Weber: ", "me: "))


def test_repeated_lines_are_not_shown_twice_and_numbering_is_dense(vault):
    ids = _window(vault)
    cites = [_cite(ids[2:6], 1), _cite(ids[4:5], 2), _cite(ids[6:8], 3)]
    out = focus(vault, "Where does Jo work as a pilot?", cites, scope=Scope())
    texts = "\n".join(c.text for c in out)
    assert texts.count("Aurora Air") == 1
    assert [c.n for c in out] == list(range(1, len(out) + 1))
    assert len(out) == 2                               # the second only repeated a shown line


def test_long_post_keeps_its_best_sentence(vault):
    text = ("Lovely weekend overall. We walked along the river and had lunch at a small cafe. "
            "The big news: I passed my driving test on the third attempt! Then we watched a film and went to bed. "
            "Sunday was quiet, mostly reading and tidying the flat before the new week started.")
    with vault.transaction():
        RecordWriter(vault, owner_names=[ME]).write([Record("facebook", "post", ms(2021, 1, 2), ME, text, is_mine=True)])
    rid = vault.scalar("SELECT id FROM records WHERE kind = 'post'")
    c = Citation(n=1, record_id=rid, kind="post", ts_ms=ms(2021, 1, 2), author=ME, text=text, record_ids=[rid])
    out = focus(vault, "How many attempts did my driving test take?", [c], scope=Scope())
    assert "third attempt" in out[0].text and len(out[0].text) < len(text)


def test_scope_is_applied_to_the_lines(vault):
    ids = _window(vault)
    scope = Scope(excluded_thread_ids={vault.scalar("SELECT id FROM threads WHERE title = 'Jo Weber'")})
    assert focus(vault, "pilot", [_cite(ids)], scope=scope) == []


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
