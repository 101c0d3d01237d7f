"""The Insights page: the funnel against target, which touch wins, follow-up debt, mix."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from touchdesk import files
from touchdesk.domain.wording import count_of
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.insights import PERSISTENCE_TOUCH, STALE_DAYS, Insights, insights
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.insights.charts import Bar, BarChart
from touchdesk.ui.state_colours import State, tint

# The board filters the debt buttons ask for; the lead's board hook understands these names.
OVERDUE = "overdue"
NO_NEXT_STEP = "no_next_step"
STALE = "stale"


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def export_png(widget: QWidget, path: Path) -> bool:
    """Save what the widget shows, at the screen's pixel ratio, as a PNG file."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not widget.grab().save(buffer, "PNG"):
        return False
    try:
        files.write_bytes(path, bytes(data.data()))
    except OSError:
        return False
    return True


class InsightsPage(QWidget):
    REFRESH_ON = (
        Change.PROSPECTS
        | Change.TOUCHES
        | Change.NEXT_STEPS
        | Change.MAIL
        | Change.SETTINGS
        | Change.STAGES  # stale prospects are shown by stage name
    )
    show_on_board = Signal(str)  # OVERDUE, NO_NEXT_STEP or STALE

    def __init__(self, bus: ChangeBus) -> None:
        super().__init__()
        self.bus = bus
        self.data: Insights | None = None
        self._dirty = True

        self.funnel_label = QLabel()
        self.funnel_label.setObjectName("funnel")
        tint(self.funnel_label, None, "font-size: 14pt; font-weight: 600;")
        self.stale_days = QSpinBox()
        self.stale_days.setRange(1, 365)
        self.stale_days.setValue(STALE_DAYS)
        self.stale_days.setSuffix(" days")
        self.stale_days.setToolTip("A prospect with no touch for this long counts as stale")
        self.stale_days.valueChanged.connect(lambda _: self.reload())
        self.export_button = QPushButton("Export chart as PNG…")
        self.export_button.setToolTip("Save all the charts of this page as one PNG image")
        self.export_button.clicked.connect(lambda: self.ask_export(self.charts_panel))

        self.debt_buttons: dict[str, QPushButton] = {}
        debt = QHBoxLayout()
        title = QLabel("Follow-up debt:")
        tint(title, None, "font-weight: 600;")
        debt.addWidget(title)
        for name, tip, state in (
            (OVERDUE, "Show the prospects whose next step is overdue on the board", State.OVERDUE),
            (
                NO_NEXT_STEP,
                "Show the active prospects with no next step on the board",
                State.NO_NEXT_STEP,
            ),
            (STALE, "Show the prospects nobody touched for a while on the board", None),
        ):
            button = QPushButton()
            button.setObjectName(f"debt_{name}")
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(tip)
            tint(button, state, "text-decoration: underline;")
            button.clicked.connect(lambda _=False, n=name: self.show_on_board.emit(n))
            self.debt_buttons[name] = button
            debt.addWidget(button)
        debt.addStretch()

        self.wins_chart = BarChart("Which touch wins: wins by touches before the win")
        self.wins_text = QLabel()
        self.conversion_chart = BarChart("Conversion by touches: won / (won + lost)")
        self.weekly_chart = BarChart("Conversations worked: prospects touched per week")
        self.weekly_text = QLabel()
        self.stale_chart = BarChart("Stale prospects by stage")
        self.channel_chart = BarChart("Channel mix: touches in the last 90 days")
        self.mail_chart = BarChart("Mail sent per month")
        self.mail_text = QLabel()
        self.lost_chart = BarChart(
            "Why deals were lost: lost prospects by reason", state=State.LOST
        )
        self.charts = (
            self.wins_chart,
            self.conversion_chart,
            self.weekly_chart,
            self.stale_chart,
            self.channel_chart,
            self.mail_chart,
            self.lost_chart,
        )
        for chart in self.charts:
            chart.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            chart.customContextMenuRequested.connect(
                lambda point, c=chart: self._chart_menu(c, point)
            )
        for label in (self.wins_text, self.weekly_text, self.mail_text):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)

        self.charts_panel = QWidget()
        self.charts_panel.setAutoFillBackground(True)  # so the exported image has a ground
        grid = QGridLayout(self.charts_panel)
        grid.addWidget(self._card(self.wins_chart, self.wins_text), 0, 0)
        grid.addWidget(self._card(self.conversion_chart), 0, 1)
        grid.addWidget(self._card(self.weekly_chart, self.weekly_text), 1, 0)
        grid.addWidget(self._card(self.stale_chart), 1, 1)
        grid.addWidget(self._card(self.channel_chart), 2, 0)
        grid.addWidget(self._card(self.mail_chart, self.mail_text), 2, 1)
        grid.addWidget(self._card(self.lost_chart), 3, 0)
        grid.setRowStretch(4, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.charts_panel)

        top = QHBoxLayout()
        top.addWidget(self.funnel_label)
        top.addStretch()
        top.addWidget(QLabel("Stale after"))
        top.addWidget(self.stale_days)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(debt)
        layout.addWidget(scroll, 1)

    @staticmethod
    def _card(chart: BarChart, text: QLabel | None = None) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(frame)
        box.addWidget(chart)
        if text is not None:
            box.addWidget(text)
        box.addStretch()  # charts of one row start level, with or without a text below
        return frame

    def refresh(self, change: Change) -> None:
        """Reload at once when shown; a hidden page only notes it, and reloads when shown
        (the figures cost a few aggregate queries, too many to run on every logged touch)."""
        if change & self.REFRESH_ON:
            self._dirty = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self._dirty:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        zone = ZoneInfo(settings.get("time_zone"))
        self.show_insights(insights(datetime.now(UTC), zone, self.stale_days.value()))

    def show_insights(self, data: Insights) -> None:
        self.data = data
        self._dirty = False
        self.funnel_label.setText(
            f"{data.active} of {data.target} active conversations"
            + (f" · {data.gap} to go" if data.gap else " · target reached")
        )
        self.debt_buttons[OVERDUE].setText(count_of(data.overdue, "overdue next step"))
        self.debt_buttons[NO_NEXT_STEP].setText(f"{data.without_next_step} with no next step")
        stale_days = count_of(data.stale_days, "day")
        self.debt_buttons[STALE].setText(f"{data.stale} stale (no touch in {stale_days})")

        self.wins_chart.set_bars(
            [Bar(b.label, b.won, emphasis=b.touches >= PERSISTENCE_TOUCH) for b in data.buckets]
        )
        late = sum(b.won for b in data.buckets if b.touches >= PERSISTENCE_TOUCH)
        self.wins_text.setText(
            f"{count_of(data.wins, 'win')}, {data.losses} lost. "
            f"{late} of {data.wins} wins ({_percent(data.share_after_fifth)}) "
            "came from the "
            f"fifth touch on (the highlighted bars). "
            f"Overall conversion: {_percent(data.conversion)}."
            if data.wins or data.losses
            else "No prospect won or lost yet."
        )
        self.conversion_chart.set_bars(
            [Bar(b.label, (b.conversion or 0) * 100, _percent(b.conversion)) for b in data.buckets]
        )
        self.weekly_chart.set_bars([Bar(w.label, w.prospects) for w in data.weekly])
        this_week = data.weekly[-1].prospects if data.weekly else 0
        self.weekly_text.setText(
            f"{count_of(this_week, 'prospect')} touched this week; {data.active} active "
            f"against a target of {data.target}."
        )
        self.stale_chart.set_title(f"Stale prospects by stage (no touch in {stale_days})")
        self.stale_chart.set_bars([Bar(s.stage, s.prospects) for s in data.stale_by_stage])
        self.channel_chart.set_bars([Bar(c.channel.label, c.touches) for c in data.channels])
        self.mail_chart.set_bars([Bar(m.label, m.mailed) for m in data.mail])
        mailed = sum(m.mailed for m in data.mail)
        self.mail_text.setText(f"{count_of(mailed, 'piece')} mailed in the last 12 months.")
        self.lost_chart.set_bars([Bar(r.reason, r.prospects) for r in data.lost_reasons])

    def _chart_menu(self, chart: BarChart, point: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Export chart as PNG…", lambda: self.ask_export(chart))
        menu.popup(chart.mapToGlobal(point))
        self.chart_menu = menu  # kept so it is not collected while shown

    def ask_export(self, widget: QWidget) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export chart as PNG", "touchdesk-insights.png", "PNG image (*.png)"
        )
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            if not export_png(widget, Path(path)):
                QMessageBox.warning(self, "Export chart as PNG", f"Could not write {path}.")
