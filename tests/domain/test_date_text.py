"""Dates and times read one way, the locale's, wherever they are shown."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from touchdesk.domain.date_text import DateText, dates, locale_from_environment, use_locale

# Thursday 4 March 2027, eight in the morning in London.
MOMENT = datetime(2027, 3, 4, 8, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "en_US",
            {
                "date": "Mar 4, 2027",
                "long_date": "March 4, 2027",
                "full_date": "Thursday, March 4, 2027",
                "day": "Thu, Mar 4",
                "long_day": "Thursday, March 4",
                "short_day": "Mar 4",
                "month": "Mar 2027",
                "weekday": "Thursday",
                "time": "8:00 AM",
                "weekday_time": "Thu 8:00 AM",
                "day_time": "Thu, Mar 4, 8:00 AM",
                "date_time": "Thu, Mar 4, 2027, 8:00 AM",
            },
        ),
        (
            "de_DE",
            {
                "date": "04.03.2027",
                "long_date": "4. März 2027",
                "full_date": "Donnerstag, 4. März 2027",
                "day": "Do., 4. März",
                "long_day": "Donnerstag, 4. März",
                "short_day": "4. März",
                "month": "März 2027",
                "weekday": "Donnerstag",
                "time": "08:00",
                "weekday_time": "Do. 08:00",
                "day_time": "Do., 4. März, 08:00",
                "date_time": "Do., 4. März 2027, 08:00",
            },
        ),
        (
            "en_GB",
            {
                "date": "4 Mar 2027",
                "long_date": "4 March 2027",
                "day": "Thu 4 Mar",
                "time": "08:00",
                "date_time": "Thu, 4 Mar 2027, 08:00",
            },
        ),
    ],
)
def test_each_format_in_a_fixed_locale(locale: str, expected: dict[str, str]):
    text = DateText(locale)
    assert {name: getattr(text, name)(MOMENT) for name in expected} == expected


def test_a_time_reads_the_same_in_every_format_that_shows_it():
    """The voicemail said '8:00' and the invite '08:00': one locale, one way."""
    for locale, eight in (("en_US", "8:00 AM"), ("de_DE", "08:00"), ("en_GB", "08:00")):
        text = DateText(locale)
        shown = [
            text.time(time(8, 0)),
            text.time(MOMENT),
            text.weekday_time(MOMENT),
            text.day_time(MOMENT),
            text.date_time(MOMENT),
        ]
        assert all(line.endswith(eight) for line in shown), (locale, shown)
        assert text.time(time(13, 5)) == {"en_US": "1:05 PM"}.get(locale, "13:05")


def test_the_wall_clock_of_the_value_given_is_shown_never_another_zone():
    late = datetime(2027, 3, 4, 23, 30, tzinfo=ZoneInfo("America/Los_Angeles"))  # 07:30Z on 5th
    assert DateText("en_GB").date_time(late) == "Thu, 4 Mar 2027, 23:30"
    assert DateText("en_GB").date(date(2027, 3, 4)) == "4 Mar 2027"


def test_an_unknown_or_posix_locale_reads_as_the_default():
    assert DateText("C").date(MOMENT) == DateText("en_US").date(MOMENT)
    assert DateText("xx_YY").time(MOMENT) == "8:00 AM"


def test_the_seller_locale_is_set_once_for_everything(monkeypatch):
    before = dates().locale_name
    try:
        use_locale("de_DE")
        assert dates().day(MOMENT) == "Do., 4. März"
        use_locale("en_US")
        assert dates().day(MOMENT) == "Thu, Mar 4"
    finally:
        use_locale(before)
    for key in ("TOUCHDESK_LOCALE", "LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(key, raising=False)
    assert locale_from_environment() == "en_US"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert locale_from_environment() == "de_DE"
    monkeypatch.setenv("LC_TIME", "C.UTF-8")
    assert locale_from_environment() == "en_US"
    monkeypatch.setenv("TOUCHDESK_LOCALE", "fr_FR")
    assert locale_from_environment() == "fr_FR"


def test_editor_patterns_come_from_the_same_locale():
    assert DateText("en_US").date_pattern() == "E, MMM d, y"
    assert DateText("de_DE").time_pattern() == "HH:mm"
    assert DateText("en_US").time_pattern() == "h:mm a"


@given(
    moment=st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2200, 12, 31),
        timezones=st.sampled_from([None, ZoneInfo("Europe/London"), ZoneInfo("Asia/Tokyo")]),
    ),
    locale=st.sampled_from(["en_US", "de_DE", "ja_JP", "fr_FR", "ar_EG", "en_GB"]),
    skeleton=st.sampled_from(["MMMEd", "yMMMEd", "MMMd", "yMMM", "yMMMMEEEEd"]),
)
def test_patterns_read_once_write_what_babel_writes(moment, locale, skeleton):
    from babel.dates import format_skeleton, format_time

    text = DateText(locale)
    spaced = lambda s: s.replace("\u202f", " ").replace("\u00a0", " ")  # noqa: E731
    assert text._skeleton(skeleton, moment) == spaced(
        format_skeleton(skeleton, moment.date(), locale=text._loc)
    )
    assert text.time(moment) == spaced(
        format_time(moment.time().replace(tzinfo=None), "short", locale=text._loc)
    )
    glue = str(text._loc.datetime_formats["medium"])
    assert text.date_time(moment) == glue.replace("{1}", text.day_with_year(moment)).replace(
        "{0}", text.time(moment)
    )


@settings(max_examples=200, deadline=None)
@given(
    clock=st.times(),
    locale=st.sampled_from(["en_US", "en_GB", "de_DE", "fr_FR", "ja_JP", "ar_EG", "fa_IR"]),
)
def test_a_time_with_seconds_reads_as_babel_writes_its_short_time(clock, locale):
    from babel.dates import format_time

    expected = format_time(clock, "short", locale=locale).replace("\u202f", " ")
    assert DateText(locale).time(clock) == expected.replace("\u00a0", " ")


def test_times_within_one_minute_share_one_kept_text():
    from touchdesk.domain.date_text import _time_text

    text = DateText("en_GB")
    text.time(time(9, 41, 0))
    before = _time_text.cache_info()
    assert text.time(time(9, 41, 7, 250)) == text.time(time(9, 41, 59, 999_999)) == "09:41"
    after = _time_text.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (2, 0)
