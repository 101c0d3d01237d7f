"""Migration 3: the smart questions library, and reasons and templates tied to a stage."""

from __future__ import annotations

import peewee

VERSION = 4
TITLE = "questions and stages"

STATEMENTS = (
    'CREATE TABLE "question" ("id" INTEGER NOT NULL PRIMARY KEY, "title" TEXT NOT NULL, "body" TEXT NOT NULL, "position" INTEGER NOT NULL, "builtin" INTEGER NOT NULL, "stage_id" INTEGER, FOREIGN KEY ("stage_id") REFERENCES "stage" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX "question_title" ON "question" ("title")',
    'CREATE INDEX "question_stage_id" ON "question" ("stage_id")',
    'ALTER TABLE "reason" ADD COLUMN "stage_id" INTEGER REFERENCES "stage" ("id") ON DELETE SET NULL',
    'CREATE INDEX "reason_stage_id" ON "reason" ("stage_id")',
    'ALTER TABLE "template" ADD COLUMN "stage_id" INTEGER REFERENCES "stage" ("id") ON DELETE SET NULL',
    'CREATE INDEX "template_stage_id" ON "template" ("stage_id")',
)


def apply(database: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
