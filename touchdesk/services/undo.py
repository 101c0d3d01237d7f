"""One user action as one undo entry: run it recorded, take it back, do it again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from touchdesk.store import undo_log
from touchdesk.store.db import database
from touchdesk.store.undo_log import UndoEntry, UndoRefused

T = TypeVar("T")

__all__ = ["UndoEntry", "UndoRefused", "record", "redo", "undo"]


def record(do: Callable[[], T]) -> tuple[T, UndoEntry]:
    """Run `do` (services calls, each its own atomic block) as one recorded transaction."""
    return undo_log.record(database, do)


def undo(entry: UndoEntry) -> None:
    """Raises UndoRefused, changing nothing, when rows were changed since by another program."""
    undo_log.undo(database, entry)


def redo(entry: UndoEntry) -> None:
    undo_log.redo(database, entry)
