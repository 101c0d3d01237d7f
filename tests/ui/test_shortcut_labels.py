"""Shortcuts are said in tooltips and menus, never inside a button's label."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton

from touchdesk.services.changes import Change
from touchdesk.services.demo import fill_demo
from touchdesk.store.models import Prospect

# "(Ctrl+D)", "Ctrl+Shift+N", "(D)": keys in brackets, or a modifier joined to a key.
KEYS = re.compile(r"\((?:Ctrl|Alt|Shift|Meta|Cmd|⌘)?[+]?[A-Z0-9]\)|(?:Ctrl|Alt|Shift|Meta)\+\w")
PAGES = ["Today", "Board", "Prospect", "Mail", "Plans", "Insights"]


@pytest.fixture
def sample_window(window, workspace):
    fill_demo(prospects=40, seed=5)
    window.bus.publish(Change.EVERYTHING)
    return window


@pytest.mark.parametrize("title", PAGES)
def test_no_button_label_carries_its_keys(sample_window, title):
    if title == "Prospect":
        sample_window.open_prospect(Prospect.select(Prospect.id).first().id)
    sample_window.go_to(title)
    page = sample_window.pages.currentWidget()
    buttons = page.findChildren(QAbstractButton)
    assert buttons
    labelled = [b.text() for b in buttons if KEYS.search(b.text())]
    assert labelled == []


def test_the_prospect_page_says_its_keys_in_the_tooltips(sample_window):
    sample_window.open_prospect(Prospect.select(Prospect.id).first().id)
    page = sample_window.prospect
    tips = {b.text().replace("&", ""): b.toolTip() for b in page.findChildren(QAbstractButton)}
    assert tips["Log a touch…"] == "Log a touch… (Ctrl+L)"
    assert tips["Set next step…"] == "Set next step… (Ctrl+Shift+N)"
    assert tips["Let go…"] == "Let go…"  # no keys: nothing in brackets
