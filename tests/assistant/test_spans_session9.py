"""Answer spans, rules of session 9: each rule has a test that fails with its switch off; a few more hold a rule's limits."""

from __future__ import annotations

import pytest

from desktop_app.core.assistant import span_cues as SC
from desktop_app.core.assistant import spans as SP
from tests.assistant.test_spans import _span


def test_where_without_a_named_place_takes_the_phrase_after_in(monkeypatch: pytest.MonkeyPatch):
    question, text = ("Where is Lena's design internship?",
                      "I'm nervous, to be honest. It's a part-time role in the design team of a large bakery.")
    assert _span(question, text, people=("Lena",), author="Lena Park") == "the design team of a large bakery"
    monkeypatch.setattr(SP, "WHERE_PHRASE", False)
    assert _span(question, text, people=("Lena",), author="Lena Park") == ""


def test_where_prefers_a_named_place_to_a_phrase():
    assert _span("Where did Lena hide the key?", "I hid it in my boot when we were in Lisbon!",
                 people=("Lena",)) == "Lisbon"


def test_what_for_asks_for_a_purpose(monkeypatch: pytest.MonkeyPatch):
    question, text = ("What did Lena take a trip to Oslo for?",
                      "Hi there! Still busy with the shop. Took a quick trip last month to Oslo to rest my head a bit.")
    assert _span(question, text, people=("Lena",)).startswith("rest my head")
    monkeypatch.setattr(SP, "WHAT_FOR", False)
    assert not _span(question, text, people=("Lena",)).startswith("rest my head")


def test_why_takes_the_purpose_after_the_question_words_and_to(monkeypatch: pytest.MonkeyPatch):
    question = "Why does Lena think it's important for children to visit old castles?"
    text = ("Picturing an old castle makes me feel small. "
            "It's important for children to remember and honour the people who lived before us.")
    assert _span(question, text, people=("Lena",)) == "remember and honour the people who lived before us"
    monkeypatch.setattr(SP, "REASON_AFTER_Q", False)
    assert _span(question, text, people=("Lena",)) != "remember and honour the people who lived before us"


def test_a_plan_is_the_whole_clause_after_a_word_of_intent(monkeypatch: pytest.MonkeyPatch):
    question = "What does Lena plan to do at the launch party of her bakery?"
    text = ("Tomorrow is going to be a great night and I won't forget a moment of it. "
            "I put my heart into this and I want to enjoy every happy minute.")
    assert _span(question, text, people=("Lena",)) == "enjoy every happy minute"
    monkeypatch.setattr(SP, "INTENT_CLAUSE", False)
    assert _span(question, text, people=("Lena",)) != "enjoy every happy minute"


def test_a_deed_keeps_its_light_verb(monkeypatch: pytest.MonkeyPatch):
    question = "What happened to Lena's brother on the ski trip?"
    text = "Hey! That ski trip was a lot. We were all shaken when my brother got into a crash. He's fine now."
    assert _span(question, text, people=("Lena",)) == "got into a crash"
    monkeypatch.setattr(SP, "DEED_VERB", False)
    assert _span(question, text, people=("Lena",)) == "a crash"


def test_a_quoted_title_answers_a_favourite_film(monkeypatch: pytest.MonkeyPatch):
    question, text = ("What was Lena's favorite film as a kid?",
                      'Hands down, I watched "Spirited Away" like fifty times as a kid.')
    assert _span(question, text, people=("Lena",)) == "Spirited Away"
    monkeypatch.setattr(SP, "QUOTED_TITLE", False)
    assert _span(question, text, people=("Lena",)) != "Spirited Away"


def test_a_purpose_outweighs_the_clause_around_it(monkeypatch: pytest.MonkeyPatch):
    question = "Why does Lena think it's important for children to visit old castles?"
    text = ("Picturing an old castle makes me feel small. "
            "It's important for children to remember and honour the people who lived before us.")
    monkeypatch.setattr(SP, "CUE_WEIGHTS", dict(SP.CUE_WEIGHTS, intent=0.1))   # the weight before session 9
    assert _span(question, text, people=("Lena",)) != "remember and honour the people who lived before us"


def test_where_takes_no_phrase_said_of_another_thing():
    # "at some point" is said of the car, not of the work asked about
    assert _span("Where is Lena going to work?", "work is mad this week, thinking about a new car at some point",
                 people=("Lena",)) == ""


def test_where_takes_no_phrase_from_a_record_missing_the_one_asked_about():
    text = "Biscuit is so funny! He hid his ball in my slipper once!"
    assert "slipper" in _span("Where did Biscuit hide his ball?", text, author="Lena Park")
    assert _span("Where did Pepper hide his ball?", text, author="Lena Park") == ""


def test_a_particle_before_a_preposition_opens_no_span(monkeypatch: pytest.MonkeyPatch):
    question = "What does Lena need to spread the word about for the bake sale?"
    text = "Thanks! We need to get the word out about the pie contest at the bake sale. Here's the flyer!"
    assert _span(question, text, people=("Lena",)) == "the pie contest"
    monkeypatch.setattr(SP, "PARTICLE_LEAD", False)
    assert _span(question, text, people=("Lena",)) == "out about the pie contest"


def test_the_answer_stops_before_which(monkeypatch: pytest.MonkeyPatch):
    question = "What setback did Lena face?"
    text = ("Thanks for the tip. By the way, I had a setback. "
            "Last month I hurt my wrist and had to stop knitting, which I use for calm and focus.")
    assert _span(question, text, people=("Lena",)) == "hurt my wrist and had to stop knitting"
    monkeypatch.setattr(SP, "RELATIVE_CUT", False)
    assert _span(question, text, people=("Lena",)).endswith("which I use for calm and focus")


def test_why_reads_the_sentence_before_a_so(monkeypatch: pytest.MonkeyPatch):
    question = "Why did Lena sit with the old man at the station?"
    text = ("For me, it was when I noticed an old man around 80 sitting all alone. He looked so lost. "
            "So, I sat with him and we talked for a while.")
    assert _span(question, text, people=("Lena",)) == "looked so lost"
    monkeypatch.setattr(SP, "SO_BEFORE", False)
    assert _span(question, text, people=("Lena",)) != "looked so lost"


def test_how_does_she_takes_the_way_after_by(monkeypatch: pytest.MonkeyPatch):
    question = "How does Lena stay calm before exams?"
    text = "Honestly it's hard. I stay grounded by writing down three good things each morning, and it helps a lot."
    assert _span(question, text, people=("Lena",)) == "by writing down three good things each morning"
    monkeypatch.setattr(SP, "BY_MANNER", False)
    assert not _span(question, text, people=("Lena",)).startswith("by ")


def test_why_reads_the_sentence_before_it_reminded_me_why(monkeypatch: pytest.MonkeyPatch):
    question = "Why did Lena feel moved to become a nurse after the visit to the clinic?"
    text = ("I heard some great stories from an old doctor named Peter. Seeing the nurses work so calmly really "
            "filled me with hope. It reminded me why I wanted to become a nurse.")
    assert _span(question, text, people=("Lena",)).startswith("Seeing the nurses")
    monkeypatch.setattr(SP, "WHY_AFTER", False)
    assert "Peter" in _span(question, text, people=("Lena",))


def test_an_ing_word_tells_the_cause_of_a_feeling_not_the_feeling(monkeypatch: pytest.MonkeyPatch):
    assert SC.is_feeling("amazed") and not SC.is_feeling("amazing")   # "I was amazed" / "the show was amazing"
    assert SC.is_feeling("heartwarming")                              # held as it is by the list
    monkeypatch.setattr(SC, "FEELING_NOT_ING", False)
    assert SC.is_feeling("amazing")
