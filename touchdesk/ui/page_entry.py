"""One page of the main window as the sidebar lists it, built the first time it is shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from touchdesk.services.changes import Change


class Page:
    """One entry of the sidebar, built the first time it is shown or asked for: start-up
    pays for one page, not five. The page on screen refreshes on every published change;
    the others collect what changed and refresh when they are shown."""

    __slots__ = ("title", "build", "widget", "pending")

    def __init__(self, title: str, build: Callable[[], QWidget]) -> None:
        self.title = title
        self.build = build  # imports, constructs and wires the page; has .refresh()
        self.widget: QWidget | None = None
        self.pending = Change.EVERYTHING


def built_page(title: str) -> property:
    """The window's page of that title, built on first use."""
    return property(lambda window: window._page_widget(title))
