"""The date tables kept between launches give exactly Babel's text, for any moment and locale."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone

import pytest
from babel.localedata import locale_identifiers
from hypothesis import given, settings
from hypothesis import strategies as st

from touchdesk.domain.date_tables import DateTables
from touchdesk.domain.date_text import DateText

FORMATS = (
    "date",
    "long_date",
    "full_date",
    "day",
    "day_with_year",
    "long_day",
    "short_day",
    "month",
    "weekday",
    "short_weekday",
    "time",
    "weekday_time",
    "day_time",
    "date_time",
)
# The sellers' likely locales, and ones with other scripts, calendars' words, day periods
# (zh_Hant's 'B'), right-to-left marks and 12-hour clocks before the hour (ko).
LOCALES = [
    "en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "pt_BR", "nl_NL", "sv_SE", "fi_FI",
    "pl_PL", "ru_RU", "tr_TR", "ja_JP", "ko_KR", "zh_Hans_CN", "zh_Hant_TW", "ar_EG", "fa_IR",
    "he_IL", "hi_IN", "th_TH", "vi_VN", "id_ID", "cs_CZ", "el_GR", "uk_UA", "bg_BG",
]  # fmt: skip

_TABLES: dict[str, DateTables] = {}


def kept(locale: str) -> DateText:
    """The locale's tables as a launch reads them back: through their JSON text."""
    if locale not in _TABLES:
        written = json.dumps(DateText(locale).tables().to_json(), ensure_ascii=False)
        _TABLES[locale] = DateTables.from_json(json.loads(written))
    return DateText(locale, _TABLES[locale])


def texts(text: DateText, moment: datetime) -> dict[str, str]:
    shown = {name: getattr(text, name)(moment) for name in FORMATS}
    shown["time of day"] = text.time(moment.timetz())
    shown["plain date"] = text.date(moment.date())
    shown["editor"] = text.date_time_pattern()
    return shown


moments = st.builds(
    lambda when, offset: when.replace(tzinfo=timezone(timedelta(minutes=offset))),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
)


@settings(max_examples=300, deadline=None)
@given(moment=moments, locale=st.sampled_from(LOCALES))
def test_the_kept_tables_give_babels_text_in_the_usual_locales(moment: datetime, locale: str):
    assert texts(kept(locale), moment) == texts(DateText(locale), moment)


@settings(max_examples=200, deadline=None)
@given(moment=moments, locale=st.sampled_from(sorted(locale_identifiers())))
def test_the_kept_tables_give_babels_text_in_any_locale_babel_knows(moment: datetime, locale: str):
    assert texts(kept(locale), moment) == texts(DateText(locale), moment)


def test_every_field_of_the_usual_locales_is_kept_but_day_periods():
    """Babel is only asked again for what the tables cannot say, not for a common format."""
    for locale in LOCALES:
        missing = set(FORMATS[:11]) - set(kept(locale)._tables.patterns)
        assert missing == ({"time"} if locale == "zh_Hant_TW" else set()), locale


def test_a_table_of_another_version_or_with_an_unknown_field_is_refused():
    data = DateText("en_US").tables().to_json()
    with pytest.raises(ValueError):
        DateTables.from_json({**data, "version": 0})
    with pytest.raises(ValueError):
        DateTables.from_json({**data, "patterns": {"date": [["field", "zzzz"]]}})
    with pytest.raises(ValueError):
        DateTables.from_json({**data, "names": {}})
    with pytest.raises(ValueError):
        DateTables.from_json({**data, "patterns": "date"})


def test_the_formats_a_table_lacks_are_asked_of_babel():
    tables = DateText("de_DE").tables()
    thin = DateTables("de_DE", {}, {}, {})
    assert DateText("de_DE", thin).date_time(datetime(2027, 3, 4, 8)) == "Do., 4. März 2027, 08:00"
    assert DateText("de_DE", tables).day(date(2027, 3, 4)) == "Do., 4. März"
    assert DateText("de_DE", tables).time(time(8, 0)) == "08:00"
