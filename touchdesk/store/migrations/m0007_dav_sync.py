"""Migration 7: the calendar and address book sync's own state (services/dav).

Per collection its sync-token or tag; per synced item its href, ETag and what was last written
and seen; the queue of changes waiting for the server, in order; and the questions the server
raised (an event deleted on the phone, a card edited there) until the seller answers them.
"""

from __future__ import annotations

import peewee

VERSION = 7
TITLE = "calendar and address book sync"

STATEMENTS = (
    'CREATE TABLE "dav_collection" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" TEXT NOT NULL, "url" TEXT NOT NULL, "sync_token" TEXT NOT NULL, "ctag" TEXT NOT NULL, "synced_at" DATETIME)',
    'CREATE UNIQUE INDEX "dav_collection_url" ON "dav_collection" ("url")',
    'CREATE TABLE "dav_item" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" TEXT NOT NULL, "local_id" INTEGER NOT NULL, "uid" TEXT NOT NULL, "href" TEXT NOT NULL, "etag" TEXT NOT NULL, "pushed_hash" TEXT NOT NULL, "pushed_body" TEXT NOT NULL, "remote_start" DATETIME, "remote_changed_at" DATETIME, "pushed_at" DATETIME)',
    'CREATE UNIQUE INDEX "dav_item_kind_local_id" ON "dav_item" ("kind", "local_id")',
    'CREATE UNIQUE INDEX "dav_item_href" ON "dav_item" ("href")',
    'CREATE TABLE "dav_pending" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" TEXT NOT NULL, "local_id" INTEGER NOT NULL, "action" TEXT NOT NULL, "queued_at" DATETIME NOT NULL, "tries" INTEGER NOT NULL, "last_error" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "dav_pending_kind_local_id" ON "dav_pending" ("kind", "local_id")',
    'CREATE TABLE "dav_question" ("id" INTEGER NOT NULL PRIMARY KEY, "kind" TEXT NOT NULL, "local_id" INTEGER NOT NULL, "detail" TEXT NOT NULL, "asked_at" DATETIME NOT NULL, "answered_at" DATETIME, "answer" TEXT NOT NULL)',
    'CREATE INDEX "dav_question_kind_local_id_answered_at" ON "dav_question" ("kind", "local_id", "answered_at")',
)


def apply(database: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
