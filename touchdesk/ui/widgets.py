"""Small widgets and helpers shared by forms: enum combos, plain labels, action buttons,
aware date-times."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QLabel, QPushButton

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


def plain_label(text: str = "") -> QLabel:
    """A label that never interprets markup: names and notes are shown as typed."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def action_button(action: QAction, keep_focus: bool = False) -> QPushButton:
    """A button that runs `action`: its label is the action's words, its shortcut is said in
    the tooltip (a label with keys in it reads as clutter and is cut first on a small screen).

    With keep_focus the keyboard stays in the list beside it: the shortcut is its way there.
    """
    text = action.text()
    button = QPushButton(text.replace("&", "") if keep_focus else text)
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    button.setToolTip(f"{plain} ({keys})" if keys else plain)
    if keep_focus:
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(action.trigger)
    return button


def datetime_edit(value: datetime, zone: tzinfo) -> QDateTimeEdit:
    """Edits a wall-clock time in `zone`; read it back with aware_value()."""
    local = value.astimezone(zone)
    edit = QDateTimeEdit(QDateTime(local.date(), local.time().replace(microsecond=0)))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd dd MMM yyyy HH:mm")
    return edit


def set_datetime(edit: QDateTimeEdit, value: datetime, zone: tzinfo) -> None:
    local = value.astimezone(zone)
    edit.setDateTime(QDateTime(local.date(), local.time().replace(microsecond=0)))


def aware_value(edit: QDateTimeEdit, zone: tzinfo) -> datetime:
    return edit.dateTime().toPython().replace(tzinfo=zone, second=0, microsecond=0)
