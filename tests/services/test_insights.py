"""Insights on a known data set built through the services; every figure counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import prospect
from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, MailStatus, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.board import move_to_stage
from touchdesk.services.due_steps import due_between, due_counts
from touchdesk.services.insights import TOUCH_CAP, insights
from touchdesk.services.prospects import add_prospect, move_to_trash
from touchdesk.services.stages import list_stages
from touchdesk.services.statuses import set_status
from touchdesk.services.timeline import log_touch
from touchdesk.store.db import utc_now
from touchdesk.store.models import MailTask

# A Wednesday, years after the test runs: every prospect was created (today) long before it.
NOW = datetime(2031, 3, 12, 15, 0, tzinfo=UTC)


def touch(pid: int, when: datetime, channel: Channel = Channel.CALL) -> None:
    log_touch(pid, TouchInput(channel, when))


def touches(pid: int, n: int, start: datetime) -> None:
    for i in range(n):
        touch(pid, start + timedelta(hours=i))


def decided(n: int, status: ProspectStatus, after: int = 0) -> int:
    """A prospect with n touches, then won or lost (the event is stamped now), then `after`
    touches later than the decision, which must not count."""
    pid = prospect(f"{status.value}{n}")
    touches(pid, n, utc_now() - timedelta(days=30))
    set_status(pid, status)
    touches(pid, after, utc_now() + timedelta(days=1))
    return pid


def mailed(pid: int, when: datetime | None, status: MailStatus = MailStatus.MAILED) -> None:
    # No mail desk service exists yet: the row is written as the mail desk will write it.
    MailTask.create(
        prospect=pid, kind="note", status=status.value, created_at=utc_now(), mailed_at=when
    )


@pytest.fixture
def data(store) -> dict[str, int]:
    stages = {stage.name: stage.id for stage in list_stages()}
    ids: dict[str, int] = {}
    # Decisions: touches before the decision -> 2 won, 5 won, 6 won (+2 after), 12 won, 5 won,
    # 2 lost, 2 lost, 6 lost; and one imported as won with 3 touches and no status event.
    decided(2, ProspectStatus.WON)
    decided(5, ProspectStatus.WON)
    ids["won_six"] = decided(6, ProspectStatus.WON, after=2)
    decided(12, ProspectStatus.WON)
    decided(5, ProspectStatus.WON)
    decided(2, ProspectStatus.LOST)
    decided(2, ProspectStatus.LOST)
    decided(6, ProspectStatus.LOST)
    imported = add_prospect(ProspectInput(first_name="Imported", status=ProspectStatus.WON))
    touches(imported, 3, utc_now() - timedelta(days=10))

    # Active prospects, around NOW.
    a1 = prospect("A1", due=NOW - timedelta(days=1))  # overdue
    touch(a1, NOW - timedelta(days=2))  # Mon 10 Mar: this week
    touch(a1, datetime(2031, 1, 20, 0, 30, tzinfo=UTC), Channel.EMAIL)  # first hour of week 0
    touch(a1, datetime(2031, 1, 19, 23, 30, tzinfo=UTC), Channel.EMAIL)  # before the 8 weeks
    a2 = prospect("A2", due=NOW - timedelta(hours=3))  # overdue
    touch(a2, NOW - timedelta(days=20))  # Thu 20 Feb: stale
    a3 = prospect("A3", due=NOW + timedelta(hours=2))  # due later today
    touch(a3, NOW - timedelta(days=15), Channel.SMS)  # Tue 25 Feb: stale
    move_to_stage(a3, stages["Contacted"])
    a4 = prospect("A4")  # no next step
    touch(a4, NOW - timedelta(days=1, hours=5))
    touch(a4, NOW - timedelta(days=1, hours=3), Channel.MEETING)
    ids["a5"] = prospect("A5")  # no next step, never touched: created long before NOW, stale
    ids["a1"], ids["a2"], ids["a3"] = a1, a2, a3

    trashed = prospect("Trashed", due=NOW - timedelta(days=1))
    touch(trashed, NOW - timedelta(days=1))
    mailed(trashed, datetime(2031, 2, 10, tzinfo=UTC))
    move_to_trash(trashed)

    dormant = prospect("Dormant")
    touch(dormant, datetime(2031, 3, 3, 9, tzinfo=UTC), Channel.LETTER)  # week 6
    touch(dormant, datetime(2030, 12, 1, tzinfo=UTC), Channel.VISIT)  # over 90 days ago
    set_status(dormant, ProspectStatus.DORMANT, dormant_until=date(2031, 6, 1))

    mailed(a1, datetime(2031, 3, 1, 0, 10, tzinfo=UTC))  # March (UTC), February in New York
    mailed(a1, datetime(2031, 2, 28, 23, 50, tzinfo=UTC))
    mailed(a2, datetime(2031, 2, 10, 12, tzinfo=UTC))
    mailed(a2, datetime(2030, 4, 1, 0, 0, tzinfo=UTC))  # the first of the twelve months
    mailed(a3, datetime(2030, 3, 31, 23, 59, tzinfo=UTC))  # thirteen months back
    mailed(a3, None, MailStatus.QUEUED)
    settings.put("target_active", 8)
    return ids


def test_funnel_against_target(data) -> None:
    result = insights(NOW, UTC)
    assert (result.active, result.target, result.gap) == (5, 8, 3)  # A1..A5


def test_which_touch_wins(data) -> None:
    result = insights(NOW, UTC)
    won = {b.touches: b.won for b in result.buckets if b.won}
    lost = {b.touches: b.lost for b in result.buckets if b.lost}
    # The six-touch win had two more touches after it; 12 touches fall in the last bar.
    assert won == {2: 1, 3: 1, 5: 2, 6: 1, TOUCH_CAP: 1}
    assert lost == {2: 2, 6: 1}
    assert [b.touches for b in result.buckets] == list(range(TOUCH_CAP + 1))
    assert result.buckets[-1].label == "10+"
    assert (result.wins, result.losses) == (6, 3)
    # From the fifth touch on: 5, 5, 6 and 12 -> 4 of 6 wins.
    assert result.share_after_fifth == pytest.approx(4 / 6)
    conversion = {b.touches: b.conversion for b in result.buckets}
    assert conversion[2] == pytest.approx(1 / 3)
    assert conversion[3] == 1.0
    assert conversion[5] == 1.0
    assert conversion[6] == pytest.approx(1 / 2)
    assert conversion[TOUCH_CAP] == 1.0
    assert conversion[1] is None
    assert result.conversion == pytest.approx(6 / 9)


def test_follow_up_debt(data) -> None:
    result = insights(NOW, UTC)
    assert result.overdue == 2  # A1, A2; the trashed one does not count
    assert result.without_next_step == 2  # A4, A5
    stale = {row.stage: row.prospects for row in result.stale_by_stage}
    # New: A2 (20 days) and A5 (never touched); Contacted: A3 (15 days). Only open stages.
    assert stale == {"New": 2, "Contacted": 1, "Meeting": 0, "Proposal": 0, "Negotiation": 0}
    assert result.stale == 3
    # With a 16-day threshold A3 (15 days) is no longer stale.
    assert insights(NOW, UTC, stale_days=16).stale == 2


def test_weekly_trend_counts_distinct_prospects_touched(data) -> None:
    result = insights(NOW, UTC)
    assert [w.week_start for w in result.weekly] == [
        date(2031, 1, 20) + timedelta(weeks=n) for n in range(8)
    ]
    # Week 0: A1 (the touch the hour before is outside); 4: A2; 5: A3; 6: Dormant;
    # 7: A1 and A4 (twice, counted once); the trashed prospect's touch is left out.
    assert [w.prospects for w in result.weekly] == [1, 0, 0, 0, 1, 1, 1, 2]


def test_channel_mix_of_the_last_ninety_days(data) -> None:
    result = insights(NOW, UTC)
    assert [(c.channel, c.touches) for c in result.channels] == [
        (Channel.CALL, 3),  # A1, A2, A4
        (Channel.EMAIL, 2),  # A1 twice (January is within 90 days)
        (Channel.LETTER, 1),
        (Channel.MEETING, 1),
        (Channel.SMS, 1),
    ]  # the visit of 1 Dec 2030 is over 90 days old; the decisions' touches are years old


def test_mail_sent_per_month(data) -> None:
    result = insights(NOW, UTC)
    assert [m.month for m in result.mail] == [date(2030, 4, 1)] + [
        date(2030 + (3 + n) // 12, (3 + n) % 12 + 1, 1) for n in range(1, 12)
    ]
    by_month = {m.month: m.mailed for m in result.mail if m.mailed}
    assert by_month == {date(2030, 4, 1): 1, date(2031, 2, 1): 2, date(2031, 3, 1): 1}


def test_months_follow_the_sellers_zone(data) -> None:
    result = insights(NOW, ZoneInfo("America/New_York"))
    # New York is UTC-4 on 12 March 2031: both late-February-UTC letters and the one of
    # 00:10 UTC on 1 March were posted in February there; 1 April 2030 00:00 UTC is March.
    by_month = {m.month: m.mailed for m in result.mail if m.mailed}
    assert by_month == {date(2031, 2, 1): 3}


def test_due_between_and_the_digest_counts(data) -> None:
    assert [s.prospect_id for s in due_between(NOW - timedelta(hours=4), NOW)] == [data["a2"]]
    upcoming = due_between(NOW, NOW + timedelta(hours=3))
    assert [(s.prospect_id, s.name, s.channel) for s in upcoming] == [
        (data["a3"], "A3", Channel.CALL)
    ]
    counts = due_counts(NOW, UTC)
    assert (counts.overdue, counts.due_today) == (2, 1)


def test_an_empty_database_has_no_ratios(store) -> None:
    result = insights(NOW, UTC)
    assert result.wins == 0
    assert result.share_after_fifth is None
    assert result.conversion is None
    assert result.debt == 0
    assert len(result.weekly) == 8 and len(result.mail) == 12


def test_the_weeks_channels_and_decisions_read_touches_from_indexes_never_the_whole_table(store):
    # On a large desk the touch table is hundreds of megabytes: a scan of it made the page
    # grow faster than the desk. SQLite's own plan says which rows each figure reads.
    from touchdesk.services import insights as figures
    from touchdesk.store.db import database

    zone = ZoneInfo("Europe/Berlin")
    for query in (
        figures.weekly_query(NOW, zone),
        figures.channel_query(NOW),
        figures.decisions_query(),
    ):
        sql, params = query.sql()
        plan = [row[3] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]
        touch_aliases = {
            alias for alias in ("t1", "t2", "t3", "t4") if f'"touch" AS "{alias}"' in sql
        }
        for step in plan:
            words = step.split()
            if words[:1] in (["SCAN"], ["SEARCH"]) and words[1] in touch_aliases:
                assert "USING" in step and "INDEX" in step, (step, sql)


def _plan(query) -> list[str]:
    from touchdesk.store.db import database

    sql, params = query.sql()
    return [row[3] for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params)]


def test_the_counts_that_grew_faster_than_the_desk_neither_sort_nor_read_each_row_twice(store):
    # On 100,000 prospects these sorted a million and a half touches by channel, read the
    # prospect table row by row where its (stage, status) index holds the answer, and read
    # each mailed task's prospect: the page took longer per prospect the larger the desk.
    from touchdesk.services import insights as figures

    assert not [step for step in _plan(figures.channel_query(NOW)) if "TEMP B-TREE" in step]
    for query in (figures.active_query(), figures.without_next_step_query()):
        prospect_reads = [
            step
            for step in _plan(query)
            if step.startswith("SCAN t1") and "prospect_in_trash" not in step  # the trash list
        ]
        assert prospect_reads == ["SCAN t1 USING COVERING INDEX prospect_stage_id_status"]
    mail = _plan(figures.mail_query(NOW, UTC))
    assert "SCAN t1" in mail  # the tasks in the table's own order, not the status index's
    assert not [step for step in mail if "INTEGER PRIMARY KEY" in step]  # no prospect row
    stale = _plan(figures.stale_query(NOW, figures.STALE_DAYS))
    assert not [step for step in stale if "prospect_stage_id_status" in step]  # one pass
