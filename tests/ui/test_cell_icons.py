"""A list cell's icon, held as pixmaps, paints as the glyph drawn for the device it lands on:
in every mode, light or dark, at any pixel ratio, and after the window moves to a screen of
another ratio."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPalette

from touchdesk.domain.vocabulary import Channel
from touchdesk.ui.channel_icons import (
    change_cell_icon,
    change_icon,
    channel_cell_icon,
    channel_icon,
)
from touchdesk.ui.theme import apply_scheme

MODES = [QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Disabled, QIcon.Mode.Selected]
ROOT = Path(__file__).resolve().parents[2]


def _painted(icon: QIcon, box: QSize, ratio: float, mode: QIcon.Mode) -> QImage:
    """The icon as an item view paints it: into its box on a device of `ratio`."""
    image = QImage(box * ratio, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    icon.paint(painter, QRect(0, 0, box.width(), box.height()), Qt.AlignmentFlag.AlignCenter, mode)
    painter.end()
    return image


@pytest.mark.parametrize("scheme", [Qt.ColorScheme.Light, Qt.ColorScheme.Dark])
def test_a_cell_icon_paints_as_the_glyph_in_every_mode_and_ratio(qtbot, qapp, scheme):
    box = QSize(16, 16)
    try:
        apply_scheme(qapp, scheme)
        for ratio in (1.0, 1.25, 1.5, 2.0, 3.0):
            pairs = [(channel_cell_icon(c, box, ratio), channel_icon(c)) for c in Channel]
            pairs += [(channel_cell_icon(None, box, ratio), channel_icon(None))]
            pairs += [(change_cell_icon(box, ratio), change_icon())]
            for held, glyph in pairs:
                assert held.actualSize(box) == box
                for mode in MODES:
                    assert _painted(held, box, ratio, mode) == _painted(glyph, box, ratio, mode)
    finally:
        qapp.setPalette(QPalette())


# Two screens, the second at twice the pixel ratio: a window moved there is redrawn at 2x.
SCRIPT = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication
    from tests.factories import prospect
    from touchdesk.domain.timeline import TouchInput
    from touchdesk.domain.vocabulary import Channel, Direction, EventKind, Outcome
    from touchdesk.services.bootstrap import ensure_defaults
    from touchdesk.services.timeline import log_touch, record_event
    from touchdesk.store.opening import open_store
    from touchdesk.ui.events import ChangeBus
    from touchdesk.ui.prospect.page import ProspectPage

    folder = Path(sys.argv[1])
    app = QApplication([])
    one, two = app.screens()
    open_store(folder / "desk.sqlite", folder / "backups")
    ensure_defaults()
    pid = prospect("Vera", "Varga", "Varga Ltd")
    now = datetime.now(UTC).replace(microsecond=0)
    for n, channel in enumerate([Channel.CALL, Channel.EMAIL, Channel.GIFT, Channel.SMS]):
        log_touch(pid, TouchInput(channel, now - timedelta(days=9 - n), Direction.OUT,
                                  Outcome.NONE, "note"))
    record_event(pid, EventKind.STAGE_CHANGED, "Qualified → Proposal")

    def page_on(screen, x):
        page = ProspectPage(ChangeBus(), QUndoStack(), lambda _: None)
        page.setScreen(screen)
        page.move(x, 10)
        page.resize(700, 480)  # fits either screen: the second is 960 by 540 at 2x
        page.show()
        page.show_prospect(pid)
        app.processEvents()
        return page

    moved = page_on(one, 10)
    moved.timeline_view.selectRow(1)
    first = moved.timeline_view.grab().toImage()
    moved.windowHandle().setScreen(two)
    moved.move(2000, 10)
    moved.resize(700, 480)
    app.processEvents()
    there = page_on(two, 2100)
    there.timeline_view.selectRow(1)
    app.processEvents()
    after, fresh = moved.timeline_view.grab().toImage(), there.timeline_view.grab().toImage()
    print(first.devicePixelRatio(), after.devicePixelRatio(), fresh.devicePixelRatio())

    def marks(view, image):
        # Each shown row's channel mark: the start of its What cell, in device pixels.
        model, offset = view.model(), view.viewport().pos()
        shown = []
        for row in range(3):
            cell = view.visualRect(model.index(row, 1)).translated(offset)
            box = cell.adjusted(0, 0, 24 - cell.width(), 0)
            ratio = image.devicePixelRatio()
            shown.append(image.copy(QRect(box.topLeft() * ratio, box.size() * ratio)))
        return shown

    print("same" if marks(moved.timeline_view, after) == marks(there.timeline_view, fresh)
          else "differ")
    """
)


def test_a_timeline_moved_to_a_screen_of_another_ratio_paints_as_one_opened_there(tmp_path):
    screens = [
        {"name": name, "x": x, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96}
        for name, x in (("one", 0), ("two", 1920))
    ]
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": screens}), encoding="utf-8")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCREEN_SCALE_FACTORS="1;2",
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    ratios, verdict = done.stdout.split("\n")[:2]
    assert ratios.split() == ["1.0", "2.0", "2.0"]
    assert verdict == "same"


def test_the_timeline_marks_follow_a_switch_of_scheme_with_the_page_open(qtbot, qapp, store):
    from datetime import UTC, datetime, timedelta

    from PySide6.QtGui import QUndoStack

    from tests.factories import prospect
    from touchdesk.domain.timeline import TouchInput
    from touchdesk.domain.vocabulary import Direction, EventKind, Outcome
    from touchdesk.services.timeline import log_touch, record_event
    from touchdesk.ui.events import ChangeBus
    from touchdesk.ui.prospect.page import ProspectPage

    pid = prospect("Vera", "Varga")
    now = datetime.now(UTC).replace(microsecond=0)
    log_touch(pid, TouchInput(Channel.EMAIL, now - timedelta(days=2), Direction.OUT, Outcome.NONE))
    record_event(pid, EventKind.STAGE_CHANGED, "Qualified → Proposal")
    page = ProspectPage(ChangeBus(), QUndoStack(), lambda _: None)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    page.show_prospect(pid)
    model, view = page.timeline_model, page.timeline_view
    rows = {model.row_value(r).is_touch: r for r in range(model.rowCount())}
    try:
        for scheme in (Qt.ColorScheme.Light, Qt.ColorScheme.Dark, Qt.ColorScheme.Light):
            apply_scheme(qapp, scheme)
            view.grab()  # the rows shown, their cells worked out
            size, ratio = view.icon_box()
            want = {True: channel_cell_icon(Channel.EMAIL, size, ratio)}
            want[False] = change_cell_icon(size, ratio)
            for is_touch, row in rows.items():
                shown = model.data(model.index(row, 1), Qt.ItemDataRole.DecorationRole)
                for mode in MODES:
                    assert _painted(shown, size, ratio, mode) == _painted(
                        want[is_touch], size, ratio, mode
                    ), (scheme, is_touch, mode)
    finally:
        qapp.setPalette(QPalette())
