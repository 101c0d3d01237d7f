"""Reads that must agree with each other run in one transaction: their own, or the one
already open (a savepoint inside it would see the same rows and cost two statements)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.factories import prospect
from touchdesk.services.prospect_record import ProspectError, get_prospect
from touchdesk.store.db import database


@contextmanager
def statements() -> Iterator[list[str]]:
    said: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(said.append)
    try:
        yield said
    finally:
        connection.set_trace_callback(None)


def opened(said: list[str], word: str) -> list[str]:
    return [statement for statement in said if statement.lstrip().upper().startswith(word)]


def test_a_prospect_read_on_its_own_is_one_transaction(store):
    ann = prospect("Ann", "Lee")
    with statements() as said:
        assert get_prospect(ann).first_name == "Ann"
    assert len(opened(said, "BEGIN")) == 1 and len(opened(said, "COMMIT")) == 1
    assert opened(said, "SAVEPOINT") == []


def test_a_prospect_read_inside_a_transaction_opens_no_savepoint(store):
    ann = prospect("Ann", "Lee")
    with statements() as said, database.atomic():
        assert get_prospect(ann).last_name == "Lee"
    assert opened(said, "SAVEPOINT") == [] and opened(said, "RELEASE") == []
    assert len(opened(said, "BEGIN")) == 1  # the caller's


def test_a_read_inside_a_transaction_sees_what_it_wrote(store):
    ann = prospect("Ann", "Lee")
    with database.atomic():
        database.execute_sql("UPDATE prospect SET first_name = 'Anna' WHERE id = ?", (ann,))
        assert get_prospect(ann).first_name == "Anna"


def test_a_failed_read_inside_a_transaction_leaves_it_to_its_owner(store):
    ann = prospect("Ann", "Lee")
    with pytest.raises(ProspectError), database.atomic():
        database.execute_sql("UPDATE prospect SET first_name = 'Anna' WHERE id = ?", (ann,))
        get_prospect(ann + 1000)
    assert get_prospect(ann).first_name == "Ann"  # the owner rolled its write back
