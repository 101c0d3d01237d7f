"""The prospect's timeline table: When fits its dates, What its longest entry, Note the rest."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QGuiApplication, QIcon, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

from touchdesk.domain.timeline import TimelineEntry
from touchdesk.ui.channel_icons import change_cell_icon, channel_cell_icon
from touchdesk.ui.table_model import RowTableModel

WHEN, WHAT, NOTE = 0, 1, 2
# The Note column keeps at least this share of the width: a long change line must not push
# the seller's own words off the table.
NOTE_SHARE = 0.3
# Room around a cell's text: the channel icon, its gap and the cell's margins on both sides.
ICON_AND_MARGINS = 16 + 6 + 16
FLOOR_TEXT = "#12 Handwritten note · outbound · Left voicemail"
# Widths kept per text: the same lines ('#2 Call · outbound · No answer') recur from one
# prospect to the next. Forgotten past this many, and when the font changes.
KEPT_WIDTHS = 5000


class TimelineView(QTableView):
    def __init__(self) -> None:
        super().__init__()
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.setObjectName("timeline")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(26)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.horizontalHeader().setStretchLastSection(True)
        self.setAlternatingRowColors(True)
        self._when_width = 0
        self._what_width = 0
        self._widths: dict[str, int] = {}
        self._icon_box: tuple[QSize, float] | None = None
        # The marks drawn for the icon box, by channel ("change": a change's quiet mark).
        self._marks: dict[object, QIcon] = {}
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.paletteChanged.connect(self._forget_marks)  # drawn in the palette's colours

    def fit_columns(self, when_sample: str, what_texts: list[str]) -> None:
        """Widths from the font: When from a sample date, What from the entries themselves
        (measuring strings is quick; asking Qt to size to contents walks every cell)."""
        self._when_width = self._width(when_sample) + ICON_AND_MARGINS
        # Each text once (a hundred rows say a handful of different things), those not yet
        # measured first, then the widest looked up in one pass rather than a call a text.
        texts, widths = set(what_texts), self._widths
        unmeasured = texts.difference(widths)
        if unmeasured:
            if len(widths) + len(unmeasured) > KEPT_WIDTHS:
                widths.clear()
                unmeasured = texts
            advance = self.fontMetrics().horizontalAdvance
            for text in unmeasured:
                widths[text] = advance(text)
        longest = max(map(widths.__getitem__, texts), default=0)
        self._what_width = max(longest, self._width(FLOOR_TEXT)) + ICON_AND_MARGINS
        self._apply_widths()

    def _width(self, text: str) -> int:
        width = self._widths.get(text)
        if width is None:
            if len(self._widths) >= KEPT_WIDTHS:
                self._widths.clear()
            width = self._widths[text] = self.fontMetrics().horizontalAdvance(text)
        return width

    def icon_box(self) -> tuple[QSize, float]:
        """The size a cell's icon is painted at, and the pixel ratio it is painted for."""
        if self._icon_box is None:
            size = self.iconSize()
            if not size.isValid():  # as Qt's own item views choose it
                side = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, self)
                size = QSize(side, side)
            self._icon_box = (size, self.devicePixelRatioF())
        return self._icon_box

    def mark(self, entry: TimelineEntry) -> QIcon:
        """The entry's channel mark (a change's quiet one) for this view's icon box: plain
        pixmaps Qt paints unaided. Kept by channel: every row shown asks for its mark."""
        key = entry.channel if entry.is_touch else "change"
        mark = self._marks.get(key)
        if mark is None:
            size, ratio = self.icon_box()
            mark = self._marks[key] = (
                channel_cell_icon(entry.channel, size, ratio)
                if entry.is_touch
                else change_cell_icon(size, ratio)
            )
        return mark

    def _forget_marks(self, *_palette: object) -> None:
        self._marks = {}

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # Before the rows are painted: cells keep icons drawn for one pixel ratio, so on a
        # screen of another (the window moved) they are worked out again, sharp there too.
        box = self._icon_box
        if box is not None and box[1] != self.devicePixelRatioF():
            self._forget_icons()
        return super().viewportEvent(event)

    def _forget_icons(self) -> None:
        self._icon_box = None
        self._marks = {}  # drawn for the old box
        model = self.model()
        if isinstance(model, RowTableModel):
            model.forget_cells()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._widths.clear()  # measured in the old font
            if event.type() == QEvent.Type.StyleChange:
                self._forget_icons()  # the style says the icons' size
        super().changeEvent(event)

    def _apply_widths(self) -> None:
        if not self._when_width:
            return
        room = self.viewport().width() - self._when_width
        what = min(self._what_width, max(int(room * (1 - NOTE_SHARE)), 120))
        self.setColumnWidth(WHEN, self._when_width)
        self.setColumnWidth(WHAT, what)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._apply_widths()
