"""The apostrophe that stops a spreadsheet running a CSV cell as a formula, and its removal.

Excel and LibreOffice run a cell that starts with =, +, - or @ (after any spaces or line
breaks), or with a tab or carriage return (CSV injection). Such a cell is written with a
leading apostrophe. A value that already starts with apostrophes before such a start gets one
more, so that reading back removes exactly one and gives the value as it was: "'=x" is written
"''=x" and read as "'=x".
"""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL_STARTS = ("\t", "\r")


def _runs(cell: str) -> bool:
    """Whether a spreadsheet would evaluate this cell (or take it for a control)."""
    return cell.startswith(_CONTROL_STARTS) or cell.lstrip().startswith(_FORMULA_STARTS)


def _guarded_shape(cell: str) -> bool:
    # Apostrophes (none or more) and then a cell that would run.
    return _runs(cell.lstrip("'"))


def guard(cell: str) -> str:
    """The cell as written to a CSV: shown as text by spreadsheets, never evaluated."""
    return "'" + cell if _guarded_shape(cell) else cell


def unguard(cell: str) -> str:
    """The cell as it was before guard(); a cell guard() would not write is left as is."""
    if cell.startswith("'") and _guarded_shape(cell[1:]):
        return cell[1:]
    return cell
