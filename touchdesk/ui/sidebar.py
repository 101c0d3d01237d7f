"""The source list: each page with its icon and, where work waits, a live count beside it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.desk import desk_counts
from touchdesk.services.first_screen import FirstScreenRead
from touchdesk.ui.first_paint import AfterFirstPaint
from touchdesk.ui.icons import PAGE_ICONS, icon
from touchdesk.ui.state_colours import State, state_colour

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_HEIGHT = 34


class _CountDelegate(QStyledItemDelegate):
    """The page's row as Qt draws it, with its count right-aligned in a quiet colour."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), ROW_HEIGHT))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        count = index.data(COUNT_ROLE)
        if not count:
            super().paint(painter, option, index)
            return
        text = str(count)
        font = QFont(option.font)
        font.setBold(True)
        painter.save()
        painter.setFont(font)
        room = painter.fontMetrics().horizontalAdvance(text) + 12
        shown = QStyleOptionViewItem(option)
        super().paint(painter, shown, index)
        # Asked of the selection, which is what sets the option's Selected state: reading
        # that flag would load QStyle's many enums into Python with the launch.
        view = self.parent()
        selected = isinstance(view, QListWidget) and view.selectionModel().isSelected(index)
        colour = (
            option.palette.color(option.palette.ColorRole.HighlightedText)
            if selected
            else state_colour(State.QUIET, option.palette)
        )
        painter.setPen(colour)
        box = QRect(option.rect.right() - room, option.rect.top(), room - 6, option.rect.height())
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()


class Sidebar(QListWidget):
    """One row per page; `set_count` puts the number of things waiting beside a page."""

    # What can change the counts (calls due, mail to do).
    COUNTS_ON = (
        Change.PROSPECTS | Change.TOUCHES | Change.NEXT_STEPS | Change.MAIL | Change.SETTINGS
    )

    def __init__(self, first_paint: AfterFirstPaint | None = None) -> None:
        """With first_paint (a launch), the icon set loads and the counts are read just
        after the window's first paint."""
        super().__init__()
        self.setObjectName("sidebar")
        self.setFixedWidth(180)
        self.setIconSize(QSize(20, 20))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setItemDelegate(_CountDelegate(self))
        self._icons_shown = False
        self._waiting = first_paint is not None
        self.launch_read: FirstScreenRead | None = None  # what the launch read meanwhile
        if first_paint is None:
            self.show_icons()
        else:
            first_paint.add(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self._waiting = False
        self.show_icons()
        read, self.launch_read = self.launch_read, None
        self.read_counts(read)

    def refresh(self, change: Change) -> None:
        if change & self.COUNTS_ON and not self._waiting:
            self.read_counts()

    def add_page(self, title: str) -> QListWidgetItem:
        item = QListWidgetItem(title, self)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
        if self._icons_shown:
            item.setIcon(icon(PAGE_ICONS.get(title, "mdi6.circle-small")))
        return item

    def _item(self, title: str) -> QListWidgetItem | None:
        found = self.findItems(title, Qt.MatchFlag.MatchExactly)
        return found[0] if found else None

    def set_count(self, title: str, count: int | None) -> None:
        """A count of 0 or None shows nothing: an empty page has no number to read."""
        item = self._item(title)
        if item is None:
            return
        item.setData(COUNT_ROLE, count or None)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {count}" if count else title)

    def read_counts(self, launch_read: FirstScreenRead | None = None) -> None:
        """The calls due and the mail to do, as the services count them now (or as the
        launch's worker thread counted them, while nothing has changed since)."""
        now, zone = datetime.now(UTC), ZoneInfo(settings.get("time_zone"))
        first = launch_read.take(now, zone) if launch_read is not None else None
        counts = first.counts if first is not None else desk_counts(now, zone)
        self.set_count("Today", counts.calls_due)
        self.set_count("Mail", counts.mail_to_do)

    def count_of(self, title: str) -> int | None:
        item = self._item(title)
        return item.data(COUNT_ROLE) if item is not None else None

    def show_icons(self) -> None:
        """Draw the icons (again) in the palette's colours; the first call loads the set."""
        self._icons_shown = True
        for row in range(self.count()):
            item = self.item(row)
            item.setIcon(icon(PAGE_ICONS.get(item.text(), "mdi6.circle-small")))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.PaletteChange and self._icons_shown:
            self.show_icons()  # light to dark or back: the glyphs take the new text colour
        super().changeEvent(event)
