"""SQLite's refusals in the seller's words: another program writing, read-only, disk full."""

from __future__ import annotations

# SQLite's primary result codes (the low byte of an extended code).
BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN = 5, 6, 8, 10, 13, 14


def sqlite_code(error: BaseException) -> int | None:
    """The primary SQLite result code behind error, looking through peewee's wrapper."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        code = getattr(current, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF
        # peewee re-raises sqlite3's error as its own type with the original as args[0].
        pending += [*current.args[:1], current.__cause__, current.__context__]
    return None


def plain_reason(error: BaseException, busy_timeout_ms: int) -> str | None:
    """Why SQLite refused, for the seller; None when the cause is not one of these."""
    code = sqlite_code(error)
    if code in (BUSY, LOCKED):
        seconds = max(1, round(busy_timeout_ms / 1000))
        return (
            "another program is writing to the database (a second TouchDesk, a backup or a "
            f"sync tool) and did not finish within {seconds} seconds. Nothing was changed: "
            "try again when it has finished."
        )
    if code == READONLY:
        return (
            "the database cannot be written: the file, its folder or the disk is read-only. "
            "Nothing was changed."
        )
    if code == CANTOPEN:
        return (
            "the database file cannot be opened or created: its folder is read-only, "
            "missing, or not yours to write to."
        )
    if code == FULL:
        return (
            "the disk is full (or the database reached its size limit). Nothing was changed: "
            "free some space, then try again."
        )
    if code == IOERR:
        return (
            "the disk could not be read or written (an input/output error). Nothing was "
            "changed: check the drive, then try again."
        )
    return None
