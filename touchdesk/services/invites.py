"""Calendar invites for next steps: the facts gathered from the store, the file from formats.ics."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from touchdesk import files
from touchdesk.domain.contacts import format_phone
from touchdesk.domain.names import display_name
from touchdesk.domain.today import zone_or
from touchdesk.domain.vocabulary import Channel, NextStepStatus, ProspectStatus
from touchdesk.domain.wording import activity, invite_sentence
from touchdesk.formats.ics import InviteEvent, Method, Party, calendar_bytes
from touchdesk.services import settings
from touchdesk.services.board import first_contact
from touchdesk.services.settings import SellerProfile
from touchdesk.store.db import database
from touchdesk.store.models import NextStep, Prospect

# Channels where both people are there at one time: what an invitation is for.
MEETING_CHANNELS = frozenset({Channel.CALL, Channel.VIDEO_CALL, Channel.MEETING, Channel.VISIT})
# Steps whose invite the screens offer unasked when they are set, moved or called off; a call
# gets one on request (Invite…), so the calling loop stays a few keystrokes long.
OFFER_INVITE_CHANNELS = frozenset({Channel.VIDEO_CALL, Channel.MEETING, Channel.VISIT})

NO_EMAIL = "no email address, so no invitation can be sent; add it to your own calendar instead"
ATTACH_BY_HAND = (
    "TouchDesk does not send email: attach the saved .ics file to your message by hand."
)
GOOGLE_UPDATES = (
    "Google Calendar's import ignores updates to an event it already has: "
    "remove the old one there first."
)


class InviteError(ValueError):
    """No calendar file can be made; the message is for the seller."""


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


@dataclass(frozen=True)
class ExportResult:
    """What export_steps() wrote, and what it left out and why."""

    path: Path
    method: Method
    count: int
    uids: tuple[str, ...]
    left_out: tuple[str, ...] = ()  # explanations of steps that were not written
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Step:
    """A next step with what its invite needs from its prospect."""

    id: int
    uid: str
    sequence: int
    status: NextStepStatus
    due_at: datetime
    closed_at: datetime | None
    duration_minutes: int
    channel: Channel
    purpose: str
    location: str
    prospect_id: int
    first_name: str
    last_name: str
    company: str
    country_code: str
    time_zone: str
    prospect_status: ProspectStatus
    in_trash: bool
    email: str
    phone: str

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name, self.company)

    def withdrawn(self) -> bool:
        """Cancelled, or replaced before it was due (re-planned rather than done)."""
        if self.status is NextStepStatus.CANCELLED:
            return True
        return (
            self.status is NextStepStatus.REPLACED
            and self.closed_at is not None
            and self.closed_at < self.due_at
        )

    def calendar_sequence(self) -> int:
        # Replacing a step does not bump its stored sequence, yet calendars that already hold
        # it must see the withdrawal as newer than what they were given.
        if self.status is NextStepStatus.REPLACED and self.withdrawn():
            return self.sequence + 1
        return self.sequence


def _query():
    return (
        NextStep.select(
            NextStep.id,
            NextStep.uid,
            NextStep.sequence,
            NextStep.status,
            NextStep.due_at,
            NextStep.closed_at,
            NextStep.duration_minutes,
            NextStep.channel,
            NextStep.purpose,
            NextStep.location,
            Prospect.id,
            Prospect.first_name,
            Prospect.last_name,
            Prospect.company,
            Prospect.country_code,
            Prospect.time_zone,
            Prospect.status,
            Prospect.deleted_at,
            first_contact("email"),
            first_contact("phone"),
        )
        .join(Prospect, on=(NextStep.prospect == Prospect.id))
        .order_by(NextStep.due_at, NextStep.id)
    )


def _steps(query) -> list[_Step]:
    return [
        _Step(
            id=row[0],
            uid=row[1],
            sequence=row[2],
            status=NextStepStatus(row[3]),
            due_at=row[4],
            closed_at=row[5],
            duration_minutes=row[6],
            channel=Channel(row[7]),
            purpose=row[8],
            location=row[9],
            prospect_id=row[10],
            first_name=row[11],
            last_name=row[12],
            company=row[13],
            country_code=row[14],
            time_zone=row[15],
            prospect_status=ProspectStatus(row[16]),
            in_trash=row[17] is not None,
            email=(row[18] or "").strip(),
            phone=(row[19] or "").strip(),
        )
        for row in query.tuples()
    ]


def _one_step(step_id: int) -> _Step:
    found = _steps(_query().where(NextStep.id == step_id))
    if not found:
        raise InviteError("This next step no longer exists.")
    return found[0]


# -- wording ---------------------------------------------------------------------------------


def _seller_zone(profile: SellerProfile) -> tzinfo:
    try:
        return ZoneInfo(profile.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _their_zone(step: _Step, profile: SellerProfile) -> tzinfo:
    return zone_or(step.time_zone, _seller_zone(profile))


def _purpose(channel: Channel, purpose: str) -> str:
    """'Progress call' on a call is 'Progress': wording.activity adds the noun itself."""
    noun = activity(channel, "")
    text = purpose.strip()
    if text.casefold().endswith(" " + noun):
        return text[: -len(noun) - 1].rstrip()
    return text


def _activity(step: _Step) -> str:
    words = activity(step.channel, _purpose(step.channel, step.purpose))
    return words[:1].upper() + words[1:]


def _summary(step: _Step) -> str:
    """'Progress call — Hannah Whitfield (Whitfield & Sons)'."""
    company = step.company.strip()
    suffix = f" ({company})" if company and company != step.name else ""
    return f"{_activity(step)} — {step.name}{suffix}"


def _is_link(text: str) -> bool:
    return text.strip().lower().startswith(("https://", "http://"))


def _description(step: _Step, profile: SellerProfile, method: Method) -> str:
    home = profile.home_country
    lines = []
    if step.purpose.strip():
        lines.append(step.purpose.strip())
    if _is_link(step.location):
        lines.append(f"Join: {step.location.strip()}")
    if profile.seller_phone.strip():
        # Written for where the prospect is: national at home, international abroad.
        phone = format_phone(profile.seller_phone, step.country_code or home)
        who = profile.seller_name.strip() or "Phone"
        lines.append(f"{who}: {phone}")
    if method is Method.PUBLISH:  # the seller's own calendar: the prospect's details help
        theirs = [format_phone(step.phone, home) if step.phone else "", step.email]
        if any(theirs):
            lines.append(f"{step.name}: {' · '.join(part for part in theirs if part)}")
    return "\n".join(lines)


def _sentence(step: _Step, profile: SellerProfile, now: datetime) -> str:
    theirs = _their_zone(step, profile)
    when = step.due_at.astimezone(theirs)
    differs = when.utcoffset() != step.due_at.astimezone(_seller_zone(profile)).utcoffset()
    return invite_sentence(
        step.channel,
        _purpose(step.channel, step.purpose),
        when,
        now.astimezone(theirs).date(),
        differs,
    )


def _when(step: _Step, profile: SellerProfile) -> str:
    theirs = _their_zone(step, profile)
    local = step.due_at.astimezone(theirs)
    text = f"{local:%a %d %b %Y %H:%M} {getattr(theirs, 'key', 'UTC')}"
    ours = step.due_at.astimezone(_seller_zone(profile))
    if ours.utcoffset() != local.utcoffset():
        text += f" (= {ours:%a %H:%M} your time)"
    return text


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-")


def _filename(step: _Step, method: Method, profile: SellerProfile) -> str:
    prefix = {Method.PUBLISH: "", Method.REQUEST: "invite-", Method.CANCEL: "cancelled-"}[method]
    day = step.due_at.astimezone(_their_zone(step, profile)).date().isoformat()
    words = _slug(f"{_activity(step)} {step.name}") or "next-step"
    return f"{prefix}{words}-{day}.ics"


# -- rules -----------------------------------------------------------------------------------


def _refusals(
    step: _Step, profile: SellerProfile, method: Method, *, needs_organizer: bool = True
) -> list[str]:
    """Why `method` cannot be made for this step; empty when it can."""
    if step.in_trash:
        return [f"{step.name} is in the trash."]
    if step.prospect_status is ProspectStatus.DO_NOT_CONTACT:
        return [f"{step.name} asked not to be contacted: no invitations or calendar entries."]
    found: list[str] = []
    if method is Method.PUBLISH:
        return found
    if method is Method.REQUEST:
        if step.status is not NextStepStatus.OPEN:
            found.append(
                f"This next step is {step.status.label.lower()}: only a planned one is sent "
                "as an invitation."
            )
        if not step.email:
            found.append(f"{step.name} has {NO_EMAIL}.")
    elif method is Method.CANCEL:
        if not step.withdrawn():
            found.append(
                "This next step is not cancelled: cancel it first, then send the cancellation."
            )
        elif not step.email:
            found.append(
                f"{step.name} has no email address, so was never sent an invitation; "
                "'Add to my calendar' now marks it cancelled in your own calendar."
            )
    if needs_organizer and not profile.seller_email.strip():
        found.append(
            "Your email address is not set, and an invitation names you as its organizer: "
            "set it in Settings."
        )
    return found


def _email_refusals(step: _Step, profile: SellerProfile) -> list[str]:
    # The email itself is written by the seller: it needs no organizer address.
    return _refusals(step, profile, Method.REQUEST, needs_organizer=False)


def _notes(step: _Step, method: Method) -> list[str]:
    notes = []
    if method in (Method.REQUEST, Method.CANCEL):
        notes.append(ATTACH_BY_HAND)
        if method is Method.REQUEST and step.channel not in MEETING_CHANNELS:
            notes.append(
                f"An invitation suits a call, meeting or visit; for a {step.channel.label.lower()} "
                "adding it to your own calendar is usually enough."
            )
    if step.calendar_sequence() > 0:
        notes.append(GOOGLE_UPDATES)
    return notes


def _event(step: _Step, profile: SellerProfile, method: Method) -> InviteEvent:
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
        start=step.due_at.astimezone(_their_zone(step, profile)),
        duration_minutes=step.duration_minutes,
        summary=_summary(step),
        description=_description(step, profile, method),
        location=location,
        url=location if _is_link(location) else "",
        organizer=organizer,
        attendees=attendees,
        reminder_minutes=max(reminder, 0),
        cancelled=step.withdrawn() or method is Method.CANCEL,
    )


def _method(value: Method | str) -> Method:
    try:
        return Method(str(value).upper())
    except ValueError:
        raise InviteError(f"Unknown kind of calendar file: {value!r}.") from None


# -- use cases -------------------------------------------------------------------------------


def describe_invites(step_id: int, now: datetime | None = None) -> InviteOverview:
    """Everything the invite dialog shows, and which files can be made and why not."""
    now = now or datetime.now(UTC)
    with database.atomic():
        step = _one_step(step_id)
        profile = settings.load_profile()
    return InviteOverview(
        step_id=step.id,
        prospect_name=step.name,
        summary=_summary(step),
        when=_when(step, profile),
        email=step.email,
        sentence=_sentence(step, profile, now),
        withdrawn=step.withdrawn(),
        problems={method: tuple(_refusals(step, profile, method)) for method in Method},
        notes={method: tuple(_notes(step, method)) for method in Method},
        filenames={method: _filename(step, method, profile) for method in Method},
        email_problems=tuple(_email_refusals(step, profile)),
    )


def invite_for_step(
    step_id: int, method: Method | str, *, stamp: datetime | None = None
) -> InviteFile:
    """The file for one step; with `problems` (and no content) when the rules refuse it."""
    method = _method(method)
    with database.atomic():
        step = _one_step(step_id)
        profile = settings.load_profile()
    filename = _filename(step, method, profile)
    refused = _refusals(step, profile, method)
    if refused:
        return InviteFile(
            method, b"", filename, tuple(refused), (), step.uid, step.calendar_sequence()
        )
    content = calendar_bytes([_event(step, profile, method)], method, stamp=stamp)
    return InviteFile(
        method,
        content,
        filename,
        (),
        tuple(_notes(step, method)),
        step.uid,
        step.calendar_sequence(),
    )


def mailto_url(step_id: int, now: datetime | None = None) -> str:
    """A mailto: link with subject and body; the .ics itself must be attached by hand."""
    now = now or datetime.now(UTC)
    with database.atomic():
        step = _one_step(step_id)
        profile = settings.load_profile()
    refused = _email_refusals(step, profile)
    if refused:
        raise InviteError(" ".join(refused))
    theirs = step.due_at.astimezone(_their_zone(step, profile))
    subject = f"Invitation: {_activity(step)}, {theirs:%A %d %B} at {theirs:%H:%M}"
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
        f"{hello}\n\n{_sentence(step, profile, now)} "
        "The invitation is attached: accepting it puts it in your calendar."
    )
    if signature:
        body += f"\n\n{signature}"
    # RFC 6068: line breaks in a mailto body are %0D%0A.
    encoded = quote(body.replace("\n", "\r\n"), safe="")
    return f"mailto:{quote(step.email, safe='@')}?subject={quote(subject, safe='')}&body={encoded}"


def _day_start(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), zone)


def _write_atomically(out: Path, content: bytes) -> None:
    """A reader (or a calendar subscribed to the file) sees the old file or the new, never half."""
    out.parent.mkdir(parents=True, exist_ok=True)
    files.write_bytes(out, content)


def _left_out(steps: Iterable[_Step]) -> tuple[list[_Step], list[str]]:
    kept, skipped_dnc = [], 0
    for step in steps:
        if step.prospect_status is ProspectStatus.DO_NOT_CONTACT:
            skipped_dnc += 1
        else:
            kept.append(step)
    notes = []
    if skipped_dnc:
        plural = "s" if skipped_dnc > 1 else ""
        notes.append(
            f"{skipped_dnc} next step{plural} of prospects who asked not to be contacted left out."
        )
    return kept, notes


def export_steps(
    out: Path,
    *,
    step_id: int | None = None,
    prospect_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    method: Method | str = Method.PUBLISH,
    include_cancelled: bool = True,
    stamp: datetime | None = None,
) -> ExportResult:
    """Write the chosen steps to `out` (temp file, then os.replace); raises InviteError.

    Days are the seller's. Every step keeps its UID, so exporting the same range again to
    the same file updates the calendar's events rather than adding copies; cancelled and
    withdrawn steps are written as cancelled so calendars that have them mark them so.
    """
    method = _method(method)
    with database.atomic():
        profile = settings.load_profile()
        zone = _seller_zone(profile)
        query = _query().where(Prospect.deleted_at.is_null())
        if step_id is not None:
            query = query.where(NextStep.id == step_id)
        if prospect_id is not None:
            query = query.where(NextStep.prospect == prospect_id)
        if start is not None:
            query = query.where(NextStep.due_at >= _day_start(start, zone))
        if end is not None:
            query = query.where(NextStep.due_at < _day_start(end + timedelta(days=1), zone))
        steps = _steps(query)
    if step_id is not None and not steps:
        raise InviteError("This next step no longer exists, or its prospect is in the trash.")
    if not include_cancelled:
        steps = [step for step in steps if not step.withdrawn()]
    if method is not Method.PUBLISH or step_id is not None:
        if len(steps) != 1:
            raise InviteError(
                "An invitation or a cancellation holds exactly one next step; "
                "export several to add them to your own calendar."
            )
        refused = _refusals(steps[0], profile, method)
        if refused:
            raise InviteError(" ".join(refused))
        kept, left_out = steps, []
    else:
        kept, left_out = _left_out(steps)
    if not kept:
        raise InviteError("No next steps in that range: nothing to export.")
    content = calendar_bytes([_event(step, profile, method) for step in kept], method, stamp=stamp)
    _write_atomically(out, content)
    notes = []
    if method is not Method.PUBLISH:
        notes.append(ATTACH_BY_HAND)
    if any(step.calendar_sequence() > 0 for step in kept):
        notes.append(GOOGLE_UPDATES)
    return ExportResult(
        path=out,
        method=method,
        count=len(kept),
        uids=tuple(step.uid for step in kept),
        left_out=tuple(left_out),
        notes=tuple(notes),
    )


def default_export_name(start: date | None, end: date | None) -> str:
    """'touchdesk-next-steps-2027-03-01-to-2027-03-31.ics'."""
    if start and end:
        return f"touchdesk-next-steps-{start.isoformat()}-to-{end.isoformat()}.ics"
    if start:
        return f"touchdesk-next-steps-from-{start.isoformat()}.ics"
    return "touchdesk-next-steps.ics"
