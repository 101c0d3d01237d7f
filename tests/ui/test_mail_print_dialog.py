"""The mail print dialog from the File menu, and a 500-piece preview that keeps the window alive."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintPreviewDialog

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.vocabulary import MailKind
from touchdesk.services.mail_queue import queue_many
from touchdesk.ui.mail.print_dialog import MailPrintDialog

SPRINGFIELD = dict(
    street="1 Elm St", city="Springfield", region="IL", postal_code="62701", country_code="US"
)


def test_file_print_mail_opens_the_dialog_on_everything_still_to_do(qtbot, window):
    queue_many([prospect(f"P{n}", "Lee", **SPRINGFIELD) for n in range(3)], MailKind.NOTE, "Hi")
    seen = {}

    def look(dialog: MailPrintDialog) -> None:
        seen["summary"] = dialog.summary.text()
        dialog.reject()

    when_modal(qtbot, look, MailPrintDialog)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.print_mail_action in file_menu.actions()
    window.print_mail_action.trigger()
    assert seen["summary"] == "3 pieces to print."


def test_previewing_500_envelopes_reports_progress_and_keeps_handling_events(qtbot, window):
    queue_many([prospect(f"P{n}", "Lee", **SPRINGFIELD) for n in range(500)], MailKind.CARD, "Hi")
    dialog = MailPrintDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.outputs.button(1), Qt.MouseButton.LeftButton)  # Envelopes
    ticks = []
    heartbeat = QTimer()
    heartbeat.setInterval(0)
    heartbeat.timeout.connect(lambda: ticks.append(dialog.last_progress.reports))
    seen = {}

    def close_preview(preview: QPrintPreviewDialog) -> None:
        seen["title"] = preview.windowTitle()
        heartbeat.stop()
        preview.reject()

    # The heartbeat starts as painting starts: its ticks are events handled mid-paint.
    original = dialog.paint

    def paint(device):
        heartbeat.start()
        return original(device)

    dialog.paint = paint
    when_modal(qtbot, close_preview, QPrintPreviewDialog)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert seen["title"] == "Preview — Envelopes"
    assert dialog.last_progress.reports >= 500 // 25
    # Events were handled between chunks, not only once the 500 pages were done.
    assert any(0 < reports < 500 // 25 for reports in ticks), ticks[:5]
