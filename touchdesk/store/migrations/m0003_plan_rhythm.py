"""Migration 3: plan steps that are tried twice, and the built-in "No answer" and "Email
chase" plans corrected where the seller never edited them.

The old and new built-in steps are frozen here as data, so later changes to the built-in
plans never alter what this step did. A plan whose name, description or any step differs
from what the program shipped was edited by the seller and is left exactly as it is.
"""

from __future__ import annotations

import peewee

VERSION = 3
TITLE = "twice steps and corrected built-in plans"

STATEMENTS = (
    'ALTER TABLE "plan_step" ADD COLUMN "twice" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "plan_run" ADD COLUMN "second_try" INTEGER NOT NULL DEFAULT 0',
)

# (day_offset, offset_from, channel, purpose, timing, template key[, twice])
Row = tuple

OLD_PLANS: dict[str, tuple[str, int, tuple[Row, ...]]] = {
    "No answer": (
        "The ten-day program for a warm prospect who went silent.",
        0,
        (
            (0, "previous", "call", "Early call", "early_call", ""),
            (
                1,
                "previous",
                "call",
                "Second call: leave a voicemail naming the next call time",
                "call",
                "voicemail",
            ),
            (1, "previous", "sms", "Text message", "email", ""),
            (1, "previous", "email", "Email: I've been trying to reach you", "email", "trying"),
            (2, "previous", "call", "Noon call", "noon_call", ""),
            (2, "previous", "call", "End-of-day call", "end_of_day_call", ""),
            (1, "previous", "call", "End-of-day call", "end_of_day_call", ""),
            (14, "previous", "email", "Soft reminder", "email", ""),
            (30, "previous", "email", "Soft reminder", "email", ""),
        ),
    ),
    "Email chase": (
        "Three short emails, each quoting the last, then stop.",
        0,
        (
            (0, "previous", "email", "Chaser 1: quote the earlier email", "email", "chase_1"),
            (3, "previous", "email", "Chaser 2: quote the earlier emails", "email", "chase_2"),
            (4, "previous", "email", "Any progress?", "email", "chase_3"),
        ),
    ),
}

NEW_PLANS: dict[str, tuple[str, int, tuple[Row, ...]]] = {
    "No answer": (
        "A warm prospect went silent: one busy first day on every channel, then soft, "
        "infrequent follow-ups for about ten days, then the break-up.",
        90,
        (
            (0, "previous", "call", "Early call", "early_call", "", 0),
            (
                0,
                "previous",
                "call",
                "Second call: leave a voicemail saying when you will call next",
                "soon",
                "voicemail",
                0,
            ),
            (0, "previous", "sms", "Text: could you call me back, please?", "soon", "", 0),
            (
                0,
                "previous",
                "email",
                "Email: I have been trying to reach you",
                "soon",
                "trying",
                0,
            ),
            (
                0,
                "previous",
                "call",
                "Noon call, from another number (your mobile or a colleague's)",
                "noon_call",
                "",
                0,
            ),
            (
                0,
                "previous",
                "call",
                "End-of-day calls: always two, a few minutes apart",
                "end_of_day_call",
                "",
                1,
            ),
            (
                3,
                "previous",
                "email",
                "Soft follow-up: something useful, no pressure",
                "email",
                "",
                0,
            ),
            (3, "previous", "call", "Soft check-in call", "call", "", 0),
            (
                4,
                "previous",
                "email",
                "Break-up: say you will stop, as they seem no longer interested",
                "email",
                "breakup",
                0,
            ),
        ),
    ),
    "Email chase": (
        "The first email, then two short chasers, each quoting the emails before it; "
        "the last asks only whether there is any progress. Then stop.",
        0,
        (
            (
                0,
                "previous",
                "email",
                "First email: what you offered, one clear question",
                "email",
                "",
                0,
            ),
            (
                3,
                "previous",
                "email",
                "Second email: a short nudge, the first quoted below",
                "email",
                "chase_1",
                0,
            ),
            (4, "previous", "email", "Any progress?", "email", "chase_3", 0),
        ),
    ),
}


def _stored(database: peewee.SqliteDatabase, plan_id: int) -> tuple[Row, ...]:
    return tuple(
        database.execute_sql(
            "SELECT s.day_offset, s.offset_from, s.channel, s.purpose, s.timing, "
            "coalesce(t.key, '') FROM plan_step s LEFT JOIN template t ON t.id = s.template_id "
            "WHERE s.plan_id = ? ORDER BY s.position, s.id",
            (plan_id,),
        ).fetchall()
    )


def correct_builtin_plans(database: peewee.SqliteDatabase) -> list[str]:
    """Replace each built-in plan still exactly as shipped; the names of those replaced."""
    replaced = []
    for name, (description, dormant, steps) in OLD_PLANS.items():
        row = database.execute_sql(
            "SELECT id, description, dormant_days_after FROM plan WHERE name = ? AND builtin = 1",
            (name,),
        ).fetchone()
        if row is None:
            continue
        plan_id, stored_description, stored_dormant = row
        if (stored_description, stored_dormant) != (description, dormant):
            continue
        if _stored(database, plan_id) != steps:
            continue
        new_description, new_dormant, new_steps = NEW_PLANS[name]
        database.execute_sql(
            "UPDATE plan SET description = ?, dormant_days_after = ? WHERE id = ?",
            (new_description, new_dormant, plan_id),
        )
        database.execute_sql("DELETE FROM plan_step WHERE plan_id = ?", (plan_id,))
        for position, (days, offset_from, channel, purpose, timing, key, twice) in enumerate(
            new_steps
        ):
            template = database.execute_sql(
                "SELECT id FROM template WHERE key = ?", (key,)
            ).fetchone()
            database.execute_sql(
                "INSERT INTO plan_step (plan_id, position, day_offset, offset_from, channel, "
                "purpose, timing, template_id, twice) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    plan_id,
                    position,
                    days,
                    offset_from,
                    channel,
                    purpose,
                    timing,
                    template[0] if template and key else None,
                    twice,
                ),
            )
        replaced.append(name)
    return replaced


def apply(database: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        database.execute_sql(statement)
    correct_builtin_plans(database)
