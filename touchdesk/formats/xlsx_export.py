"""Writing prospects to an Excel workbook whose every cell is typed text.

A CSV leaves the reading to the spreadsheet, which runs '=…' as a formula, turns the ZIP code
02110 into the number 2110 and shows the apostrophe that guards a phone. In an .xlsx each cell
says it is a string, so nothing is evaluated or converted and no guard is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from touchdesk.domain.prospects import ProspectInput
from touchdesk.formats.csv_export import export_cells
from touchdesk.formats.csv_import import TOUCHDESK_HEADERS

# Characters XML 1.0 cannot hold (the workbook would not open); a tab and line breaks can.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT = "@"  # the 'Text' number format: what the seller types into the cell stays text too


def _text_cell(sheet, value: str, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    # A sheet's XML reads a carriage return as a line break anyway: say so up front.
    text = _NOT_IN_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if text:  # an empty one stays blank: an empty inline string is not valid in a sheet
        cell.value = text
        # Set after the value: openpyxl types a value starting with '=' as a formula.
        cell.data_type = "s"
    cell.number_format = _TEXT
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(prospects: Iterable[ProspectInput], out: BinaryIO) -> int:
    """One sheet, the same columns as the CSV export; returns how many prospects were written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Prospects")
    sheet.freeze_panes = "A2"
    sheet.append([_text_cell(sheet, name, bold=True) for name, _ in TOUCHDESK_HEADERS])
    count = 0
    for prospect in prospects:
        sheet.append([_text_cell(sheet, value) for value in export_cells(prospect)])
        count += 1
    book.save(out)
    return count
