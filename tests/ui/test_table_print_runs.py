"""The calling list's preview saves its PDF from a worker: the window answers, Cancel keeps."""

from __future__ import annotations

import re
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
    assert len(ticks) >= 100, len(ticks)  # on the GUI thread there were none at all
    assert list(out.iterdir()) == [saved]


def test_cancel_midway_leaves_no_file(qtbot, preview, out):
    seen: dict[str, int] = {}

    def cancel(progress: QProgressDialog) -> None:
        qtbot.waitUntil(lambda: progress.value() > 0, timeout=30_000)
        seen["at"], seen["of"] = progress.value(), progress.maximum()
        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)

    when_modal(qtbot, cancel, QProgressDialog)
    assert preview.save_pdf(str(out / "calls.pdf")) is None
    assert 0 < seen["at"] < seen["of"] == ROWS
    assert list(out.iterdir()) == []
