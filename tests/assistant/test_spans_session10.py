"""Answer spans, rules of session 10: each rule has a test that fails with its switch off; a few more hold a rule's limits."""

from __future__ import annotations

import pytest

from desktop_app.core.assistant import spans as SP
from tests.assistant.test_spans import _span


# Each rule of this session, switched on and off: (switch, question, record, span with it, span without it).
SWITCHED = [
    ("COMMENT_CUT", "What sports has Lena tried?",
     "Oh nice! I'm doing fencing and it's making me so much fitter.",
     "fencing", "fencing and it's making"),
    ("FOCUS_NP_VERB", "What types of dance has Lena practiced?",
     "Been busy at the bakery and keeping fit. Just started doing swing dance, it's great.",
     "swing dance", "started doing swing dance"),
    ("PERSON_LIST", "Who helps Lena when she feels low?",
     "Thanks, Tom! My friends, cousins and neighbours keep me going on bad days.",
     "friends, cousins and neighbours", "friends"),
    ("HOW_OFTEN", "How often does Lena go to the lake with her dog?",
     "The dog loves the lake! We don't go often, usually only once or twice a month.",
     "once or twice a month", "often, usually only once or twice a month"),
    ("CUT_GROW_ARTICLE", "What kind of book club did Lena join?",
     "Last month I joined a small online book club and I love it.",
     "a small online book club", "a small online"),
    ("RELATION_BARE", "Who taught Lena to bake?",
     "My grandmother taught me to bake when I was little.",
     "grandmother", "My grandmother"),
    ("ACTIVITY_HEAD", "What activity did Lena and Tom enjoy last autumn?",
     "Tom and I had a great time on our sailing trip last autumn.",
     "sailing", "sailing trip"),
    ("TIME_CUT", "What did Lena do that put a strain on her savings?",
     "Hi Tom, been a while. Had a rough week, my oven broke down last Tuesday on the morning of the fair. "
     "Trying to get it fixed but it's putting a strain on my savings.",
     "my oven broke down", "my oven broke down last Tuesday on the morning of the fair"),
    ("LEAD_CLAUSE", "What did Lena do that upset her neighbours?",
     "Hi Tom! Long story, my dog dug up the whole garden next door. They were not amused.",
     "my dog dug up the whole garden next door", "Long story, my dog dug up the whole garden next door"),
    ("DASH_AFTER_Q", "What cause did the quiz night organized by Lena support?",
     "I set up a quiz night at the pub. It was all for a good cause - to help out the animal shelter on Hill Road. "
     "We raised loads!",
     "the animal shelter on Hill Road", "a good cause - to help out the animal shelter on Hill Road"),
    ("HOW_DOING", "How is Lena's bakery doing?",
     "Hey Tom! The bakery's doing really well! It's a rollercoaster though. How's the garden?",
     "doing really well", "a rollercoaster"),
    ("NAMED_ONLY_FOR_NAMES", "What does Lena value about the sailors' home visit?",
     "I heard some funny stories from an elderly sailor named Henrik. It was sad and lovely at once, but seeing their "
     "humour really lifted me.",
     "heard some funny stories from an elderly sailor named Henrik", "named Henrik"),
    ("SONG_BY", "Which song helps Lena feel brave?",
     'Oh yes! "Fighter" by Christina Aguilera means a lot to me. It is about standing up again.',
     '"Fighter" by Christina Aguilera', "Fighter"),
    ("NAME_WHOLE", "What did Lena do at Silver Creek?", "Silver Creek trip two: we fished all morning!",
     "Silver Creek trip two", "Creek trip two"),
    ("OBJECT_HOW_TO", "What was discussed in Lena's beekeeping class?",
     "Last Monday I went to a beekeeping class and it was great. "
     "They talked about different hive designs and how to safely handle the bees.",
     "different hive designs and how to safely handle the bees", "different hive designs"),
    ("FEELING_BUT", "How did Lena's kids handle the storm?",
     "Thanks! They were scared but we calmed them down and read stories by candlelight.",
     "scared but we calmed them down", "scared"),
]


@pytest.mark.parametrize("switch, question, text, with_it, without_it", SWITCHED, ids=[c[0] for c in SWITCHED])
def test_each_rule_of_the_session_changes_its_span(switch, question, text, with_it, without_it,
                                                    monkeypatch: pytest.MonkeyPatch):
    assert _span(question, text, people=("Lena",)) == with_it
    monkeypatch.setattr(SP, switch, False)
    assert _span(question, text, people=("Lena",)) == without_it


def test_where_stops_before_a_count(monkeypatch: pytest.MonkeyPatch):
    question, text = "Where did Pepper hide the keys?", "Pepper is a menace! He hid the keys in my wellies twice this week."
    assert _span(question, text, author="Lena Park") == "wellies"
    monkeypatch.setattr(SP, "WHERE_STOPS_AT_TIME", False)
    assert _span(question, text, author="Lena Park") == "wellies twice"


def test_only_a_song_is_given_with_its_maker():
    assert SP._ASKS_SONG.search("Which song helps Lena feel brave?")
    assert not SP._ASKS_SONG.search("What was Lena's favorite book as a kid?")   # LoCoMo names no author for a book


def test_a_title_keeps_its_article_when_it_is_capitalised():
    assert _span("What book is Lena reading at the moment?", "Right now I'm reading The Secret Garden, it's so calming.",
                 people=("Lena",)) == "The Secret Garden"


def test_how_often_takes_a_frequency_a_week_too():
    # the time-tail dropper had cut "a week" off as a time said in passing
    assert _span("How often does Lena bake bread at home?", "I bake bread at home a few times a week, it's my therapy.",
                 people=("Lena",)) == "a few times a week"


def test_a_time_of_life_said_in_passing_is_no_part_of_the_answer(monkeypatch: pytest.MonkeyPatch):
    question, text = "How does Lena like to unwind?", "I've been into knitting since I was a teenager and it's been my calm place."
    assert _span(question, text, people=("Lena",)) == "knitting"
    monkeypatch.setattr(SP, "TIME_CUT", False)
    assert _span(question, text, people=("Lena",)) == "knitting since I was a teenager"


def test_a_comment_is_not_cut_off_an_answer_of_only_the_question_words():
    qv = SP.QuestionView({SP.lemma("pots")}, set(), set(), "what")
    assert SP._without_comment("pots, it was fun", qv) == "pots, it was fun"
    assert SP._without_comment("bowls, it was fun", qv) == "bowls"


def test_an_outing_word_stays_after_a_thing_that_is_no_activity():
    assert SP._ACTIVITY_HEAD.sub(r"\1", "a beginner's yoga class") == "a beginner's yoga class"
    assert SP._ACTIVITY_HEAD.sub(r"\1", "our camping trip") == "camping"


def test_a_relation_keeps_a_determiner_that_is_not_the_writers():
    assert SP.person_noun_span("It was a local charity that helped us most.", set()) == "a local charity"
