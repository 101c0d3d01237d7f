"""Touches and events merged newest first as a stable sort of the two would put them: at the
same instant the touches first, and each list in its own order."""

from __future__ import annotations

from operator import itemgetter

from hypothesis import given, settings
from hypothesis import strategies as st

from touchdesk.services.timeline import FEW_EVENTS, newest_first

# Few distinct instants, so many rows share one; the second column tells the rows apart.
INSTANTS = st.sampled_from([f"2026-11-0{d} 09:0{m}:00" for d in range(1, 4) for m in range(3)])


def _rows(kind: str, size: int) -> st.SearchStrategy[list[tuple]]:
    return st.lists(INSTANTS, max_size=size).map(
        lambda ats: [(at, f"{kind}{n}") for n, at in enumerate(sorted(ats, reverse=True))]
    )


@settings(max_examples=600, deadline=None)
@given(touches=_rows("t", 40), events=_rows("e", 2 * FEW_EVENTS + 2))
def test_merged_rows_are_the_stable_sort_of_touches_then_events(touches, events):
    expected = sorted(touches + events, key=itemgetter(0), reverse=True)
    assert newest_first(list(touches), list(events)) == expected
