"""The words the app offers to say or send."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from touchdesk.domain.vocabulary import Channel
from touchdesk.domain.wording import (
    activity,
    break_up_message,
    invite_sentence,
    spoken_day,
    voicemail_script,
)

MONDAY = date(2026, 11, 23)
LONDON = ZoneInfo("Europe/London")


def test_days_are_spoken_as_people_say_them():
    assert spoken_day(MONDAY, MONDAY) == "today"
    assert spoken_day(date(2026, 11, 24), MONDAY) == "tomorrow"
    assert spoken_day(date(2026, 11, 26), MONDAY) == "on Thursday"
    assert spoken_day(date(2026, 12, 8), MONDAY) == "on Tuesday 8 December"


def test_voicemail_names_the_next_call_time():
    script = voicemail_script("Hannah", "Sam", datetime(2026, 11, 24, 8, 30, tzinfo=LONDON), MONDAY)
    assert script.startswith("Hi Hannah, it's Sam.")
    assert "I'll try you again tomorrow at 8:30." in script


def test_invite_sentence_is_directive_and_names_their_time():
    when = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)
    assert invite_sentence(Channel.CALL, "Progress", when, MONDAY, True) == (
        "I'll put a progress call on both our calendars for tomorrow at 09:00 your time."
    )
    later = datetime(2026, 11, 26, 14, 0, tzinfo=LONDON)
    assert invite_sentence(Channel.VIDEO_CALL, "The pricing update", later, MONDAY, False) == (
        "I'll put a video call about the pricing update on both our calendars for "
        "Thursday at 14:00."
    )


def test_activity_without_purpose_is_the_channel():
    assert activity(Channel.MEETING, "") == "meeting"


def test_break_up_is_respectful_and_leaves_the_door_open():
    message = break_up_message("Ada", "Sam")
    assert message.startswith("Hi Ada,")
    assert "I'll stop here" in message and "glad to pick it up again" in message
    assert message.endswith("Sam")


def test_voicemail_without_the_sellers_name_still_reads_well():
    script = voicemail_script("Jörg", "", datetime(2026, 11, 23, 8, 0, tzinfo=LONDON), MONDAY)
    assert script.startswith("Hi Jörg. Sorry I missed you. I'll try you again today at 8:00.")


def test_a_purpose_that_names_the_activity_is_not_doubled():
    when = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)
    assert invite_sentence(Channel.CALL, "Progress call", when, MONDAY, False) == (
        "I'll put a progress call on both our calendars for tomorrow at 09:00."
    )
