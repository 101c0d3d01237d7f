"""Every page fits a 1024x640 window on sample data: nothing past the window's edge (what
scrolls inside a scroll area aside) and no label whose text is cut."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from touchdesk.services.changes import Change
from touchdesk.services.demo import fill_demo
from touchdesk.store.models import Prospect
from touchdesk.ui.fit import misfits

WIDTH, HEIGHT = 1024, 640
PAGES = ("Today", "Board", "Prospect", "Mail", "Plans", "Insights")


@pytest.mark.parametrize("title", PAGES)
def test_each_page_fits_1024_by_640(qtbot, window, title):
    fill_demo(prospects=60, seed=7)
    window.bus.publish(Change.EVERYTHING)
    window.resize(WIDTH, HEIGHT)
    if title == "Prospect":
        window.open_prospect(Prospect.select(Prospect.id).first().id)
    window.go_to(title)
    qtbot.wait(10)  # layouts settle
    assert misfits(window, WIDTH, HEIGHT) == []


def test_the_check_sees_a_cut_label_and_a_widget_past_the_edge(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    row = QHBoxLayout(window)
    label = QLabel("A label far too long for the little room it is given here")
    label.setMaximumWidth(60)
    row.addWidget(label)
    window.resize(300, 60)
    window.show()
    edge = QLineEdit(window)  # no layout: placed by hand, half past the right edge
    edge.setGeometry(250, 10, 120, 24)
    edge.show()
    found = misfits(window, 300, 60)
    assert any("its text is cut" in problem for problem in found)
    assert any(problem.startswith("QLineEdit") and "outside" in problem for problem in found)
    edge.hide()
    label.setMaximumWidth(10_000)
    window.resize(800, 60)
    assert misfits(window, 800, 60) == []
