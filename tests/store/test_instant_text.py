"""An instant is written as the same text however it is written: the quick way and strftime
agree on every aware datetime, whatever its zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from touchdesk.store.db import UtcDateTimeField

# Zones a few seconds to a day apart from UTC, as datetime allows.
zones = st.builds(
    lambda seconds: timezone(timedelta(seconds=seconds)),
    st.integers(-86_399, 86_399),
)
instants = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=zones
)


@given(instants)
def test_an_instant_is_written_as_strftime_writes_it(instant):
    field = UtcDateTimeField()
    assert field.db_value(instant) == instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    if instant.astimezone(UTC).year >= 1000:  # before: strftime writes no leading zeros
        assert field.python_value(field.db_value(instant)) == instant.replace(microsecond=0)
