"""A record naming the sibling of the question's word (grandma for grandpa, flood for drought) tells
of something else: the answer declines instead of passing it off."""

from __future__ import annotations

from desktop_app.core.assistant.ask import ask_collect
from desktop_app.core.assistant.contrasts import swapped
from tests.assistant.data import write_chat


def test_a_sibling_word_without_the_asked_one_is_a_swap():
    assert swapped("What was grandpa's gift to Caroline?", "my grandma gave me this necklace")
    assert swapped("How did the drought impact the homes?", "the area was hit by a nasty flood")
    assert swapped("What did Maria bring back from France?", "a painting from my trip to England")
    assert not swapped("What was grandma's gift?", "my grandmother gave me this necklace")   # a synonym
    assert not swapped("What was grandpa's gift?", "grandma and grandpa gave me a necklace")  # both named
    assert not swapped("What did Maria cook?", "made lasagna with my grandma")               # nothing to swap


def test_the_answer_declines_when_the_record_tells_of_the_sibling(vault):
    write_chat(vault, [("Tom Baker", "This necklace was a gift from my grandma in my home country, it stands for love"),
                       ("Alex Doe", "it's beautiful")])
    assert ask_collect(vault, "What was Tom's grandma's gift?", engine=None).kind == "extractive"
    swapped_q = ask_collect(vault, "What was Tom's grandpa's gift?", engine=None)   # answered "grandma in my home country"
    assert swapped_q.kind == "no_data", swapped_q.text


def test_an_open_question_whose_closest_record_tells_of_the_sibling_declines(vault):
    write_chat(vault, [("Tom Baker", "It's important for kids to visit a military memorial, to remember those who served"),
                       ("Alex Doe", "so true"), ("Tom Baker", "our kids are our future, they should have the best")])
    a = ask_collect(vault, "Why does Tom think it's important for kids to visit art galleries?", engine=None)
    assert a.kind == "no_data", a.text
    b = ask_collect(vault, "Why does Tom think it's important for kids to visit a military memorial?", engine=None)
    assert b.kind != "no_data" and "remember" in b.text
