"""The Insights page shows the figures, sends debt clicks to the board and exports a PNG."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette

from tests.factories import prospect
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, ProspectStatus
from touchdesk.services.changes import Change
from touchdesk.services.statuses import set_status
from touchdesk.services.timeline import log_touch
from touchdesk.store.db import utc_now
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.insights.charts import Bar, BarChart
from touchdesk.ui.insights.page import InsightsPage, export_png


def touch(pid: int, days_ago: float, channel: Channel = Channel.CALL) -> None:
    log_touch(pid, TouchInput(channel, utc_now() - timedelta(days=days_ago)))


@pytest.fixture
def page(qtbot, store):
    now = utc_now()
    p1 = prospect("Overdue", due=now - timedelta(days=1))
    touch(p1, 0.05)
    prospect("Planless")  # no next step, added today: not stale
    p3 = prospect("Stale", due=now + timedelta(days=1))
    touch(p3, 20, Channel.EMAIL)
    won = prospect("Won")
    for n in range(5):
        touch(won, 30 - n)
    set_status(won, ProspectStatus.WON)
    lost = prospect("Lost")
    touch(lost, 25, Channel.SMS)
    set_status(lost, ProspectStatus.LOST)

    widget = InsightsPage(ChangeBus())
    qtbot.addWidget(widget)
    widget.resize(1100, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_page_shows_the_figures(page) -> None:
    assert page.funnel_label.text() == "3 of 50 active conversations · 47 to go"
    assert page.debt_buttons["overdue"].text() == "1 overdue next step"
    assert page.debt_buttons["no_next_step"].text() == "1 with no next step"
    assert page.debt_buttons["stale"].text() == "1 stale (no touch in 14 days)"
    wins = {bar.label: bar.value for bar in page.wins_chart.bars() if bar.value}
    assert wins == {"5": 1}
    assert [bar.emphasis for bar in page.wins_chart.bars()][4:6] == [False, True]
    assert page.wins_text.text() == (
        "1 win, 1 lost. 1 of 1 wins (100%) came from the fifth touch on "
        "(the highlighted bars). Overall conversion: 50%."
    )
    conversion = {bar.label: bar.caption for bar in page.conversion_chart.bars()}
    assert (conversion["1"], conversion["5"], conversion["2"]) == ("0%", "100%", "—")
    channels = {bar.label: bar.value for bar in page.channel_chart.bars()}
    assert channels == {"Call": 6, "Email": 1, "SMS": 1}
    stale = {bar.label: bar.value for bar in page.stale_chart.bars()}
    assert stale["New"] == 1
    assert "Call: 6" in page.channel_chart.toolTip()  # the numbers as text too


def test_changing_the_stale_threshold_recounts(page, qtbot) -> None:
    page.stale_days.setValue(21)
    assert page.debt_buttons["stale"].text() == "0 stale (no touch in 21 days)"


@pytest.mark.parametrize("name", ["overdue", "no_next_step", "stale"])
def test_clicking_a_debt_figure_asks_the_board_for_its_filter(page, qtbot, name) -> None:
    with qtbot.waitSignal(page.show_on_board, timeout=1000) as signal:
        qtbot.mouseClick(page.debt_buttons[name], Qt.MouseButton.LeftButton)
    assert signal.args == [name]


def test_a_published_change_reloads_the_page(page, store) -> None:
    prospect("Fourth")
    page.refresh(Change.PROSPECTS)
    assert page.funnel_label.text().startswith("4 of 50")


def test_a_hidden_page_reloads_when_shown(page, qtbot) -> None:
    page.hide()
    prospect("Fourth")
    page.refresh(Change.PROSPECTS)
    assert page.funnel_label.text().startswith("3 of 50")  # not reloaded while hidden
    page.show()
    qtbot.waitExposed(page)
    assert page.funnel_label.text().startswith("4 of 50")


def _colours(image: QImage) -> set[int]:
    step = 3
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_export_writes_a_png_of_the_charts(page, tmp_path) -> None:
    target = tmp_path / "insights.png"
    assert export_png(page.charts_panel, target)
    image = QImage(str(target))
    assert not image.isNull()
    assert image.width() >= page.charts_panel.width()
    assert image.height() >= page.charts_panel.height()
    highlight = page.palette().color(QPalette.ColorRole.Highlight).rgb()
    assert highlight in _colours(image)  # the bars were painted, not just a blank ground


def test_one_chart_exports_alone(page, tmp_path) -> None:
    target = tmp_path / "wins.png"
    assert export_png(page.wins_chart, target)
    image = QImage(str(target))
    assert (image.width(), image.height()) == (
        page.wins_chart.width() * round(page.wins_chart.devicePixelRatioF()),
        page.wins_chart.height() * round(page.wins_chart.devicePixelRatioF()),
    )


@pytest.mark.parametrize(
    ("ground", "ink"), [(QColor("white"), QColor("black")), (QColor("#202020"), QColor("white"))]
)
def test_the_chart_paints_in_the_palette_colours(qtbot, ground, ink) -> None:
    chart = BarChart("Light or dark")
    qtbot.addWidget(chart)
    palette = chart.palette()
    palette.setColor(QPalette.ColorRole.Window, ground)
    palette.setColor(QPalette.ColorRole.WindowText, ink)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#3070c0"))
    chart.setPalette(palette)
    chart.resize(400, 200)
    chart.set_bars([Bar("One", 1), Bar("Two", 2)])
    colours = _colours(chart.grab().toImage())
    assert ground.rgb() in colours
    assert QColor("#3070c0").rgb() in colours
    # Text is drawn in the palette's text colour: its ink appears (anti-aliased text has some
    # fully covered pixels), so dark mode gets light text, not hard-coded black.
    assert ink.rgb() in {c for c in _all_pixels(chart.grab().toImage())}


def _all_pixels(image: QImage) -> set[int]:
    return {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}
