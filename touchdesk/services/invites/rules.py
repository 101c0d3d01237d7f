"""Which calendar files a next step may have, and what the seller should know about them."""

from __future__ import annotations

from touchdesk.domain.vocabulary import Channel, NextStepStatus, ProspectStatus
from touchdesk.formats.ics import Method
from touchdesk.services.invites.steps import (
    InviteStep,
)
from touchdesk.services.settings import SellerProfile

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


def refusals(
    step: InviteStep, profile: SellerProfile, method: Method, *, needs_organizer: bool = True
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


def email_refusals(step: InviteStep, profile: SellerProfile) -> list[str]:
    # The email itself is written by the seller: it needs no organizer address.
    return refusals(step, profile, Method.REQUEST, needs_organizer=False)


def notes_for(step: InviteStep, method: Method) -> list[str]:
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
