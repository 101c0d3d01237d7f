"""Migration 2: plan runs (a prospect following a plan), next steps that know their run,
and plans that can end with the prospect dormant (the break-up)."""

from __future__ import annotations

import peewee

VERSION = 2
TITLE = "plan runs"

STATEMENTS = (
    'CREATE TABLE "plan_run" ("id" INTEGER NOT NULL PRIMARY KEY, "prospect_id" INTEGER NOT NULL, "plan_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "status" TEXT NOT NULL, "started_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, FOREIGN KEY ("prospect_id") REFERENCES "prospect" ("id") ON DELETE CASCADE, FOREIGN KEY ("plan_id") REFERENCES "plan" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "plan_run_prospect_id" ON "plan_run" ("prospect_id")',
    'CREATE INDEX "plan_run_plan_id" ON "plan_run" ("plan_id")',
    """CREATE UNIQUE INDEX "plan_run_one_current" ON "plan_run" ("prospect_id") WHERE status IN ('active', 'paused')""",
    'ALTER TABLE "next_step" ADD COLUMN "plan_run_id" INTEGER REFERENCES "plan_run" ("id") ON DELETE SET NULL',
    'CREATE INDEX "next_step_plan_run_id" ON "next_step" ("plan_run_id")',
    'ALTER TABLE "plan" ADD COLUMN "dormant_days_after" INTEGER NOT NULL DEFAULT 0',
)


def apply(database: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
