"""A small bar chart painted with QPainter in the palette's and the state colours, light or dark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from touchdesk.ui.state_colours import State, state_colour


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str = ""  # what is written above the bar; the value when empty
    emphasis: bool = False  # drawn in the chart's emphasis state (e.g. wins from the fifth touch)

    @property
    def caption(self) -> str:
        return self.text or f"{self.value:g}"


class BarChart(QWidget):
    """Vertical bars with their value above and their label below; no axis to misread."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        state: State | None = None,
        emphasis: State = State.WON,
    ) -> None:
        super().__init__(parent)
        self._title = title
        self._state = state  # every bar in a state's colour (lost deals); else the highlight
        self._emphasis = emphasis
        self._bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(180)
        self.setAccessibleName(title)

    def title(self) -> str:
        return self._title

    def set_title(self, title: str) -> None:
        self._title = title
        self.setAccessibleName(title)
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = list(bars)
        # The numbers as text too: for screen readers, tooltips and anyone who wants them exact.
        summary = ", ".join(f"{bar.label}: {bar.caption}" for bar in self._bars)
        self.setAccessibleDescription(summary)
        self.setToolTip(f"{self._title}\n{summary}" if summary else self._title)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(max(60 * len(self._bars), 320), 200)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        bar_colour = (
            state_colour(self._state, palette)
            if self._state is not None
            else palette.color(QPalette.ColorRole.Highlight)
        )
        emphasis_colour = state_colour(self._emphasis, palette)
        line_colour = palette.color(QPalette.ColorRole.Mid)
        metrics = QFontMetrics(self.font())
        line = metrics.height()

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Grabbing for a PNG paints onto a transparent pixmap: give it the window's ground.
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Window))
        painter.setPen(text_colour)
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(
            QRectF(0, 0, self.width(), line + 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self._title,
        )
        painter.setFont(self.font())
        if not self._bars:
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, "Nothing to show yet"
            )
            painter.end()
            return

        top = line + 8 + line  # title, then room for the tallest bar's value
        bottom = self.height() - line - 6  # room for the labels
        base = bottom
        height = max(base - top, 1)
        slot = self.width() / len(self._bars)
        width = max(min(slot * 0.6, 48.0), 2.0)
        largest = max((bar.value for bar in self._bars), default=0) or 1
        painter.setPen(line_colour)
        painter.drawLine(0, int(base), self.width(), int(base))
        for n, bar in enumerate(self._bars):
            centre = slot * n + slot / 2
            tall = height * max(bar.value, 0) / largest
            rect = QRectF(centre - width / 2, base - tall, width, tall)
            painter.fillRect(rect, emphasis_colour if bar.emphasis else bar_colour)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(centre - slot / 2, rect.top() - line - 2, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                metrics.elidedText(bar.caption, Qt.TextElideMode.ElideRight, int(slot)),
            )
            painter.drawText(
                QRectF(centre - slot / 2, base + 3, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, int(slot)),
            )
        painter.end()
