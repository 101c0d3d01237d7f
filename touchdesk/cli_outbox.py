"""touchdesk-cli mail send, send-due and outbox."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from touchdesk.cli_follow_up import parse_when
from touchdesk.cli_output import say as _say
from touchdesk.domain.date_text import dates
from touchdesk.domain.outbox import MISSED_AFTER, OutboxStatus
from touchdesk.domain.vocabulary import Channel
from touchdesk.paths import AppPaths
from touchdesk.services.follow_up import check_time
from touchdesk.services.lookup import one_prospect
from touchdesk.services.outbox.compose import compose, suggested_slot
from touchdesk.services.outbox.queue import (
    OutboxError,
    OutboxItem,
    cancel,
    queue,
    send_at_next_slot,
    send_now,
    waiting,
)
from touchdesk.services.outbox.sending import SendReport, send_due
from touchdesk.services.policy import prospect_day, seller_day

DONE, USER_ERROR = 0, 1
PROG = "touchdesk-cli"


def _warn(line: str) -> None:
    print(f"{PROG}: {line}", file=sys.stderr, flush=True)


def _mine(at: datetime | None) -> str:
    if at is None:
        return "as soon as possible"
    return dates().date_time(at.astimezone(seller_day().zone))


def _line(entry: OutboxItem) -> str:
    when = _mine(entry.send_at if entry.status is not OutboxStatus.SENT else entry.sent_at)
    text = f"{entry.id:>4}  {entry.status.label:<7}  {when:<22}  {entry.name}: {entry.subject}"
    if entry.status is OutboxStatus.FAILED and entry.next_try_at is not None:
        text += f"  (next try {_mine(entry.next_try_at)})"
    if entry.last_answer and entry.status is not OutboxStatus.SENT:
        text += f"\n      {entry.last_answer}"
    return text


def _report(report: SendReport) -> int:
    if report.problem:
        _warn(report.problem)
        return USER_ERROR
    for entry in report.sent:
        _say(f"Sent to {entry.name} <{entry.to}>: {entry.subject} ({entry.sent_copy})")
    for entry in report.missed:
        _warn(
            f"missed: email {entry.id} to {entry.name} was due {_mine(entry.send_at)} while "
            f"nothing was running. Send it with `{PROG} mail outbox --send-now {entry.id}` or "
            f"`--next-slot {entry.id}`."
        )
    for entry in report.failed:
        retry = f" Next try {_mine(entry.next_try_at)}." if entry.next_try_at else ""
        _warn(f"not sent: email {entry.id} to {entry.name}: {entry.last_answer}.{retry}")
    if not (report.sent or report.missed or report.failed):
        _say("Nothing is due.")
    return USER_ERROR if report.failed else DONE


def run_send(args: argparse.Namespace, paths: AppPaths) -> int:
    prospect_id = one_prospect(args.prospect)
    now = datetime.now(UTC)
    draft = compose(prospect_id, args.step, now)
    changes: dict = {}
    if args.subject is not None:
        changes["subject"] = args.subject
    if args.body_file is not None:
        text = sys.stdin.read() if str(args.body_file) == "-" else args.body_file.read_text()
        changes["message"] = text
    if args.to is not None:
        changes["to"] = args.to
    if args.cc is not None:
        changes["cc"] = args.cc
    draft = draft.edited(**changes)
    when = None
    if args.at_suggested:
        when = suggested_slot(prospect_id, now)
        if when is None:
            raise OutboxError("No working day of the prospect's in the next weeks: give --at.")
    elif args.at is not None:
        when = parse_when(args.at, prospect_day(prospect_id).zone)
        if now - when > MISSED_AFTER:
            raise OutboxError(f"{args.at} has already passed: give a later time.")
        said = check_time(prospect_id, when, Channel.EMAIL)
        if said:
            _warn(f"warning: {said}")
    outbox_id = queue(draft, when, now)
    if when is None:
        return _report(send_due(now, only=outbox_id))
    theirs = when.astimezone(prospect_day(prospect_id).zone)
    _say(
        f"Queued email {outbox_id} to {draft.name} <{draft.to}>: {draft.subject}, to be sent "
        f"{dates().day_time(theirs)} their time ({_mine(when)} yours) by the app or "
        f"`{PROG} mail send-due`."
    )
    return DONE


def run_send_due(args: argparse.Namespace, paths: AppPaths) -> int:
    return _report(send_due())


def run_outbox(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.send_now is not None:
        send_now(args.send_now)
        return _report(send_due(only=args.send_now))
    if args.next_slot is not None:
        slot = send_at_next_slot(args.next_slot)
        _say(f"Email {args.next_slot} will be sent {_mine(slot)}.")
        return DONE
    if args.cancel is not None:
        cancel(args.cancel)
        _say(f"Email {args.cancel} is out of the outbox.")
        return DONE
    entries = waiting()
    if not entries:
        _say("The outbox is empty.")
    for entry in entries:
        _say(_line(entry))
    return DONE


def add_outbox_commands(mail_commands: argparse._SubParsersAction, command: Callable) -> None:
    """Registers send, send-due and outbox under `mail`."""
    send = command(
        mail_commands,
        "send",
        run_send,
        "email a prospect now or at a time: the due step's template, the chase quoted",
    )
    send.add_argument("prospect", metavar="PROSPECT", help="an id, a name or an email address")
    send.add_argument("--step", type=int, help="the email step to do (default: the open one)")
    send.add_argument("--subject", help="instead of the template's subject")
    send.add_argument(
        "--body-file", type=Path, help="your own words instead of the template's ('-': stdin)"
    )
    send.add_argument("--to", help="instead of the prospect's first email address")
    send.add_argument("--cc", help="copy to these addresses")
    when = send.add_mutually_exclusive_group()
    when.add_argument("--at", metavar="WHEN", help="YYYY-MM-DD HH:MM in the prospect's time")
    when.add_argument(
        "--at-suggested",
        action="store_true",
        help="their next 08:30 or 13:00 (the time policy's email slots)",
    )
    command(
        mail_commands,
        "send-due",
        run_send_due,
        "send the emails whose minute came (for a timer); missed ones are reported, not sent",
    )
    outbox = command(
        mail_commands, "outbox", run_outbox, "list the emails waiting, failed or missed"
    )
    answer = outbox.add_mutually_exclusive_group()
    answer.add_argument("--send-now", type=int, metavar="ID", help="send a missed email now")
    answer.add_argument(
        "--next-slot", type=int, metavar="ID", help="move a missed email to the next slot"
    )
    answer.add_argument("--cancel", type=int, metavar="ID", help="take an email out")
