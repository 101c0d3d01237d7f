"""Migration 10: drop the seven single-column indexes whose column already leads a wider one.

SQLite finds rows by prospect (or stage, or plan) through the wider index just as fast, so
these only cost: every insert wrote them, the file carried them (about a tenth of it) and every
damage check walked them.
"""

from __future__ import annotations

import peewee

VERSION = 10
TITLE = "no index that a wider one already covers"

# Each with the wider index that serves its lookups.
DROPPED = {
    "prospect_stage_id": "prospect_stage_id_status",
    "contact_point_prospect_id": "contact_point_prospect_id_kind_position",
    "prospect_tag_prospect_id": "prospect_tag_prospect_id_tag",
    "touch_prospect_id": "touch_prospect_id_occurred_at",
    "prospect_event_prospect_id": "prospect_event_prospect_id_occurred_at",
    "stored_email_prospect_id": "stored_email_prospect_id_sent_at",
    "plan_step_plan_id": "plan_step_plan_id_position",
}


def apply(database: peewee.SqliteDatabase) -> None:
    for index in DROPPED:
        database.execute_sql(f'DROP INDEX IF EXISTS "{index}"')
