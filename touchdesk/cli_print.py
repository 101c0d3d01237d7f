"""touchdesk-cli print: the calling list and the mail desk's notes, envelopes and labels as PDF."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from touchdesk.cli_output import say as _say
from touchdesk.domain.mail_layout import ENVELOPES, SHEETS, paper_for
from touchdesk.domain.wording import count_of
from touchdesk.paths import AppPaths
from touchdesk.services.maintenance import refuse_output_over_store

DONE, USER_ERROR = 0, 1
WHAT = ("calls", "notes", "envelopes", "labels")
AS_QUEUED = "queued"


def add_print_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=WHAT, help="what to print")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--pdf", metavar="OUT.pdf", help="write a PDF file")
    where.add_argument(
        "--printer",
        metavar="NAME",
        help="print on this system printer, on the paper the layout needs (as lpstat -p names it)",
    )
    parser.add_argument(
        "--envelope",
        choices=[AS_QUEUED, *sorted(ENVELOPES)],
        default=AS_QUEUED,
        help="envelope size for every piece; 'queued' (the default) prints each piece on the "
        "envelope it was queued for, one size after the other",
    )
    parser.add_argument(
        "--sheet", choices=sorted(SHEETS), default="avery-5160", help="label sheet (labels)"
    )
    parser.add_argument(
        "--start", type=int, default=1, metavar="N", help="first free label on the sheet"
    )
    parser.add_argument(
        "--outlines", action="store_true", help="draw the label outlines (a test print)"
    )


def run_print(args: argparse.Namespace, paths: AppPaths) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a PDF needs no screen
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["touchdesk-cli"])  # noqa: F841 (fonts)
    if args.printer is not None:
        return _run_on_printer(args)
    out = Path(args.pdf)
    refuse_output_over_store(out, paths)
    if not out.parent.is_dir():
        print(f"touchdesk-cli: no folder {out.parent} to write {out.name} into", file=sys.stderr)
        return USER_ERROR
    if args.what == "calls":
        return _print_calls(out)
    return _print_mail(args, out)


def _run_on_printer(args: argparse.Namespace) -> int:
    """The same pages as the PDF, handed to a system printer instead of written to a file."""
    from touchdesk.printing.printer import PrinterRefused, UnknownPrinter, check_printer

    try:
        check_printer(args.printer)  # before any work: a typo is told at once
        if args.what == "calls":
            return _print_calls(None, args.printer)
        return _print_mail(args, None)
    except (UnknownPrinter, PrinterRefused) as error:
        print(f"touchdesk-cli: {error}", file=sys.stderr)
        return USER_ERROR


def _print_calls(out: Path | None, printer: str | None = None) -> int:
    from touchdesk.printing.call_list import call_list_table
    from touchdesk.printing.output import table_to_pdf
    from touchdesk.services import settings
    from touchdesk.services.today import today

    zone = ZoneInfo(settings.get("time_zone"))
    now = datetime.now(UTC)
    listing = today(now, zone)
    table = call_list_table(listing.calls, now, zone)
    if printer is not None:
        from touchdesk.printing.printer import table_to_printer

        pages, where = table_to_printer(table, printer), f"sent to {printer}"
    else:
        pages, where = table_to_pdf(table, out), f"in {out}"
    calls = count_of(len(listing.calls), "call")
    _say(f"Calling list: {calls} on {count_of(pages, 'page')} {where}")
    return DONE


def _print_mail(args: argparse.Namespace, out: Path | None) -> int:
    from touchdesk.printing.envelopes import paint_envelopes
    from touchdesk.printing.labels import paint_labels
    from touchdesk.printing.note_list import paint_note_list
    from touchdesk.printing.output import paper, to_pdf
    from touchdesk.services import settings
    from touchdesk.services.mail_print import (
        Output,
        envelope_mismatch,
        mail_batch,
        printer_nudge,
    )

    output = Output(args.what)
    batch = mail_batch(output)
    for left in batch.left_out:
        print(f"left out: {left}", file=sys.stderr)
    if not batch.pieces:
        print("touchdesk-cli: nothing to print: no open mail tasks ready", file=sys.stderr)
        return USER_ERROR
    # The feed calibration kept for this printer in the print dialog (PDF files have their own).
    nudge = printer_nudge(args.printer or "PDF")
    if output is Output.NOTES:
        size = paper(paper_for(settings.get("home_country")))

        def paint(writer):
            writer.setPageSize(size)
            today = datetime.now(ZoneInfo(settings.get("time_zone"))).date()
            return paint_note_list(writer, batch, today)

    elif output is Output.ENVELOPES:
        chosen = None if args.envelope == AS_QUEUED else args.envelope
        if chosen is not None and (mismatch := envelope_mismatch(batch.pieces, chosen)):
            print(f"note: {mismatch}", file=sys.stderr)

        def paint(writer):
            return paint_envelopes(writer, batch, chosen, nudge)

    else:
        sheet = SHEETS[args.sheet]
        if not 1 <= args.start <= sheet.per_sheet:
            print(
                f"touchdesk-cli: --start must be between 1 and {sheet.per_sheet} for {args.sheet}",
                file=sys.stderr,
            )
            return USER_ERROR

        def paint(writer):
            return paint_labels(
                writer, batch.pieces, sheet, start=args.start, outlines=args.outlines,
                nudge_mm=nudge,
            )  # fmt: skip

    title = f"TouchDesk {output.value}"
    if args.printer is not None:
        from touchdesk.printing.printer import to_printer

        pages, where = to_printer(args.printer, title, paint), f"sent to {args.printer}"
    else:
        pages, where = to_pdf(out, title, paint), f"in {out}"
    left = f", {len(batch.left_out)} left out (listed above)" if batch.left_out else ""
    _say(
        f"{output.value.capitalize()}: {count_of(len(batch.pieces), 'piece')} on "
        f"{count_of(pages, 'page')} {where}{left}"
    )
    return DONE
