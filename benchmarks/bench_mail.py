"""1,000 envelopes to PDF through touchdesk.printing.envelopes, against a bare QPdfWriter loop
drawing the same lines at the same places in the same process (target 1.3)."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

ENVELOPES = 1000
REPEATS = 3
# The painter adds shrink-to-fit and the printer nudge to the same drawText calls; more than
# 30% over the bare loop would mean per-envelope work crept in (a font or layout rebuilt).
TARGET = 1.3
RETURN = ("Sam Seller", "Seller & Co", "9 Market St", "PORTLAND, OR 97201")


def _pieces():
    from touchdesk.services.mail_print import MailPiece

    return [
        MailPiece(
            n, f"Prospect {n}", "", "", "", "", "", "us10",
            (f"Prospect {n} Example", f"Company {n % 97} LLC", f"{n} Elm Street", "Suite 200",
             "SPRINGFIELD, IL 62701"),
        )
        for n in range(ENVELOPES)
    ]  # fmt: skip


def _with_touchdesk(pieces, out: Path) -> None:
    from touchdesk.printing.envelopes import paint_envelopes
    from touchdesk.printing.output import to_pdf
    from touchdesk.services.mail_print import MailBatch

    batch = MailBatch(tuple(pieces), (), RETURN)
    to_pdf(out, "Envelopes", lambda writer: paint_envelopes(writer, batch, "us10"))


def _bare(pieces, out: Path) -> None:
    """The least the work can cost: one writer, one painter, fixed fonts, the lines set one by
    one at fixed points (as the painter sets them)."""
    from PySide6.QtCore import QMarginsF, QPointF
    from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(out))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.Comm10E),
            QPageLayout.Orientation.Landscape,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    scale = writer.logicalDpiX() / 72.0
    painter.scale(scale, scale)
    small, large = QFont("DejaVu Sans"), QFont("DejaVu Sans")
    small.setPointSizeF(9 / scale)
    large.setPointSizeF(11 / scale)
    small_top = 18 + QFontMetricsF(small, writer).ascent()
    large_top = 144 + QFontMetricsF(large, writer).ascent()
    for index, piece in enumerate(pieces):
        if index:
            writer.newPage()
        painter.setFont(small)
        for number, line in enumerate(RETURN):
            painter.drawText(QPointF(18, small_top + number * 9 * 1.2), line)
        painter.setFont(large)
        for number, line in enumerate(piece.address):
            painter.drawText(QPointF(288, large_top + number * 11 * 1.2), line)
    painter.end()


def _milliseconds(action, pieces, folder: Path, name: str) -> float:
    out = folder / name
    start = time.perf_counter()
    action(pieces, out)
    elapsed = (time.perf_counter() - start) * 1000
    assert out.stat().st_size > 10_000
    return elapsed


def run(database: Path | None = None) -> list[dict]:
    """`database` is unused: the figure needs no store (the runner passes one to every script)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["bench"])  # noqa: F841 (fonts)
    pieces = _pieces()
    values, baselines = [], []
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        _with_touchdesk(pieces[:5], where / "warm-ours.pdf")  # fonts and modules loaded, untimed
        _bare(pieces[:5], where / "warm-bare.pdf")
        for _ in range(REPEATS):  # interleaved, so drift on a noisy machine hits both alike
            values.append(_milliseconds(_with_touchdesk, pieces, where, "ours.pdf"))
            baselines.append(_milliseconds(_bare, pieces, where, "bare.pdf"))
    value, baseline = statistics.median(values), statistics.median(baselines)
    return [
        {
            "name": f"mail: {ENVELOPES:,} #10 envelopes to PDF vs a bare QPdfWriter loop",
            "value": round(value, 1),
            "baseline": round(baseline, 1),
            "unit": "ms",
            "ratio": round(value / baseline, 2),
            "target": TARGET,
        }
    ]


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(Path(sys.argv[1]) if len(sys.argv) > 1 else None), indent=2))
