"""The app's log file, kept small: rolled over to .1, .2, .3 as it fills, like the standard
library's RotatingFileHandler, without that module (it imports pickle, queue and the network
handlers at every launch, some 4 ms, for a file that rolls over once in months)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

MAX_BYTES = 1_000_000
KEPT = 3  # older files, touchdesk.log.1 the newest of them


class KeptSmallFileHandler(logging.FileHandler):
    """Appends to `path`; a record that would take it to MAX_BYTES rolls the files over
    first: .2 becomes .3, .1 becomes .2, the log becomes .1, and the oldest is dropped."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.path = Path(self.baseFilename)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._would_fill(record):
                self._roll_over()
        except OSError:  # said on stderr, as logging says its own errors; the line is kept
            self.handleError(record)
        super().emit(record)

    def _would_fill(self, record: logging.LogRecord) -> bool:
        if self.stream is None:
            self.stream = self._open()
        # As RotatingFileHandler measures: what is written so far plus this line.
        written = self.stream.seek(0, os.SEEK_END)
        return written > 0 and written + len(self.format(record)) + 1 >= MAX_BYTES

    def _roll_over(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # opened again, empty, by the next record
        for number in range(KEPT - 1, 0, -1):
            older = numbered(self.path, number)
            if older.exists():
                os.replace(older, numbered(self.path, number + 1))
        os.replace(self.path, numbered(self.path, 1))


def numbered(path: Path, number: int) -> Path:
    """`touchdesk.log.2`: the log `number` roll-overs ago."""
    return path.with_name(f"{path.name}.{number}")
