"""The seller's date formats for Qt: the editors' display formats and Qt's own default locale,
both from the one module (domain.date_text) that formats every date the app shows."""

from __future__ import annotations

import os
import re

from PySide6.QtCore import QLocale

from touchdesk.domain.date_text import DEFAULT_LOCALE, OVERRIDE, dates, use_locale
from touchdesk.paths import cache_folder
from touchdesk.services.date_cache import date_tables

# CLDR pattern letters (run length matters) and what Qt's display formats call them.
_QT = {
    "E": "ddd", "EE": "ddd", "EEE": "ddd", "EEEE": "dddd",
    "d": "d", "dd": "dd",
    "M": "M", "MM": "MM", "MMM": "MMM", "MMMM": "MMMM",
    "L": "M", "LL": "MM", "LLL": "MMM", "LLLL": "MMMM",
    "y": "yyyy", "yy": "yy", "yyy": "yyyy", "yyyy": "yyyy",
    "h": "h", "hh": "hh", "H": "H", "HH": "HH", "K": "h", "k": "H",
    "m": "m", "mm": "mm", "s": "s", "ss": "ss", "a": "AP",
}  # fmt: skip


def qt_format(pattern: str) -> str:
    """A CLDR pattern ('E, MMM d, y h:mm a') as a Qt display format ('ddd, MMM d, yyyy h:mm AP');
    quoted text stays quoted, other letters Qt would read are quoted."""
    out = []
    for token in re.finditer(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+", pattern):
        text = token.group(0)
        if text.startswith("'") or not text[0].isalpha():
            out.append(text)
        elif text in _QT:
            out.append(_QT[text])
        else:
            out.append(f"'{text}'")
    return "".join(out)


def date_format() -> str:
    """'ddd, MMM d, yyyy' in en_US, 'ddd, d. MMM yyyy' in de_DE: as dates().day_with_year."""
    return qt_format(dates().date_pattern())


def time_format() -> str:
    """'h:mm AP' in en_US, 'HH:mm' in de_DE: as dates().time."""
    return qt_format(dates().time_pattern())


def date_time_format() -> str:
    return f"{date_format()} {time_format()}"


def use_system_locale() -> str:
    """At start-up: the system's locale for every date shown, Qt's file dialogs and editors
    included. 'C' (no locale set) reads as the default rather than Qt's '4 03 2027'."""
    name = os.environ.get(OVERRIDE, "") or QLocale.system().name()
    if name in ("C", "POSIX", "") or QLocale(name).language() == QLocale.Language.C:
        name = DEFAULT_LOCALE
    QLocale.setDefault(QLocale(name))
    # The locale's patterns kept from an earlier launch: Babel is not loaded to show them.
    use_locale(name, date_tables(cache_folder(), name))
    return name
