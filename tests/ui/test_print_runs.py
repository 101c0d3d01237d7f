"""Large print runs to PDF are painted by a worker: the window answers, Cancel leaves nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.vocabulary import MailKind
from touchdesk.services.mail_queue import queue_many
from touchdesk.ui.mail.print_dialog import MailPrintDialog

SPRINGFIELD = dict(
    street="1 Elm St", city="Springfield", region="IL", postal_code="62701", country_code="US"
)
PIECES = 400


@pytest.fixture
def envelopes(qtbot, window) -> MailPrintDialog:
    """The print dialog on 400 envelopes."""
    people = [prospect(f"P{n}", "Lee", **SPRINGFIELD) for n in range(PIECES)]
    queue_many(people, MailKind.CARD, "Hi")
    dialog = MailPrintDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.outputs.button(1), Qt.MouseButton.LeftButton)  # Envelopes
    return dialog


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder for the PDFs alone (the database lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# The worker waits here after its first reported piece until the test has acted on the
# progress dialog, so a fast or a loaded machine meets the same moment: never "all painted".
GATE = threading.Event()


@pytest.fixture(autouse=True)
def gated_painting(monkeypatch):
    from touchdesk.ui.mail import print_dialog

    paint = print_dialog.paint_mail

    def gated(device, run, progress):
        def report(done: int, total: int) -> None:
            progress(done, total)
            if not GATE.is_set():
                GATE.wait(30)
                progress(done, total)  # a Cancel pressed meanwhile is taken here

        return paint(device, run, report)

    GATE.set()
    monkeypatch.setattr(print_dialog, "paint_mail", gated)
    yield
    GATE.set()


def _when_progress(qtbot, act) -> None:
    """Run `act` on the progress dialog once some envelopes are painted, none too many."""
    GATE.clear()

    def midway(progress: QProgressDialog) -> None:
        qtbot.waitUntil(lambda: progress.value() > 0, timeout=30_000)
        act(progress)
        GATE.set()

    when_modal(qtbot, midway, QProgressDialog)


def test_400_envelopes_are_saved_as_pdf_while_the_event_loop_turns(
    qtbot, envelopes, out, monkeypatch
):
    from touchdesk.ui.mail import print_dialog

    painters: set[int] = set()
    paint = print_dialog.paint_mail

    def paint_and_note(device, run, progress):
        painters.add(threading.get_ident())
        return paint(device, run, progress)

    monkeypatch.setattr(print_dialog, "paint_mail", paint_and_note)
    ticks: list[int] = []
    heartbeat = QTimer()
    heartbeat.setInterval(0)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start()
    saved = envelopes.save_pdf(str(out / "envelopes.pdf"))
    heartbeat.stop()
    assert saved == out / "envelopes.pdf"
    assert len(PdfReader(saved).pages) == PIECES
    last = " ".join(PdfReader(saved).pages[PIECES - 1].extract_text().split())
    assert "P399 Lee" in last
    # The pages are painted by a worker, never by the thread that runs the window, and the
    # window's event loop turned meanwhile (how often depends on the machine's load).
    assert painters and threading.get_ident() not in painters
    assert ticks
    assert list(out.iterdir()) == [saved]


def test_cancel_midway_leaves_no_file_and_no_temporary_file(qtbot, envelopes, out):
    seen: dict[str, int] = {}

    def cancel(progress: QProgressDialog) -> None:
        seen["at"], seen["of"] = progress.value(), progress.maximum()
        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)

    _when_progress(qtbot, cancel)
    assert envelopes.save_pdf(str(out / "envelopes.pdf")) is None
    assert 0 < seen["at"] < seen["of"] == PIECES
    assert list(out.iterdir()) == []


def test_cancel_keeps_the_pdf_already_there(qtbot, envelopes, out):
    target = out / "envelopes.pdf"
    target.write_bytes(b"last week's envelopes")
    _when_progress(qtbot, lambda progress: progress.reject())  # Esc
    assert envelopes.save_pdf(str(target)) is None
    assert target.read_bytes() == b"last week's envelopes"
    assert list(out.iterdir()) == [target]


def test_a_folder_in_the_way_is_reported_and_nothing_is_left(qtbot, envelopes, out):
    target = out / "envelopes.pdf"
    said: dict[str, str] = {}

    def answer(box: QMessageBox) -> None:
        said["title"], said["text"] = box.windowTitle(), box.text()
        box.accept()

    # The folder appears while the pages are painted: the write at the end meets it.
    _when_progress(qtbot, lambda _: (target.mkdir(), when_modal(qtbot, answer, QMessageBox)))
    assert envelopes.save_pdf(str(target)) is None
    assert said["title"] == "Not saved"
    assert said["text"] == (
        f"Could not write {target}: that is a folder, not a file name "
        "(the file already there is unchanged)."
    )
    assert target.is_dir() and list(target.iterdir()) == []
    assert list(out.iterdir()) == [target]


def test_print_to_file_is_saved_by_the_worker_and_cancel_leaves_nothing(qtbot, window, out):
    people = [prospect(f"P{n}", "Lee", **SPRINGFIELD) for n in range(PIECES)]
    queue_many(people, MailKind.CARD, "Hi")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # "Print to file" in the chooser
    printer.setOutputFileName(str(out / "printed.pdf"))
    dialog = MailPrintDialog(None, window, printer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.outputs.button(1), Qt.MouseButton.LeftButton)  # Envelopes

    def choose_and_cancel(chooser: QPrintDialog) -> None:
        _when_progress(qtbot, lambda progress: progress.reject())
        chooser.accept()

    when_modal(qtbot, choose_and_cancel, QPrintDialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert list(out.iterdir()) == []
    when_modal(qtbot, lambda chooser: chooser.accept(), QPrintDialog)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(out / "printed.pdf").pages) == PIECES
    assert list(out.iterdir()) == [out / "printed.pdf"]
