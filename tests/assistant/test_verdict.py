"""Yes/no and either-or verdicts: hedged, resting on a cited record of the person asked about, or
declined (invented sentences in a real SQLCipher vault, no model)."""

from __future__ import annotations

import pytest

from desktop_app.core.assistant.ask import ask_collect
from desktop_app.core.assistant.plan import make_plan
from desktop_app.core.assistant.verdict import options, wants_verdict
from desktop_app.core.domain import Record, Thread
from desktop_app.core.ingest.writer import RecordWriter
from tests.assistant.data import ME, ms, msg, record_id


def _write(vault) -> None:
    threads = [Thread(key="facebook:inbox/sam", platform="facebook", title="Sam Rivera", participants=[ME, "Sam Rivera"]),
               Thread(key="facebook:inbox/maria", platform="facebook", title="Maria Lopez",
                      participants=[ME, "Maria Lopez"])]
    recs = [
        Record(platform="facebook", kind="post", ts_ms=ms(2022, 5, 2), author=ME,
               text="Spent a week in Lisbon, the tiles and the custard tarts were wonderful."),
        Record(platform="facebook", kind="post", ts_ms=ms(2022, 9, 1), author=ME, text="New running shoes arrived."),
        msg("sam", "Sam Rivera", ms(2022, 3, 1), "I never eat sushi, raw fish makes me queasy."),
        msg("sam", ME, ms(2022, 3, 1, 13), "Fair enough, we can get pizza instead."),
        msg("sam", ME, ms(2022, 4, 1), "I baked a sourdough loaf this weekend!"),
        msg("sam", "Sam Rivera", ms(2022, 4, 1, 13), "That sourdough loaf looks amazing."),
        msg("maria", "Maria Lopez", ms(2022, 6, 1), "Our camping trip was a disaster, the tent flooded and we got soaked."),
        msg("maria", ME, ms(2022, 6, 1, 13), "Oh no, that sounds awful."),
        msg("maria", "Maria Lopez", ms(2022, 7, 1), "I ran my first marathon in Berlin last month!"),
        msg("maria", "Maria Lopez", ms(2022, 8, 1), "I play the cello in a community orchestra every Tuesday."),
    ]
    with vault.transaction():
        w = RecordWriter(vault, owner_names=[ME])
        w.mark_me("facebook", ME)
        for t in threads:
            w.thread_id(t)
        w.write(recs)


def _cited(a) -> list[int]:
    return [c.record_id for c in a.citations if c.cited]


@pytest.mark.parametrize("question, opts", [
    ("Would Maria be more interested in going to a national park or a theme park?", ("national park", "theme park")),
    ("Does Sam live close to a beach or the mountains?", ("beach", "mountains")),
    ("did I go to Lisbon or Porto?", ("Lisbon", "Porto")),
    ("Which would Sam prefer, hiking or theme parks?", ("hiking", "theme parks")),
    ("Did Sam and Maria both come?", None),
    ("Is it red, blue, or green?", None),
])
def test_the_two_options_are_read_from_the_question(question, opts):
    assert options(question) == opts


def test_choice_questions_starting_with_what_or_which_want_a_verdict(vault):
    _write(vault)
    assert wants_verdict(make_plan(vault, "Which city did I visit, Lisbon or Porto?"))
    assert wants_verdict(make_plan(vault, "Did I visit Lisbon?"))
    assert not wants_verdict(make_plan(vault, "Which city did I visit?"))


def test_a_choice_takes_the_option_a_record_of_the_person_names(vault):
    _write(vault)
    a = ask_collect(vault, "Did I go to Lisbon or Porto?", engine=None, save=False)
    assert a.kind != "no_data" and a.text.startswith("Likely Lisbon")
    assert "Spent a week in Lisbon" in a.basis
    assert _cited(a) == [record_id(vault, "Spent a week in Lisbon")]
    a = ask_collect(vault, "Did Sam go to Lisbon or Porto?", engine=None, save=False)    # I did, not Sam
    assert "Likely" not in a.text


def test_a_choice_neither_option_of_which_is_in_the_records_is_no_verdict(vault):
    from desktop_app.core.assistant import answer_engine, verdict

    _write(vault)
    a = ask_collect(vault, "Did I go to Madrid or Seville?", engine=None, save=False)
    assert a.kind == "no_data" and "Likely" not in a.text
    plan = make_plan(vault, "Did Maria play the violin or the piano?")   # she plays, but neither of these
    ranked = answer_engine.rank(vault, plan, answer_engine.search_records(vault, plan, scope=None), None)
    assert ranked and verdict.is_choice(plan) and verdict.answer(vault, plan, ranked) is None


def test_a_record_that_says_no_gives_likely_no_and_cites_it(vault):
    _write(vault)
    a = ask_collect(vault, "Would Sam enjoy a sushi dinner?", engine=None, save=False)
    assert a.text.startswith("Likely no")
    assert "never eat sushi" in a.basis          # the record's words the verdict rests on are shown with it
    assert _cited(a) == [record_id(vault, "never eat sushi")]


def test_doing_again_what_went_badly_reads_likely_no(vault):
    _write(vault)
    a = ask_collect(vault, "Would Maria go on another camping trip soon?", engine=None, save=False)
    assert a.text.startswith("Likely no")
    assert _cited(a) == [record_id(vault, "camping trip was a disaster")]


def test_a_record_of_the_person_that_bears_it_out_reads_likely_yes(vault):
    _write(vault)
    a = ask_collect(vault, "Would Maria enjoy playing the cello at a concert?", engine=None, save=False)
    assert a.text.startswith("Likely yes")
    assert _cited(a) == [record_id(vault, "cello in a community orchestra")]


def test_another_persons_story_is_no_verdict(vault):
    _write(vault)       # only Maria ran a marathon
    a = ask_collect(vault, "Did Sam run his first marathon in Berlin?", engine=None, save=False)
    assert a.kind == "no_data" and "Likely" not in a.text


def test_a_remark_on_someone_elses_thing_is_no_evidence_that_the_speaker_did_it(vault):
    _write(vault)       # I baked it; Sam only praised it
    a = ask_collect(vault, "Did Sam bake the sourdough loaf?", engine=None, save=False)
    assert "Likely yes" not in a.text
    assert record_id(vault, "That sourdough loaf looks amazing") not in _cited(a)
