"""Migration 9: an index of the touches outside the trash and one of the prospects in it, so
Insights counts the weeks and channels from indexes alone instead of reading every touch row
in the file.

Touches by time (with the channel and the prospect): the touches of the last weeks, counted.
The prospects in the trash: the few whose touches are left out.
"""

from __future__ import annotations

import peewee

VERSION = 9
TITLE = "an index of live touches and one of the trash"

STATEMENTS = (
    'CREATE INDEX "touch_live_by_time" ON "touch" ("occurred_at", "channel", "prospect_id") '
    "WHERE deleted_at IS NULL",
    'CREATE INDEX "prospect_in_trash" ON "prospect" ("id") WHERE deleted_at IS NOT NULL',
)


def apply(database: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
