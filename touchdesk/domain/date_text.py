"""Dates and times as people read them, in one locale's way: every screen, PDF and CLI line.

One place decides how a date or a time looks, so the same moment never reads "4 03 2027" in
one dialog and "04 March 2027" in another, nor "8:00" in a voicemail and "08:00" in the
invite. The patterns are the locale's own (CLDR, through Babel); English (United States)
until the composition root (app.py, cli.py) sets the seller's locale with `use_locale`.

Callers turn an instant into the zone they mean first (`moment.astimezone(zone)`): the text
is the wall-clock time of the value given, never converted here. Machine formats (ISO dates
in files, database layouts) do not come here.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, time
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale
    from babel.dates import DateTimePattern

DEFAULT_LOCALE = "en_US"
OVERRIDE = "TOUCHDESK_LOCALE"  # an environment variable naming the locale, over the system's


@cache
def _locale(name: str) -> Locale:
    # Babel loads here, on the first date shown: its import and locale data would otherwise
    # cost the launch before the window's first paint, which shows no date.
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LOCALE)


# The patterns are looked up and parsed once per locale: a list of dates repaints every
# visible one, and finding a skeleton's pattern cost as much as formatting with it. The
# values given to them are those Babel's format_skeleton and format_time give (a day as its
# midnight in UTC, a time of day in UTC), so the text is theirs.


@cache
def _skeleton_pattern(name: str, skeleton: str) -> DateTimePattern:
    from babel.dates import match_skeleton, parse_pattern

    skeletons = _locale(name).datetime_skeletons
    if skeleton not in skeletons:
        skeleton = match_skeleton(skeleton, skeletons) or skeleton
    return parse_pattern(skeletons[skeleton])


@cache
def _time_pattern(name: str) -> DateTimePattern:
    from babel.dates import parse_pattern

    return parse_pattern(_locale(name).time_formats["short"])


@cache
def _glue(name: str) -> str:
    # The locale's own glue: "{1}, {0}" in English and German, "{1} {0}" in Japanese.
    return str(_locale(name).datetime_formats["medium"])


def _day_of(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _spaced(text: str) -> str:
    # CLDR puts a narrow no-break space before AM/PM; many PDF fonts and terminals have no
    # glyph for it, so it reads as a box. A plain space reads everywhere.
    return text.replace("\u202f", " ").replace("\u00a0", " ")


class DateText:
    """The formats of one locale. Each method names what it shows, with en_US and de_DE
    examples for Thursday 4 March 2027 at 08:00."""

    def __init__(self, locale: str = DEFAULT_LOCALE) -> None:
        self.locale_name = locale

    @property
    def _loc(self) -> Locale:
        return _locale(self.locale_name)

    # -- dates ---------------------------------------------------------------------------

    def date(self, value: date) -> str:
        """'Mar 4, 2027' · '04.03.2027'."""
        from babel.dates import format_date

        return _spaced(format_date(_day_of(value), "medium", locale=self._loc))

    def long_date(self, value: date) -> str:
        """'March 4, 2027' · '4. März 2027'."""
        from babel.dates import format_date

        return _spaced(format_date(_day_of(value), "long", locale=self._loc))

    def full_date(self, value: date) -> str:
        """'Thursday, March 4, 2027' · 'Donnerstag, 4. März 2027'."""
        from babel.dates import format_date

        return _spaced(format_date(_day_of(value), "full", locale=self._loc))

    def day(self, value: date) -> str:
        """'Thu, Mar 4' · 'Do., 4. März': a day this year or next, with its weekday."""
        return self._skeleton("MMMEd", value)

    def day_with_year(self, value: date) -> str:
        """'Thu, Mar 4, 2027' · 'Do., 4. März 2027'."""
        return self._skeleton("yMMMEd", value)

    def long_day(self, value: date) -> str:
        """'Thursday, March 4' · 'Donnerstag, 4. März'."""
        from babel.dates import format_date

        # CLDR has no skeleton with the weekday in full: the month-day one, widened.
        pattern = re.sub("E+", "EEEE", self._loc.datetime_skeletons["MMMMEd"].pattern)
        return _spaced(format_date(_day_of(value), pattern, locale=self._loc))

    def short_day(self, value: date) -> str:
        """'Mar 4' · '4. März': a day in a list that says its year elsewhere."""
        return self._skeleton("MMMd", value)

    def month(self, value: date) -> str:
        """'Mar 2027' · 'März 2027'."""
        return self._skeleton("yMMM", value)

    def weekday(self, value: date) -> str:
        """'Thursday' · 'Donnerstag'."""
        from babel.dates import format_date

        return format_date(_day_of(value), "EEEE", locale=self._loc)

    def short_weekday(self, value: date) -> str:
        """'Thu' · 'Do.'."""
        from babel.dates import format_date

        return format_date(_day_of(value), "EEE", locale=self._loc)

    # -- times ---------------------------------------------------------------------------

    def time(self, value: time | datetime) -> str:
        """'8:00 AM' · '08:00': the one way a time of day reads, everywhere."""
        if isinstance(value, datetime):
            value = value.time()
        clock = value.replace(tzinfo=UTC)
        return _spaced(_time_pattern(self.locale_name).apply(clock, self._loc))

    def weekday_time(self, value: datetime) -> str:
        """'Thu 8:00 AM' · 'Do. 08:00'."""
        return f"{self.short_weekday(value)} {self.time(value)}"

    def day_time(self, value: datetime) -> str:
        """'Thu, Mar 4, 8:00 AM' · 'Do., 4. März, 08:00'."""
        return self._join(self.day(value), self.time(value))

    def date_time(self, value: datetime) -> str:
        """'Thu, Mar 4, 2027, 8:00 AM' · 'Do., 4. März 2027, 08:00'."""
        return self._join(self.day_with_year(value), self.time(value))

    # -- patterns, for editors that draw dates themselves ---------------------------------

    def date_pattern(self) -> str:
        """The CLDR pattern `day_with_year` uses ('EEE, MMM d, y'), for a date editor."""
        return _spaced(self._loc.datetime_skeletons["yMMMEd"].pattern)

    def time_pattern(self) -> str:
        """The CLDR pattern `time` uses ('h:mm a' · 'HH:mm')."""
        return _spaced(self._loc.time_formats["short"].pattern)

    def date_time_pattern(self) -> str:
        return self._join(self.date_pattern(), self.time_pattern())

    # -- pieces --------------------------------------------------------------------------

    def _skeleton(self, skeleton: str, value: date) -> str:
        midnight = datetime.combine(_day_of(value), time(), tzinfo=UTC)
        return _spaced(_skeleton_pattern(self.locale_name, skeleton).apply(midnight, self._loc))

    def _join(self, day: str, clock: str) -> str:
        return _glue(self.locale_name).replace("{1}", day).replace("{0}", clock)


_current = DateText()


def use_locale(name: str) -> DateText:
    """Set the seller's locale for every date and time shown from now on (app.py, cli.py)."""
    global _current
    _current = DateText(name or DEFAULT_LOCALE)
    return _current


def dates() -> DateText:
    """The seller's formats, as `use_locale` last set them."""
    return _current


def locale_from_environment() -> str:
    """The locale dates are read in: TOUCHDESK_LOCALE when set (a seller who wants another
    than the system's, and the tests), else what a POSIX program reads (LC_ALL, LC_TIME,
    LANG); 'C' and 'POSIX' mean no choice, so the default."""
    for key in (OVERRIDE, "LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(key, "").split(".")[0].split("@")[0]
        if value:
            return DEFAULT_LOCALE if value in ("C", "POSIX") else value
    return DEFAULT_LOCALE
