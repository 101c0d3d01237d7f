"""Plan scheduling by the timing rules, the stop rule, and templates that never leak '{typo}'."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from touchdesk.domain.attempts import TouchFacts
from touchdesk.domain.plans import (
    BUILTIN_PLANS,
    OffsetFrom,
    PlanSpec,
    PlanStepSpec,
    email_limit,
    email_past_limit,
    plan_days,
    plan_problems,
    schedule,
    unanswered_emails_in_a_row,
)
from touchdesk.domain.templates import (
    BUILTIN_TEMPLATES,
    TemplateError,
    placeholders,
    render,
    template_problems,
)
from touchdesk.domain.timing import SlotRule
from touchdesk.domain.vocabulary import Channel, Direction, Outcome

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_a_step_lands_on_its_rule_after_its_offset_skipping_weekend_and_holiday():
    thursday = datetime(2026, 12, 24, 9, 0, tzinfo=BERLIN)  # Christmas Eve
    step = PlanStepSpec(1, Channel.EMAIL, "Chaser", SlotRule.EMAIL)
    when = schedule(
        step, started=thursday, previous=thursday, now=thursday, zone=BERLIN, country="DE"
    )
    # 25 and 26 December are holidays in Germany, then the weekend.
    assert when == datetime(2026, 12, 28, 8, 30, tzinfo=BERLIN)


def test_offsets_count_from_the_start_when_asked():
    start = datetime(2026, 11, 2, 9, 0, tzinfo=TOKYO)  # Monday
    later = datetime(2026, 11, 5, 9, 0, tzinfo=TOKYO)
    step = PlanStepSpec(7, Channel.CALL, "Call", SlotRule.NOON_CALL, OffsetFrom.START)
    assert schedule(
        step, started=start, previous=later, now=later, zone=TOKYO, country="JP"
    ) == datetime(2026, 11, 9, 12, 0, tzinfo=TOKYO)


def test_a_step_is_never_scheduled_in_the_past():
    start = datetime(2026, 11, 2, 9, 0, tzinfo=BERLIN)
    now = datetime(2026, 11, 20, 10, 0, tzinfo=BERLIN)  # Friday, after the email slot
    step = PlanStepSpec(1, Channel.EMAIL, "Chaser", SlotRule.EMAIL)
    assert schedule(
        step, started=start, previous=start, now=now, zone=BERLIN, country="DE"
    ) == datetime(2026, 11, 20, 13, 0, tzinfo=BERLIN)


def email(direction=Direction.OUT, outcome=Outcome.SENT):
    return (Channel.EMAIL, direction, TouchFacts(direction, outcome))


def call(outcome=Outcome.NO_ANSWER):
    return (Channel.CALL, Direction.OUT, TouchFacts(Direction.OUT, outcome))


def test_unanswered_emails_in_a_row():
    assert unanswered_emails_in_a_row([email(), email(), email()]) == 3
    assert unanswered_emails_in_a_row([email(), email(Direction.IN, Outcome.REPLIED), email()]) == 1
    assert unanswered_emails_in_a_row([email(), call(), email(), email()]) == 2
    assert unanswered_emails_in_a_row([]) == 0


def test_the_email_limit_stays_between_one_and_four():
    assert [email_limit(v) for v in (0, 3, 4, 9)] == [1, 3, 4, 4]


def test_builtin_plans_are_valid_and_follow_the_playbook():
    names = [plan.name for plan in BUILTIN_PLANS]
    assert names == ["New contact", "No answer", "Email chase", "Break-up", "Revive"]
    for plan in BUILTIN_PLANS:
        assert plan_problems(plan) == []
    new_contact, no_answer, chase, breakup, _ = BUILTIN_PLANS
    assert new_contact.steps[0].channel is Channel.NOTE and new_contact.steps[0].day_offset == 0
    assert [s.channel for s in chase.steps] == [Channel.EMAIL] * 3
    assert chase.steps[-1].purpose == "Any progress?"
    assert breakup.dormant_days_after == 90


def test_the_email_chase_is_the_original_and_two_chasers_so_the_third_asks_for_progress():
    chase = next(plan for plan in BUILTIN_PLANS if plan.name == "Email chase")
    # Step 1 is the original email itself, with no chaser text: nothing to quote yet.
    assert [s.template_key for s in chase.steps] == ["", "chase_1", "chase_3"]
    assert plan_days(chase) == [0, 3, 7]
    # With the limit of three, none of the three is held back; a fourth would be.
    assert email_past_limit(0, chase.steps, 3) is None
    assert email_past_limit(1, chase.steps, 3) == 3


def test_the_no_answer_program_day_by_day_ending_with_the_break_up():
    no_answer = next(plan for plan in BUILTIN_PLANS if plan.name == "No answer")
    call, sms, email = Channel.CALL, Channel.SMS, Channel.EMAIL
    shape = [
        (day, s.channel, s.timing, s.twice)
        for day, s in zip(plan_days(no_answer), no_answer.steps, strict=True)
    ]
    assert shape == [
        (0, call, SlotRule.EARLY_CALL, False),
        (0, call, SlotRule.SOON, False),  # the second call, leaving a voicemail
        (0, sms, SlotRule.SOON, False),
        (0, email, SlotRule.SOON, False),
        (0, call, SlotRule.NOON_CALL, False),
        (0, call, SlotRule.END_OF_DAY_CALL, True),  # always two
        (3, email, SlotRule.EMAIL, False),
        (6, call, SlotRule.CALL, False),
        (10, email, SlotRule.EMAIL, False),
    ]
    assert no_answer.steps[1].template_key == "voicemail"
    assert "another number" in no_answer.steps[4].purpose
    assert no_answer.steps[-1].template_key == "breakup"
    assert no_answer.dormant_days_after == 90  # it ends at rest, never with no next step
    assert email_past_limit(0, no_answer.steps, 1) is None  # never two emails in a row


def test_a_twice_step_starts_a_few_minutes_before_its_slot_when_there_is_room():
    monday = datetime(2026, 11, 2, 9, 0, tzinfo=BERLIN)
    step = PlanStepSpec(0, Channel.CALL, "Calls", SlotRule.END_OF_DAY_CALL, twice=True)
    when = schedule(step, started=monday, previous=monday, now=monday, zone=BERLIN, country="DE")
    assert when == datetime(2026, 11, 2, 15, 55, tzinfo=BERLIN)
    late = datetime(2026, 11, 2, 15, 57, tzinfo=BERLIN)  # no room: the slot itself
    assert schedule(
        step, started=late, previous=late, now=late, zone=BERLIN, country="DE"
    ) == datetime(2026, 11, 2, 16, 0, tzinfo=BERLIN)
    letter = PlanStepSpec(0, Channel.LETTER, "Letter", SlotRule.ANY, twice=True)
    assert plan_problems(PlanSpec("x", "", (letter,))) == [
        "Step 1: a letter or card is sent once, not twice."
    ]


def test_emails_past_the_limit_are_counted_as_a_row_broken_by_other_touches():
    e = PlanStepSpec(1, Channel.EMAIL, "e", SlotRule.EMAIL)
    c = PlanStepSpec(1, Channel.CALL, "c", SlotRule.CALL)
    assert email_past_limit(0, [e, e, e, e], 3) == 4
    assert email_past_limit(0, [e, e, c, e, e], 3) is None
    assert email_past_limit(3, [c, e], 3) is None
    assert email_past_limit(3, [e], 4) is None
    assert email_past_limit(4, [e], 4) == 1
    starts = PlanSpec(
        "x", "", (e, PlanStepSpec(5, Channel.CALL, "c", SlotRule.CALL, OffsetFrom.START))
    )
    assert plan_days(starts) == [1, 5]


def test_plan_validation_messages():
    bad = PlanSpec(" ", "", (PlanStepSpec(-1, Channel.CALL, "", SlotRule.CALL),))
    assert plan_problems(bad) == [
        "Give the plan a name.",
        "Step 1: the delay must be between 0 and 365 days.",
        "Step 1: say why this touch happens (its purpose).",
    ]


def test_templates_report_unknown_placeholders_and_never_render_them():
    assert placeholders("Hi {first_name}, {company}") == ["first_name", "company"]
    assert template_problems("Hi {frist_name}") == ["Unknown placeholder {frist_name}."]
    assert template_problems("Hi {first_name") != []
    with pytest.raises(TemplateError):
        render("Hi {frist_name}", {"first_name": "Ada"})
    assert render("Hi {first_name} {{literally}}", {"first_name": "Ada"}) == "Hi Ada {literally}"


def test_every_builtin_template_is_clean():
    for template in BUILTIN_TEMPLATES:
        assert template_problems(template.body) == [], template.key
        assert template_problems(template.subject) == [], template.key


def test_dst_does_not_move_a_plan_slot():
    # New York springs forward on 8 March 2026; an 08:30 email stays at 08:30 local.
    new_york = ZoneInfo("America/New_York")
    friday = datetime(2026, 3, 6, 9, 0, tzinfo=new_york)
    step = PlanStepSpec(3, Channel.EMAIL, "Chaser", SlotRule.EMAIL)
    when = schedule(step, started=friday, previous=friday, now=friday, zone=new_york, country="US")
    assert when.strftime("%a %d %H:%M") == "Mon 09 08:30"
    assert when.astimezone(UTC).hour == 12


def test_a_dormant_prospect_comes_back_by_writing_or_answering_not_by_saying_no():
    from touchdesk.domain.plans import comes_back
    from touchdesk.domain.vocabulary import ProspectStatus

    dormant = ProspectStatus.DORMANT
    assert comes_back(dormant, Direction.IN, Outcome.NONE)  # an email out of the blue
    assert comes_back(dormant, Direction.OUT, Outcome.TALKED)  # picked up our call
    assert not comes_back(dormant, Direction.OUT, Outcome.NO_ANSWER)
    assert not comes_back(dormant, Direction.IN, Outcome.NOT_INTERESTED)
    assert not comes_back(ProspectStatus.ACTIVE, Direction.IN, Outcome.REPLIED)
    assert not comes_back(ProspectStatus.DO_NOT_CONTACT, Direction.IN, Outcome.REPLIED)


def test_placeholders_with_nothing_to_say_are_named_once_in_order():
    from touchdesk.domain.templates import unfilled

    text = "Hi {first_name}, it's {my_name}. {next_step_day} at {next_step_time}. {my_name}"
    values = {"first_name": "Ada", "my_name": " ", "next_step_day": "—", "next_step_time": "9"}
    assert unfilled(text, values) == ["my_name", "next_step_day"]
    assert unfilled("Hi {first_name}, {typo}", values) == []  # unknown ones are problems
