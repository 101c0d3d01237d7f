"""1,000 envelopes to PDF, against a bare QPdfWriter loop drawing the same lines at the same
places in the same process, sampled ABAB...

- painting: touchdesk.printing.envelopes over 1,000 given pieces vs the bare loop (target 1.3);
- from the database: 1,000 queued envelopes in a copy of the database, read through
  mail_batch() and painted, vs the same address columns read raw and the bare loop (shown, not
  judged: it is the figure the scaling table follows, since it reads the database).

python bench_mail.py DB [--repeats N]   prints a JSON list of figures
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import copy_database, figure, raw_connection, repeats_from  # noqa: E402

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


def _queue_envelopes(database: Path, folder: Path) -> tuple[Path, list[int]]:
    """A copy of the database with one queued envelope for each of its first 1,000 people."""
    copy = copy_database(database, folder / "mail.sqlite")
    connection = sqlite3.connect(copy)
    with connection:
        (before,) = connection.execute("SELECT coalesce(max(id), 0) FROM mail_task").fetchone()
        connection.execute(
            "INSERT INTO mail_task (prospect_id, kind, occasion, message, envelope, status,"
            " recipient_name, company, street, street2, city, region, postal_code, country_code,"
            " created_at) SELECT id, 'card', '', '', 'us10', 'queued',"
            " first_name || ' ' || last_name, company, street, street2, city, region,"
            " postal_code, country_code, '2026-01-01 09:00:00' FROM prospect"
            " WHERE deleted_at IS NULL ORDER BY id LIMIT ?",
            (ENVELOPES,),
        )
        ids = [
            row[0] for row in connection.execute("SELECT id FROM mail_task WHERE id > ?", (before,))
        ]
    connection.close()
    return copy, ids


def _from_database(database: Path, folder: Path, repeats: int) -> dict:
    from touchdesk.printing.envelopes import paint_envelopes
    from touchdesk.printing.output import to_pdf
    from touchdesk.services.mail_print import Output, mail_batch
    from touchdesk.store import db
    from touchdesk.store.opening import open_store

    copy, ids = _queue_envelopes(database, folder)
    open_store(copy, folder / "backups")
    raw = raw_connection(copy)
    marks = ", ".join("?" for _ in ids)
    select = (
        "SELECT recipient_name, company, street, street2, city || ' ' || region || ' '"
        f" || postal_code FROM mail_task WHERE id IN ({marks}) ORDER BY id"
    )

    def app(out: Path) -> None:
        batch = mail_batch(Output.ENVELOPES, ids)
        to_pdf(out, "Envelopes", lambda writer: paint_envelopes(writer, batch, "us10"))

    def bare(out: Path) -> None:
        rows = raw.execute(select, ids).fetchall()
        _bare([SimpleNamespace(address=tuple(part for part in row if part)) for row in rows], out)

    values, baselines = [], []
    app(folder / "warm-ours.pdf")
    bare(folder / "warm-bare.pdf")
    for _ in range(repeats):
        baselines.append(_milliseconds(lambda _pieces, out: bare(out), None, folder, "bare.pdf"))
        values.append(_milliseconds(lambda _pieces, out: app(out), None, folder, "ours.pdf"))
    raw.close()
    db.close()
    return figure(
        f"mail: {ENVELOPES:,} envelopes from the database to PDF vs raw rows + the bare loop",
        values,
        baselines,
        "ms",
        None,
    )


def run(database: Path | None = None, repeats: int = REPEATS) -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["bench"])  # noqa: F841 (fonts)
    pieces = _pieces()
    values, baselines = [], []
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        _with_touchdesk(pieces[:5], where / "warm-ours.pdf")  # fonts and modules loaded, untimed
        _bare(pieces[:5], where / "warm-bare.pdf")
        for _ in range(repeats):  # interleaved, so drift on a noisy machine hits both alike
            baselines.append(_milliseconds(_bare, pieces, where, "bare.pdf"))
            values.append(_milliseconds(_with_touchdesk, pieces, where, "ours.pdf"))
        entries = [
            figure(
                f"mail: {ENVELOPES:,} #10 envelopes to PDF vs a bare QPdfWriter loop",
                values,
                baselines,
                "ms",
                TARGET,
            )
        ]
        if database is not None:
            entries.append(_from_database(database, where, repeats))
    return entries


if __name__ == "__main__":
    import json

    database = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    print(json.dumps(run(database, repeats_from(sys.argv, REPEATS)), indent=2))
