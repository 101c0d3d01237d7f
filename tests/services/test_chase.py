"""A chaser's text when its step is due: the template on top, the earlier emails of the chase
quoted below from the timeline, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.factories import prospect
from touchdesk.domain.date_text import dates
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.services import settings
from touchdesk.services.chase import chase_text
from touchdesk.services.follow_up import record_touch, set_step
from touchdesk.services.next_steps import open_step, set_next_step
from touchdesk.services.plans import apply_plan, current_run, list_plans
from touchdesk.services.timeline import log_touch

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York
FIRST = "Hi Hannah,\nthe proposal for the warehouse is attached.\n\nCould we talk on Thursday?"
SECOND = "Hi Hannah,\nI wanted to follow up on my note below."


def plan_id_run(pid: int) -> int:
    return current_run(pid).id


def plan_id(name: str) -> int:
    return next(p.id for p in list_plans() if p.spec.name == name)


def sent(pid: int, at: datetime, note: str):
    return record_touch(pid, TouchInput(Channel.EMAIL, at, outcome=Outcome.SENT, note=note), at)


def test_each_chaser_of_the_plan_quotes_the_earlier_emails_newest_first(store):
    settings.put("seller_name", "Sam")
    pid = prospect("Hannah", "Whitfield", "Whitfield & Sons", time_zone="America/New_York")
    apply_plan([pid], plan_id("Email chase"), NOW, NY)
    assert chase_text(open_step(pid).id) is None  # the original: the seller writes it
    first_at = open_step(pid).due_at
    made = set_step(pid, sent(pid, first_at, FIRST).proposal.step(), plan_id_run(pid))
    second = chase_text(made.step_id, NOW)
    assert second.quoted == 1
    assert second.subject == "Following up"
    assert second.body.startswith("Hi Hannah,\n\nI wanted to follow up on my note below.")
    assert second.body.endswith(
        "\n\nOn Mon, 7 Dec 2026, I wrote:\n"
        "> Hi Hannah,\n"
        "> the proposal for the warehouse is attached.\n"
        ">\n"
        "> Could we talk on Thursday?"
    )
    second_at = open_step(pid).due_at
    made = set_step(pid, sent(pid, second_at, SECOND).proposal.step(), plan_id_run(pid))
    third = chase_text(made.step_id, NOW)
    assert (third.subject, third.quoted) == ("Any progress?", 2)
    message, newest, oldest = third.body.split("\n\nOn ")
    assert message == "Hi Hannah,\n\nAny progress?\n\nSam"
    assert newest.startswith(
        f"{dates().day_with_year(second_at.astimezone(NY))}, I wrote:\n> Hi Hannah,"
    )
    assert newest.endswith("> I wanted to follow up on my note below.")
    assert oldest.startswith("Mon, 7 Dec 2026, I wrote:\n> Hi Hannah,")


def test_a_chase_without_a_plan_quotes_the_unanswered_emails_since_the_last_answer(store):
    pid = prospect("Hannah", time_zone="America/New_York")
    log_touch(
        pid, TouchInput(Channel.EMAIL, NOW - timedelta(days=9), outcome=Outcome.SENT, note="Old")
    )
    log_touch(
        pid, TouchInput(Channel.EMAIL, NOW - timedelta(days=8), Direction.IN, Outcome.REPLIED)
    )
    log_touch(
        pid, TouchInput(Channel.EMAIL, NOW - timedelta(days=4), outcome=Outcome.SENT, note=FIRST)
    )
    step_id, _ = set_next_step(pid, NextStepInput(NOW + timedelta(days=1), Channel.EMAIL, "Chase"))
    text = chase_text(step_id, NOW)
    assert (text.subject, text.quoted) == ("Following up", 1)
    assert "> Old" not in text.body and "> Could we talk on Thursday?" in text.body


def test_a_call_step_has_no_chase_text(store):
    pid = prospect("Hannah", time_zone="America/New_York")
    step_id, _ = set_next_step(pid, NextStepInput(NOW + timedelta(days=1), Channel.CALL, "Call"))
    assert chase_text(step_id, NOW) is None
