"""One mail print run as plain data, so a worker thread can paint it with no widget in reach."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtGui import QPagedPaintDevice

from touchdesk.domain.mail_layout import LabelSheet
from touchdesk.printing.envelopes import paint_envelopes
from touchdesk.printing.labels import paint_labels
from touchdesk.printing.mail_text import Progress
from touchdesk.printing.note_list import paint_note_list
from touchdesk.printing.output import paper
from touchdesk.services.mail_print import MailBatch, Output


@dataclass(frozen=True)
class MailRun:
    """Everything the pages need, read from the dialog and the database beforehand."""

    output: Output
    batch: MailBatch
    envelope: str | None  # a key of ENVELOPES; None: each piece on the one it was queued for
    sheet: LabelSheet
    start: int  # the first free label on a part-used sheet
    outlines: bool
    nudge_mm: tuple[float, float]
    paper: str  # "letter" or "a4": the note list's paper
    today: date  # the note list's date, in the seller's time zone


def paint_mail(device: QPagedPaintDevice, run: MailRun, progress: Progress = None) -> int:
    """The one painter behind preview, printer and PDF; returns the page count."""
    if run.output is Output.ENVELOPES:
        return paint_envelopes(device, run.batch, run.envelope, run.nudge_mm, progress)
    if run.output is Output.LABELS:
        return paint_labels(
            device,
            run.batch.pieces,
            run.sheet,
            start=run.start,
            outlines=run.outlines,
            nudge_mm=run.nudge_mm,
            progress=progress,
        )
    device.setPageSize(paper(run.paper))
    return paint_note_list(device, run.batch, run.today, progress)
