"""Answer spans, rules of session 9: each rule has a test that fails with its switch off; a few more hold a rule's limits."""

from __future__ import annotations

import pytest

from desktop_app.core.assistant import span_cues as SC
from desktop_app.core.assistant import spans as SP
from tests.assistant.test_spans import _span


# Each rule of this session, switched on and off: (switch, question, record, span with it, span without it).
SWITCHED = [
    ("WHERE_PHRASE", "Where is Lena's design internship?",
     "I'm nervous, to be honest. It's a part-time role in the design team of a large bakery.",
     "the design team of a large bakery", ""),
    ("WHAT_FOR", "What did Lena take a trip to Oslo for?",
     "Hi there! Still busy with the shop. Took a quick trip last month to Oslo to rest my head a bit.",
     "rest my head a bit", "a quick trip last month to Oslo to rest my head a bit"),
    ("REASON_AFTER_Q", "Why does Lena think it's important for children to visit old castles?",
     "Picturing an old castle makes me feel small. "
     "It's important for children to remember and honour the people who lived before us.",
     "remember and honour the people who lived before us", "castle makes me feel small"),
    ("INTENT_CLAUSE", "What does Lena plan to do at the launch party of her bakery?",
     "Tomorrow is going to be a great night and I won't forget a moment of it. "
     "I put my heart into this and I want to enjoy every happy minute.",
     "enjoy every happy minute", "put my heart into this and I want to enjoy every happy minute"),
    ("DEED_VERB", "What happened to Lena's brother on the ski trip?",
     "Hey! That ski trip was a lot. We were all shaken when my brother got into a crash. He's fine now.",
     "got into a crash", "a crash"),
    ("QUOTED_TITLE", "What was Lena's favorite film as a kid?",
     'Hands down, I watched "Spirited Away" like fifty times as a kid.',
     "Spirited Away", 'Hands down, I watched "Spirited Away" like fifty times as a kid'),
    ("PARTICLE_LEAD", "What does Lena need to spread the word about for the bake sale?",
     "Thanks! We need to get the word out about the pie contest at the bake sale. Here's the flyer!",
     "the pie contest", "out about the pie contest"),
    ("RELATIVE_CUT", "What setback did Lena face?",
     "Thanks for the tip. By the way, I had a setback. "
     "Last month I hurt my wrist and had to stop knitting, which I use for calm and focus.",
     "hurt my wrist and had to stop knitting", "hurt my wrist and had to stop knitting, which I use for calm and focus"),
    ("SO_BEFORE", "Why did Lena sit with the old man at the station?",
     "For me, it was when I noticed an old man around 80 sitting all alone. He looked so lost. "
     "So, I sat with him and we talked for a while.",
     "looked so lost", "man around 80 sitting all alone"),
    ("BY_MANNER", "How does Lena stay calm before exams?",
     "Honestly it's hard. I stay grounded by writing down three good things each morning, and it helps a lot.",
     "by writing down three good things each morning", "grounded by writing down three good things each morning"),
    ("WHY_AFTER", "Why did Lena feel moved to become a nurse after the visit to the clinic?",
     "I heard some great stories from an old doctor named Peter. Seeing the nurses work so calmly really "
     "filled me with hope. It reminded me why I wanted to become a nurse.",
     "Seeing the nurses work", "an old doctor named Peter"),
    ("CUT_GROW", "What did Lena do to help her town last spring?",
     "I haven't had much time lately. Last spring, I helped repaint a shabby town library back home. "
     "It took ages, but it was worth it.",
     "repaint a shabby town library", "repaint a shabby"),
    ("TO_TAIL", "What is Lena offering to the students at her bakery school?",
     "Besides the baking classes, I'm offering weekend tastings and tours to help students find their own style.",
     "weekend tastings and tours", "weekend tastings and tours to help"),
    ("LEAD_TIME_CLAUSE", "Why did Lena decide to open a second bakery?",
     "Thanks so much! After the first shop took off, we saw the joy it could bring to the whole street.",
     "we saw the joy it could bring to the whole street",
     "After the first shop took off, we saw the joy it could bring to the whole street"),
    ("LEAD_FEELING", "What is Lena's main focus at the bakery?",
     "I'm passionate about baking sourdough and rye for our street. Those are my main focuses.",
     "baking sourdough and rye for our street", "passionate about baking sourdough and rye for our street"),
]


# Session 10's rules that would also change a row's span without the rule: kept off, so each row shows its own rule.
ALSO_OFF = {"WHAT_FOR": ("TIME_CUT",), "QUOTED_TITLE": ("LEAD_CLAUSE",), "LEAD_TIME_CLAUSE": ("LEAD_CLAUSE",)}


@pytest.mark.parametrize("switch, question, text, with_it, without_it", SWITCHED, ids=[c[0] for c in SWITCHED])
def test_each_rule_of_the_session_changes_its_span(switch, question, text, with_it, without_it,
                                                    monkeypatch: pytest.MonkeyPatch):
    for later in ALSO_OFF.get(switch, ()):
        monkeypatch.setattr(SP, later, False)
    kw = {"author": "Lena Park"} if switch == "WHERE_PHRASE" else {}   # the record must come from the one asked of
    assert _span(question, text, people=("Lena",), **kw) == with_it
    monkeypatch.setattr(SP, switch, False)
    assert _span(question, text, people=("Lena",), **kw) == without_it


def test_where_prefers_a_named_place_to_a_phrase():
    assert _span("Where did Lena hide the key?", "I hid it in my boot when we were in Lisbon!",
                 people=("Lena",)) == "Lisbon"


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


def test_an_ing_word_tells_the_cause_of_a_feeling_not_the_feeling(monkeypatch: pytest.MonkeyPatch):
    assert SC.is_feeling("amazed") and not SC.is_feeling("amazing")   # "I was amazed" / "the show was amazing"
    assert SC.is_feeling("heartwarming")                              # held as it is by the list
    monkeypatch.setattr(SC, "FEELING_NOT_ING", False)
    assert SC.is_feeling("amazing")
