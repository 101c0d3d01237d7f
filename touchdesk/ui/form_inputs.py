"""The inputs of the forms: combos of enum members and date-time editors in a given zone.

Apart from the shared widgets: the window's first screen has neither, and PySide builds a Qt
class with all its enums on its first use from Python."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QComboBox, QDateTimeEdit

from touchdesk.ui.date_formats import date_time_format

E = TypeVar("E", bound=Enum)


class EnumCombo(QComboBox):
    """A combo of labelled enum members; typing a letter jumps as in any combo.

    Qt would turn a StrEnum stored as item data into a plain string, so the members are
    kept here and looked up by row.
    """

    def __init__(self, values: Iterable[E], current: E | None = None) -> None:
        super().__init__()
        self._members = list(values)
        for member in self._members:
            self.addItem(getattr(member, "label", str(member.value)))
        if current is not None:
            self.set_value(current)

    def value(self):
        return self._members[self.currentIndex()]

    def set_value(self, member) -> None:
        self.setCurrentIndex(self._members.index(member))


def enum_combo(values: Iterable[E], current: E | None = None) -> EnumCombo:
    return EnumCombo(values, current)


def datetime_edit(value: datetime, zone: tzinfo) -> QDateTimeEdit:
    """Edits a wall-clock time in `zone`; read it back with aware_value()."""
    local = value.astimezone(zone)
    edit = QDateTimeEdit(QDateTime(local.date(), local.time().replace(microsecond=0)))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_time_format())
    return edit


def set_datetime(edit: QDateTimeEdit, value: datetime, zone: tzinfo) -> None:
    local = value.astimezone(zone)
    edit.setDateTime(QDateTime(local.date(), local.time().replace(microsecond=0)))


def aware_value(edit: QDateTimeEdit, zone: tzinfo) -> datetime:
    return edit.dateTime().toPython().replace(tzinfo=zone, second=0, microsecond=0)
