"""Migration 8: emails with prospects copied from the seller's mailbox, and where each mailbox
folder's sync stopped."""

from __future__ import annotations

import peewee

VERSION = 8
TITLE = "emails and folder sync"

STATEMENTS = (
    'CREATE TABLE "stored_email" ("id" INTEGER NOT NULL PRIMARY KEY, "message_id" TEXT NOT NULL, "prospect_id" INTEGER NOT NULL, "touch_id" INTEGER, "direction" TEXT NOT NULL, "sent_at" DATETIME NOT NULL, "subject" TEXT NOT NULL, "from_address" TEXT NOT NULL, "to_addresses" TEXT NOT NULL, "cc_addresses" TEXT NOT NULL, "in_reply_to" TEXT NOT NULL, "references" TEXT NOT NULL, "body" TEXT NOT NULL, "attachments" TEXT NOT NULL, "folder" TEXT NOT NULL, "created_at" DATETIME NOT NULL, FOREIGN KEY ("prospect_id") REFERENCES "prospect" ("id") ON DELETE CASCADE, FOREIGN KEY ("touch_id") REFERENCES "touch" ("id") ON DELETE SET NULL)',
    'CREATE INDEX "stored_email_prospect_id" ON "stored_email" ("prospect_id")',
    'CREATE INDEX "stored_email_touch_id" ON "stored_email" ("touch_id")',
    'CREATE UNIQUE INDEX "stored_email_message_id_prospect_id" ON "stored_email" ("message_id", "prospect_id")',
    'CREATE INDEX "stored_email_prospect_id_sent_at" ON "stored_email" ("prospect_id", "sent_at")',
    'CREATE TABLE "folder_sync" ("id" INTEGER NOT NULL PRIMARY KEY, "account" TEXT NOT NULL, "folder" TEXT NOT NULL, "uid_validity" INTEGER NOT NULL, "last_uid" INTEGER NOT NULL, "synced_at" DATETIME NOT NULL)',
    'CREATE UNIQUE INDEX "folder_sync_account_folder" ON "folder_sync" ("account", "folder")',
)


def apply(database: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
