"""touchdesk-cli log, next, snooze, suggest and export-ics: the follow-up cycle from a terminal,
through the same core as the window."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from touchdesk.cli_output import say as _say
from touchdesk.domain.date_text import dates
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.time_policy import SellerDay, Suggestion
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.timing import rule_for
from touchdesk.domain.vocabulary import Channel, Direction, NextStepStatus, Outcome
from touchdesk.domain.wording import count_of
from touchdesk.paths import AppPaths
from touchdesk.services.follow_up import (
    Consequences,
    Proposal,
    StepSet,
    move_step,
    propose,
    record_touch,
    set_step,
    skip_next_step,
    snooze_options,
)
from touchdesk.services.lookup import one_prospect
from touchdesk.services.next_steps import NextStepError, follow_up_facts, get_step, open_step
from touchdesk.services.policy import prospect_day, seller_day

DONE, USER_ERROR = 0, 1
PROG = "touchdesk-cli"


def _warn(line: str) -> None:
    print(f"{PROG}: warning: {line}", file=sys.stderr, flush=True)


def _codes(kind) -> list[str]:
    return [member.value for member in kind]


def parse_when(text: str, zone: tzinfo) -> datetime:
    """'2026-12-07 08:30' in `zone`, or any ISO time with its own offset ('...Z', '+01:00')."""
    cleaned = text.strip()
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise NextStepError(
            f"{text!r} is not a time: write it as YYYY-MM-DD HH:MM (the prospect's own time), "
            "or with an offset such as 2026-12-07T08:30-05:00."
        ) from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _choice(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("choices count from 1")
    return value


def _when_line(at: datetime, seller: SellerDay, their_zone: tzinfo) -> str:
    theirs = at.astimezone(their_zone)
    mine = at.astimezone(seller.zone)
    text = dates().date_time(mine)
    if theirs.utcoffset() != mine.utcoffset():
        text += f" ({dates().weekday_time(theirs)} {getattr(their_zone, 'key', their_zone)})"
    return text


def _step_line(step: NextStepInput, attempt: int | None, seller: SellerDay, zone: tzinfo) -> str:
    number = f" (#{attempt})" if attempt and attempt > 1 else ""
    purpose = f" — {step.purpose}" if step.purpose else ""
    when = _when_line(step.due_at, seller, zone)
    return f"{step.channel.label.lower()} {when}{purpose}{number}"


def _suggestion_lines(proposal: Proposal, seller: SellerDay, zone: tzinfo) -> list[str]:
    return [
        f"  {n}. {_when_line(s.at, seller, zone)}  {s.rule.label}"
        + ("  (outside your hours)" if s.outside_hours else "")
        for n, s in enumerate(proposal.suggestions, start=1)
    ]


# -- log ----------------------------------------------------------------------------------


def describe_consequences(result: Consequences, name: str) -> list[str]:
    attempt = f"attempt {result.attempt}" if result.attempt else "they were reached"
    lines = [f"Logged for {name}: {attempt}."]
    if result.closed_step_id is not None:
        lines.append("The due next step is done.")
    if result.note:
        lines.append(f"Plan: {result.note}")
    if result.offer_revival:
        lines.append(
            f"{name} is dormant and got in touch: start the Revive plan in the app "
            "(or set a next step with `next`)."
        )
    if result.thanks is not None:
        lines.append(f"Worth doing: {result.thanks.question()}")
    return lines


def run_log(args: argparse.Namespace, paths: AppPaths) -> int:
    prospect_id = one_prospect(args.prospect)
    seller = seller_day()
    zone = prospect_day(prospect_id, seller).zone
    occurred = parse_when(args.at, seller.zone) if args.at else datetime.now(UTC)
    touch = TouchInput(
        Channel(args.channel),
        occurred,
        Direction(args.direction),
        Outcome(args.outcome),
        args.note or "",
    )
    # The next step's time is read before anything is written: a typo changes nothing.
    typed = parse_when(args.next, zone) if args.next else None
    name = _name(prospect_id)
    result = record_touch(prospect_id, touch)
    for line in describe_consequences(result, name):
        _say(line)
    proposal = result.proposal
    if proposal is None:
        if typed is not None or args.next_suggested:
            _warn(f"no next step set: {name} is not active.")
        return DONE
    if args.no_next_step:
        _say(skip_next_step(prospect_id).message)
        return DONE
    if args.next_channel or typed is not None:
        channel = Channel(args.next_channel) if args.next_channel else proposal.channel
        if channel is not proposal.channel:
            proposal = propose(prospect_id, channel=channel)
    if typed is not None:
        purpose = args.purpose if args.purpose is not None else proposal.purpose
        step = NextStepInput(typed, proposal.channel, purpose, proposal.duration_minutes)
    else:
        step = proposal.step(args.next_suggested - 1)
        if args.purpose is not None:
            step = NextStepInput(step.due_at, step.channel, args.purpose, step.duration_minutes)
    # The plan's step, at the time the seller chose: the plan moves on to it.
    run_id = proposal.run_id
    made = set_step(prospect_id, step, run_id, reached=result.attempt is None)
    return _report_step(made, step, proposal.attempt, seller, zone)


def _report_step(
    made: StepSet, step: NextStepInput, attempt: int, seller: SellerDay, zone: tzinfo
) -> int:
    _say(f"Next step: {_step_line(step, attempt, seller, zone)}  [step {made.step_id}]")
    if made.warning:
        _warn(made.warning)
    if made.offer_invite:
        _say(
            f"Send the invite: {PROG} export-ics invite.ics --step {made.step_id} --method request"
        )
    return DONE


def _name(prospect_id: int) -> str:
    return follow_up_facts(prospect_id).name


# -- next ---------------------------------------------------------------------------------


def run_next(args: argparse.Namespace, paths: AppPaths) -> int:
    prospect_id = one_prospect(args.prospect)
    seller = seller_day()
    zone = prospect_day(prospect_id, seller).zone
    current = open_step(prospect_id)
    # Setting a step by hand never moves a plan on: the channel is always given here.
    fallback = current.channel if current else Channel.CALL
    proposal = propose(prospect_id, channel=Channel(args.channel) if args.channel else fallback)
    purpose = args.purpose if args.purpose is not None else proposal.purpose
    if args.at:
        when = parse_when(args.at, zone)
    else:
        when = proposal.step(args.suggested - 1).due_at
    duration = args.duration or (current.duration_minutes if current else proposal.duration_minutes)
    place = args.place if args.place is not None else (current.location if current else "")
    step = NextStepInput(when, proposal.channel, purpose, duration, place)
    return _report_step(set_step(prospect_id, step), step, proposal.attempt, seller, zone)


# -- snooze -------------------------------------------------------------------------------


def run_snooze(args: argparse.Namespace, paths: AppPaths) -> int:
    step = get_step(args.step)
    if step.status is not NextStepStatus.OPEN:
        raise NextStepError(
            f"Next step {args.step} is {step.status.label.lower()}: only an open one can be "
            "snoozed (today --json lists them)."
        )
    seller = seller_day()
    zone = prospect_day(step.prospect_id, seller).zone
    choices = snooze_options(args.step)
    if args.to is None and args.choice is None:
        _say(f"Snooze {step.channel.label.lower()} for {_name(step.prospect_id)} to:")
        for n, choice in enumerate(choices, start=1):
            outside = "  (outside your hours)" if choice.outside_hours else ""
            _say(f"  {n}. {choice.label}: {_when_line(choice.at, seller, zone)}{outside}")
        _say(f"Then: {PROG} snooze {args.step} --choice N")
        return DONE
    if args.to is not None:
        when = parse_when(args.to, zone)
    else:
        if args.choice > len(choices):
            raise NextStepError(f"There are {len(choices)} choices; pick one of 1-{len(choices)}.")
        when = choices[args.choice - 1].at
    moved = move_step(args.step, when)
    _say(f"Moved to {_when_line(when, seller, zone)}.")
    if moved.warning:
        _warn(moved.warning)
    return DONE


# -- suggest ------------------------------------------------------------------------------


def _suggestion_json(s: Suggestion, seller: SellerDay, zone: tzinfo) -> dict:
    return {
        "at": s.at.astimezone(zone).isoformat(),
        "your_time": s.at.astimezone(seller.zone).isoformat(),
        "rule": s.rule.value,
        "reason": s.rule.label,
        "outside_your_hours": s.outside_hours,
    }


def run_suggest(args: argparse.Namespace, paths: AppPaths) -> int:
    prospect_id = one_prospect(args.prospect)
    seller = seller_day()
    zone = prospect_day(prospect_id, seller).zone
    channel = Channel(args.channel) if args.channel else None
    proposal = propose(prospect_id, channel=channel)
    if args.json:
        document = {
            "prospect_id": prospect_id,
            "channel": proposal.channel.value,
            "purpose": proposal.purpose,
            "attempt": proposal.attempt,
            "plan_run_id": proposal.run_id,
            "email_held_back": proposal.email_held_back,
            "suggestions": [_suggestion_json(s, seller, zone) for s in proposal.suggestions],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return DONE
    purpose = f" — {proposal.purpose}" if proposal.purpose else ""
    _say(f"{proposal.channel.label} for {_name(prospect_id)}{purpose} (#{proposal.attempt}):")
    if proposal.email_held_back:
        _say(f"  {proposal.email_held_back}")
    lines = _suggestion_lines(proposal, seller, zone)
    for line in lines or [f"  no good slot for {rule_for(proposal.channel).label} soon"]:
        _say(line)
    return DONE


# -- export-ics ---------------------------------------------------------------------------


def run_export_ics(args: argparse.Namespace, paths: AppPaths) -> int:
    from touchdesk.services.invites.export import export_steps

    if (args.start is None) != (args.end is None):
        raise NextStepError("Give both --from and --to, or neither.")
    if args.start and args.end and args.end < args.start:
        raise NextStepError("--to is before --from.")
    prospect_id = one_prospect(args.prospect) if args.prospect else None
    result = export_steps(
        Path(args.out),
        step_id=args.step,
        prospect_id=prospect_id,
        start=args.start,
        end=args.end,
        method=args.method,
    )
    _say(f"{count_of(result.count, 'next step')} written to {result.path} ({result.method.value}).")
    for line in (*result.left_out, *result.notes):
        _say(f"  {line}")
    return DONE


# -- wiring -------------------------------------------------------------------------------


def add_follow_up_commands(commands: argparse._SubParsersAction, command) -> None:
    """Register the commands with `command(commands, name, run, summary)` from cli.py."""
    log = command(commands, "log", run_log, "log a touch and set what happens next")
    log.add_argument("prospect", metavar="PROSPECT", help="an id, or an exact name or email")
    log.add_argument("--channel", required=True, choices=_codes(Channel))
    log.add_argument("--outcome", required=True, choices=_codes(Outcome))
    log.add_argument("--direction", choices=_codes(Direction), default=Direction.OUT.value)
    log.add_argument("--note", metavar="TEXT")
    log.add_argument("--at", metavar="WHEN", help="when it happened, your time (default: now)")
    nxt = log.add_mutually_exclusive_group(required=True)
    nxt.add_argument("--next", metavar="WHEN", help="the next step at this time, theirs")
    nxt.add_argument("--next-suggested", metavar="N", type=_choice, help="the N-th suggestion")
    nxt.add_argument("--no-next-step", action="store_true", help="decide later (flagged)")
    log.add_argument("--next-channel", choices=_codes(Channel))
    log.add_argument("--purpose", metavar="TEXT", help="why the next step happens")

    step = command(commands, "next", run_next, "set or change a prospect's next step")
    step.add_argument("prospect", metavar="PROSPECT", help="an id, or an exact name or email")
    when = step.add_mutually_exclusive_group(required=True)
    when.add_argument("--at", metavar="WHEN", help="YYYY-MM-DD HH:MM in the prospect's time")
    when.add_argument("--suggested", metavar="N", type=_choice, help="the N-th suggestion")
    step.add_argument("--channel", choices=_codes(Channel))
    step.add_argument("--purpose", metavar="TEXT")
    step.add_argument("--duration", metavar="MIN", type=_choice)
    step.add_argument("--place", metavar="TEXT", help="place or link")

    snooze = command(commands, "snooze", run_snooze, "push a next step to a later good time")
    snooze.add_argument("step", metavar="STEP", type=int, help="a next step id (today --json)")
    to = snooze.add_mutually_exclusive_group()
    to.add_argument("--to", metavar="WHEN", help="YYYY-MM-DD HH:MM in the prospect's time")
    to.add_argument("--choice", metavar="N", type=_choice, help="the N-th choice listed")

    suggest = command(commands, "suggest", run_suggest, "good times for a prospect's next step")
    suggest.add_argument("prospect", metavar="PROSPECT", help="an id, or an exact name or email")
    suggest.add_argument("--channel", choices=_codes(Channel))
    suggest.add_argument("--json", action="store_true", help="for scripts: one JSON document")

    ics = command(commands, "export-ics", run_export_ics, "next steps to a calendar file (.ics)")
    ics.add_argument("out", metavar="OUT.ics")
    which = ics.add_mutually_exclusive_group()
    which.add_argument("--step", metavar="ID", type=int)
    which.add_argument("--prospect", metavar="PROSPECT")
    ics.add_argument("--from", dest="start", metavar="DATE", type=_day)
    ics.add_argument("--to", dest="end", metavar="DATE", type=_day)
    ics.add_argument("--method", choices=["publish", "request", "cancel"], default="publish")
