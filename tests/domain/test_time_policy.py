"""The one time policy, on named cases: sellers and prospects in different zones, holidays,
clock changes, snoozing on a Friday and typed times that break a rule."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from touchdesk.domain.time_policy import (
    ProspectDay,
    SellerDay,
    country_for,
    prospect_breaks,
    seller_breaks,
    snooze_choices,
    suggest,
    warning,
)
from touchdesk.domain.vocabulary import Channel

CHICAGO, BERLIN, TOKYO = (
    ZoneInfo("America/Chicago"),
    ZoneInfo("Europe/Berlin"),
    ZoneInfo("Asia/Tokyo"),
)
NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")

chicago_seller = SellerDay(CHICAGO)
FRIDAY_1530 = datetime(2026, 12, 4, 15, 30, tzinfo=CHICAGO)


def at(zone, *args) -> datetime:
    return datetime(*args, tzinfo=zone)


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.CALL])
@pytest.mark.parametrize("zone", [BERLIN, TOKYO], ids=["Berlin", "Tokyo"])
def test_a_chicago_seller_on_friday_afternoon_never_gets_a_night_time_unmarked(channel, zone):
    prospect = ProspectDay(zone, country_for("", zone.key))
    found = suggest(FRIDAY_1530, channel, prospect, chicago_seller)
    assert found, "a slot is always offered"
    for suggestion in found:
        assert not prospect_breaks(suggestion.at, prospect)
        assert suggestion.outside_hours == (not chicago_seller.fits(suggestion.at))
    # Neither Berlin's nor Tokyo's mornings and noons meet 08:00-17:00 in Chicago: one slot,
    # marked, the nearest to the seller's day.
    assert len(found) == 1 and found[0].outside_hours
    assert "outside your hours" in found[0].label(chicago_seller)


def test_the_marked_slot_is_the_one_nearest_the_sellers_day():
    berlin = ProspectDay(BERLIN, "DE")
    (best,) = suggest(FRIDAY_1530, Channel.EMAIL, berlin, chicago_seller)
    # 13:00 in Berlin is 06:00 in Chicago, nearer 08:00 than 08:30 in Berlin (01:30).
    assert best.at == at(BERLIN, 2026, 12, 7, 13, 0)
    assert best.at.astimezone(CHICAGO).time() == time(6, 0)


def test_slots_that_fit_both_days_come_first_and_unmarked():
    london = ProspectDay(LONDON, "GB")
    early_riser = SellerDay(CHICAGO, start=time(7, 0))
    found = suggest(FRIDAY_1530, Channel.EMAIL, london, early_riser)
    # 13:00 in London is 07:00 in Chicago in December.
    assert [s.at for s in found][:2] == [
        at(LONDON, 2026, 12, 7, 13, 0),
        at(LONDON, 2026, 12, 8, 13, 0),
    ]
    assert not any(s.outside_hours for s in found)


def test_thanksgiving_2026_is_skipped_for_a_us_prospect():
    ohio = ProspectDay(NEW_YORK, "US")
    seller = SellerDay(NEW_YORK)
    wednesday_evening = at(NEW_YORK, 2026, 11, 25, 17, 0)
    first = suggest(wednesday_evening, Channel.CALL, ohio, seller)[0]
    assert first.at == at(NEW_YORK, 2026, 11, 27, 8, 0)  # Friday, not Thanksgiving Thursday
    note = warning(at(NEW_YORK, 2026, 11, 26, 19, 0), Channel.CALL, ohio, seller)
    assert "Thanksgiving" in note and "United States" in note and "after 16:00" in note


def test_a_japanese_prospect_without_a_country_keeps_japans_holidays_not_the_sellers():
    assert country_for("", "Asia/Tokyo") == "JP"
    assert country_for("de", "Asia/Tokyo") == "DE"
    assert country_for("", "") == ""
    tokyo = ProspectDay(TOKYO, country_for("", "Asia/Tokyo"))
    night_owl = SellerDay(NEW_YORK, start=time(0, 0), end=time(23, 59), days=frozenset(range(7)))
    # Thursday 26 November 2026 is US Thanksgiving, an ordinary day in Tokyo.
    first = suggest(at(TOKYO, 2026, 11, 26, 0, 1), Channel.CALL, tokyo, night_owl)[0]
    assert first.at == at(TOKYO, 2026, 11, 26, 8, 0)
    # Monday 23 November is Labour Thanksgiving Day in Japan.
    assert "public holiday in Japan" in " ".join(
        prospect_breaks(at(TOKYO, 2026, 11, 23, 10, 0), tokyo)
    )


def test_march_clock_change_keeps_their_wall_clock_and_moves_the_overlap():
    london = ProspectDay(LONDON, "GB")
    # 13:00 in London is 07:00 in Chicago until the US moves its clocks on 8 March 2026...
    before = suggest(at(CHICAGO, 2026, 2, 27, 15, 30), Channel.EMAIL, london, chicago_seller)
    assert len(before) == 1 and before[0].outside_hours
    # ...then 08:00 in Chicago until the UK follows on 29 March: the slot fits the seller.
    during = suggest(at(CHICAGO, 2026, 3, 6, 15, 30), Channel.EMAIL, london, chicago_seller)
    assert during[0].at == at(LONDON, 2026, 3, 9, 13, 0) and not during[0].outside_hours
    assert during[0].at.astimezone(CHICAGO).time() == time(8, 0)
    after = suggest(at(CHICAGO, 2026, 3, 27, 15, 30), Channel.EMAIL, london, chicago_seller)
    assert len(after) == 1 and after[0].outside_hours


def test_november_clock_change_keeps_0830_at_0830_in_their_day():
    ny = ProspectDay(NEW_YORK, "US")
    found = suggest(at(NEW_YORK, 2026, 10, 30, 15, 0), Channel.EMAIL, ny, SellerDay(NEW_YORK))
    assert found[0].at == at(NEW_YORK, 2026, 11, 2, 8, 30)
    assert found[0].at.utcoffset() == timedelta(hours=-5)  # standard time after 1 November


def test_snooze_on_a_friday_afternoon_offers_no_rule_breaking_time_and_no_duplicates():
    local = ProspectDay(CHICAGO, "US")
    choices = snooze_choices(FRIDAY_1530, Channel.CALL, local, chicago_seller)
    labels = [choice.label for choice in choices]
    assert "In an hour" not in labels  # 16:30 on a Friday
    assert len({choice.at for choice in choices}) == len(choices)
    for choice in choices:
        assert not prospect_breaks(choice.at, local), choice
    assert choices[0].label == "Monday" and choices[0].at == at(CHICAGO, 2026, 12, 7, 8, 0)


def test_snooze_in_the_morning_offers_in_an_hour_then_later_today():
    local = ProspectDay(CHICAGO, "US")
    tuesday_0915 = at(CHICAGO, 2026, 12, 8, 9, 15)
    choices = snooze_choices(tuesday_0915, Channel.CALL, local, chicago_seller)
    assert choices[0].label == "In an hour" and choices[0].at == at(CHICAGO, 2026, 12, 8, 10, 15)
    assert choices[1].label == "Later today" and choices[1].at == at(CHICAGO, 2026, 12, 8, 12, 0)
    assert choices[2].label == "Tomorrow"


def test_a_typed_friday_1700_email_is_allowed_with_its_reason():
    ny = ProspectDay(NEW_YORK, "US")
    note = warning(at(NEW_YORK, 2026, 12, 4, 17, 0), Channel.EMAIL, ny, SellerDay(NEW_YORK))
    assert note.startswith("Friday 17:00 in New York: after 16:00 on a Friday")
    berlin = ProspectDay(BERLIN, "DE")
    note = warning(at(BERLIN, 2026, 12, 4, 16, 30), Channel.CALL, berlin, chicago_seller)
    assert note.startswith("Friday 16:30 in Berlin: after 16:00 on a Friday")
    assert "for you" not in note  # 09:30 in Chicago: the seller's day is fine
    tokyo = ProspectDay(TOKYO, "JP")
    note = warning(at(TOKYO, 2026, 12, 8, 10, 0), Channel.CALL, tokyo, chicago_seller)
    assert note == "19:00 for you is outside your working hours (08:00–17:00)"


@pytest.mark.parametrize(
    ("moment", "broken"),
    [
        (at(NEW_YORK, 2026, 12, 8, 7, 59), ["before 08:00"]),
        (at(NEW_YORK, 2026, 12, 8, 8, 0), []),
        (at(NEW_YORK, 2026, 12, 8, 16, 0), []),
        (at(NEW_YORK, 2026, 12, 8, 16, 1), ["after 16:00"]),
        (at(NEW_YORK, 2026, 12, 4, 13, 0), []),
        (at(NEW_YORK, 2026, 12, 4, 13, 1), ["late on a Friday (after 13:00)"]),
        (at(NEW_YORK, 2026, 12, 4, 16, 1), ["after 16:00 on a Friday"]),
        (at(NEW_YORK, 2026, 12, 5, 10, 0), ["on a Saturday"]),
    ],
)
def test_the_prospects_day_at_its_edges(moment, broken):
    assert prospect_breaks(moment, ProspectDay(NEW_YORK, "US")) == broken


def test_the_sellers_day_at_its_edges():
    seller = SellerDay(CHICAGO, start=time(8, 0), end=time(17, 0), days=frozenset({0, 1, 2}))
    assert seller_breaks(at(CHICAGO, 2026, 12, 7, 8, 0), seller) == []
    assert seller_breaks(at(CHICAGO, 2026, 12, 7, 16, 59), seller) == []
    assert seller_breaks(at(CHICAGO, 2026, 12, 7, 17, 0), seller) != []
    assert seller_breaks(at(CHICAGO, 2026, 12, 7, 7, 59), seller) != []
    assert seller_breaks(at(CHICAGO, 2026, 12, 10, 10, 0), seller) == [
        "Thursday is not one of your working days"
    ]


def test_mail_has_no_clock_rules_and_snoozes_within_the_sellers_day():
    ny = ProspectDay(NEW_YORK, "US")
    assert warning(at(NEW_YORK, 2026, 12, 5, 22, 0), Channel.NOTE, ny, chicago_seller) == ""
    for choice in snooze_choices(FRIDAY_1530, Channel.NOTE, ny, chicago_seller):
        assert chicago_seller.fits(choice.at)


# -- the edges mutation testing found unguarded ------------------------------------------


def test_places_are_named_by_their_city():
    from datetime import UTC

    from touchdesk.domain.time_policy import place_of

    assert place_of(BERLIN) == "Berlin"
    assert place_of(ZoneInfo("America/Argentina/Buenos_Aires")) == "Buenos Aires"
    assert place_of(UTC) == "UTC"
    assert SellerDay(CHICAGO).place() == "Chicago"


def test_a_suggestions_label_gives_both_clocks_only_when_they_differ():
    from touchdesk.domain.time_policy import Suggestion
    from touchdesk.domain.timing import SlotRule

    monday = at(NEW_YORK, 2026, 12, 7, 8, 30)
    assert Suggestion(monday, SlotRule.EMAIL).label(SellerDay(NEW_YORK)) == "Mon 7 Dec, 08:30"
    assert (
        Suggestion(monday, SlotRule.EMAIL, outside_hours=True).label(chicago_seller)
        == "Mon 7 Dec, 08:30 (Mon 07:30 for you) · outside your hours"
    )


def test_suggestions_carry_their_rule_and_come_three_by_default():
    from touchdesk.domain.timing import SlotRule

    found = suggest(FRIDAY_1530, Channel.EMAIL, ProspectDay(CHICAGO, "US"), chicago_seller)
    assert len(found) == 3 and {s.rule for s in found} == {SlotRule.EMAIL}
    (marked,) = suggest(FRIDAY_1530, Channel.CALL, ProspectDay(TOKYO, "JP"), chicago_seller)
    assert marked.rule is SlotRule.CALL


def test_how_far_outside_the_sellers_day_a_time_lies():
    from touchdesk.domain.time_policy import _minutes_outside

    seller = SellerDay(CHICAGO, days=frozenset({0, 1, 2, 3, 4}))
    monday = (2026, 12, 7)
    assert _minutes_outside(at(CHICAGO, *monday, 8, 0), seller) == 0
    assert _minutes_outside(at(CHICAGO, *monday, 7, 30), seller) == 30
    assert _minutes_outside(at(CHICAGO, *monday, 17, 0), seller) == 1  # the end is outside
    assert _minutes_outside(at(CHICAGO, *monday, 18, 0), seller) == 61
    assert _minutes_outside(at(CHICAGO, 2026, 12, 6, 12, 0), seller) == 24 * 60  # a Sunday
    assert _minutes_outside(at(BERLIN, 2026, 12, 7, 15, 0), seller) == 0  # 08:00 in Chicago


def test_snooze_choices_on_a_wednesday_morning_in_full():
    local = ProspectDay(CHICAGO, "US")
    wednesday = at(CHICAGO, 2026, 12, 9, 9, 0, 30, 500)
    choices = snooze_choices(wednesday, Channel.CALL, local, chicago_seller)
    assert [(c.label, c.at, c.outside_hours) for c in choices] == [
        ("In an hour", at(CHICAGO, 2026, 12, 9, 10, 0), False),
        ("Later today", at(CHICAGO, 2026, 12, 9, 12, 0), False),
        ("Tomorrow", at(CHICAGO, 2026, 12, 10, 8, 0), False),
        ("Friday", at(CHICAGO, 2026, 12, 11, 8, 0), False),
        ("Monday", at(CHICAGO, 2026, 12, 14, 8, 0), False),
    ]
    later = snooze_choices(at(CHICAGO, 2026, 12, 9, 9, 7), Channel.CALL, local, chicago_seller)
    assert later[0].at == at(CHICAGO, 2026, 12, 9, 10, 15)  # rounded up to the quarter


def test_snoozing_a_step_for_tokyo_marks_the_times_outside_your_hours():
    tokyo = ProspectDay(TOKYO, "JP")
    choices = snooze_choices(FRIDAY_1530, Channel.CALL, tokyo, chicago_seller)
    assert choices and all(c.outside_hours for c in choices)
    assert "In an hour" not in [c.label for c in choices]


def test_day_labels_name_the_day_the_seller_will_see():
    from datetime import date

    from touchdesk.domain.time_policy import _day_label

    tuesday = date(2026, 12, 8)
    assert _day_label(tuesday, tuesday) == "Later today"
    assert _day_label(date(2026, 12, 9), tuesday) == "Tomorrow"
    assert _day_label(date(2026, 12, 14), tuesday) == "Monday"  # six days on
    assert _day_label(date(2026, 12, 15), tuesday) == "Tue 15 Dec"
    monday = date(2026, 12, 7)
    assert _day_label(date(2026, 12, 14), monday) == "Next week"


def test_seconds_do_not_push_a_time_over_a_limit():
    ny = ProspectDay(NEW_YORK, "US")
    assert prospect_breaks(at(NEW_YORK, 2026, 12, 8, 16, 0, 30), ny) == []
    assert prospect_breaks(at(NEW_YORK, 2026, 12, 4, 16, 0), ny) == [
        "late on a Friday (after 13:00)"
    ]


def test_a_warning_lists_every_broken_rule():
    ny = ProspectDay(NEW_YORK, "US")
    saturday = at(NEW_YORK, 2026, 12, 5, 17, 0)
    assert warning(saturday, Channel.CALL, ny, SellerDay(NEW_YORK)) == (
        "Saturday 17:00 in New York: on a Saturday; after 16:00. "
        "Saturday is not one of your working days"
    )


def test_on_a_sunday_evening_tomorrow_and_next_week_are_told_apart():
    local = ProspectDay(CHICAGO, "US")
    sunday = at(CHICAGO, 2026, 11, 22, 20, 0)
    choices = snooze_choices(sunday, Channel.EMAIL, local, chicago_seller)
    assert [(c.label, c.at) for c in choices] == [
        ("Tomorrow", at(CHICAGO, 2026, 11, 23, 8, 30)),
        ("Tuesday", at(CHICAGO, 2026, 11, 24, 8, 30)),
    ]
