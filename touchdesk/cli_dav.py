"""touchdesk-cli dav …: next steps in the seller's calendar and prospects in their address
book (connect, status, sync, questions, answer, disconnect)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from touchdesk.cli_output import say as _say
from touchdesk.domain.wording import count_of
from touchdesk.paths import AppPaths
from touchdesk.services.dav import questions as dav_questions
from touchdesk.services.dav.connection import connect, disconnect
from touchdesk.services.dav.status import status
from touchdesk.services.dav.sync import sync
from touchdesk.services.secrets import SecretSource, SecretUnavailable

DONE, USER_ERROR = 0, 1


def run_connect(args: argparse.Namespace, paths: AppPaths) -> int:
    password, secret = "", SecretSource()
    if args.password_command:
        secret = SecretSource("password_command", args.password_command)
    elif args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            _say("touchdesk-cli: no password was given on standard input.")
            return USER_ERROR
    done = connect(
        args.url,
        args.user,
        password=password,
        secret=secret,
        calendar=args.calendar or "",
        addressbook=args.addressbook or "",
    )
    _say(f"Connected to {done.account.url} as {done.account.user}.")
    _say(f"Next steps go to the calendar {done.calendar.name!r} ({done.calendar.url}).")
    _say(f"Prospects go to the address book {done.addressbook.name!r} ({done.addressbook.url}).")
    _say("Run `touchdesk-cli dav sync` to send them.")
    return DONE


def run_status(args: argparse.Namespace, paths: AppPaths) -> int:
    now = status()
    if now.account is None:
        _say("Not connected: run `touchdesk-cli dav connect URL --user USER`.")
        return DONE
    _say(f"Server: {now.account.url} as {now.account.user}")
    _say(f"Calendar: {now.calendar} ({now.events} events)")
    _say(f"Address book: {now.addressbook} ({now.cards} cards)")
    _say(now.line)
    if now.error:
        _say(f"Last sync failed: {now.error}")
    _say(f"Waiting to be sent: {now.pending}")
    _say(f"Questions for you: {now.questions}")
    return DONE


def _print_questions() -> None:
    for question in dav_questions.questions():
        _say(f"  {question.id}. {question.text}")


def run_sync(args: argparse.Namespace, paths: AppPaths) -> int:
    report = sync()
    pushed = report.pushed
    _say(
        f"Sent {pushed.written}, removed {pushed.removed}; {report.pending} waiting; "
        f"{count_of(report.requests, 'request')}."
    )
    for line in report.pulled.moved + report.pulled.kept:
        _say(f"  {line}")
    if report.questions:
        asked = count_of(report.questions, "question")
        _say(f"{asked} for you (answer with `touchdesk-cli dav answer`):")
        _print_questions()
    if report.error:
        _say(f"touchdesk-cli: {report.error}")
        return USER_ERROR
    return DONE


def run_questions(args: argparse.Namespace, paths: AppPaths) -> int:
    if not dav_questions.questions():
        _say("No questions from your calendar or address book.")
    _print_questions()
    return DONE


def run_answer(args: argparse.Namespace, paths: AppPaths) -> int:
    dav_questions.answer(args.question, args.reply)
    _say(f"Question {args.question}: {args.reply}. The next sync writes it to the server.")
    return DONE


def run_disconnect(args: argparse.Namespace, paths: AppPaths) -> int:
    disconnect()
    _say(
        "Disconnected: the password and the sync's state are forgotten; the server keeps "
        "what it has."
    )
    return DONE


def _plainly(run: Callable[[argparse.Namespace, AppPaths], int]):
    """A missing password is said like any other mistake, not as a traceback."""

    def wrapped(args: argparse.Namespace, paths: AppPaths) -> int:
        try:
            return run(args, paths)
        except SecretUnavailable as error:
            print(f"touchdesk-cli: {error}", file=sys.stderr)
            return USER_ERROR

    return wrapped


def add_dav_commands(commands: argparse._SubParsersAction, command: Callable) -> None:
    dav = commands.add_parser(
        "dav",
        help="next steps in your calendar and prospects in your address book (CalDAV/CardDAV)",
        description="Your calendar and address book server: Fastmail, iCloud, Nextcloud, "
        "Radicale, mailbox.org…",
    )
    sub = dav.add_subparsers(dest="dav_command", metavar="DAV_COMMAND", required=True)
    link = command(
        sub, "connect", _plainly(run_connect), "connect to the server and pick where items go"
    )
    link.add_argument("url", metavar="URL", help="the server's address (https://…)")
    link.add_argument("--user", required=True, metavar="USER")
    how = link.add_mutually_exclusive_group()
    how.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    how.add_argument("--password-command", metavar="CMD", help="a command that prints it")
    link.add_argument("--calendar", metavar="NAME", help="default: TouchDesk (made if missing)")
    link.add_argument("--addressbook", metavar="NAME", help="default: TouchDesk (made if missing)")
    command(sub, "status", run_status, "where the sync stands")
    command(sub, "sync", run_sync, "send changes and read the phone's")
    command(sub, "questions", run_questions, "what the last syncs asked you")
    reply = command(sub, "answer", run_answer, "answer a question")
    reply.add_argument("question", type=int, metavar="N")
    reply.add_argument("reply", choices=["keep", "cancel", "accept", "ignore"])
    command(sub, "disconnect", run_disconnect, "forget the server (its data stays there)")
