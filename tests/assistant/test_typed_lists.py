"""Lists of a known kind gathered over the subject's records: countries, states, cities, instruments."""

from __future__ import annotations

from desktop_app.core.assistant.ask import ask_collect
from desktop_app.core.assistant.typed_lists import list_kind
from tests.assistant.data import write_chat


def test_the_question_names_the_kind_of_its_items():
    assert list_kind("What European countries has Maria been to?") == ("country", "europe")
    assert list_kind("Which cities has Jon visited?") == ("city", None)
    assert list_kind("What instruments does Melanie play?") == ("instrument", None)
    assert list_kind("What exercises has John done?") == ("sport", None)
    assert list_kind("Which country did Jon visit?") is None      # one answer: the usual lookup
    assert list_kind("What did Maria cook?") is None


def test_countries_are_gathered_from_records_telling_of_a_trip(vault):
    write_chat(vault, [("Tom Baker", "We spent a week in Spain last summer, the food was amazing!"),
                   ("Alex Doe", "have you been to Italy?"),
                   ("Tom Baker", "my cousin lives in France"),            # no travel: not a country he went to
                   ("Tom Baker", "Just got back from England, what a trip"),
                   ("Alex Doe", "I visited Portugal in May")])            # the owner's trip, not Tom's
    a = ask_collect(vault, "Which countries has Tom been to?", engine=None)
    assert a.kind == "extractive"
    assert a.text.split(" [")[0] == "Spain, England"
    cited = [c.text for c in a.citations if c.cited]
    assert len(cited) == 2 and "Spain" in cited[0] and "England" in cited[1]


def test_the_owner_asks_of_their_own_trips_and_instruments(vault):
    write_chat(vault, [("Alex Doe", "I visited Portugal in May"), ("Tom Baker", "We spent a week in Spain"),
                   ("Alex Doe", "been practicing the cello every night"), ("Tom Baker", "I play the drums"),
                   ("Alex Doe", "and you finally learned three chords on my guitar!")])   # Tom's doing, not mine
    assert ask_collect(vault, "Which countries have I visited?", engine=None).text.startswith("Portugal [")
    assert ask_collect(vault, "What instruments do I play?", engine=None).text.startswith("cello [")


def test_no_item_falls_back_to_the_usual_lookup(vault):
    write_chat(vault, [("Tom Baker", "the weather has been awful all week")])
    assert ask_collect(vault, "Which countries has Tom been to?", engine=None).kind == "no_data"


def test_a_closed_kind_with_no_item_in_their_records_declines(vault):
    # the general list path answered this with words of the record ("the kids play outside"), and on the
    # demo archive with "I'll drive, you bring the guitar": neither names an instrument Tom plays
    write_chat(vault, [("Tom Baker", "the kids play outside all day now that it's warm"), ("Alex Doe", "lucky you")])
    a = ask_collect(vault, "What instruments does Tom play?", engine=None)
    assert a.kind == "no_data", a.text
