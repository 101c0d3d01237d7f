"""Migration 1: the first schema, frozen as SQL so later model changes never alter it."""

from __future__ import annotations

import peewee

VERSION = 1
TITLE = "initial schema"

STATEMENTS = (
    """CREATE TABLE "stage" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "position" INTEGER NOT NULL, "outcome" TEXT NOT NULL)""",
    """CREATE TABLE "prospect" ("id" INTEGER NOT NULL PRIMARY KEY, "first_name" TEXT NOT NULL, "last_name" TEXT NOT NULL, "company" TEXT NOT NULL, "role" TEXT NOT NULL, "street" TEXT NOT NULL, "street2" TEXT NOT NULL, "city" TEXT NOT NULL, "region" TEXT NOT NULL, "postal_code" TEXT NOT NULL, "country_code" TEXT NOT NULL, "time_zone" TEXT NOT NULL, "source" TEXT NOT NULL, "referrer_id" INTEGER, "stage_id" INTEGER NOT NULL, "status" TEXT NOT NULL, "dormant_until" DATE, "lost_reason" TEXT NOT NULL, "notes" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "deleted_at" DATETIME, "touch_count" INTEGER NOT NULL, "attempts" INTEGER NOT NULL, "last_touch_at" DATETIME, "last_reached_at" DATETIME, FOREIGN KEY ("referrer_id") REFERENCES "prospect" ("id") ON DELETE SET NULL, FOREIGN KEY ("stage_id") REFERENCES "stage" ("id") ON DELETE RESTRICT)""",
    """CREATE INDEX "prospect_referrer_id" ON "prospect" ("referrer_id")""",
    """CREATE INDEX "prospect_stage_id" ON "prospect" ("stage_id")""",
    """CREATE INDEX "prospect_stage_id_status" ON "prospect" ("stage_id", "status")""",
    """CREATE TABLE "contact_point" ("id" INTEGER NOT NULL PRIMARY KEY, "prospect_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, "label" TEXT NOT NULL, "value" TEXT NOT NULL, "position" INTEGER NOT NULL, FOREIGN KEY ("prospect_id") REFERENCES "prospect" ("id") ON DELETE CASCADE)""",
    """CREATE INDEX "contact_point_prospect_id" ON "contact_point" ("prospect_id")""",
    """CREATE INDEX "contact_point_kind_value" ON "contact_point" ("kind", "value")""",
    """CREATE INDEX "contact_point_prospect_id_kind_position" ON "contact_point" ("prospect_id", "kind", "position")""",
    """CREATE TABLE "touch" ("id" INTEGER NOT NULL PRIMARY KEY, "prospect_id" INTEGER NOT NULL, "channel" TEXT NOT NULL, "direction" TEXT NOT NULL, "outcome" TEXT NOT NULL, "occurred_at" DATETIME NOT NULL, "attempt" INTEGER, "note" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "deleted_at" DATETIME, FOREIGN KEY ("prospect_id") REFERENCES "prospect" ("id") ON DELETE CASCADE)""",
    """CREATE INDEX "touch_prospect_id" ON "touch" ("prospect_id")""",
    """CREATE INDEX "touch_prospect_id_occurred_at" ON "touch" ("prospect_id", "occurred_at")""",
    """CREATE TABLE "mail_task" ("id" INTEGER NOT NULL PRIMARY KEY, "prospect_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, "occasion" TEXT NOT NULL, "message" TEXT NOT NULL, "envelope" TEXT NOT NULL, "due_on" DATE, "status" TEXT NOT NULL, "recipient_name" TEXT NOT NULL, "company" TEXT NOT NULL, "street" TEXT NOT NULL, "street2" TEXT NOT NULL, "city" TEXT NOT NULL, "region" TEXT NOT NULL, "postal_code" TEXT NOT NULL, "country_code" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "written_at" DATETIME, "mailed_at" DATETIME, "touch_id" INTEGER, FOREIGN KEY ("prospect_id") REFERENCES "prospect" ("id") ON DELETE CASCADE, FOREIGN KEY ("touch_id") REFERENCES "touch" ("id") ON DELETE SET NULL)""",
    """CREATE INDEX "mail_task_prospect_id" ON "mail_task" ("prospect_id")""",
    """CREATE INDEX "mail_task_touch_id" ON "mail_task" ("touch_id")""",
    """CREATE INDEX "mail_task_status_due_on" ON "mail_task" ("status", "due_on")""",
    """CREATE TABLE "next_step" ("id" INTEGER NOT NULL PRIMARY KEY, "prospect_id" INTEGER NOT NULL, "due_at" DATETIME NOT NULL, "duration_minutes" INTEGER NOT NULL, "channel" TEXT NOT NULL, "purpose" TEXT NOT NULL, "location" TEXT NOT NULL, "uid" TEXT NOT NULL, "sequence" INTEGER NOT NULL, "status" TEXT NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "closed_at" DATETIME, FOREIGN KEY ("prospect_id") REFERENCES "prospect" ("id") ON DELETE CASCADE)""",
    """CREATE INDEX "next_step_prospect_id" ON "next_step" ("prospect_id")""",
    """CREATE UNIQUE INDEX "next_step_uid" ON "next_step" ("uid")""",
    """CREATE INDEX "next_step_status_due_at" ON "next_step" ("status", "due_at")""",
    """CREATE UNIQUE INDEX "next_step_one_open" ON "next_step" ("prospect_id") WHERE status = 'open'""",
    """CREATE TABLE "plan" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "description" TEXT NOT NULL, "builtin" INTEGER NOT NULL)""",
    """CREATE UNIQUE INDEX "plan_name" ON "plan" ("name")""",
    """CREATE TABLE "template" ("id" INTEGER NOT NULL PRIMARY KEY, "key" TEXT NOT NULL, "name" TEXT NOT NULL, "kind" TEXT NOT NULL, "subject" TEXT NOT NULL, "body" TEXT NOT NULL, "builtin" INTEGER NOT NULL)""",
    """CREATE UNIQUE INDEX "template_key" ON "template" ("key")""",
    """CREATE TABLE "plan_step" ("id" INTEGER NOT NULL PRIMARY KEY, "plan_id" INTEGER NOT NULL, "position" INTEGER NOT NULL, "day_offset" INTEGER NOT NULL, "offset_from" TEXT NOT NULL, "channel" TEXT NOT NULL, "purpose" TEXT NOT NULL, "timing" TEXT NOT NULL, "template_id" INTEGER, FOREIGN KEY ("plan_id") REFERENCES "plan" ("id") ON DELETE CASCADE, FOREIGN KEY ("template_id") REFERENCES "template" ("id") ON DELETE SET NULL)""",
    """CREATE INDEX "plan_step_plan_id" ON "plan_step" ("plan_id")""",
    """CREATE INDEX "plan_step_template_id" ON "plan_step" ("template_id")""",
    """CREATE INDEX "plan_step_plan_id_position" ON "plan_step" ("plan_id", "position")""",
    """CREATE TABLE "prospect_event" ("id" INTEGER NOT NULL PRIMARY KEY, "prospect_id" INTEGER NOT NULL, "kind" TEXT NOT NULL, "occurred_at" DATETIME NOT NULL, "detail" TEXT NOT NULL, FOREIGN KEY ("prospect_id") REFERENCES "prospect" ("id") ON DELETE CASCADE)""",
    """CREATE INDEX "prospect_event_prospect_id" ON "prospect_event" ("prospect_id")""",
    """CREATE INDEX "prospect_event_prospect_id_occurred_at" ON "prospect_event" ("prospect_id", "occurred_at")""",
    """CREATE TABLE "prospect_tag" ("id" INTEGER NOT NULL PRIMARY KEY, "prospect_id" INTEGER NOT NULL, "tag" TEXT NOT NULL, FOREIGN KEY ("prospect_id") REFERENCES "prospect" ("id") ON DELETE CASCADE)""",
    """CREATE INDEX "prospect_tag_prospect_id" ON "prospect_tag" ("prospect_id")""",
    """CREATE UNIQUE INDEX "prospect_tag_prospect_id_tag" ON "prospect_tag" ("prospect_id", "tag")""",
    """CREATE INDEX "prospect_tag_tag" ON "prospect_tag" ("tag")""",
    """CREATE TABLE "reason" ("id" INTEGER NOT NULL PRIMARY KEY, "title" TEXT NOT NULL, "body" TEXT NOT NULL, "position" INTEGER NOT NULL, "builtin" INTEGER NOT NULL)""",
    """CREATE UNIQUE INDEX "reason_title" ON "reason" ("title")""",
    """CREATE TABLE "setting" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)""",
)


def apply(database: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
