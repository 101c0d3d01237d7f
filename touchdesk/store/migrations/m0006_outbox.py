"""Migration 6: the outbox, emails to prospects waiting for their minute, sent or failed."""

from __future__ import annotations

import peewee

VERSION = 6
TITLE = "outbox"

STATEMENTS = (
    'CREATE TABLE "outbox_email" ("id" INTEGER NOT NULL PRIMARY KEY, "prospect_id" INTEGER NOT NULL, "step_id" INTEGER, "to_address" TEXT NOT NULL, "cc" TEXT NOT NULL, "subject" TEXT NOT NULL, "body" TEXT NOT NULL, "message" TEXT NOT NULL, "message_id" TEXT NOT NULL, "in_reply_to" TEXT NOT NULL, "reference_ids" TEXT NOT NULL, "send_at" DATETIME, "status" TEXT NOT NULL, "last_answer" TEXT NOT NULL, "attempts" INTEGER NOT NULL, "next_try_at" DATETIME, "sent_copy" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "sent_at" DATETIME, "touch_id" INTEGER, FOREIGN KEY ("prospect_id") REFERENCES "prospect" ("id") ON DELETE CASCADE, FOREIGN KEY ("step_id") REFERENCES "next_step" ("id") ON DELETE SET NULL, FOREIGN KEY ("touch_id") REFERENCES "touch" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "outbox_email_prospect_id" ON "outbox_email" ("prospect_id")',
    'CREATE INDEX "outbox_email_step_id" ON "outbox_email" ("step_id")',
    'CREATE UNIQUE INDEX "outbox_email_message_id" ON "outbox_email" ("message_id")',
    'CREATE INDEX "outbox_email_touch_id" ON "outbox_email" ("touch_id")',
    'CREATE INDEX "outbox_email_status_send_at" ON "outbox_email" ("status", "send_at")',
)


def apply(database: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
