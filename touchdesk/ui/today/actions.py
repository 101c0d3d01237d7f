"""Printing the calling list shown on the Today page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # the page imports the services and models it shows; a hint needs none of it
    from touchdesk.ui.today.page import TodayPage


def print_calling_list(today: TodayPage, parent: QWidget) -> None:
    """The calls as listed, in a print preview that prints or saves a PDF."""
    from touchdesk.printing.call_list import call_list_table
    from touchdesk.ui.print_preview import preview_table

    calls = today.calls_model.rows()
    table = call_list_table(calls, datetime.now(UTC), today.seller_zone())
    preview_table(table, parent).exec()
