"""What an invite says: its title, description, sentence, time and file name."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from touchdesk.domain.contacts import format_phone
from touchdesk.domain.date_text import dates
from touchdesk.domain.today import zone_or
from touchdesk.domain.wording import invite_summary
from touchdesk.formats.ics import Method
from touchdesk.services.invites.steps import (
    InviteStep,
)
from touchdesk.services.messages import invite_sentence_for
from touchdesk.services.settings import SellerProfile


def seller_zone(profile: SellerProfile) -> tzinfo:
    try:
        return ZoneInfo(profile.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def their_zone(step: InviteStep, profile: SellerProfile) -> tzinfo:
    return zone_or(step.time_zone, seller_zone(profile))


def summary_of(step: InviteStep) -> str:
    """'Call: Hannah Whitfield / Whitfield & Sons': written for the prospect's calendar, so
    the seller's purpose note ("Revive: a reason-led call") never shows in it."""
    return invite_summary(step.title, step.name, step.company)


def is_link(text: str) -> bool:
    return text.strip().lower().startswith(("https://", "http://"))


def meeting_link(location: str) -> str:
    """The link a place starts with, without the lines after it ('Passcode: 42'); "" for none.

    A URL cannot hold a line break or a space, while the place keeps them as typed.
    """
    return location.split()[0] if is_link(location) else ""


def description_of(step: InviteStep, profile: SellerProfile, method: Method) -> str:
    home = profile.home_country
    lines = []
    if method is Method.PUBLISH and step.purpose.strip():  # the seller's own note to self
        lines.append(step.purpose.strip())
    if is_link(step.location):
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


def sentence_of(step: InviteStep, now: datetime) -> str:
    """The seller's 'invite' template: directive, with the time in their day."""
    return invite_sentence_for(step.prospect_id, step.title, step.due_at, now)


def when_text(step: InviteStep, profile: SellerProfile) -> str:
    theirs = their_zone(step, profile)
    local = step.due_at.astimezone(theirs)
    text = f"{dates().date_time(local)} {getattr(theirs, 'key', 'UTC')}"
    ours = step.due_at.astimezone(seller_zone(profile))
    if ours.utcoffset() != local.utcoffset():
        text += f" (= {dates().weekday_time(ours)} your time)"
    return text


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].rstrip("-")


def filename_of(step: InviteStep, method: Method, profile: SellerProfile) -> str:
    prefix = {Method.PUBLISH: "", Method.REQUEST: "invite-", Method.CANCEL: "cancelled-"}[method]
    day = step.due_at.astimezone(their_zone(step, profile)).date().isoformat()
    words = _slug(f"{step.title} {step.name}") or "next-step"
    return f"{prefix}{words}-{day}.ics"
