"""Writing prospects to CSV that spreadsheets open safely and TouchDesk reads back as is.

A cell a spreadsheet would run as a formula is written with a leading apostrophe
(formats.formula_guard); the importer removes it, so '+44 20 7946 0958' comes back as
+44 20 7946 0958. LibreOffice shows that apostrophe: export to .xlsx (xlsx_export) for
typed text cells with no guard at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from touchdesk.domain.prospects import ProspectInput
from touchdesk.formats.csv_import import MULTI_SEPARATOR, TOUCHDESK_HEADERS
from touchdesk.formats.formula_guard import guard


def neutralise(cell: str) -> str:
    """A cell a spreadsheet shows as text instead of evaluating it."""
    return guard(cell)


def export_cells(prospect: ProspectInput) -> list[str]:
    return [
        prospect.first_name,
        prospect.last_name,
        prospect.company,
        prospect.role,
        MULTI_SEPARATOR.join(prospect.emails),
        MULTI_SEPARATOR.join(prospect.phones),
        prospect.street,
        prospect.street2,
        prospect.city,
        prospect.region,
        prospect.postal_code,
        prospect.country_code,
        prospect.time_zone,
        prospect.source,
        ", ".join(prospect.tags),
        prospect.notes,
    ]


def csv_lines(prospects: Iterable[ProspectInput]) -> Iterator[str]:
    """The header, then one CSV record per prospect (CRLF ends, as RFC 4180 and Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([name for name, _ in TOUCHDESK_HEADERS])
    yield flush()
    for prospect in prospects:
        writer.writerow([neutralise(cell) for cell in export_cells(prospect)])
        yield flush()


def write_csv(prospects: Iterable[ProspectInput], out: io.BufferedIOBase, bom: bool = False) -> int:
    """UTF-8 (with a BOM when Excel will open it: without one it guesses the locale's
    code page); returns how many prospects were written."""
    if bom:
        out.write("\ufeff".encode())
    count = -1
    for count, line in enumerate(csv_lines(prospects)):  # noqa: B007 (count is the result)
        out.write(line.encode("utf-8"))
    return max(count, 0)
