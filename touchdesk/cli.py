"""touchdesk-cli: the seller's database without the window (sample data, backups, doctor)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import peewee

from touchdesk import APP_NAME, __version__
from touchdesk.cli_dav import add_dav_commands
from touchdesk.cli_follow_up import add_follow_up_commands
from touchdesk.cli_imports import run_export_command, run_import_command
from touchdesk.cli_mail import add_mail_commands
from touchdesk.cli_output import say as _say
from touchdesk.cli_print import add_print_arguments, run_print
from touchdesk.domain.date_text import dates, locale_from_environment, use_locale
from touchdesk.domain.wording import count_of
from touchdesk.paths import AppPaths, app_paths
from touchdesk.services import maintenance
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.demo import DemoSummary, fill_demo
from touchdesk.store import db
from touchdesk.store.db import DatabaseRefused
from touchdesk.store.opening import open_store

PROG = "touchdesk-cli"

# Exit codes: the contract scripts rely on.
DONE, USER_ERROR, REFUSED = 0, 1, 2

Command = Callable[[argparse.Namespace, AppPaths], int]


class _Parser(argparse.ArgumentParser):
    """Usage mistakes exit 1 like any other user error: 2 means a refused database."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USER_ERROR, f"{self.prog}: error: {message}\n")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _size(count: int) -> str:
    if count < 1024:
        return f"{count:,} bytes"
    if count < 1024**2:
        return f"{count / 1024:,.1f} KB"
    return f"{count / 1024**2:,.1f} MB"


# -- commands: one small function each, (args, paths) -> exit code ----------------------


def describe_demo(summary: DemoSummary) -> list[str]:
    return [
        f"{summary.prospects:,} prospects: {summary.active:,} active, {summary.won:,} won, "
        f"{summary.lost:,} lost, {summary.dormant:,} dormant, "
        f"{summary.do_not_contact:,} do not contact",
        f"{summary.touches:,} touches and {summary.events:,} other timeline entries",
        f"{summary.next_steps:,} open next steps: {summary.overdue:,} overdue, "
        f"{summary.due_today:,} due today; {summary.without_next_step:,} active prospects "
        "without one",
        f"{summary.mail_queued:,} notes and cards waiting in the mail queue",
    ]


def run_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    def report(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} prospects", end="", file=sys.stderr, flush=True)

    on_screen = sys.stderr.isatty()
    summary = fill_demo(args.prospects, args.seed, progress=report if on_screen else None)
    if on_screen:
        print(file=sys.stderr)
    _say(f"Sample data added to {paths.database}:")
    for line in describe_demo(summary):
        _say(f"  {line}")
    return DONE


def run_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    target = maintenance.backup_now(paths, Path(args.dest) if args.dest else None)
    _say(f"Backup written to {target}")
    return DONE


def run_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    safety = maintenance.restore_backup(Path(args.file), paths)
    _say(f"Restored {paths.database} from {args.file}")
    if safety is not None:
        _say(f"The database it replaced was kept as {safety}")
    return DONE


def run_doctor(args: argparse.Namespace, paths: AppPaths) -> int:
    report = maintenance.doctor(paths)
    newest = "none yet"
    if report.newest_backup is not None and report.newest_backup_at is not None:
        newest = (
            f"newest {dates().date_time(report.newest_backup_at)} ({report.newest_backup.name})"
        )
    _say(f"Database    {report.database} ({_size(report.size_bytes)})")
    _say(
        f"Schema      version {report.schema_version} (this program knows {report.latest_version})"
    )
    _say(f"Integrity   {report.integrity}")
    _say(f"Backups     {report.backup_count} in {report.backups_folder}; {newest}")
    _say(f"Data files  {'missing:' if report.missing_data else 'all present'}")
    for problem in report.missing_data:
        _say(f"  {problem}")
    _say("Rows")
    for table, count in report.row_counts.items():
        _say(f"  {table:<16}{'unreadable' if count is None else format(count, ','):>10}")
    if not report.healthy:
        if report.integrity != "ok":
            print(
                f"{PROG}: {report.database} is damaged: restore a backup "
                f"({PROG} restore FILE); it is not written to until then.",
                file=sys.stderr,
            )
            return USER_ERROR
        what = "this installation" if report.missing_data else "the database"
        print(f"{PROG}: {what} needs attention (see above).", file=sys.stderr)
        return USER_ERROR
    return DONE


def _today_listing():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from touchdesk.services import settings
    from touchdesk.services.today import today

    zone = ZoneInfo(settings.get("time_zone"))
    now = datetime.now(UTC)
    return today(now, zone), now, zone


def run_today(args: argparse.Namespace, paths: AppPaths) -> int:
    import json

    from touchdesk.domain.today import their_time, zone_or

    listing, now, zone = _today_listing()
    if args.json:
        rows = [
            {
                "prospect_id": call.prospect_id,
                "name": call.name,
                "company": call.company,
                "next_step_id": call.step_id,
                "due": call.due_at.astimezone(zone).isoformat() if call.due_at else None,
                # The same instant on the prospect's own clock: "08:30 in their day".
                "due_their_time": call.due_at.astimezone(zone_or(call.time_zone, zone)).isoformat()
                if call.due_at
                else None,
                "channel": call.channel.value if call.channel else None,
                "purpose": call.purpose,
                "attempt": call.attempt,
                "contact": call.contact,
                "overdue": bool(call.due_at and call.due_at < now),
            }
            for call in listing.calls
        ]
        missing = [
            {"prospect_id": row.prospect_id, "name": row.name, "company": row.company}
            for row in listing.without_next_step
        ]
        print(
            json.dumps({"calls": rows, "without_next_step": missing}, ensure_ascii=False, indent=2)
        )
        return DONE
    _say(
        f"Calling list, {dates().full_date(now.astimezone(zone))}, "
        f"{dates().time(now.astimezone(zone))} ({zone.key}): "
        f"{len(listing.calls)} due"
    )
    for call in listing.calls:
        due = call.due_at.astimezone(zone) if call.due_at else None
        flag = "overdue " if call.due_at and call.due_at < now else ""
        theirs = their_time(call, zone)
        theirs = f" [{theirs}]" if theirs else ""
        channel = call.channel.label.lower() if call.channel else ""
        _say(
            f"  {flag}{dates().weekday_time(due)}{theirs}  #{call.attempt} {channel}  {call.name}"
            f"  {call.contact}  {call.purpose}"
        )
    _say(f"No next step: {count_of(len(listing.without_next_step), 'prospect')}")
    for row in listing.without_next_step:
        _say(f"  {row.name}  {row.company}")
    return DONE


def run_install_desktop_entry(args: argparse.Namespace, paths: AppPaths) -> int:
    from touchdesk.desktop_entry import install_desktop_entry

    try:
        files = install_desktop_entry(args.exec_command, remove=args.remove)
    except (ValueError, OSError) as error:
        _fail(str(error))
        return USER_ERROR
    if args.remove:
        removed = count_of(len(files), "file")
        _say(f"Removed {removed}: TouchDesk is gone from the application menu.")
    else:
        _say(f"Installed {files[0]}")
        _say(f"  and {len(files) - 1} icons: TouchDesk is in the application menu.")
    return DONE


# -- wiring -------------------------------------------------------------------------------


def _command(
    commands: argparse._SubParsersAction,
    name: str,
    run: Command,
    summary: str,
    opens: bool = True,
    damaged_ok: bool = False,
) -> argparse.ArgumentParser:
    """A subcommand; `opens` says whether the database is opened (and migrated) first, and
    `damaged_ok` whether a damaged one is opened anyway, for reading only."""
    parser = commands.add_parser(name, help=summary, description=summary)
    parser.set_defaults(run=run, opens_store=opens, damaged_ok=damaged_ok)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description=f"{APP_NAME} without the window.")
    parser.add_argument("--db", metavar="PATH", help="use this database file instead of yours")
    parser.add_argument(
        "--create",
        action="store_true",
        help="start a new, empty database if there is none at --db (demo always may)",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = _command(commands, "demo", run_demo, "fill an empty database with sample data")
    demo.add_argument("--prospects", type=_positive, default=60, metavar="N")
    demo.add_argument("--seed", type=int, default=7, metavar="S", help="same seed, same data")

    backup = _command(commands, "backup", run_backup, "copy the database, consistently")
    backup.add_argument(
        "dest", nargs="?", metavar="DEST", help="a folder or a new file (default: backups folder)"
    )

    # Not opened first: restoring is how a database that no longer opens gets its data back.
    restore = _command(
        commands, "restore", run_restore, "replace the database with a backup", opens=False
    )
    restore.add_argument("file", metavar="FILE")

    # Opened even when damaged: saying what is wrong is its job.
    _command(
        commands,
        "doctor",
        run_doctor,
        "check the database and the installed data files",
        damaged_ok=True,
    )

    today = _command(commands, "today", run_today, "the calling list: due and overdue next steps")
    today.add_argument("--json", action="store_true", help="for scripts: one JSON document")

    imp = _command(
        commands, "import", run_import_command, "import contacts from a CSV or vCard file"
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would be imported, import nothing"
    )
    imp.add_argument("--format", choices=["auto", "csv", "vcard"], default="auto")
    imp.add_argument("--duplicates", choices=["skip", "merge", "import"], default="skip")
    imp.add_argument(
        "--encoding",
        metavar="NAME",
        help="read a CSV with this encoding (utf-8, cp1252, cp1250, cp1251…) instead of guessing",
    )
    exp = _command(
        commands, "export", run_export_command, "export prospects to OUT.csv, OUT.vcf or OUT.xlsx"
    )
    exp.add_argument("out", metavar="OUT.csv|OUT.vcf|OUT.xlsx")
    exp.add_argument(
        "--format", choices=["csv", "vcf3", "vcf4", "xlsx"], help="default: from the name"
    )
    exp.add_argument("--bom", action="store_true", help="start the CSV with a BOM for Excel")

    entry = _command(
        commands,
        "install-desktop-entry",
        run_install_desktop_entry,
        "put TouchDesk in the Linux application menu (or take it out with --remove)",
        opens=False,
    )
    entry.add_argument("--remove", action="store_true", help="remove the entry and its icons")
    entry.add_argument(
        "--exec",
        dest="exec_command",
        metavar="COMMAND",
        help="the command the menu runs (default: this installation of TouchDesk)",
    )

    add_follow_up_commands(commands, _command)
    add_mail_commands(commands, _command)
    add_dav_commands(commands, _command)

    printing = _command(
        commands, "print", run_print, "print the calling list, notes, envelopes or labels to PDF"
    )
    add_print_arguments(printing)
    return parser


def _fail(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _may_create(args: argparse.Namespace) -> bool:
    return args.create or args.command == "demo"


def main(argv: list[str] | None = None) -> int:
    use_locale(locale_from_environment())  # the dates it prints, as the terminal's locale says
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors end here
        return stop.code if isinstance(stop.code, int) else USER_ERROR
    try:
        paths = app_paths(args.db)
        # A typo in --db would otherwise become a new, empty database that looks like lost data.
        if args.opens_store and not paths.database.exists() and not _may_create(args):
            _fail(
                f"there is no database at {paths.database}. Check the name, or add --create "
                "to start a new, empty one there."
            )
            return USER_ERROR
        paths = paths.ensure()
        if args.opens_store:
            opened = open_store(paths.database, paths.backups, damaged_ok=args.damaged_ok)
            if opened.writable:
                ensure_defaults()
        return args.run(args, paths)
    except DatabaseRefused as refused:
        if args.command == "restore":
            kept = " Your database has not been changed."
        else:
            kept = " The file has not been changed." if refused.path.exists() else ""
        _fail(f"{refused.path}: {refused.reason}{kept}")
        return REFUSED
    except BrokenPipeError:  # `touchdesk-cli today | head`: the reader has what it wanted
        return DONE
    except (sqlite3.DatabaseError, peewee.DatabaseError) as error:
        refusal = maintenance.write_refusal(error)  # a write turned away from a damaged file
        _fail(
            f"{refusal} The file has not been changed."
            if refusal
            else db.explain(error) or str(error)
        )
        return REFUSED if refusal else USER_ERROR
    # Services raise ValueError subclasses with messages written for the seller.
    except (ValueError, OSError, sqlite3.Error, peewee.PeeweeException) as error:
        # Another program writing, a read-only file, a full disk: said plainly.
        _fail(db.explain(error) or str(error))
        return USER_ERROR
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
