"""Life events in other words: a question about work finds "signed the contract, I start as ..."."""

from __future__ import annotations

from desktop_app.core.assistant.ask import ask_collect
from desktop_app.core.assistant.events import related_terms
from desktop_app.core.assistant.words import content_terms
from tests.assistant.data import write_chat


def test_a_question_word_brings_the_other_words_of_its_event():
    rel = related_terms(content_terms("Where is Tom going to work?"))
    assert {"contract", "hir", "employer"} <= set(rel)
    assert "work" not in rel                          # the question's own word is not repeated
    assert related_terms(content_terms("What colour is the sky?")) == []
    assert "dog" not in related_terms(["adopt"])      # event words, not instances ("the dog kept me up")


def test_an_announcement_in_other_words_answers_the_question(vault):
    write_chat(vault, [("Tom Baker", "signed the contract today, I start as a nurse at Riverside Hospital next month"),
                   ("Alex Doe", "congrats!! that's huge"),
                   ("Tom Baker", "the weather has been awful all week"),
                   ("Alex Doe", "I bought a new kettle")])
    a = ask_collect(vault, "Where is Tom going to work?", engine=None)
    assert a.kind == "extractive" and "Riverside Hospital" in a.text
    assert [c.text for c in a.citations if c.cited][0].startswith("signed the contract")


def test_no_event_words_in_the_records_still_declines(vault):
    write_chat(vault, [("Tom Baker", "the weather has been awful all week"), ("Alex Doe", "I bought a new kettle")])
    a = ask_collect(vault, "Where is Tom going to work?", engine=None)
    assert a.kind == "no_data"


def test_a_where_question_passes_over_records_that_hold_its_word_but_no_place(vault):
    # "work is crazy" holds the question's word; only the announcement holds a place: it answers
    write_chat(vault, [("Tom Baker", "work is crazy this week"), ("Alex Doe", "hang in there"),
                   ("Tom Baker", "work is crazy this week, can't wait for friday"),
                   ("Tom Baker", "signed the contract today, I start as a nurse at Riverside Hospital next month"),
                   ("Alex Doe", "congrats!! that's huge"),
                   ("Tom Baker", "big news, we're relocating to Lisbon in the spring")])
    a = ask_collect(vault, "Where is Tom going to work?", engine=None)
    assert a.kind == "extractive" and a.text.startswith("Riverside Hospital"), a.text


def test_a_record_close_in_meaning_but_sharing_no_word_never_gives_the_place(vault):
    # "relocating to Lisbon" is near "going to work" in meaning and holds a place: still no answer
    write_chat(vault, [("Tom Baker", "work is crazy this week"), ("Alex Doe", "hang in there"),
                   ("Tom Baker", "big news, we're relocating to Lisbon in the spring"),
                   ("Alex Doe", "congrats!! that's huge")])
    a = ask_collect(vault, "Where is Tom going to work?", engine=None)
    assert a.kind == "no_data", a.text


def test_a_record_with_the_question_s_words_but_nothing_shaped_like_an_answer_declines(vault):
    # "Must've taken ages" holds "customers" and is Tom's, but no stretch of it says what they should feel
    write_chat(vault, [("Alex Doe", "the new shop looks great"),
                   ("Tom Baker", "Wow, customers! Must've taken ages."),
                   ("Alex Doe", "ha, it did")])
    a = ask_collect(vault, "What did Tom want his customers to feel?", engine=None)
    assert a.kind == "no_data", a.text
    write_chat(vault, [("Tom Baker", "I wanted my customers to feel cozy and comfortable.")])
    a = ask_collect(vault, "What did Tom want his customers to feel?", engine=None)
    assert a.kind == "extractive" and "cozy and comfortable" in a.text


def test_what_someone_told_me_rests_on_their_words_not_mine(vault):
    write_chat(vault, [("Alex Doe", "Blue Lake Cabin"), ("Tom Baker", "how was the drive?"), ("Alex Doe", "long but fine"),
                   ("Tom Baker", "my uncle's cabin at Blue Lake is free in August if you want it")])
    a = ask_collect(vault, "What did Tom tell me about the cabin?", engine=None)
    cited = [c for c in a.citations if c.cited]
    assert cited and all(c.author == "Tom Baker" for c in cited), a.text


def test_a_particular_event_is_the_questions_premise(vault, monkeypatch):
    from desktop_app.core.assistant import events

    write_chat(vault, [("Tom Baker", "Northwind Studio posted a senior designer role. Should I apply?"),
                       ("Alex Doe", "go for it")])
    assert related_terms(content_terms("Where is Tom's internship?")) == []     # its premise: an internship
    assert "internship" in related_terms(content_terms("Where does Tom work?"))  # ... which a job question accepts
    assert ask_collect(vault, "Where is Tom's internship?", engine=None).kind == "no_data"
    monkeypatch.setattr(events, "PARTICULAR", False)
    assert "Northwind Studio" in (ask_collect(vault, "Where is Tom's internship?", engine=None).text or "")
