"""Words ready to say or send: the voicemail that primes the next call, the directive invite
sentence, and the respectful break-up."""

from __future__ import annotations

from datetime import date, datetime

from touchdesk.domain.vocabulary import Channel


def spoken_day(when: date, today: date) -> str:
    """'today', 'tomorrow', 'on Thursday' within the week, else 'on Tuesday 9 December'."""
    days = (when - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if 1 < days < 7:
        return f"on {when:%A}"
    return f"on {when:%A} {when.day} {when:%B}"


def spoken_time(when: datetime) -> str:
    """'8:30' or '13:00', the way people say a time in a message."""
    return f"{when.hour}:{when.minute:02d}"


def voicemail_script(first_name: str, my_name: str, next_call: datetime, today: date) -> str:
    """Name the time of the next call, so the callback is expected (`next_call` in their zone)."""
    hello = f"Hi {first_name}" if first_name else "Hi"
    greeting = f"{hello}, it's {my_name}." if my_name else f"{hello}."
    return (
        f"{greeting} Sorry I missed you. I'll try you again "
        f"{spoken_day(next_call.date(), today)} at {spoken_time(next_call)}. "
        "If another time suits you better, just reply with it."
    )


def activity(channel: Channel, purpose: str) -> str:
    """'progress call', 'video call about the pricing update'."""
    noun = {
        Channel.CALL: "call",
        Channel.VIDEO_CALL: "video call",
        Channel.MEETING: "meeting",
        Channel.VISIT: "visit",
    }.get(channel, channel.label.lower())
    purpose = purpose.strip().rstrip(".")
    if not purpose:
        return noun
    if purpose.lower().endswith(noun):  # "Progress call" already names the activity
        return purpose.lower()
    if len(purpose.split()) <= 2 and noun in ("call", "meeting"):
        return f"{purpose.lower()} {noun}"
    return f"{noun} about {purpose[0].lower()}{purpose[1:]}"


def invite_sentence(
    channel: Channel, purpose: str, when: datetime, today: date, their_zone_differs: bool
) -> str:
    """Directive, not a question: 'I'll put a progress call on both our calendars for ...'."""
    suffix = " your time" if their_zone_differs else ""
    return (
        f"I'll put a {activity(channel, purpose)} on both our calendars for "
        f"{spoken_day(when.date(), today).removeprefix('on ')} at {when:%H:%M}{suffix}."
    )


def break_up_message(first_name: str, my_name: str) -> str:
    greeting = f"Hi {first_name}," if first_name else "Hello,"
    sign = f"\n\n{my_name}" if my_name else ""
    return (
        f"{greeting}\n\nI've tried to reach you a few times and haven't heard back, so I'll "
        "stop here. If this becomes important for you, I'm glad to pick it up again: "
        f"just reply to this message.\n\nAll the best,{sign}"
    )
