"""A compiled query with its constants in its SQL reads the same rows, by the partial indexes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from tests.factories import days, prospect
from touchdesk.services.board import _ONE_CARD, load_board, load_card
from touchdesk.store.db import database
from touchdesk.store.prepared import sql_literal

NOW = datetime.now(UTC).replace(microsecond=0)
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@given(st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), TEXT))
def test_a_written_constant_reads_back_as_the_bound_value(value):
    connection = sqlite3.connect(":memory:")
    literal = sql_literal(value)
    assert literal is not None
    written = connection.execute(f"SELECT {literal}").fetchone()[0]
    bound = connection.execute("SELECT ?", (value,)).fetchone()[0]
    assert written == bound and type(written) is type(bound)


def test_text_sql_cannot_hold_stays_a_parameter():
    assert sql_literal("a\x00b") is None
    assert sql_literal(b"bytes") is None
    assert sql_literal(1.5) is None


def test_one_card_is_the_boards_card_found_by_the_open_step_index(store):
    due = prospect("Ann", "Ames", "Ames & O'Neil", due=NOW + days(1), purpose="Call 'em")
    bare = prospect("Bob", "Bell", "Bell Ltd", tags=("vip", "o'neil"))
    board = {card.prospect_id: card for card in load_board(include_inactive=True).cards}
    for pid in (due, bare):
        assert load_card(pid) == board[pid]
    assert load_card(10_000) is None
    sql, params, _ = _ONE_CARD._compile()
    assert params == [_ONE_CARD._mark]  # the id is the one value bound
    plan = database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", [due]).fetchall()
    assert any("next_step_one_open" in row[-1] for row in plan), plan
