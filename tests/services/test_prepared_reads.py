"""The prospect page's reads are compiled once: opening a prospect again runs SQLite's work,
not peewee's building of the same statements; each id still gets its own rows."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import prospect
from touchdesk.domain.timeline import TimelineEntry, TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, EventKind, Outcome
from touchdesk.services.board import load_card
from touchdesk.services.due_steps import DueCounts, due_between, due_counts
from touchdesk.services.timeline import log_touch, reach_summary, timeline
from touchdesk.store.db import database
from touchdesk.store.models import Prospect
from touchdesk.store.prepared import Prepared

START = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def _compiled_during(action) -> int:
    """How many statements peewee compiled while `action` ran."""
    seen = []
    original = database.get_sql_context

    def counting(**options):
        seen.append(1)
        return original(**options)

    database.get_sql_context = counting
    try:
        action()
    finally:
        del database.get_sql_context  # back to the class's own method
        assert database.get_sql_context == original
    return len(seen)


def test_a_prospect_opened_again_compiles_no_timeline_card_or_reach_statement(store):
    ada = prospect("Ada", due=START + timedelta(days=1))
    log_touch(ada, TouchInput(Channel.CALL, START, Direction.OUT, Outcome.NO_ANSWER, "one"))
    bob = prospect("Bob")

    def open_page_reads(pid: int) -> None:
        timeline(pid)
        reach_summary(pid)
        load_card(pid)

    open_page_reads(ada)
    assert _compiled_during(lambda: open_page_reads(bob)) == 0
    assert [e.detail for e in timeline(ada) if e.is_touch] == ["one"]
    assert [e.detail for e in timeline(bob) if e.is_touch] == []
    assert reach_summary(ada).last_attempt == START
    assert reach_summary(bob).last_attempt is None
    assert load_card(ada).prospect_id == ada and load_card(bob).prospect_id == bob


def test_reach_of_a_prospect_that_does_not_exist_is_refused(store):
    with pytest.raises(Prospect.DoesNotExist):
        reach_summary(987_654)


def test_a_prepared_query_must_use_its_id(store):
    with pytest.raises(ValueError, match="does not use its id"):
        Prepared(lambda _pid: Prospect.select(Prospect.id)).run(1)


def test_entries_made_quickly_equal_those_the_constructor_makes():
    touch = {
        "occurred_at": START,
        "detail": "Asked about the pilot",
        "touch_id": 7,
        "channel": Channel.CALL,
        "direction": Direction.OUT,
        "outcome": Outcome.TALKED,
        "attempt": 2,
    }
    event = {"occurred_at": START, "detail": "Qualified", "event_kind": EventKind.STAGE_CHANGED}
    for values in (touch, event):
        quick, made = TimelineEntry.quick(**values), TimelineEntry(**values)
        assert quick == made and hash(quick) == hash(made)
        assert quick.summary() == made.summary()
        # Every field of the dataclass is set, and no other: a new field needs naming there.
        assert set(vars(quick)) == {field.name for field in fields(TimelineEntry)}
        with pytest.raises(FrozenInstanceError):
            quick.detail = "changed"  # type: ignore[misc]


def test_the_prospect_record_and_a_setting_read_again_compile_nothing(store):
    from touchdesk.domain.prospects import ProspectInput
    from touchdesk.services import settings
    from touchdesk.services.prospects import add_prospect, get_prospect, move_to_trash

    ada = add_prospect(
        ProspectInput(
            first_name="Ada",
            last_name="King",
            company="Acme",
            emails=("ada@acme.example", "ada.k@acme.example"),
            phones=("+12025550100",),
            tags=("vip", "board"),
        )
    )
    bob = add_prospect(ProspectInput(first_name="Bob", referrer_id=ada, notes="met at the fair"))
    get_prospect(bob), settings.get("time_zone")  # compiled on first use
    reads = lambda: (get_prospect(ada), get_prospect(bob), settings.get("home_country"))  # noqa: E731
    assert _compiled_during(reads) == 0
    record = get_prospect(bob)
    assert (record.first_name, record.referrer_id, record.referrer_name, record.notes) == (
        "Bob", ada, "Ada King — Acme", "met at the fair",
    )  # fmt: skip
    assert record.created_at.tzinfo is not None and record.deleted_at is None
    first = get_prospect(ada)
    assert first.emails == ("ada@acme.example", "ada.k@acme.example")
    assert first.phones == ("+12025550100",) and first.tags == ("board", "vip")
    move_to_trash(ada)
    assert get_prospect(ada).in_trash


def test_a_due_steps_words_read_again_compile_nothing_and_say_the_same(store):
    from touchdesk.services.board import load_card as card_of
    from touchdesk.services.prospects import get_prospect
    from touchdesk.services.step_words import words_for_step

    ada = prospect("Ada", due=START + timedelta(days=1), channel=Channel.SMS)
    bob = prospect("Bob", due=START + timedelta(days=2), channel=Channel.SMS)
    ada_step, bob_step = card_of(ada).next_step_id, card_of(bob).next_step_id
    first = words_for_step(ada_step, START)
    assert _compiled_during(lambda: words_for_step(bob_step, START, get_prospect(bob))) == 0
    # The record passed and the open step named as read say what reading them again says.
    assert words_for_step(ada_step, START, get_prospect(ada)) == first
    assert words_for_step(ada_step, START, get_prospect(bob)) == first
    assert words_for_step(bob_step, START) == words_for_step(bob_step, START, get_prospect(bob))
    assert "Ada" in first.body


def test_the_stages_and_the_profile_read_again_compile_nothing(store):
    from touchdesk.services import settings
    from touchdesk.services.stages import list_stages

    stages, profile = list_stages(), settings.load_profile()
    assert _compiled_during(lambda: (list_stages(), settings.load_profile())) == 0
    assert list_stages() == stages and settings.load_profile() == profile
    assert len(stages) > 2 and stages == sorted(stages, key=lambda s: (s.position, s.id))


def test_the_minutes_reminder_check_compiles_once_and_keeps_its_edges(store):
    minute = timedelta(minutes=1)
    ada = prospect("Ada", due=START)
    bob = prospect("Bob", due=START + 2 * minute)

    def due(start: datetime, end: datetime) -> list[int]:
        return [step.prospect_id for step in due_between(start, end)]

    assert due(START - minute, START) == []  # the end is left out
    assert due(START, START + minute) == [ada]  # the start is in
    assert _compiled_during(lambda: due(START - minute, START + 3 * minute)) == 0
    assert due(START - minute, START + 3 * minute) == [ada, bob]
    assert due_between(START, START + minute)[0].due_at == START

    # Due at this very minute is due today, not yet overdue; a minute on, it is overdue.
    assert due_counts(START, UTC) == DueCounts(overdue=0, due_today=2)
    assert _compiled_during(lambda: due_counts(START + minute, UTC)) == 0
    assert due_counts(START + minute, UTC) == DueCounts(overdue=1, due_today=1)
    assert due_counts(START + 3 * minute, UTC) == DueCounts(overdue=2, due_today=0)
