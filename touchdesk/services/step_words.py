"""The words a next step needs when it is due: its template chosen and filled for the prospect."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from touchdesk.domain.prospect_record import ProspectRecord
from touchdesk.domain.time_policy import suggest
from touchdesk.domain.vocabulary import Channel, NextStepStatus
from touchdesk.domain.wording import count_of, default_title
from touchdesk.services.messages import Words, words_for
from touchdesk.services.policy import prospect_day, seller_day
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, PlanStep
from touchdesk.store.prepared import Prepared

# The template a due step uses when no plan step names one: a call gets the voicemail to
# leave if nobody answers (it primes the next call), a text asks for a call back.
DEFAULT_TEMPLATES: dict[Channel, str] = {
    Channel.CALL: "voicemail",
    Channel.VOICEMAIL: "voicemail",
    Channel.SMS: "text",
    Channel.SOCIAL: "text",
    Channel.EMAIL: "email",
}
# A voicemail names the next call; it is tried at the next good slot after this pause.
NEXT_CALL_AFTER = timedelta(hours=2)


# Compiled once: the prospect page asks for its due step's words on every open.
_STEP = Prepared(lambda sid: NextStep.select().where(NextStep.id == sid).limit(1))


def _plan_template_key(step: NextStep) -> str:
    """The template the plan step behind this next step names, '' for none.

    A run's position is the plan step it has scheduled now, so it speaks for the open step
    of that run; an older step of the run is not looked up."""
    run = step.plan_run
    if run is None or step.status != NextStepStatus.OPEN.value:
        return ""
    plan_step = PlanStep.get_or_none(
        PlanStep.plan == run.plan_id, PlanStep.position == run.position
    )
    if plan_step is None or plan_step.template is None:
        return ""
    return plan_step.template.key


def _next_call(prospect_id: int, step: NextStep, now: datetime) -> dict:
    """What a voicemail left on this call names: the next good call slot after it."""
    seller = seller_day()
    after = max(step.due_at, now) + NEXT_CALL_AFTER
    slots = suggest(after, Channel.CALL, prospect_day(prospect_id, seller), seller, 1)
    if not slots:
        return {}
    return {"next_at": slots[0].at, "next_title": default_title(Channel.CALL)}


def words_for_step(
    step_id: int, now: datetime | None = None, record: ProspectRecord | None = None
) -> Words | None:
    """The email to send (a chaser quoting the earlier emails), the voicemail to leave on a
    call (naming the next call), the text to send: the plan step's template when a plan made
    the step, else the channel's default. None when there is nothing to send (a meeting).
    `record` is the step's prospect, when the caller has just read it."""
    now = now or datetime.now(UTC)
    with database.atomic():
        step = _STEP.first(NextStep, step_id)
        if step is None:
            return None
        channel = Channel(step.channel)
        key = _plan_template_key(step) or DEFAULT_TEMPLATES.get(channel, "")
        if not key:
            return None
        if key == "voicemail":
            extra = _next_call(step.prospect_id, step, now)
        elif step.status == NextStepStatus.OPEN.value and step.due_at is not None:
            # The prospect's one open step (the database keeps one) is this one: named as
            # read, not looked up again.
            extra = {
                "next_at": step.due_at,
                "next_title": step.invite_title or default_title(channel),
            }
        else:
            extra = {}
        if record is not None and record.id != step.prospect_id:
            record = None
        words = words_for(key, step.prospect_id, now, record=record, **extra)
        if channel is Channel.EMAIL:
            # The plans' history loads for an email step only: a call's words need none of it.
            from touchdesk.services.chase import chase_text

            # A chaser: the short question on top, the earlier unanswered emails quoted below.
            chase = chase_text(step_id, now)
            if chase is not None and words is not None and chase.quoted:
                words = words._replace(
                    subject=chase.subject,
                    body=chase.body,
                    name=f"Chaser quoting {count_of(chase.quoted, 'earlier email')}",
                )
    return words
