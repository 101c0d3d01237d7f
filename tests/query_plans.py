"""SQLite's plan for the statements a test runs: which index it searched, or what it read."""

from __future__ import annotations

import pytest

from touchdesk.store.db import database


def record_plans(monkeypatch: pytest.MonkeyPatch, prefix: str) -> list[str]:
    """A list that fills with the plan lines of each statement starting with `prefix`, run
    from now until the end of the test."""
    plans: list[str] = []
    execute = database.execute_sql

    def explained(sql, params=None, *args, **kwargs):
        if sql.startswith(prefix):
            plans.extend(row[3] for row in execute("EXPLAIN QUERY PLAN " + sql, params))
        return execute(sql, params, *args, **kwargs)

    monkeypatch.setattr(database, "execute_sql", explained)
    return plans
