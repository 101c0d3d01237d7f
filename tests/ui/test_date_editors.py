"""Date editors read their dates as every label does: the let-go dialog no longer shows Qt's
own '4 03 2027' beside an '04 March 2027' elsewhere."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale

from touchdesk.domain.date_text import dates, use_locale
from touchdesk.ui.date_formats import date_format, qt_format, time_format
from touchdesk.ui.form_inputs import datetime_edit
from touchdesk.ui.prospect.let_go_dialog import LetGoDialog


@pytest.fixture
def german():
    """The seller's locale as app.py sets it: the module and Qt's default together."""
    before, qt_before = dates().locale_name, QLocale()
    use_locale("de_DE")
    QLocale.setDefault(QLocale("de_DE"))
    yield
    use_locale(before)
    QLocale.setDefault(qt_before)


def test_the_let_go_dialog_shows_its_revisit_day_as_the_labels_do(qtbot):
    dialog = LetGoDialog("Ada Lovelace", "Thanks", date(2026, 12, 4))
    qtbot.addWidget(dialog)
    assert dialog.revisit.text() == dates().day_with_year(date(2027, 3, 4))  # 90 days on


def test_in_german_the_editors_and_the_labels_agree(qtbot, german):
    dialog = LetGoDialog("Ada Lovelace", "Danke", date(2026, 12, 4))
    qtbot.addWidget(dialog)
    assert dialog.revisit.text() == "Do., 4. März 2027" == dates().day_with_year(date(2027, 3, 4))
    at = datetime(2027, 3, 4, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    edit = datetime_edit(at, ZoneInfo("Europe/Berlin"))
    qtbot.addWidget(edit)
    assert edit.text() == "Do., 4. März 2027 08:00"
    assert time_format() == "HH:mm"


def test_cldr_patterns_become_qt_display_formats():
    assert qt_format("E, MMM d, y") == "ddd, MMM d, yyyy"
    assert qt_format("h:mm a") == "h:mm AP"
    assert qt_format("d 'de' MMMM 'de' y") == "d 'de' MMMM 'de' yyyy"
    assert date_format() == qt_format(dates().date_pattern())
