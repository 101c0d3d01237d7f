"""The follow-up cycle without a window: every outcome, prospect status and plan state gives
its documented consequences and proposal."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import prospect
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.plans import PlanSpec, PlanStepSpec, RunStatus
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.timing import SlotRule
from touchdesk.domain.vocabulary import Channel, Direction, NextStepStatus, Outcome, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.follow_up import (
    ANSWERED_PURPOSE,
    CHASE_PURPOSE,
    MEETING_FOLLOW_UP,
    NO_ANSWER_PURPOSE,
    VOICEMAIL_PURPOSE,
    PlanEffect,
    check_time,
    move_step,
    propose,
    record_touch,
    set_step,
    skip_next_step,
    snooze_options,
)
from touchdesk.services.next_steps import NextStepError, get_step, open_step, set_next_step
from touchdesk.services.plans import apply_plan, current_run, list_plans, save_plan
from touchdesk.services.statuses import set_status
from touchdesk.services.timeline import TouchError
from touchdesk.store.models import NextStep, Prospect, Touch

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)  # Monday 09:00 in New York
OUT, IN = Direction.OUT, Direction.IN


def touch(channel, outcome=Outcome.NONE, direction=OUT, at=NOW):
    return TouchInput(channel, at, direction, outcome)


def plan_id(name: str) -> int:
    return next(p.id for p in list_plans() if p.spec.name == name)


@pytest.fixture
def pid(store):
    return prospect("Hannah", "Whitfield", "Whitfield & Sons", time_zone="America/New_York")


# outcome -> (its attempt number, the proposal's channel, purpose and attempt)
NO_PLAN = [
    (touch(Channel.CALL, Outcome.NO_ANSWER), 1, Channel.CALL, NO_ANSWER_PURPOSE, 2),
    (touch(Channel.CALL, Outcome.LEFT_VOICEMAIL), 1, Channel.CALL, VOICEMAIL_PURPOSE, 2),
    (touch(Channel.VOICEMAIL), 1, Channel.CALL, VOICEMAIL_PURPOSE, 2),
    (touch(Channel.EMAIL, Outcome.SENT), 1, Channel.EMAIL, CHASE_PURPOSE, 2),
    (touch(Channel.EMAIL, Outcome.REPLIED, IN), None, Channel.CALL, ANSWERED_PURPOSE, 1),
    (touch(Channel.CALL, Outcome.TALKED), None, Channel.CALL, ANSWERED_PURPOSE, 1),
    (touch(Channel.CALL, Outcome.MEETING_BOOKED), None, Channel.MEETING, "Meeting", 1),
    (touch(Channel.MEETING, Outcome.MET), None, Channel.EMAIL, MEETING_FOLLOW_UP, 1),
    (touch(Channel.VIDEO_CALL), None, Channel.EMAIL, MEETING_FOLLOW_UP, 1),
    (touch(Channel.CALL, Outcome.NOT_INTERESTED), None, Channel.CALL, ANSWERED_PURPOSE, 1),
]


@pytest.mark.parametrize(("logged", "attempt", "channel", "purpose", "next_attempt"), NO_PLAN)
def test_each_outcome_without_a_plan(pid, logged, attempt, channel, purpose, next_attempt):
    result = record_touch(pid, logged, NOW)
    assert result.attempt == attempt
    assert result.plan is PlanEffect.NONE and not result.offer_revival
    proposal = result.proposal
    assert (proposal.channel, proposal.purpose, proposal.attempt) == (
        channel,
        purpose,
        next_attempt,
    )
    assert proposal.run_id is None and proposal.suggestions
    assert all(s.at > NOW and not s.outside_hours for s in proposal.suggestions)
    assert proposal.duration_minutes == (45 if channel is Channel.MEETING else 30)


def test_the_proposal_after_a_voicemail_forgets_the_previous_steps_details(pid):
    earlier = NextStepInput(NOW, Channel.VIDEO_CALL, "Demo", 45, "https://meet.example/x")
    set_next_step(pid, earlier)
    proposal = record_touch(pid, touch(Channel.CALL, Outcome.LEFT_VOICEMAIL), NOW).proposal
    step = proposal.step()
    assert (step.channel, step.purpose, step.duration_minutes, step.location) == (
        Channel.CALL,
        VOICEMAIL_PURPOSE,
        30,
        "",
    )
    # The seller switches to an email: time and duration follow the new channel.
    as_email = propose(pid, NOW, channel=Channel.EMAIL)
    assert as_email.suggestions[0].at.astimezone(NY).time() in (time(8, 30), time(13, 0))


@pytest.mark.parametrize(
    ("status", "logged", "revival"),
    [
        (ProspectStatus.DORMANT, touch(Channel.EMAIL, Outcome.REPLIED, IN), True),
        (ProspectStatus.DORMANT, touch(Channel.CALL, Outcome.TALKED), True),
        (ProspectStatus.DORMANT, touch(Channel.CALL, Outcome.NOT_INTERESTED), False),
        (ProspectStatus.DORMANT, touch(Channel.CALL, Outcome.NO_ANSWER), False),
        (ProspectStatus.WON, touch(Channel.CALL, Outcome.TALKED), False),
        (ProspectStatus.LOST, touch(Channel.EMAIL, Outcome.REPLIED, IN), False),
        (ProspectStatus.DO_NOT_CONTACT, touch(Channel.EMAIL, Outcome.REPLIED, IN), False),
    ],
)
def test_a_prospect_not_active_is_asked_for_no_next_step(pid, status, logged, revival):
    until = date(2027, 3, 1) if status is ProspectStatus.DORMANT else None
    set_status(pid, status, dormant_until=until)
    result = record_touch(pid, logged, NOW)
    assert result.proposal is None
    assert result.offer_revival is revival


def test_a_running_plan_proposes_its_following_step_at_its_time(pid):
    apply_plan([pid], plan_id("No answer"), NOW, NY)
    result = record_touch(pid, touch(Channel.CALL, Outcome.NO_ANSWER), NOW)
    assert result.plan is PlanEffect.PROPOSES
    assert result.note == "No answer · step 1 of 9 → step 2 proposed"
    proposal = result.proposal
    assert proposal.run_id == current_run(pid).id
    assert proposal.channel is Channel.CALL and proposal.purpose.startswith("Second call")
    assert proposal.attempt == 2
    set_step(pid, proposal.step(), proposal.run_id)
    assert current_run(pid).position == 1


def test_an_answer_pauses_the_plan_and_says_so(pid):
    apply_plan([pid], plan_id("No answer"), NOW, NY)
    result = record_touch(pid, touch(Channel.CALL, Outcome.TALKED), NOW)
    assert result.plan is PlanEffect.PAUSED and "paused" in result.note
    assert current_run(pid).status == RunStatus.PAUSED.value
    assert result.proposal.run_id is None and result.proposal.purpose == ANSWERED_PURPOSE


def test_a_paused_plan_stays_paused_and_proposes_nothing_of_its_own(pid):
    apply_plan([pid], plan_id("No answer"), NOW, NY)
    record_touch(pid, touch(Channel.CALL, Outcome.TALKED), NOW)
    result = record_touch(pid, touch(Channel.CALL, Outcome.NO_ANSWER), NOW)
    assert result.plan is PlanEffect.NONE and result.proposal.run_id is None


def test_the_break_up_puts_the_prospect_to_rest_with_no_next_step(pid):
    apply_plan([pid], plan_id("Break-up"), NOW, NY)
    result = record_touch(pid, touch(Channel.EMAIL, Outcome.SENT), NOW)
    assert result.plan is PlanEffect.DORMANT
    assert result.dormant_until == date(2026, 12, 7) + timedelta(days=90)
    assert result.proposal is None
    assert Prospect.get_by_id(pid).status == ProspectStatus.DORMANT.value


def test_the_last_step_of_a_plan_ends_it_and_still_asks_for_a_next_step(pid):
    apply_plan([pid], plan_id("Revive"), NOW, NY)
    result = record_touch(pid, touch(Channel.CALL, Outcome.NO_ANSWER), NOW)
    assert result.plan is PlanEffect.ENDED
    assert current_run(pid) is None
    assert result.proposal.channel is Channel.CALL


def emails_plan() -> int:
    spec = PlanSpec(
        "Four emails",
        "",
        tuple(PlanStepSpec(1, Channel.EMAIL, f"Email {n}", SlotRule.EMAIL) for n in range(1, 5)),
    )
    return save_plan(None, spec)[0]


def send_emails(pid: int, count: int) -> None:
    for n in range(count):
        record_touch(pid, touch(Channel.EMAIL, Outcome.SENT, at=NOW - timedelta(days=3 - n)))


@pytest.mark.parametrize(("limit", "sent", "held"), [(3, 2, False), (3, 3, True), (4, 3, False)])
def test_the_stop_rule_at_its_boundary(pid, limit, sent, held):
    settings.put("max_unanswered_emails", limit)
    send_emails(pid, sent - 1)
    result = record_touch(pid, touch(Channel.EMAIL, Outcome.SENT), NOW)
    assert (result.proposal.channel is Channel.EMAIL) is not held
    assert bool(result.proposal.email_held_back) is held


def test_a_plan_whose_next_email_breaks_the_stop_rule_says_so(pid):
    apply_plan([pid], emails_plan(), NOW - timedelta(days=4), NY)
    send_emails(pid, 2)
    current_run(pid).__class__.update(position=2).execute()
    result = record_touch(pid, touch(Channel.EMAIL, Outcome.SENT), NOW)
    assert result.plan is PlanEffect.STOP_RULE
    assert "3 unanswered emails" in result.note
    assert result.proposal.channel is Channel.CALL and result.proposal.email_held_back


def test_mark_done_closes_the_step_only_with_the_touch(pid):
    step_id, _ = set_next_step(pid, NextStepInput(NOW, Channel.CALL, "Check in"))
    broken = TouchInput(Channel.CALL, datetime(2026, 12, 7, 9, 0))  # no time zone
    with pytest.raises(TouchError):
        record_touch(pid, broken, NOW, done_step_id=step_id)
    assert get_step(step_id).status is NextStepStatus.OPEN and Touch.select().count() == 0
    result = record_touch(pid, touch(Channel.CALL, Outcome.NO_ANSWER), NOW, done_step_id=step_id)
    assert result.closed_step_id == step_id
    assert get_step(step_id).status is NextStepStatus.DONE and Touch.select().count() == 1


def test_closing_the_prompt_keeps_an_open_step_or_flags_the_prospect(pid):
    skipped = skip_next_step(pid)
    assert skipped.flagged and "flagged" in skipped.message
    set_next_step(pid, NextStepInput(NOW - timedelta(hours=1), Channel.CALL, "Check in"))
    skipped = skip_next_step(pid, NOW)
    assert not skipped.flagged
    assert (
        skipped.message.startswith("Hannah Whitfield")
        and "keeps their next step" in skipped.message
    )
    assert "overdue" in skipped.message


def test_typed_snoozed_and_moved_times_are_checked_by_the_same_policy(pid):
    friday_1700 = datetime(2026, 12, 4, 17, 0, tzinfo=NY)
    assert check_time(pid, friday_1700, Channel.EMAIL).startswith(
        "Friday 17:00 in New York: after 16:00 on a Friday"
    )
    made = set_step(pid, NextStepInput(friday_1700, Channel.EMAIL, "Chase"))
    assert "after 16:00 on a Friday" in made.warning
    assert not made.offer_invite  # an email chase is the seller's errand, not an appointment
    thanksgiving = datetime(2026, 11, 26, 19, 0, tzinfo=NY)
    moved = move_step(made.step_id, thanksgiving)
    assert "Thanksgiving" in moved.warning
    assert NextStep.get_by_id(made.step_id).due_at.astimezone(NY) == thanksgiving
    friday_1530 = datetime(2026, 12, 4, 15, 30, tzinfo=NY)
    choices = snooze_options(made.step_id, friday_1530)
    assert "In an hour" not in [c.label for c in choices]
    assert all(not check_time(pid, c.at, Channel.EMAIL) for c in choices)


def test_the_invite_is_offered_for_every_agreed_step(pid):
    later = NOW + timedelta(days=1)
    assert set_step(pid, NextStepInput(later, Channel.MEETING, "Demo")).offer_invite
    assert set_step(pid, NextStepInput(later, Channel.CALL, "x"), reached=True).offer_invite
    assert not set_step(pid, NextStepInput(later, Channel.CALL, "x")).offer_invite
    assert not set_step(pid, NextStepInput(later, Channel.EMAIL, "x"), reached=True).offer_invite


def test_a_do_not_contact_prospect_gets_no_step(pid):
    set_status(pid, ProspectStatus.DO_NOT_CONTACT)
    with pytest.raises(NextStepError):
        set_step(pid, NextStepInput(NOW + timedelta(days=1), Channel.CALL, "x"))
    assert open_step(pid) is None


# -- the email chase, the stop rule everywhere, twice steps, the no-answer program -----------


def accept(pid: int, proposal, at=None):
    """Take the proposal's first suggestion as the next step; return the step's time."""
    made = set_step(pid, proposal.step(), proposal.run_id)
    return get_step(made.step_id).due_at if at is None else at


def test_the_email_chase_sends_the_original_then_two_chasers_the_third_asking_for_progress(pid):
    apply_plan([pid], plan_id("Email chase"), NOW, NY)
    first = open_step(pid)
    assert first.channel is Channel.EMAIL and "First email" in first.purpose
    purposes, unanswered_before = [first.purpose], [0]
    when = first.due_at
    result = record_touch(pid, touch(Channel.EMAIL, Outcome.SENT, at=when), when)
    for sent in (1, 2):
        proposal = result.proposal
        assert proposal.channel is Channel.EMAIL and not proposal.email_held_back
        purposes.append(proposal.purpose)
        unanswered_before.append(sent)
        when = accept(pid, proposal)
        result = record_touch(pid, touch(Channel.EMAIL, Outcome.SENT, at=when), when)
    assert purposes[2] == "Any progress?" and unanswered_before[2] == 2  # the third email
    assert result.plan is PlanEffect.ENDED  # three emails, then stop
    assert result.proposal.channel is not Channel.EMAIL
    assert "3 unanswered emails in a row" in result.proposal.email_held_back


def test_a_twice_step_proposes_its_second_try_minutes_later_before_moving_on(pid):
    spec = PlanSpec(
        "Evening pair",
        "",
        (
            PlanStepSpec(0, Channel.CALL, "End-of-day call", SlotRule.END_OF_DAY_CALL, twice=True),
            PlanStepSpec(1, Channel.EMAIL, "Email", SlotRule.EMAIL),
        ),
    )
    apply_plan([pid], save_plan(None, spec)[0], NOW, NY)
    first = open_step(pid)
    assert first.due_at.astimezone(NY).time() == time(15, 55)  # both calls fit before 16:00
    result = record_touch(pid, touch(Channel.CALL, Outcome.NO_ANSWER, at=first.due_at))
    proposal = result.proposal
    assert (proposal.channel, proposal.purpose) == (Channel.CALL, "End-of-day call (second try)")
    assert proposal.suggestions[0].at == first.due_at + timedelta(minutes=5)
    assert proposal.run_id == current_run(pid).id
    assert result.note == "Evening pair · step 1 of 2 → its second try in 5 minutes proposed"
    second = accept(pid, proposal)
    assert (current_run(pid).position, current_run(pid).second_try) == (0, True)
    result = record_touch(pid, touch(Channel.CALL, Outcome.NO_ANSWER, at=second), second)
    assert (result.proposal.channel, result.proposal.purpose) == (Channel.EMAIL, "Email")
    accept(pid, result.proposal)
    assert (current_run(pid).position, current_run(pid).second_try) == (1, False)


def test_the_no_answer_program_runs_its_days_and_ends_with_the_break_up_never_stepless(pid):
    """Nobody ever answers: each proposal is taken; the day and channel of every attempt
    follow the program, and the prospect ends dormant, never active with no next step."""
    apply_plan([pid], plan_id("No answer"), NOW, NY)
    start = NOW.astimezone(NY).date()
    step = open_step(pid)
    seen = []
    for _ in range(20):
        at = step.due_at
        seen.append(
            ((at.astimezone(NY).date() - start).days, step.channel, f"{at.astimezone(NY):%H:%M}")
        )
        outcome = (
            Outcome.SENT if step.channel in (Channel.EMAIL, Channel.SMS) else Outcome.NO_ANSWER
        )
        result = record_touch(pid, touch(step.channel, outcome, at=at), at, done_step_id=step.id)
        if result.proposal is None:
            break
        assert result.plan is PlanEffect.PROPOSES, result.note
        accept(pid, result.proposal)
        step = open_step(pid)
    call, sms, email = Channel.CALL, Channel.SMS, Channel.EMAIL
    assert seen == [
        (1, call, "08:00"),  # applied Monday 09:00: the early call is Tuesday's first thing
        (1, call, "08:15"),  # the second call leaves a voicemail
        (1, sms, "08:30"),
        (1, email, "08:45"),  # I have been trying to reach you
        (1, call, "12:00"),  # noon, from another number
        (1, call, "15:55"),  # end of the day: always two
        (1, call, "16:00"),
        (4, email, "08:30"),  # then soft and infrequent
        (7, call, "08:00"),
        (11, email, "08:30"),  # the break-up, about ten days on
    ]
    assert result.plan is PlanEffect.DORMANT
    row = Prospect.get_by_id(pid)
    assert row.status == ProspectStatus.DORMANT.value and open_step(pid) is None


def test_the_prompt_after_three_unanswered_emails_is_no_email_and_says_why(pid):
    """Without a plan, with a limit of 3: the fourth email is never the default."""
    send_emails(pid, 3)
    proposal = propose(pid, NOW)
    assert proposal.channel is Channel.CALL
    assert proposal.email_held_back.startswith("3 unanswered emails in a row")
    # The seller switching the prompt to email is still told.
    assert propose(pid, NOW, channel=Channel.EMAIL).email_held_back
    settings.put("max_unanswered_emails", 4)
    assert propose(pid, NOW).email_held_back == ""


def test_email_chosen_past_the_stop_rule_is_kept_and_the_rule_is_said(pid):
    send_emails(pid, 3)
    assert propose(pid, NOW).channel is not Channel.EMAIL  # not the default
    chosen = propose(pid, NOW, channel=Channel.EMAIL)  # the seller picks email anyway
    assert chosen.channel is Channel.EMAIL and chosen.suggestions
    assert chosen.email_held_back.startswith("3 unanswered emails in a row")
