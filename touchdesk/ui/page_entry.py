"""One page of the main window as the sidebar lists it, built the first time it is shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from touchdesk.services.changes import Change


@dataclass
class Page:
    """One entry of the sidebar, built the first time it is shown or asked for: start-up
    pays for one page, not five. The page on screen refreshes on every published change;
    the others collect what changed and refresh when they are shown."""

    title: str
    build: Callable[[], QWidget]  # imports, constructs and wires the page; has .refresh()
    widget: QWidget | None = None
    pending: Change = Change.EVERYTHING


def built_page(title: str) -> property:
    """The window's page of that title, built on first use."""
    return property(lambda window: window._page_widget(title))
