"""One step's invite: what the dialog shows, the calendar file, and the email link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from touchdesk.domain.contacts import format_phone
from touchdesk.domain.date_text import dates
from touchdesk.domain.wording import clean_title, default_title
from touchdesk.formats.ics import IcsError, InviteEvent, Method, Party, calendar_bytes
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.invites.rules import (
    email_refusals,
    notes_for,
    refusals,
)
from touchdesk.services.invites.steps import (
    InviteError,
    InviteStep,
    load_step,
)
from touchdesk.services.invites.wording import (
    description_of,
    filename_of,
    meeting_link,
    sentence_of,
    summary_of,
    their_zone,
    when_text,
)
from touchdesk.services.settings import SellerProfile
from touchdesk.store.db import database
from touchdesk.store.models import NextStep


@dataclass(frozen=True)
class InviteFile:
    """One step's calendar file, or the reasons there is none (`problems`)."""

    method: Method
    content: bytes
    filename: str
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what the seller should know, not blocking
    uid: str = ""
    sequence: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class InviteOverview:
    """What the invite dialog shows before any file is built."""

    step_id: int
    prospect_name: str
    title: str  # the short title the seller may edit: "Call"
    summary: str
    when: str  # "Mon 15 Mar 2027 12:30 Europe/London (= Mon 08:30 your time)"
    email: str  # the prospect's first email, "" without one
    sentence: str  # the invite sentence, ready to paste
    withdrawn: bool  # cancelled, or re-planned before it was due: a cancellation is due
    problems: dict[Method, tuple[str, ...]]
    notes: dict[Method, tuple[str, ...]]
    filenames: dict[Method, str]
    email_problems: tuple[str, ...]  # why mailto_url() would refuse

    def allowed(self, method: Method) -> bool:
        return not self.problems.get(method)

    @property
    def can_email(self) -> bool:
        return not self.email_problems


def invite_event(step: InviteStep, profile: SellerProfile, method: Method) -> InviteEvent:
    organizer = None
    if profile.seller_email.strip():
        organizer = Party(profile.seller_name, profile.seller_email.strip())
    attendees: tuple[Party, ...] = ()
    if method is not Method.PUBLISH and step.email:
        attendees = (Party(step.name, step.email),)
    location = step.location.strip()
    reminder = int(profile.reminder_minutes or 0)
    return InviteEvent(
        uid=step.uid,
        sequence=step.calendar_sequence(),
        start=step.due_at.astimezone(their_zone(step, profile)),
        duration_minutes=step.duration_minutes,
        summary=summary_of(step),
        description=description_of(step, profile, method),
        location=location,
        url=meeting_link(location),
        organizer=organizer,
        attendees=attendees,
        reminder_minutes=max(reminder, 0),
        cancelled=step.withdrawn() or method is Method.CANCEL,
    )


def set_title(step_id: int, title: str) -> Change:
    """Keep the invite's title for this step; blank goes back to the channel's ('Call')."""
    title = clean_title(title)
    with database.atomic():
        step = load_step(step_id)
        if title == default_title(step.channel):
            title = ""
        if title == clean_title(step.invite_title):
            return Change.NOTHING
        NextStep.update(invite_title=title).where(NextStep.id == step_id).execute()
    return Change.NEXT_STEPS


def parse_method(value: Method | str) -> Method:
    try:
        return Method(str(value).upper())
    except ValueError:
        raise InviteError(f"Unknown kind of calendar file: {value!r}.") from None


def describe_invites(step_id: int, now: datetime | None = None) -> InviteOverview:
    """Everything the invite dialog shows, and which files can be made and why not."""
    now = now or datetime.now(UTC)
    with database.atomic():
        step = load_step(step_id)
        profile = settings.load_profile()
    return InviteOverview(
        step_id=step.id,
        prospect_name=step.name,
        title=step.title,
        summary=summary_of(step),
        when=when_text(step, profile),
        email=step.email,
        sentence=sentence_of(step, now),
        withdrawn=step.withdrawn(),
        problems={method: tuple(refusals(step, profile, method)) for method in Method},
        notes={method: tuple(notes_for(step, method)) for method in Method},
        filenames={method: filename_of(step, method, profile) for method in Method},
        email_problems=tuple(email_refusals(step, profile)),
    )


def invite_for_step(
    step_id: int, method: Method | str, *, stamp: datetime | None = None
) -> InviteFile:
    """The file for one step; with `problems` (and no content) when the rules refuse it."""
    method = parse_method(method)
    with database.atomic():
        step = load_step(step_id)
        profile = settings.load_profile()
    filename = filename_of(step, method, profile)
    refused = refusals(step, profile, method)
    if refused:
        return InviteFile(
            method, b"", filename, tuple(refused), (), step.uid, step.calendar_sequence()
        )
    try:
        content = calendar_bytes([invite_event(step, profile, method)], method, stamp=stamp)
    except IcsError as error:
        raise InviteError(f"This calendar file cannot be made: {error}") from error
    return InviteFile(
        method,
        content,
        filename,
        (),
        tuple(notes_for(step, method)),
        step.uid,
        step.calendar_sequence(),
    )


def mailto_url(step_id: int, now: datetime | None = None) -> str:
    """A mailto: link with subject and body; the .ics itself must be attached by hand."""
    now = now or datetime.now(UTC)
    with database.atomic():
        step = load_step(step_id)
        profile = settings.load_profile()
    refused = email_refusals(step, profile)
    if refused:
        raise InviteError(" ".join(refused))
    theirs = step.due_at.astimezone(their_zone(step, profile))
    subject = f"Invitation: {step.title}, {dates().long_day(theirs)} at {dates().time(theirs)}"
    hello = f"Hi {step.first_name.strip()}," if step.first_name.strip() else "Hello,"
    signature = "\n".join(
        part
        for part in (
            profile.seller_name.strip(),
            format_phone(profile.seller_phone, step.country_code or profile.home_country)
            if profile.seller_phone.strip()
            else "",
        )
        if part
    )
    body = (
        f"{hello}\n\n{sentence_of(step, now)} "
        "The invitation is attached: accepting it puts it in your calendar."
    )
    if signature:
        body += f"\n\n{signature}"
    # RFC 6068: line breaks in a mailto body are %0D%0A.
    encoded = quote(body.replace("\n", "\r\n"), safe="")
    return f"mailto:{quote(step.email, safe='@')}?subject={quote(subject, safe='')}&body={encoded}"
