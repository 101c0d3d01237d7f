"""Slot rules: their day, their holidays, daylight saving, and never late on a Friday."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from touchdesk.domain.timing import (
    SlotRule,
    allowed,
    first_slot_on_or_after,
    holiday_name,
    is_working_day,
    quick_picks,
    rule_for,
    slots,
    suggest,
)
from touchdesk.domain.vocabulary import Channel

NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")
BERLIN = ZoneInfo("Europe/Berlin")


def local(slots, zone=None):
    return [(s.at.astimezone(zone) if zone else s.at).strftime("%a %d %b %H:%M") for s in slots]


def test_emails_go_at_half_past_eight_or_one_in_their_day():
    tuesday_morning = datetime(2026, 11, 24, 7, 0, tzinfo=LONDON)
    assert local(suggest(tuesday_morning, SlotRule.EMAIL, LONDON, "GB")) == [
        "Tue 24 Nov 08:30",
        "Tue 24 Nov 13:00",
        "Wed 25 Nov 08:30",
    ]


def test_the_slot_is_their_wall_clock_whatever_the_sellers_zone():
    seller_now = datetime(2026, 11, 24, 1, 0, tzinfo=NEW_YORK)  # already 15:00 in Tokyo
    slots = suggest(seller_now, SlotRule.EMAIL, TOKYO, "JP", count=1)
    assert local(slots) == ["Wed 25 Nov 08:30"]
    assert slots[0].at.astimezone(UTC) == datetime(2026, 11, 24, 23, 30, tzinfo=UTC)


def test_nothing_late_on_a_friday_and_the_weekend_is_skipped():
    friday_noon = datetime(2026, 11, 27, 12, 30, tzinfo=BERLIN)
    assert local(suggest(friday_noon, SlotRule.EMAIL, BERLIN, "DE", count=2)) == [
        "Fri 27 Nov 13:00",
        "Mon 30 Nov 08:30",
    ]
    friday_afternoon = datetime(2026, 11, 27, 13, 30, tzinfo=BERLIN)
    assert local(suggest(friday_afternoon, SlotRule.MEETING, BERLIN, "DE", count=1)) == [
        "Mon 30 Nov 10:00"
    ]
    assert not allowed(time(14, 0), 4) and allowed(time(14, 0), 3)


def test_end_of_day_calls_stop_at_four_and_never_on_friday():
    thursday = datetime(2026, 11, 26, 9, 0, tzinfo=LONDON)
    assert local(suggest(thursday, SlotRule.END_OF_DAY_CALL, LONDON, "GB", count=2)) == [
        "Thu 26 Nov 16:00",
        "Mon 30 Nov 16:00",
    ]


def test_public_holidays_of_their_country_are_skipped():
    # Thanksgiving (US) is Thursday 26 November 2026; the UK works that day.
    wednesday_evening = datetime(2026, 11, 25, 18, 0, tzinfo=NEW_YORK)
    assert local(suggest(wednesday_evening, SlotRule.CALL, NEW_YORK, "US", count=1)) == [
        "Fri 27 Nov 08:00"
    ]
    assert local(
        suggest(datetime(2026, 11, 25, 18, 0, tzinfo=LONDON), SlotRule.CALL, LONDON, "GB", count=1)
    ) == ["Thu 26 Nov 08:00"]
    assert holiday_name(date(2026, 11, 26), "US") == "Thanksgiving Day"
    assert not is_working_day(date(2026, 12, 25), "DE")
    assert not is_working_day(date(2026, 11, 23), "JP")  # Labour Thanksgiving Day


def test_an_unknown_country_skips_weekends_only():
    assert is_working_day(date(2026, 12, 25), "")
    assert is_working_day(date(2026, 12, 25), "XQ")
    assert not is_working_day(date(2026, 12, 26), "XQ")


def test_daylight_saving_change_keeps_the_wall_clock():
    # New York springs forward on Sunday 8 March 2026.
    friday = datetime(2026, 3, 6, 17, 0, tzinfo=NEW_YORK)
    monday = suggest(friday, SlotRule.EMAIL, NEW_YORK, "US", count=1)[0]
    assert monday.at.strftime("%a %d %H:%M") == "Mon 09 08:30"
    assert monday.at.astimezone(UTC).hour == 12  # EDT is UTC-4; it was 13:30 UTC the week before
    before = suggest(
        datetime(2026, 3, 2, 7, 0, tzinfo=NEW_YORK), SlotRule.EMAIL, NEW_YORK, "US", count=1
    )[0]
    assert before.at.astimezone(UTC).strftime("%H:%M") == "13:30"


def test_quick_picks_land_on_the_first_good_slot_of_that_day():
    saturday = datetime(2026, 11, 21, 10, 0, tzinfo=LONDON)
    picks = dict(quick_picks(saturday, SlotRule.CALL, LONDON, "GB"))
    assert local([picks["Tomorrow"]]) == ["Mon 23 Nov 08:00"]  # Sunday is skipped
    assert local([picks["Next week"]]) == ["Mon 30 Nov 08:00"]
    christmas = first_slot_on_or_after(date(2026, 12, 25), SlotRule.EMAIL, LONDON, "GB")
    assert local([christmas]) == ["Tue 29 Dec 08:30"]  # Boxing Day is observed on the 28th


@pytest.mark.parametrize(
    ("channel", "rule"),
    [
        (Channel.EMAIL, SlotRule.EMAIL),
        (Channel.CALL, SlotRule.CALL),
        (Channel.VIDEO_CALL, SlotRule.MEETING),
        (Channel.NOTE, SlotRule.ANY),
    ],
)
def test_each_channel_has_a_default_rule(channel, rule):
    assert rule_for(channel) is rule


def test_holiday_names_and_plain_days():
    assert holiday_name(date(2026, 11, 26), "us") == "Thanksgiving Day"
    assert holiday_name(date(2027, 11, 25), "US") == "Thanksgiving Day"  # any year
    assert holiday_name(date(2026, 11, 27), "US") == ""
    assert holiday_name(date(2026, 11, 26), "") == ""


def test_a_slot_exactly_at_the_moment_given_is_not_offered_again():
    zone = ZoneInfo("America/New_York")
    at_0830 = datetime(2026, 12, 7, 8, 30, tzinfo=zone)
    first = next(slots(at_0830, SlotRule.EMAIL, zone, "US"))
    assert first.at == datetime(2026, 12, 7, 13, 0, tzinfo=zone) and first.rule is SlotRule.EMAIL


def test_a_late_morning_skips_past_times_but_not_the_rest_of_the_day():
    zone = ZoneInfo("America/New_York")
    found = suggest(datetime(2026, 12, 7, 9, 0, tzinfo=zone), SlotRule.CALL, zone, "US", 2)
    assert [s.at.time() for s in found] == [time(12, 0), time(8, 0)]


def test_quick_picks_read_the_day_in_their_zone_and_keep_their_holidays():
    tokyo = ZoneInfo("Asia/Tokyo")
    # Sunday 22 Nov 23:30 UTC is Monday morning in Tokyo; Labour Thanksgiving is Monday 23rd.
    now = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)
    picks = dict(quick_picks(now, SlotRule.CALL, tokyo, "JP"))
    assert picks["Tomorrow"].at == datetime(2026, 11, 24, 8, 0, tzinfo=tokyo)
    assert picks["Tomorrow"].rule is SlotRule.CALL
    none = first_slot_on_or_after(date(2026, 11, 23), SlotRule.CALL, tokyo, "JP")
    assert none.at == datetime(2026, 11, 24, 8, 0, tzinfo=tokyo)


def test_friday_limits_at_their_edges():
    assert allowed(time(13, 0), 4) and not allowed(time(13, 1), 4)
    assert allowed(time(16, 0), 3) and not allowed(time(16, 1), 3)
