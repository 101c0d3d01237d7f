"""Renumbering many prospects at once (a sync's batch of old emails) leaves the database
exactly as renumbering each of them alone does, whatever their histories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import prospect
from touchdesk.domain.attempts import TouchFacts, attempts_after, next_attempt, resets_attempts
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.services.timeline import recount, recount_many
from touchdesk.store.db import database
from touchdesk.store.models import Prospect, Touch

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)

# (prospect 0-3, channel, direction, outcome, minutes before NOW, in the trash, the attempt
# stored before renumbering: often wrong, as after touches logged without renumbering)
_TOUCH = st.tuples(
    st.integers(0, 3),
    st.sampled_from(list(Channel)),
    st.sampled_from(list(Direction)),
    st.sampled_from(list(Outcome)),
    st.integers(0, 30),
    st.booleans(),
    st.one_of(st.none(), st.integers(0, 5)),
)


@pytest.fixture
def people(store) -> list[int]:
    return [prospect(name) for name in ("Ann", "Bob", "Cat", "Dan")]


def _dump() -> tuple[list[tuple], list[tuple]]:
    """Every touch and the prospects' counters (not the clock of writing)."""
    touches = database.execute_sql("SELECT * FROM touch ORDER BY id").fetchall()
    counters = database.execute_sql(
        "SELECT id, touch_count, attempts, last_touch_at, last_reached_at FROM prospect ORDER BY id"
    ).fetchall()
    return touches, counters


def _as_the_rule_says(prospect_ids: list[int]) -> None:
    """The renumbering written out plainly from the domain's rules, as recount() once did."""
    for prospect_id in prospect_ids:
        rows = list(
            Touch.select()
            .where(Touch.prospect == prospect_id, Touch.deleted_at.is_null())
            .order_by(Touch.occurred_at, Touch.id)
        )
        facts = [
            TouchFacts(Direction(t.direction), Outcome(t.outcome), Channel(t.channel)) for t in rows
        ]
        running = 0
        for row, touch in zip(rows, facts, strict=True):
            Touch.update(attempt=next_attempt(running, touch)).where(Touch.id == row.id).execute()
            running = attempts_after(running, touch)
        reached = [t.occurred_at for t, f in zip(rows, facts, strict=True) if resets_attempts(f)]
        Prospect.update(
            touch_count=len(rows),
            attempts=running,
            last_touch_at=rows[-1].occurred_at if rows else None,
            last_reached_at=reached[-1] if reached else None,
        ).where(Prospect.id == prospect_id).execute()


def _renumbered(way) -> tuple[list[tuple], list[tuple]]:
    with database.atomic() as transaction:
        way()
        dump = _dump()
        transaction.rollback()
    return dump


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_TOUCH, max_size=25), st.sets(st.integers(0, 3)))
def test_many_prospects_renumbered_at_once_are_renumbered_as_one_by_one(people, touches, which):
    chosen = [people[index] for index in which]
    with database.atomic() as transaction:
        for who, channel, direction, outcome, minutes, trashed, attempt in touches:
            when = NOW - timedelta(minutes=minutes)  # ties: the order falls back on the id
            Touch.insert(
                prospect=people[who],
                channel=channel.value,
                direction=direction.value,
                outcome=outcome.value,
                occurred_at=when,
                attempt=attempt,
                created_at=NOW,
                deleted_at=NOW if trashed else None,
            ).execute()
        Prospect.update(touch_count=7, attempts=3, last_touch_at=NOW).execute()  # stale
        alone = _renumbered(lambda: [recount(prospect_id) for prospect_id in sorted(chosen)])
        together = _renumbered(lambda: recount_many(chosen))
        ruled = _renumbered(lambda: _as_the_rule_says(chosen))
        transaction.rollback()
    assert together == alone == ruled
