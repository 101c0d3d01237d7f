"""Migrations build exactly the models' schema, keep old data, copy first, and fail cleanly."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import peewee
import pytest

from touchdesk.store import db
from touchdesk.store.migrations import (
    LATEST_VERSION,
    MIGRATIONS,
    VERSION_TABLE,
    current_version,
    m0001_initial,
    migrate,
)
from touchdesk.store.models import ALL_MODELS
from touchdesk.store.opening import open_store

Schema = dict[str, Any]


# -- reading a schema the way SQLite reports it ------------------------------------------


def _normalised_sql(sql: str) -> str:
    """CREATE text with quoting and spacing evened out; literals keep their case, since
    WHERE status = 'open' and WHERE status = 'OPEN' are different indexes."""
    text = " ".join(sql.replace('"', "").replace("`", "").split())
    text = text.replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    return text.replace("IF NOT EXISTS ", "")


def schema_of(path: Path) -> Schema:
    """Tables, columns, foreign keys, indexes and the list of schema objects of one file,
    leaving out the version table (the models do not declare it)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        objects = sorted(
            (kind, name)
            for kind, name, table in connection.execute(
                "SELECT type, name, tbl_name FROM sqlite_master"
            )
            if table != VERSION_TABLE
        )
        tables: dict[str, Any] = {}
        for kind, table in objects:
            if kind != "table" or table.startswith("sqlite_"):
                continue
            # By name, not position: ALTER TABLE appends columns, and order is not schema.
            columns = {
                name: (declared.upper(), notnull, default, pk)
                for _, name, declared, notnull, default, pk in connection.execute(
                    f'PRAGMA table_info("{table}")'
                )
            }
            # Without the id and seq numbers, which only follow declaration order.
            foreign_keys = sorted(
                (source, target, to, on_update, on_delete, match)
                for _, _, target, source, to, on_update, on_delete, match in connection.execute(
                    f'PRAGMA foreign_key_list("{table}")'
                )
            )
            indexes = {}
            for _, name, unique, origin, partial in connection.execute(
                f'PRAGMA index_list("{table}")'
            ):
                index_columns = [
                    column
                    for _, _, column in sorted(
                        connection.execute(f'PRAGMA index_info("{name}")').fetchall()
                    )
                ]
                (sql,) = connection.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
                ).fetchone()
                partial_sql = _normalised_sql(sql) if partial else ""
                indexes[name] = (bool(unique), origin, index_columns, partial_sql)
            tables[table] = {"columns": columns, "foreign_keys": foreign_keys, "indexes": indexes}
    finally:
        connection.close()
    return {"objects": objects, "tables": tables}


def assert_same_schema(ours: Schema, theirs: Schema) -> None:
    assert sorted(ours["tables"]) == sorted(theirs["tables"])
    for table, parts in ours["tables"].items():
        for part, value in parts.items():
            assert value == theirs["tables"][table][part], f"{table}: {part} differ"
    assert ours["objects"] == theirs["objects"]


def models_database(path: Path) -> Path:
    """A database made straight from the models, as if the schema had never changed."""
    db.connect(path)
    try:
        # One transaction: one sync to disk instead of one per CREATE statement.
        with db.database.atomic():
            db.database.create_tables(ALL_MODELS)
    finally:
        db.close()
    return path


def scratch(path: Path) -> peewee.SqliteDatabase:
    """A database object of the test's own, so the shared one is never rebound."""
    database = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    database.connect()
    return database


def fake_migration(version: int, statements: tuple[str, ...], fail: bool = False) -> ModuleType:
    """A migration module as the runner sees it; with `fail`, it raises after its statements,
    i.e. midway through its transaction."""
    module = ModuleType(f"m{version:04d}_test")
    module.VERSION = version
    module.TITLE = f"test step {version}"

    def apply(database: peewee.SqliteDatabase) -> None:
        for statement in statements:
            database.execute_sql(statement)
        if fail:
            raise RuntimeError(f"migration {version} failed midway")

    module.apply = apply
    return module


# -- (a) migrated == created from the models ---------------------------------------------


def test_migrated_database_has_exactly_the_schema_of_the_models(tmp_path: Path):
    migrated = tmp_path / "migrated.sqlite"
    open_store(migrated, tmp_path / "backups")
    db.close()
    fresh = models_database(tmp_path / "fresh.sqlite")

    ours, theirs = schema_of(migrated), schema_of(fresh)

    assert ours["tables"], "the migrated database has no tables"
    assert_same_schema(ours, theirs)


def _rebuild_table(connection: sqlite3.Connection, table: str, old: str, new: str) -> None:
    """Recreate a table (and its indexes) with one piece of its CREATE text replaced."""
    (sql,) = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    assert old in sql, f"the mutation no longer matches the {table} table"
    indexes = [
        row[0]
        for row in connection.execute(
            "SELECT sql FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        )
    ]
    connection.execute(f'DROP TABLE "{table}"')
    connection.execute(sql.replace(old, new))
    for index in indexes:
        connection.execute(index)


def _replace_index(connection: sqlite3.Connection, name: str, new_sql: str) -> None:
    assert connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
    ).fetchone(), f"the mutation no longer matches index {name}"
    connection.execute(f'DROP INDEX "{name}"')
    connection.execute(new_sql)


MUTATIONS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "partial index condition": lambda c: _replace_index(
        c,
        "next_step_one_open",
        "CREATE UNIQUE INDEX next_step_one_open ON next_step (prospect_id) WHERE status = 'OPEN'",
    ),
    "index uniqueness": lambda c: _replace_index(
        c,
        "prospect_tag_prospect_id_tag",
        "CREATE INDEX prospect_tag_prospect_id_tag ON prospect_tag (prospect_id, tag)",
    ),
    "index column order": lambda c: _replace_index(
        c,
        "touch_prospect_id_occurred_at",
        "CREATE INDEX touch_prospect_id_occurred_at ON touch (occurred_at, prospect_id)",
    ),
    "foreign key on delete": lambda c: _rebuild_table(
        c,
        "plan_step",
        'REFERENCES "template" ("id") ON DELETE SET NULL',
        'REFERENCES "template" ("id") ON DELETE CASCADE',
    ),
    "column default": lambda c: _rebuild_table(
        c, "touch", '"note" TEXT NOT NULL', "\"note\" TEXT NOT NULL DEFAULT ''"
    ),
    "column nullability": lambda c: _rebuild_table(
        c, "touch", '"channel" TEXT NOT NULL', '"channel" TEXT'
    ),
    "extra trigger": lambda c: c.execute(
        "CREATE TRIGGER touch_noop AFTER INSERT ON touch BEGIN SELECT 1; END"
    ),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_the_schema_comparison_notices_a_difference(tmp_path: Path, mutation: str):
    """The equality above would be worthless if the comparison could not see these."""
    fresh = models_database(tmp_path / "fresh.sqlite")
    changed = models_database(tmp_path / "changed.sqlite")
    connection = sqlite3.connect(changed)
    MUTATIONS[mutation](connection)
    connection.commit()
    connection.close()

    with pytest.raises(AssertionError):
        assert_same_schema(schema_of(changed), schema_of(fresh))


# -- (b) a first-schema database is copied, then upgraded with its data ------------------

FIRST_SCHEMA_ROWS = (
    "INSERT INTO stage (id, name, position, outcome) VALUES (1, 'New', 0, 'open'), "
    "(2, 'Won', 9, 'won')",
    "INSERT INTO prospect (id, first_name, last_name, company, role, street, street2, city, "
    "region, postal_code, country_code, time_zone, source, referrer_id, stage_id, status, "
    "dormant_until, lost_reason, notes, created_at, updated_at, deleted_at, touch_count, "
    "attempts, last_touch_at, last_reached_at) VALUES "
    "(1, 'Ada', 'Lovelace', 'Engines Ltd', 'CTO', '1 St James''s Sq', '', 'London', '', "
    "'SW1Y 4JH', 'GB', 'Europe/London', 'referral', NULL, 1, 'active', NULL, '', 'Likes tea', "
    "'2026-01-01 09:00:00', '2026-01-02 09:00:00', NULL, 1, 1, '2026-01-02 09:00:00', NULL), "
    "(2, 'Hokusai', '', '', '', '', '', '', '', '', 'JP', '', '', 1, 2, 'won', NULL, '', '', "
    "'2026-01-01 09:00:00', '2026-01-01 09:00:00', NULL, 0, 0, NULL, NULL)",
    "INSERT INTO contact_point (prospect_id, kind, label, value, position) VALUES "
    "(1, 'email', 'work', 'ada@example.com', 0), (1, 'phone', '', '+442071234567', 0)",
    "INSERT INTO prospect_tag (prospect_id, tag) VALUES (1, 'vip'), (2, 'artist')",
    "INSERT INTO touch (id, prospect_id, channel, direction, outcome, occurred_at, attempt, note, "
    "created_at, deleted_at) VALUES (1, 1, 'call', 'out', 'no_answer', '2026-01-02 09:00:00', 1, "
    "'Left a voicemail', '2026-01-02 09:00:00', NULL)",
    "INSERT INTO prospect_event (prospect_id, kind, occurred_at, detail) VALUES "
    "(1, 'created', '2026-01-01 09:00:00', 'Added')",
    "INSERT INTO next_step (prospect_id, due_at, duration_minutes, channel, purpose, location, "
    "uid, sequence, status, created_at, updated_at, closed_at) VALUES (1, '2026-02-01 09:00:00', "
    "30, 'call', 'Check in', '', 'u1@touchdesk', 0, 'open', '2026-01-01 09:00:00', "
    "'2026-01-01 09:00:00', NULL)",
    "INSERT INTO mail_task (prospect_id, kind, occasion, message, envelope, due_on, status, "
    "recipient_name, company, street, street2, city, region, postal_code, country_code, "
    "created_at, written_at, mailed_at, touch_id) VALUES (1, 'card', 'thanks', 'Thank you!', "
    "'us10', '2026-01-05', 'queued', 'Ada Lovelace', 'Engines Ltd', '1 St James''s Sq', '', "
    "'London', '', 'SW1Y 4JH', 'GB', '2026-01-02 09:00:00', NULL, NULL, 1)",
    "INSERT INTO template (key, name, kind, subject, body, builtin) VALUES "
    "('voicemail', 'Voicemail', 'script', '', 'Hi {first_name}', 1)",
    "INSERT INTO plan (name, description, builtin) VALUES ('Gentle', 'Three calls', 0)",
    "INSERT INTO plan_step (plan_id, position, day_offset, offset_from, channel, purpose, timing, "
    "template_id) VALUES (1, 0, 2, 'previous', 'call', 'Say hello', 'early_call', 1)",
    "INSERT INTO reason (title, body, position, builtin) VALUES ('News', 'Their news', 0, 0)",
    "INSERT INTO setting (key, value) VALUES ('seller_name', '\"Sam\"')",
)


def first_schema_database(path: Path) -> Path:
    """A file as the first release left it: migration 1, its version row, and data."""
    database = scratch(path)
    try:
        assert migrate(database, migrations=(m0001_initial,)) == (0, 1)
        with database.atomic():
            for statement in FIRST_SCHEMA_ROWS:
                database.execute_sql(statement)
    finally:
        database.close()
    return path


@cache
def first_schema_columns() -> dict[str, tuple[str, ...]]:
    """The tables of migration 1 and their columns, read from its own frozen SQL."""
    connection = sqlite3.connect(":memory:")
    try:
        for statement in m0001_initial.STATEMENTS:
            connection.execute(statement)
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            table: tuple(row[1] for row in connection.execute(f'PRAGMA table_info("{table}")'))
            for table in sorted(tables)
        }
    finally:
        connection.close()


def first_schema_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every first-schema table, in the first schema's own columns only."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = {}
        for table, columns in first_schema_columns().items():
            names = ", ".join(f'"{column}"' for column in columns)
            rows[table] = connection.execute(
                f'SELECT {names} FROM "{table}" ORDER BY rowid'
            ).fetchall()
        return rows
    finally:
        connection.close()


def test_a_first_schema_database_is_upgraded_with_every_row_kept(tmp_path: Path):
    path = first_schema_database(tmp_path / "old.sqlite")
    before = first_schema_rows(path)
    assert all(before.values()), "every first-schema table should hold a row to carry over"
    backups = tmp_path / "backups"

    opened = open_store(path, backups)
    try:
        assert (opened.version_found, opened.version) == (1, LATEST_VERSION)
        assert current_version(db.database) == LATEST_VERSION
        # Today's models read every migrated row: added columns got usable values.
        for model in ALL_MODELS:
            list(model.select())
    finally:
        db.close()

    assert first_schema_rows(path) == before
    taken = sorted(backups.glob("*")) if backups.exists() else []
    if LATEST_VERSION == 1:
        # Nothing to migrate, so nothing to copy.
        assert opened.migration_backup is None and taken == []
    else:
        assert opened.migration_backup is not None and taken == [opened.migration_backup]
        # The copy is the database exactly as it was before the upgrade.
        copy = sqlite3.connect(f"file:{opened.migration_backup}?mode=ro", uri=True)
        try:
            version = copy.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()[0]
        finally:
            copy.close()
        assert version == 1
        assert first_schema_rows(opened.migration_backup) == before


def test_reopening_an_upgraded_database_neither_migrates_nor_copies_again(tmp_path: Path):
    path = first_schema_database(tmp_path / "old.sqlite")
    open_store(path, tmp_path / "backups")
    db.close()
    copies = sorted((tmp_path / "backups").glob("*")) if (tmp_path / "backups").exists() else []

    again = open_store(path, tmp_path / "backups")
    db.close()

    assert (again.version_found, again.version) == (LATEST_VERSION, LATEST_VERSION)
    assert again.migration_backup is None
    after = sorted((tmp_path / "backups").glob("*")) if (tmp_path / "backups").exists() else []
    assert after == copies


# The runner's `before` hook on a chain that always has a step after the first, so both
# cases (something to migrate, nothing to migrate) are covered whatever LATEST_VERSION is.
LATER_STEPS = (
    fake_migration(2, ('CREATE TABLE "gadget" ("id" INTEGER NOT NULL PRIMARY KEY)',)),
    fake_migration(3, ('ALTER TABLE "gadget" ADD COLUMN "label" TEXT NOT NULL DEFAULT \'\'',)),
)


def test_before_runs_once_with_old_and_new_version_before_anything_changes(tmp_path: Path):
    database = scratch(first_schema_database(tmp_path / "old.sqlite"))
    seen: list[tuple[int, int, int, bool]] = []

    def before(old: int, new: int) -> None:
        # What a backup taken here would copy: the file still exactly at the old version.
        seen.append((old, new, current_version(database), "gadget" in database.get_tables()))

    try:
        found_now = migrate(database, before=before, migrations=(m0001_initial, *LATER_STEPS))
        assert found_now == (1, 3)
        assert seen == [(1, 3, 1, False)]
        assert current_version(database) == 3
        assert "label" in [column.name for column in database.get_columns("gadget")]
    finally:
        database.close()


@pytest.mark.parametrize("start", ["empty file", "at the last version"])
def test_before_is_not_called_when_there_is_no_data_to_protect(tmp_path: Path, start: str):
    chain = (m0001_initial, *LATER_STEPS)
    database = scratch(tmp_path / "db.sqlite")
    calls: list[tuple[int, int]] = []
    try:
        if start == "at the last version":
            migrate(database, migrations=chain)
        expected = (3, 3) if start == "at the last version" else (0, 3)
        assert migrate(database, before=lambda *v: calls.append(v), migrations=chain) == expected
    finally:
        database.close()
    assert calls == []


def test_the_real_chain_calls_before_for_a_first_schema_database(tmp_path: Path):
    """The shipped migrations: a copy is asked for exactly when there is a step to run."""
    database = scratch(first_schema_database(tmp_path / "old.sqlite"))
    calls: list[tuple[int, int]] = []
    try:
        assert migrate(database, before=lambda *v: calls.append(v)) == (1, LATEST_VERSION)
    finally:
        database.close()
    assert calls == ([] if LATEST_VERSION == 1 else [(1, LATEST_VERSION)])


# -- (c) a migration that fails midway leaves the previous version -----------------------

HALF_DONE = (
    'CREATE TABLE "gadget" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL)',
    "INSERT INTO gadget (name) VALUES ('half')",
    'ALTER TABLE "prospect" ADD COLUMN "nickname" TEXT NOT NULL DEFAULT \'\'',
    'CREATE INDEX "prospect_nickname" ON "prospect" ("nickname")',
    "UPDATE stage SET name = 'Changed by a failed step'",
    'DROP INDEX "touch_prospect_id_occurred_at"',
)


def test_a_migration_failing_midway_leaves_the_database_at_the_previous_version(
    tmp_path: Path,
):
    path = tmp_path / "db.sqlite"
    database = scratch(path)
    try:
        migrate(database)
        database.execute_sql(
            "INSERT INTO stage (name, position, outcome) VALUES ('New', 0, 'open')"
        )
    finally:
        database.close()
    schema_before, rows_before = schema_of(path), first_schema_rows(path)
    broken = fake_migration(LATEST_VERSION + 1, HALF_DONE, fail=True)

    database = scratch(path)
    try:
        with pytest.raises(RuntimeError, match="failed midway"):
            migrate(database, migrations=(*MIGRATIONS, broken))
        assert current_version(database) == LATEST_VERSION
    finally:
        database.close()

    assert_same_schema(schema_of(path), schema_before)
    assert first_schema_rows(path) == rows_before
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [row[0] for row in connection.execute(f"SELECT version FROM {VERSION_TABLE}")] == [
            m.VERSION for m in MIGRATIONS
        ]
    finally:
        connection.close()

    # Nothing half-done is left in the way: the mended step then applies from scratch.
    mended = fake_migration(LATEST_VERSION + 1, HALF_DONE)
    database = scratch(path)
    try:
        assert migrate(database, migrations=(*MIGRATIONS, mended)) == (
            LATEST_VERSION,
            LATEST_VERSION + 1,
        )
        assert database.execute_sql("SELECT name FROM gadget").fetchall() == [("half",)]
    finally:
        database.close()


def test_steps_before_the_failing_one_stay_applied(tmp_path: Path):
    """From an empty file, every good step commits on its own; only the bad one is undone."""
    path = tmp_path / "db.sqlite"
    broken = fake_migration(LATEST_VERSION + 1, HALF_DONE, fail=True)
    database = scratch(path)
    try:
        with pytest.raises(RuntimeError):
            migrate(database, migrations=(*MIGRATIONS, broken))
        assert current_version(database) == LATEST_VERSION
    finally:
        database.close()

    assert_same_schema(schema_of(path), schema_of(models_database(tmp_path / "fresh.sqlite")))


# -- (d) migration 3 corrects the built-in plans the seller never edited -----------------


def _plan_rows(database: peewee.SqliteDatabase, name: str, twice: bool = True) -> list[tuple]:
    extra = ", s.twice" if twice else ""
    return database.execute_sql(
        f"SELECT s.day_offset, s.channel, s.purpose, s.timing, coalesce(t.key, ''){extra} "
        "FROM plan_step s JOIN plan p ON p.id = s.plan_id "
        "LEFT JOIN template t ON t.id = s.template_id WHERE p.name = ? ORDER BY s.position",
        (name,),
    ).fetchall()


def test_migration_3_corrects_unedited_builtin_plans_and_keeps_edited_ones(tmp_path: Path):
    from touchdesk.domain.plans import BUILTIN_PLANS
    from touchdesk.store.migrations import m0002_plan_runs, m0003_plan_rhythm

    database = scratch(tmp_path / "v2.sqlite")
    try:
        migrate(database, migrations=(m0001_initial, m0002_plan_runs))
        for key in ("voicemail", "trying", "chase_1", "chase_2", "chase_3"):
            database.execute_sql(
                "INSERT INTO template (key, name, kind, subject, body, builtin) "
                "VALUES (?, ?, 'email', '', '', 1)",
                (key, key),
            )
        for name, (description, dormant, steps) in m0003_plan_rhythm.OLD_PLANS.items():
            database.execute_sql(
                "INSERT INTO plan (name, description, builtin, dormant_days_after) "
                "VALUES (?, ?, 1, ?)",
                (name, description, dormant),
            )
            plan_id = database.execute_sql("SELECT id FROM plan WHERE name = ?", (name,))
            plan_id = plan_id.fetchone()[0]
            for position, (days, offset_from, channel, purpose, timing, key) in enumerate(steps):
                if name == "No answer" and position == 8:
                    days = 21  # the seller moved the last reminder: their plan now
                database.execute_sql(
                    "INSERT INTO plan_step (plan_id, position, day_offset, offset_from, channel, "
                    "purpose, timing, template_id) VALUES (?, ?, ?, ?, ?, ?, ?, "
                    "(SELECT id FROM template WHERE key = ?))",
                    (plan_id, position, days, offset_from, channel, purpose, timing, key),
                )
        edited_before = _plan_rows(database, "No answer", twice=False)

        assert migrate(database) == (2, LATEST_VERSION)

        chase = next(p for p in BUILTIN_PLANS if p.name == "Email chase")
        assert _plan_rows(database, "Email chase") == [
            (s.day_offset, s.channel.value, s.purpose, s.timing.value, s.template_key, 0)
            for s in chase.steps
        ]
        (description,) = database.execute_sql(
            "SELECT description FROM plan WHERE name = 'Email chase'"
        ).fetchone()
        assert description == chase.description
        assert _plan_rows(database, "No answer") == [(*row, 0) for row in edited_before]
    finally:
        database.close()


def test_migration_3_froze_the_plans_the_program_now_ships():
    """What the migration writes is what a new database gets (the breakup template aside,
    which an old database may lack)."""
    from touchdesk.domain.plans import BUILTIN_PLANS
    from touchdesk.store.migrations import m0003_plan_rhythm

    for name, (description, dormant, steps) in m0003_plan_rhythm.NEW_PLANS.items():
        spec = next(p for p in BUILTIN_PLANS if p.name == name)
        assert (description, dormant) == (spec.description, spec.dormant_days_after)
        assert steps == tuple(
            (
                s.day_offset,
                s.offset_from.value,
                s.channel.value,
                s.purpose,
                s.timing.value,
                s.template_key,
                int(s.twice),
            )
            for s in spec.steps
        )
