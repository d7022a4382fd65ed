"""The LoCoMo miss diagnostic's list reading (tests/locomo/retrieval_eval.py), without the split."""

from __future__ import annotations

from tests.locomo.retrieval_eval import list_places


def test_list_places_names_each_list_rank_and_window():
    lists = [(1.0, [(("r", 5), [5], "keyword"), (("r", 7), [7], "keyword")]),
             (0.1, []),
             (1.5, [(("w", 3), [6, 7, 8], "semantic")])]
    assert list_places(lists, 7) == "L0:keyword w1 @1 L2:semantic w1.5 @0w"
    assert list_places(lists, 5) == "L0:keyword w1 @0"


def test_list_places_says_when_no_list_holds_the_record():
    assert list_places([(1.0, [(("r", 5), [5], "keyword")])], 9) == "in no list"
    assert list_places([], 9) == "in no list"
