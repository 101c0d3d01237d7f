"""A plan drawn as days on a line (day 0 … day N), so the seller sees its rhythm at a glance."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from touchdesk.domain.plans import PlanSpec, plan_days
from touchdesk.domain.vocabulary import Channel
from touchdesk.ui.channel_icons import channel_icon

MARK = 14  # the channel disc's size, in pixels
ROWS = 3  # discs stacked per day; a busier day grows to the right
MARGIN = 24


@dataclass(frozen=True)
class DayMark:
    day: int
    channels: tuple[Channel, ...]  # the day's steps in order; a twice step is there twice

    def text(self) -> str:
        """'day 0: call, call, text message' as the seller would read it."""
        names = ", ".join(c.label.lower() for c in self.channels)
        return f"day {self.day}: {names}"


def day_marks(spec: PlanSpec | None) -> list[DayMark]:
    """One mark per day that has steps, in day order."""
    if spec is None:
        return []
    by_day: dict[int, list[Channel]] = {}
    for day, step in zip(plan_days(spec), spec.steps, strict=True):
        by_day.setdefault(day, []).extend([step.channel] * (2 if step.twice else 1))
    return [DayMark(day, tuple(channels)) for day, channels in sorted(by_day.items())]


class DayLine(QWidget):
    """Day 0 to the last step's day along a line, each day's touches stacked as channel
    discs above it; the same words are its tooltip and accessible description."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planDayLine")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._marks: list[DayMark] = []
        self.setFixedHeight(self.sizeHint().height())

    def set_plan(self, spec: PlanSpec | None) -> None:
        self._marks = day_marks(spec)
        text = "; ".join(mark.text() for mark in self._marks)
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self.updateGeometry()
        self.update()

    def marks(self) -> list[DayMark]:
        return list(self._marks)

    def last_day(self) -> int:
        return self._marks[-1].day if self._marks else 0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(400, MARK * ROWS + self.fontMetrics().height() + 16)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(200, self.sizeHint().height())

    def x_of(self, day: int) -> float:
        width = max(1.0, self.width() - 2 * MARGIN)
        return MARGIN + width * day / max(1, self.last_day())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._marks:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_height = self.fontMetrics().height()
        axis = self.height() - text_height - 6
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawLine(QPointF(MARGIN, axis), QPointF(self.width() - MARGIN, axis))
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        labelled = -10_000.0
        for mark in self._marks:
            x = self.x_of(mark.day)
            painter.drawLine(QPointF(x, axis - 3), QPointF(x, axis + 3))
            # Day labels never overlap: a crowded one is left to the tooltip.
            label = f"day {mark.day}"
            width = self.fontMetrics().horizontalAdvance(label)
            if x - width / 2 >= labelled + 4:
                painter.drawText(
                    QRectF(x - width / 2, axis + 4, width, text_height),
                    Qt.AlignmentFlag.AlignCenter,
                    label,
                )
                labelled = x + width / 2
            for level, channel in enumerate(mark.channels):
                top = axis - 6 - MARK * (level + 1)
                channel_icon(channel).paint(painter, QRectF(x - MARK / 2, top, MARK, MARK).toRect())
        painter.end()
