"""Child process for the concurrency tests: another program holding the database's write lock.

Usage: python lock_holder.py DATABASE write|exclusive SECONDS [IDLE_SECONDS]
Takes the write lock ("exclusive": no reader either, as a tool writing in SQLite's classic
journal mode does), writes a row,
prints "holding", keeps the lock for SECONDS, commits, prints "done", then stays connected
and idle for IDLE_SECONDS (an open window doing nothing) before it exits.
"""

from __future__ import annotations

import sqlite3
import sys
import time


def main(argv: list[str]) -> int:
    database, mode, seconds = argv[1], argv[2], float(argv[3])
    idle = float(argv[4]) if len(argv) > 4 else 0.0
    connection = sqlite3.connect(database, isolation_level=None, timeout=30)
    if mode == "exclusive":
        connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute("BEGIN EXCLUSIVE" if mode == "exclusive" else "BEGIN IMMEDIATE")
    connection.execute("CREATE TABLE IF NOT EXISTS other_program (at REAL)")
    connection.execute("INSERT INTO other_program VALUES (?)", (time.time(),))
    print("holding", flush=True)
    time.sleep(seconds)
    connection.execute("COMMIT")
    print("done", flush=True)
    time.sleep(idle)
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
