"""The summaries read from a prospect's raw rows say what their entries' summary() says."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.factories import days, prospect
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, EventKind, Outcome
from touchdesk.services.timeline import log_touch, record_event, timeline, timeline_entries

NOW = datetime.now(UTC).replace(microsecond=0)


def test_row_summaries_equal_the_entries_own_for_varied_touches_and_changes(store):
    pid = prospect("Vera", "Varga", "Varga Ltd", due=NOW + days(1), purpose="Demo")
    other = prospect("Otto", "Olsen", "Olsen AB")
    lines = 0
    for channel in Channel:
        for direction in Direction:
            for outcome in (Outcome.NONE, Outcome.NO_ANSWER, Outcome.REPLIED, Outcome.MET):
                lines += 1
                when = NOW - days(400) + days(lines)
                note = f"note {lines}\nwith <b>two</b> lines"
                log_touch(pid, TouchInput(channel, when, direction, outcome, note))
                log_touch(other, TouchInput(channel, when, direction, outcome, "other"))
    record_event(pid, EventKind.STAGE_CHANGED, "Qualified → Proposal")
    record_event(pid, EventKind.STAGE_CHANGED, "")
    for reading in range(2):  # the second from what the first kept
        for someone in (pid, other):
            entries = timeline_entries(someone)
            want = [entry.summary() for entry in timeline(someone)]
            assert entries.summaries(len(entries)) == want, (someone, reading)
            assert entries.summaries(100) == want[:100]
    assert any(text.startswith("#") for text in timeline_entries(pid).summaries(500))
    assert "Stage changed: Qualified → Proposal" in timeline_entries(pid).summaries(500)
