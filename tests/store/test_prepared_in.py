"""A query over a list of values, compiled once for each length of list, reads for any other
list of that length exactly what peewee's own query over that list reads."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from touchdesk.store.db import database
from touchdesk.store.models import Setting, Stage
from touchdesk.store.prepared import TEXT_MARK, PreparedIn

KEYS = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
)


def _by_keys(keys: list) -> object:
    # The keys twice, and a constant beside them: each mark has two places, and the rest stays.
    return (
        Setting.select(Setting.key, Setting.value)
        .where(Setting.key.in_(keys) | (Setting.value.in_(keys) & (Setting.key != "constant")))
        .order_by(Setting.key)
    )


_BY_KEYS = PreparedIn(_by_keys, text=True)
_BY_NUMBERS = PreparedIn(
    lambda ids: Stage.select(Stage.id, Stage.name).where(Stage.id.in_(ids)).order_by(Stage.id)
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(KEYS, KEYS, max_size=8),
    st.lists(st.lists(KEYS, min_size=1, max_size=6), min_size=1, max_size=4),
    st.lists(st.lists(st.integers(-3, 12), min_size=1, max_size=6), min_size=1, max_size=4),
)
def test_a_list_query_reads_what_peewee_reads(store, rows, key_lists, number_lists):
    with database.atomic() as transaction:
        Setting.delete().execute()
        for key, value in rows.items():
            Setting.create(key=key, value=value)
        for keys in key_lists:  # lists of the same length reuse one compiled statement
            expected = database.execute(_by_keys(keys)).fetchall()
            assert _BY_KEYS.run(keys).fetchall() == expected
        for numbers in number_lists:
            query = Stage.select(Stage.id, Stage.name).where(Stage.id.in_(numbers))
            expected = database.execute(query.order_by(Stage.id)).fetchall()
            assert _BY_NUMBERS.run(numbers).fetchall() == expected
        transaction.rollback()


def test_a_mark_is_no_key_a_seller_can_type():
    assert "\x00" in TEXT_MARK
