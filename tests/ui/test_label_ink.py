"""Labels hold their letters whole: the dots of 'Ö' and a wrapped welcome sentence."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QLabel

from touchdesk.ui.home.welcome import WelcomePanel
from touchdesk.ui.prospect.log_touch_dialog import LogTouchDialog

ACCENTED = "ÖÄ"


def ink_fits(label: QLabel, text: str = ACCENTED) -> bool:
    """Whether `text`, drawn on the line where the label draws its first line, stays inside it
    (the label centres its line in its contents; the ink may rise above the font's ascent)."""
    metrics = label.fontMetrics()
    contents = label.contentsRect()
    lines = max(1, round(contents.height() / metrics.lineSpacing()))
    spare = contents.height() - (metrics.height() + (lines - 1) * metrics.lineSpacing())
    baseline = contents.top() + max(0, spare) // 2 + metrics.ascent()
    ink = metrics.tightBoundingRect(text)
    return baseline + ink.top() >= 0 and baseline + ink.bottom() < label.height()


def test_the_log_a_touch_dialog_keeps_the_dots_on_a_capital_o_umlaut(qtbot):
    dialog = LogTouchDialog("Özlem Ärger", ZoneInfo("Europe/Vienna"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    name = next(label for label in dialog.findChildren(QLabel) if label.text() == "Özlem Ärger")
    assert name.height() >= name.fontMetrics().boundingRect(ACCENTED).height()
    assert ink_fits(name)


def test_the_welcome_subtitle_gets_the_height_its_wrapped_lines_need(qtbot):
    panel = WelcomePanel()
    qtbot.addWidget(panel)
    panel.resize(820, 560)
    panel.show()
    qtbot.waitExposed(panel)
    subtitle = next(label for label in panel.findChildren(QLabel) if "next step" in label.text())
    assert subtitle.height() >= subtitle.heightForWidth(subtitle.width())
    assert subtitle.height() >= 2 * subtitle.fontMetrics().lineSpacing()  # two sentences
    title = panel.findChild(QLabel, "welcomeTitle")
    assert title.height() >= title.fontMetrics().boundingRect(ACCENTED).height()
    assert ink_fits(title)


def test_labels_of_each_font_size_get_the_margins_of_their_own_font(qtbot):
    """The margins are measured once per font: a larger font is measured, not handed the
    smaller one's."""
    from touchdesk.ui.widgets import InkLabel, ink_margins

    labels = []
    for size in (9, 9, 22, 40):
        label = InkLabel(ACCENTED)
        qtbot.addWidget(label)
        label.setStyleSheet(f"font-size: {size}pt;")
        label.show()
        labels.append(label)
    for label in labels:
        margins = label.contentsMargins()
        assert (margins.top(), margins.bottom()) == ink_margins(label.fontMetrics())
        assert ink_fits(label)
