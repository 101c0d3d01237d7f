"""Migration 4: a next step keeps the short title its invite shows the prospect ('Call').

Version 3 is the plan rhythm (twice steps); this one only adds a column.
"""

from __future__ import annotations

import peewee

VERSION = 5
TITLE = "invite titles"

STATEMENTS = ('ALTER TABLE "next_step" ADD COLUMN "invite_title" TEXT NOT NULL DEFAULT \'\'',)


def apply(database: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
