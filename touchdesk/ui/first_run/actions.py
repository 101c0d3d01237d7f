"""Offering the first-run setup once, on a new database the app's launch opened."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from touchdesk.services import first_run
from touchdesk.ui.events import ChangeBus


def offer_first_run(parent: QWidget, bus: ChangeBus) -> bool:
    """Show the setup when this database has never had it (and holds no prospect); saved or
    skipped, it is not offered again. True when it was shown."""
    if not first_run.needs_first_run():
        return False
    from touchdesk.ui.first_run.dialog import FirstRunDialog

    dialog = FirstRunDialog(first_run.starting_profile(), parent)
    dialog.exec()
    change = first_run.finish_first_run(dialog.profile)  # None when skipped or closed
    dialog.deleteLater()
    if change:
        bus.publish(change)
    return True
