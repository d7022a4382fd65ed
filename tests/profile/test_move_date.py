"""The profile writes the one known move date that search reads for "before/after I moved"."""

from __future__ import annotations

import datetime as dt

from desktop_app.core.profile.move import MOVE_SETTING, update_move_date


def _ms(y: int, m: int, d: int) -> int:
    return int(dt.datetime(y, m, d, tzinfo=dt.timezone.utc).timestamp() * 1000)


def test_persona_move_date_feeds_search_dates(pvault):
    from desktop_app.core.retrieval.dates import extract_dates

    value = pvault.get_setting(MOVE_SETTING)
    # The city change (2019-06-01) and the "We moved to Lisbon!" post the day after are one move.
    assert value["date"] == "2019-06-01" and value["derived"] and value["evidence"]
    rest, hint = extract_dates("hiking photos before I moved", vault=pvault)
    assert rest == "hiking photos" and hint.date_to_ms == _ms(2019, 6, 1) and hint.date_from_ms is None


def test_forgetting_the_evidence_drops_the_move_date(pvault):
    from desktop_app.core.privacy.forget import forget

    ids = pvault.get_setting(MOVE_SETTING)["evidence"]
    forget(pvault, record_ids=ids)
    assert pvault.get_setting(MOVE_SETTING) is None


def test_hidden_move_or_two_moves_give_no_date(pvault):
    from desktop_app.core.profile import facts

    move = next(f for f in facts.list_(pvault, kinds=["life_event"]) if f.key == "moved:lisbon")
    facts.hide(pvault, move.id)
    assert update_move_date(pvault) is None and pvault.get_setting(MOVE_SETTING) is None
    facts.unhide(pvault, move.id)
    assert update_move_date(pvault) == "2019-06-01"
    facts.add(pvault, "life_event", "moved:berlin", {"type": "moved", "what": "Berlin", "ts": _ms(2022, 3, 1)},
              label="Moved to Berlin (2022)")
    assert update_move_date(pvault) is None   # which move? ambiguous: no date filter


def test_a_move_date_set_by_hand_is_kept(pvault):
    pvault.set_setting(MOVE_SETTING, "2020-01-15")
    assert update_move_date(pvault) is None
    assert pvault.get_setting(MOVE_SETTING) == "2020-01-15"
