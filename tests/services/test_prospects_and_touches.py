"""Adding prospects and logging touches keeps the prospect's counters in step."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.query_plans import record_plans
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.services.prospects import ProspectError, add_prospect, count_active
from touchdesk.services.timeline import TouchInput, log_touch
from touchdesk.store.models import ContactPoint, Prospect, ProspectTag, Touch


def test_add_prospect_stores_contacts_and_tags_in_the_first_stage(store):
    pid = add_prospect(
        ProspectInput(
            first_name="Hannah",
            last_name="Whitfield",
            company="Whitfield & Sons",
            emails=("hannah@whitfield.example", "h.w@home.example"),
            phones=("+441632960123",),
            tags=("VIP", " vip ", "Trade show"),
            country_code="gb",
        )
    )
    prospect = Prospect.get_by_id(pid)
    assert prospect.stage.name == "New"
    assert prospect.country_code == "GB"
    emails = [
        p.value
        for p in ContactPoint.select()
        .where(ContactPoint.prospect == pid, ContactPoint.kind == "email")
        .order_by(ContactPoint.position)
    ]
    assert emails == ["hannah@whitfield.example", "h.w@home.example"]
    assert sorted(t.tag for t in ProspectTag.select().where(ProspectTag.prospect == pid)) == [
        "trade show",
        "vip",
    ]
    assert count_active() == 1


def test_a_prospect_without_name_or_company_is_refused_and_nothing_is_written(store):
    with pytest.raises(ProspectError, match="name or a company"):
        add_prospect(ProspectInput(emails=("x@example.com",)))
    assert Prospect.select().count() == 0
    assert ContactPoint.select().count() == 0


def test_logging_touches_numbers_attempts_and_updates_counters(store):
    pid = add_prospect(ProspectInput(first_name="Ada"))
    start = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
    plan = [
        (Direction.OUT, Outcome.NO_ANSWER, 1),
        (Direction.OUT, Outcome.LEFT_VOICEMAIL, 2),
        (Direction.IN, Outcome.REPLIED, None),
        (Direction.OUT, Outcome.NO_ANSWER, 1),
    ]
    for day, (direction, outcome, expected) in enumerate(plan):
        when = start + timedelta(days=day)
        logged = log_touch(pid, TouchInput(Channel.CALL, when, direction, outcome))
        assert logged.attempt == expected
    prospect = Prospect.get_by_id(pid)
    assert prospect.touch_count == 4 == Touch.select().count()
    assert prospect.attempts == 1
    assert prospect.last_touch_at == start + timedelta(days=3)
    assert prospect.last_reached_at == start + timedelta(days=2)


def test_a_naive_time_is_refused_and_nothing_is_written(store):
    pid = add_prospect(ProspectInput(first_name="Ada"))
    with pytest.raises(ValueError, match="time zone"):
        log_touch(pid, TouchInput(Channel.EMAIL, datetime(2026, 11, 2, 9, 0)))
    assert Touch.select().count() == 0
    assert Prospect.get_by_id(pid).touch_count == 0


def test_the_overview_counts_live_prospects_and_the_active_ones_among_them(store):
    from touchdesk.domain.vocabulary import ProspectStatus
    from touchdesk.services.overview import count_prospects, overview
    from touchdesk.services.prospects import move_to_trash
    from touchdesk.services.statuses import set_status

    assert (overview().prospects, overview().active) == (0, 0)
    first = add_prospect(ProspectInput(first_name="Ann", last_name="Lee"))
    add_prospect(ProspectInput(first_name="Bo", last_name="Ek"))
    trashed = add_prospect(ProspectInput(first_name="Cy", last_name="Ng"))
    move_to_trash(trashed)
    set_status(first, ProspectStatus.WON)
    numbers = overview()
    assert (numbers.prospects, numbers.active) == (2, 1)
    assert (numbers.prospects, numbers.active) == (count_prospects(), count_active())
    # The trash is taken off both counts: an active one and a won one in it.
    won_in_trash = add_prospect(ProspectInput(first_name="Di", last_name="Ox"))
    set_status(won_in_trash, ProspectStatus.WON)
    move_to_trash(won_in_trash)
    dormant = add_prospect(ProspectInput(first_name="Ed", last_name="Po"))
    set_status(dormant, ProspectStatus.DORMANT, dormant_until=date(2030, 1, 1))
    numbers = overview()
    assert (numbers.prospects, numbers.active) == (3, 1)
    assert (numbers.prospects, numbers.active) == (count_prospects(), count_active())


def test_the_overview_reads_the_stage_and_status_index_not_the_prospect_table(store, monkeypatch):
    from touchdesk.services.overview import overview

    plans = record_plans(monkeypatch, "SELECT (SELECT COUNT(")
    overview()
    # The active ones are found by stage, not counted row by row over every prospect.
    assert "SEARCH t1 USING COVERING INDEX prospect_stage_id_status (stage_id=? AND status=?)" in (
        plans
    ), plans
    assert not [plan for plan in plans if plan.startswith("SCAN t") and "INDEX" not in plan], plans
