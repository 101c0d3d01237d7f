"""The mail print dialog from the File menu, and a 500-piece preview that keeps the window alive."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

from tests.cups_pdf import cups_pdf_queue
from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.vocabulary import MailKind
from touchdesk.services.mail_queue import queue_many
from touchdesk.ui.mail.print_dialog import MailPrintDialog

REPO = Path(__file__).resolve().parents[2]
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


def pdf_printer() -> QPrinter:
    """A printer that writes PDF files: the same on every machine, whatever printers it has."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    return printer


def _x_of(pdf, text: str) -> float:
    """Where on the page (points from the left) the text starts."""
    from pypdf import PdfReader

    found = []

    def visit(content, cm, tm, font, size):
        if " ".join(content.split()).startswith(text):  # pypdf may give tabs for spaces
            found.append(cm[0] * tm[4] + cm[4])  # scaled and moved into page space

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found[0]


def test_the_nudge_is_kept_per_printer_and_moves_the_print(qtbot, window, tmp_path):
    from touchdesk.services.mail_print import printer_nudge, save_printer_nudge

    queue_many([prospect("Ann", "Lee", **SPRINGFIELD)], MailKind.CARD, "Hi")
    save_printer_nudge("Office Laser", 1.5, -2.0)
    dialog = MailPrintDialog(None, window, pdf_printer())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.nudge_for.text() == "for PDF files"  # a PDF printer: the PDF's own nudge
    assert (dialog.nudge_x.value(), dialog.nudge_y.value()) == (0.0, 0.0)
    dialog.show_nudge_of("Office Laser")
    assert dialog.nudge_for.text() == "for Office Laser"
    assert (dialog.nudge_x.value(), dialog.nudge_y.value()) == (1.5, -2.0)
    dialog.show_nudge_of("")
    qtbot.mouseClick(dialog.outputs.button(1), Qt.MouseButton.LeftButton)  # Envelopes
    plain = _x_of(dialog.save_pdf(str(tmp_path / "plain.pdf")), "Ann Lee")
    dialog.nudge_x.setValue(3.0)
    moved = _x_of(dialog.save_pdf(str(tmp_path / "moved.pdf")), "Ann Lee")
    assert moved - plain == pytest.approx(3.0 * 72 / 25.4, abs=0.5)
    assert printer_nudge("") == (3.0, 0.0) and printer_nudge("Office Laser") == (1.5, -2.0)


# Run apart: the print system is asked once per process, so a scheduler started mid-run would
# go unseen by this one.
OPEN_THE_DIALOG = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from touchdesk.paths import app_paths
from touchdesk.services.mail_print import save_printer_nudge
from touchdesk.services.workspace import open_workspace
from touchdesk.ui.mail.print_dialog import MailPrintDialog

app = QApplication(["test"])
open_workspace(app_paths(Path(sys.argv[1])))
save_printer_nudge(sys.argv[2], 1.5, -2.0)
dialog = MailPrintDialog()
print(dialog.nudge_for.text(), dialog.nudge_x.value(), dialog.nudge_y.value(), sep="|")
"""


def test_the_dialog_starts_on_the_system_default_printer_with_its_nudge(tmp_path):
    with cups_pdf_queue(default=True) as queue:
        shown = subprocess.run(
            [sys.executable, "-c", OPEN_THE_DIALOG, str(tmp_path / "t.sqlite"), queue.name],
            cwd=REPO,
            env=queue.env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split("|") == [f"for {queue.name}", "1.5", "-2.0\n"]


def test_mixed_envelopes_print_each_on_its_size_and_the_run_says_where_the_pdf_went(
    qtbot, window, tmp_path
):
    from pypdf import PdfReader

    from touchdesk.domain.mail import MailDraft
    from touchdesk.domain.mail_layout import ENVELOPES
    from touchdesk.services.mail_queue import queue_mail

    for first, envelope in (("Ann", "c6"), ("Bob", "dl"), ("Cy", "c6")):
        pid = prospect(first, "Lee", **SPRINGFIELD)
        queue_mail(pid, MailDraft(MailKind.CARD, "Thanks", "Hi", envelope=envelope))
    dialog = MailPrintDialog(None, window, tell=window.tell)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.outputs.button(1), Qt.MouseButton.LeftButton)  # Envelopes
    assert dialog.envelope.currentText() == "Each piece's own envelope"
    assert dialog.envelope_note.isHidden()

    dialog.envelope.setCurrentIndex(dialog.envelope.findData("dl"))
    assert dialog.envelope_note.isVisible()
    assert dialog.envelope_note.text().startswith(
        "Queued for other envelopes: 2 for C6 (114 × 162 mm); they print on DL (110 × 220 mm)."
    )
    dialog.envelope.setCurrentIndex(0)  # each piece's own

    out = tmp_path / "out" / "cards.pdf"
    out.parent.mkdir()
    assert dialog.save_pdf(str(out)) == out
    reader = PdfReader(out)
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    ]
    c6, dl = ENVELOPES["c6"], ENVELOPES["dl"]
    assert sizes == [(round(e.width), round(e.height)) for e in (c6, c6, dl)]
    told = f"Envelopes saved as PDF (3 pages): {out}"
    assert dialog.saved.text() == told
    assert window.statusBar().currentMessage() == told
