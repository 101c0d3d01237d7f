"""Real damage for tests: a leaf page of the `touch` table overwritten on disk, as a bad
sector or a half-synced copy leaves it, with page 1 (and so the schema) still whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def fold_log(path: Path) -> None:
    """Move committed pages from the WAL into the main file, so the file alone is the data."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def touch_leaf_page(path: Path) -> tuple[int, int]:
    """(page number, page size) of a leaf page of `touch` away from its root."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        leaves = [
            row[0]
            for row in connection.execute(
                "SELECT pageno FROM dbstat WHERE name = 'touch' AND pagetype = 'leaf' "
                "ORDER BY pageno"
            )
        ]
    finally:
        connection.close()
    assert len(leaves) >= 3, "fill the database with more touches first"
    return leaves[len(leaves) // 2], page_size


def damage_touch_page(path: Path) -> int:
    """Overwrite one `touch` leaf page in place (the file stays open-able); returns its number."""
    fold_log(path)
    page, page_size = touch_leaf_page(path)
    with path.open("r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(b"\xa5" * page_size)
    return page
