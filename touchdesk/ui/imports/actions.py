"""File → Import contacts, Export contacts and Export calendar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from touchdesk.services.workspace import Workspace
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.menu_actions import Tell, menu_action

# A workbook's cells are typed text: no guard apostrophes, ZIP codes keep their zeros.
EXPORT_SUFFIXES = {
    "CSV for Excel (*.csv)": ".csv",
    "Excel workbook, every cell as text (*.xlsx)": ".xlsx",
    "vCard (*.vcf)": ".vcf",
}


class ContactFileActions:
    """`workspace` is asked each time: restoring or reopening replaces the open one."""

    def __init__(
        self,
        bus: ChangeBus,
        parent: QWidget,
        tell: Tell,
        workspace: Callable[[], Workspace],
    ) -> None:
        self.bus = bus
        self.parent = parent
        self.tell = tell
        self.workspace = workspace
        self.import_action = menu_action(
            parent, "&Import contacts…", self.import_contacts, "Ctrl+Shift+I"
        )
        self.export_action = menu_action(parent, "&Export contacts…", self.export_contacts)
        self.export_calendar_action = menu_action(parent, "Export &calendar…", self.export_calendar)

    def import_contacts(self) -> None:
        from touchdesk.ui.imports.wizard import ImportWizard

        ImportWizard(self.bus, self.parent).exec()

    def export_contacts(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox  # its enums: on first use

        from touchdesk.services import imports, maintenance  # loaded when first used

        path, chosen = QFileDialog.getSaveFileName(
            self.parent, "Export contacts", "prospects.csv", ";;".join(EXPORT_SUFFIXES)
        )
        if path and not path.casefold().endswith((".csv", ".xlsx", ".vcf", ".vcard")):
            path += EXPORT_SUFFIXES.get(chosen, ".csv")
        if not path:
            return
        try:
            maintenance.refuse_output_over_store(Path(path), self.workspace().paths)
            count = imports.export_prospects(path, imports.export_format_for(path), bom=True)
        except (ValueError, OSError) as error:  # the database chosen, a full disk: nothing lost
            QMessageBox.warning(self.parent, "Export contacts", str(error))
            return
        self.tell(f"Exported {count:,} prospects to {path}")

    def export_calendar(self) -> None:
        from touchdesk.ui.dialogs.export_calendar_dialog import ExportCalendarDialog

        ExportCalendarDialog(self.parent).exec()
