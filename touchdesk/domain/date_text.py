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
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from touchdesk.domain.date_tables import DateTables, named_samples, renders

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


# The texts too, a few thousand of each: a timeline or a calling list shows the same days and
# times of day again and again, and Babel takes some 20 µs to write each one.


@lru_cache(maxsize=4096)
def _skeleton_text(name: str, skeleton: str, day: date) -> str:
    midnight = datetime.combine(day, time(), tzinfo=UTC)
    return _spaced(_skeleton_pattern(name, skeleton).apply(midnight, _locale(name)))


@lru_cache(maxsize=4096)
def _time_text(name: str, clock: time) -> str:
    return _spaced(_time_pattern(name).apply(clock.replace(tzinfo=UTC), _locale(name)))


@lru_cache(maxsize=4096)
def _date_text(name: str, format_name: str, day: date) -> str:
    """A day by a predefined format or a pattern of its own ('EEE'), as Babel's format_date
    writes it: each page open names today's weekday and the next step's day again."""
    from babel.dates import format_date

    kind, what = _FORMATS[format_name]
    pattern = what if kind == "date" else DateText(name)._pattern(format_name)
    return format_date(day, pattern, locale=_locale(name))


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
    examples for Thursday 4 March 2027 at 08:00.

    Given the locale's `DateTables` (kept from an earlier `tables()`), the texts are made
    from them and Babel is not loaded; a text they do not hold is asked of Babel."""

    def __init__(self, locale: str = DEFAULT_LOCALE, tables: DateTables | None = None) -> None:
        self.locale_name = locale
        self._tables = tables

    @property
    def _loc(self) -> Locale:
        return _locale(self.locale_name)

    # -- dates ---------------------------------------------------------------------------

    def date(self, value: date) -> str:
        """'Mar 4, 2027' · '04.03.2027'."""
        return _spaced(self._text("date", _day_of(value)))

    def long_date(self, value: date) -> str:
        """'March 4, 2027' · '4. März 2027'."""
        return _spaced(self._text("long_date", _day_of(value)))

    def full_date(self, value: date) -> str:
        """'Thursday, March 4, 2027' · 'Donnerstag, 4. März 2027'."""
        return _spaced(self._text("full_date", _day_of(value)))

    def day(self, value: date) -> str:
        """'Thu, Mar 4' · 'Do., 4. März': a day this year or next, with its weekday."""
        return _spaced(self._text("day", _day_of(value)))

    def day_with_year(self, value: date) -> str:
        """'Thu, Mar 4, 2027' · 'Do., 4. März 2027'."""
        return _spaced(self._text("day_with_year", _day_of(value)))

    def long_day(self, value: date) -> str:
        """'Thursday, March 4' · 'Donnerstag, 4. März'."""
        return _spaced(self._text("long_day", _day_of(value)))

    def short_day(self, value: date) -> str:
        """'Mar 4' · '4. März': a day in a list that says its year elsewhere."""
        return _spaced(self._text("short_day", _day_of(value)))

    def month(self, value: date) -> str:
        """'Mar 2027' · 'März 2027'."""
        return _spaced(self._text("month", _day_of(value)))

    def weekday(self, value: date) -> str:
        """'Thursday' · 'Donnerstag'."""
        return self._text("weekday", _day_of(value))

    def short_weekday(self, value: date) -> str:
        """'Thu' · 'Do.'."""
        return self._text("short_weekday", _day_of(value))

    # -- times ---------------------------------------------------------------------------

    def time(self, value: time | datetime) -> str:
        """'8:00 AM' · '08:00': the one way a time of day reads, everywhere."""
        if isinstance(value, datetime):
            value = value.time()
        # No locale's short time shows seconds: asked to the minute, a clock that is read
        # every time it is shown finds its kept text all minute instead of adding another.
        return _spaced(self._text("time", value.replace(second=0, microsecond=0, tzinfo=None)))

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
        return _spaced(self._plain("date_pattern"))

    def time_pattern(self) -> str:
        """The CLDR pattern `time` uses ('h:mm a' · 'HH:mm')."""
        return _spaced(self._plain("time_pattern"))

    def date_time_pattern(self) -> str:
        return self._join(self.date_pattern(), self.time_pattern())

    # -- the kept tables -----------------------------------------------------------------

    def tables(self) -> DateTables:
        """This locale's patterns and names as Babel gives them, to keep and hand to a later
        DateText: every text made from them equals Babel's own (tests/domain)."""
        from babel.dates import DateTimeFormat, parse_pattern, tokenize_pattern

        patterns, names = {}, {}
        for name in _FORMATS:
            try:
                pattern = self._pattern(name)
                parse_pattern(pattern)  # Babel refuses some field lengths: so would its text
            except (KeyError, ValueError):
                continue  # asked of Babel each time, which says what is wrong
            tokens = [
                ("chars", value) if kind == "chars" else ("field", value[0] * value[1])
                for kind, value in tokenize_pattern(pattern)
            ]
            if not renders(tokens):
                continue
            patterns[name] = tokens
            for kind, field in tokens:
                samples = named_samples(field) if kind == "field" else []
                if samples:
                    names[field] = [DateTimeFormat(v, self._loc)[field] for v in samples]
        texts = {name: self._babel_plain(name) for name in _PLAIN}
        return DateTables(self.locale_name, patterns, names, texts)

    # -- pieces --------------------------------------------------------------------------

    def _text(self, name: str, value: date | time) -> str:
        if self._tables is not None:
            text = self._tables.render(name, value)
            if text is not None:
                return text
        return self._babel_text(name, value)

    def _plain(self, name: str) -> str:
        if self._tables is not None and name in self._tables.texts:
            return self._tables.texts[name]
        return self._babel_plain(name)

    def _pattern(self, name: str) -> str:
        """The CLDR pattern of one format, resolved as Babel resolves it."""
        kind, what = _FORMATS[name]
        loc = self._loc
        if kind == "date":
            return loc.date_formats[what].pattern
        if kind == "time":
            return loc.time_formats[what].pattern
        if kind == "skeleton":
            skeletons = loc.datetime_skeletons
            if what not in skeletons:  # as format_skeleton's fuzzy match
                from babel.dates import match_skeleton

                what = match_skeleton(what, skeletons) or what
            return skeletons[what].pattern
        if kind == "widened":
            # CLDR has no skeleton with the weekday in full: the month-day one, widened.
            return re.sub("E+", "EEEE", loc.datetime_skeletons[what].pattern)
        return what  # a pattern of its own

    def _babel_text(self, name: str, value: date | time) -> str:
        kind, what = _FORMATS[name]
        if kind == "skeleton":  # patterns and texts kept per locale (above)
            return _skeleton_text(self.locale_name, what, value)  # type: ignore[arg-type]
        if kind == "time":
            return _time_text(self.locale_name, value)  # type: ignore[arg-type]
        return _date_text(self.locale_name, name, value)  # type: ignore[arg-type]

    def _babel_plain(self, name: str) -> str:
        if name == "glue":
            return _glue(self.locale_name)
        if name == "date_pattern":
            return self._loc.datetime_skeletons["yMMMEd"].pattern
        return self._loc.time_formats["short"].pattern

    def _skeleton(self, skeleton: str, value: date) -> str:
        """Any CLDR skeleton as Babel's format_skeleton writes it (no kept table)."""
        return _skeleton_text(self.locale_name, skeleton, _day_of(value))

    def _join(self, day: str, clock: str) -> str:
        # The locale's own glue: "{1}, {0}" in English and German, "{1} {0}" in Japanese.
        return self._plain("glue").replace("{1}", day).replace("{0}", clock)


# Each format by name: how Babel is asked for it (a predefined width, a skeleton, or a
# pattern), and so where its CLDR pattern comes from.
_FORMATS = {
    "date": ("date", "medium"),
    "long_date": ("date", "long"),
    "full_date": ("date", "full"),
    "day": ("skeleton", "MMMEd"),
    "day_with_year": ("skeleton", "yMMMEd"),
    "long_day": ("widened", "MMMMEd"),
    "short_day": ("skeleton", "MMMd"),
    "month": ("skeleton", "yMMM"),
    "weekday": ("pattern", "EEEE"),
    "short_weekday": ("pattern", "EEE"),
    "time": ("time", "short"),
}
_PLAIN = ("glue", "date_pattern", "time_pattern")


_current = DateText()


def use_locale(name: str, tables: DateTables | None = None) -> DateText:
    """Set the seller's locale for every date and time shown from now on (app.py, cli.py);
    with its kept tables, Babel loads only for a text they do not hold."""
    global _current
    _current = DateText(name or DEFAULT_LOCALE, tables)
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
