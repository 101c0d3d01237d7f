"""Attempt numbering: outbound tries since the prospect last answered; trying is not reaching."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from touchdesk.domain.attempts import (
    TouchFacts,
    attempts_after,
    next_attempt,
    number_attempts,
    resets_attempts,
)
from touchdesk.domain.vocabulary import Channel, Direction, Outcome

OUT = Direction.OUT
IN = Direction.IN


def facts(direction: Direction, outcome: Outcome) -> TouchFacts:
    return TouchFacts(direction, outcome)


def test_unanswered_attempts_count_up():
    touches = [
        facts(OUT, Outcome.NO_ANSWER),
        facts(OUT, Outcome.LEFT_VOICEMAIL),
        facts(OUT, Outcome.SENT),
    ]
    assert number_attempts(touches) == [1, 2, 3]


def test_a_reply_resets_and_the_next_try_is_number_one_again():
    touches = [
        facts(OUT, Outcome.NO_ANSWER),
        facts(OUT, Outcome.NO_ANSWER),
        facts(IN, Outcome.REPLIED),
        facts(OUT, Outcome.NO_ANSWER),
    ]
    assert number_attempts(touches) == [1, 2, None, 1]


@pytest.mark.parametrize(
    "outcome", [Outcome.TALKED, Outcome.MEETING_BOOKED, Outcome.MET, Outcome.REPLIED]
)
def test_a_real_conversation_on_an_outbound_touch_resets(outcome):
    assert next_attempt(4, facts(OUT, outcome)) is None
    assert attempts_after(4, facts(OUT, outcome)) == 0


def test_any_inbound_touch_means_they_answered():
    assert next_attempt(2, facts(IN, Outcome.NONE)) is None


@pytest.mark.parametrize("outcome", [Outcome.NO_ANSWER, Outcome.LEFT_VOICEMAIL, Outcome.SENT])
def test_trying_is_not_reaching(outcome):
    assert not outcome.reaches
    assert attempts_after(2, facts(OUT, outcome)) == 3


def test_a_meeting_logged_without_an_outcome_was_held_and_resets_attempts():
    from touchdesk.domain.vocabulary import Channel

    for channel in (Channel.MEETING, Channel.VIDEO_CALL, Channel.VISIT):
        held = TouchFacts(Direction.OUT, Outcome.NONE, channel)
        assert resets_attempts(held) and next_attempt(2, held) is None
    # A call or an email with no outcome is still a try.
    for channel in (Channel.CALL, Channel.EMAIL, None):
        tried = TouchFacts(Direction.OUT, Outcome.NONE, channel)
        assert not resets_attempts(tried) and next_attempt(2, tried) == 3


@given(
    st.lists(
        st.builds(
            TouchFacts,
            st.sampled_from(list(Direction)),
            st.sampled_from(list(Outcome)),
            st.one_of(st.none(), st.sampled_from(list(Channel))),
        ),
        max_size=30,
    )
)
def test_numbering_a_history_is_counting_touch_by_touch(touches):
    """number_attempts() gives each touch next_attempt() of the count attempts_after() kept."""
    running, expected = 0, []
    for touch in touches:
        expected.append(next_attempt(running, touch))
        running = attempts_after(running, touch)
    assert number_attempts(touches) == expected
