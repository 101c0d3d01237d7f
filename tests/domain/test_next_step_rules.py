"""What a next step must be to be saved: an aware time and a sensible length."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.vocabulary import Channel

WHEN = datetime(2026, 12, 7, 8, 30, tzinfo=ZoneInfo("America/New_York"))
TOO_SHORT_OR_LONG = "A next step lasts between 5 minutes and 8 hours."


@pytest.mark.parametrize(
    ("minutes", "problems"),
    [(4, [TOO_SHORT_OR_LONG]), (5, []), (480, []), (481, [TOO_SHORT_OR_LONG])],
)
def test_a_step_lasts_five_minutes_to_eight_hours(minutes, problems):
    assert NextStepInput(WHEN, Channel.CALL, duration_minutes=minutes).problems() == problems


def test_a_step_needs_a_time_zone():
    naive = NextStepInput(WHEN.replace(tzinfo=None), Channel.CALL, duration_minutes=0)
    assert naive.problems() == ["The time needs a time zone.", TOO_SHORT_OR_LONG]
