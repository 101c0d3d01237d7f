"""The calling list's preview saves its PDF from a worker: the window answers, Cancel keeps."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton, QToolBar

from tests.ui.helpers import when_modal
from touchdesk.printing.table_pages import Column, TablePages
from touchdesk.ui.print_preview import TablePreview, preview_table

ROWS = 3000


# The worker waits after its first reported row until the test has acted on the progress
# dialog: a fast or a loaded machine meets the same moment, never "all painted already".
GATE = threading.Event()
PAINTERS: set[int] = set()


@pytest.fixture(autouse=True)
def gated_painting(monkeypatch):
    from touchdesk.ui import print_preview

    write = print_preview.table_to_pdf

    def gated(table, target, size, progress):
        PAINTERS.add(threading.get_ident())

        def report(done: int, total: int) -> None:
            progress(done, total)
            if not GATE.is_set():
                GATE.wait(30)
                progress(done, total)  # a Cancel pressed meanwhile is taken here

        return write(table, target, size, report)

    GATE.set()
    PAINTERS.clear()
    monkeypatch.setattr(print_preview, "table_to_pdf", gated)
    yield
    GATE.set()


@pytest.fixture
def preview(qtbot) -> TablePreview:
    table = TablePages(
        "Calling list",
        "Today",
        [Column("Name", 2), Column("Phone", 1), Column("Why", 3)],
        [(f"Caller {n}", f"+1 555 {n:04}", "Follow up\non the quote") for n in range(ROWS)],
    )
    dialog = preview_table(table)
    qtbot.addWidget(dialog)
    return dialog


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_the_preview_offers_save_as_pdf(preview):
    assert preview.save_pdf_action in preview.findChild(QToolBar).actions()


def test_a_long_list_is_saved_as_pdf_while_the_event_loop_turns(qtbot, preview, out):
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(0)
    heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
    heartbeat.start()
    saved = preview.save_pdf(str(out / "calls.pdf"))
    heartbeat.stop()
    pages = PdfReader(saved).pages
    last = " ".join(pages[-1].extract_text().split())
    assert re.search(rf"Page {len(pages)} of {len(pages)}\b", last), last
    assert f"Caller {ROWS - 1}" in last and len(pages) > 50
    # Painted by a worker, not the thread that runs the window; its event loop turned meanwhile
    # (how often depends on the machine's load).
    assert PAINTERS and threading.get_ident() not in PAINTERS
    assert ticks
    assert list(out.iterdir()) == [saved]


def test_cancel_midway_leaves_no_file(qtbot, preview, out):
    seen: dict[str, int] = {}

    def cancel(progress: QProgressDialog) -> None:
        qtbot.waitUntil(lambda: progress.value() > 0, timeout=30_000)
        seen["at"], seen["of"] = progress.value(), progress.maximum()
        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)

    GATE.clear()
    when_modal(qtbot, lambda progress: (cancel(progress), GATE.set()), QProgressDialog)
    assert preview.save_pdf(str(out / "calls.pdf")) is None
    assert 0 < seen["at"] < seen["of"] == ROWS
    assert list(out.iterdir()) == []
