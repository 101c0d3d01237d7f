"""First calendar and address book sync to a local Radicale against a bare loop of the caldav
package's PUTs of the same items, taken interleaved (bare, app, bare, app, ...), each sample
into fresh collections on the same server (target 1.5); and a sync with nothing changed
against the two sync-collection REPORTs such a sync needs at the least (shown, not judged).

    .venv/bin/python benchmarks/bench_dav.py [DB] [--repeats N] [--steps N --prospects N]

The size follows the runner's database: a twentieth of its prospects and a hundredth of them
as open steps, so `run.py --quick` (1,000) syncs 10 steps and 50 prospects and the full table
(10,000) 100 steps and 500 prospects. The issue's 1,000 steps and 5,000 prospects
(`--steps 1000 --prospects 5000`) take hours interleaved: Radicale's writes slow down as a
collection grows (about 80 a second into an empty one, about 30 at 300 items, a few at
5,000), and both sides write every item.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import figure, interleaved, milliseconds, prospect_count, repeats_from  # noqa: E402

TARGET = 1.5
REPEATS = 1  # a pair takes about a minute here; the full table runs three processes
SIZE_OF = 10_000  # the full table's database, when no database is given
WARM_UP_ITEMS = 5  # a small first round of each side: imports, connections, the server's
_SYNC = (
    '<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
    "<d:sync-token>{token}</d:sync-token><d:sync-level>1</d:sync-level>"
    "<d:prop><d:getetag/></d:prop></d:sync-collection>"
)


def _arg(name: str, default: int) -> int:
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def _sizes() -> tuple[int, int]:
    given = Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else None
    count = prospect_count(given) if given is not None else SIZE_OF
    return _arg("--steps", max(count // 100, 1)), _arg("--prospects", max(count // 20, 1))


def main() -> list[dict]:
    steps, prospects = _sizes()
    repeats = repeats_from(sys.argv, REPEATS)
    work = Path(tempfile.mkdtemp(prefix="touchdesk-bench-dav-"))
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(work / "data")

    from tests.services.dav.servers import start, stop
    from touchdesk.services.bootstrap import ensure_defaults
    from touchdesk.services.dav import discovery, state
    from touchdesk.services.dav.connection import connect
    from touchdesk.services.dav.render import (
        CARD,
        EVENT,
        forget_renders,
        wanted_cards,
        wanted_events,
    )
    from touchdesk.services.dav.sync import sync
    from touchdesk.services.dav.transport import Dav
    from touchdesk.services.demo import fill_demo
    from touchdesk.store import db
    from touchdesk.store.models import NextStep, Prospect
    from touchdesk.store.opening import open_store

    open_store(work / "desk.sqlite", work / "backups")
    ensure_defaults()
    fill_demo(prospects=prospects + prospects // 20)
    keep = [r.id for r in NextStep.select(NextStep.id).where(NextStep.status == "open")]
    NextStep.update(status="cancelled").where(NextStep.id.in_(keep[steps:])).execute()

    server, process = start("radicale", work / "radicale")
    rounds = iter(range(10**6))  # each sample writes into collections of its own
    expected: list[int] = []
    try:
        bare = Dav(server.url, server.user, server.password)
        client = bare.client
        bare_items: list[tuple[str, str, str]] = []  # (url, body, content type)

        def fresh_bare() -> None:
            found = discovery.discover(bare)
            number = next(rounds)
            calendar = discovery.ensure_calendar(bare, found, f"Bare {number}")
            book = discovery.ensure_addressbook(bare, found, f"Bare book {number}")
            items = {EVENT: wanted_events(), CARD: wanted_cards(book.url)}
            bare_items[:] = [
                (url + item.name, item.body.decode(), kind_type)
                for kind, url, kind_type in (
                    (EVENT, calendar.url, "text/calendar; charset=utf-8"),
                    (CARD, book.url, "text/vcard; charset=utf-8"),
                )
                for item in items[kind].values()
            ]
            expected[:] = [len(bare_items)]

        def bare_loop() -> None:
            for url, body, kind_type in bare_items:
                client.put(url, body, {"Content-Type": kind_type})

        def fresh_app() -> None:
            number = next(rounds)
            connect(
                server.url,
                server.user,
                password=server.password,
                calendar=f"Synced {number}",
                addressbook=f"Synced book {number}",
            )
            forget_renders()  # a first sync renders everything, as in a new process

        def first_sync() -> None:
            report = sync()
            assert report.ok and report.pushed.written == expected[0], report

        # The warm-up: both sides once on a few items, untimed (a full-size warm-up would
        # double a run that takes minutes).
        shown = [r.id for r in Prospect.select(Prospect.id).where(Prospect.deleted_at.is_null())]
        hidden = shown[WARM_UP_ITEMS:]
        Prospect.update(deleted_at=db.utc_now()).where(Prospect.id.in_(hidden)).execute()
        for action, before in ((bare_loop, fresh_bare), (first_sync, fresh_app)):
            milliseconds(action, before)
        Prospect.update(deleted_at=None).where(Prospect.id.in_(hidden)).execute()
        app_ms, bare_ms = interleaved(
            first_sync, bare_loop, repeats, fresh_app, fresh_bare, warm_up=False
        )
        items = {
            EVENT: wanted_events(),
            CARD: wanted_cards(state.collection(state.ADDRESSBOOK).url),
        }

        # Nothing changed since the last sample: against the two REPORTs it needs at least.
        tokens = [
            (row.url, row.sync_token)
            for row in (state.collection(state.CALENDAR), state.collection(state.ADDRESSBOOK))
        ]

        def unchanged_sync() -> None:
            started = time.process_time()
            report = sync()
            cpu_ms.append((time.process_time() - started) * 1000)
            assert report.ok and report.pushed.written == 0, report
            requests.append(report.requests)

        def two_reports() -> None:
            for url, token in tokens:
                client.report(url, _SYNC.format(token=token), depth=0)

        requests: list[int] = []
        cpu_ms: list[float] = []
        again_ms, reports_ms = interleaved(unchanged_sync, two_reports, max(repeats, 5))
    finally:
        stop(process)
        db.close()
    events, cards = len(items[EVENT]), len(items[CARD])
    first = figure(
        f"dav: first sync of {events:,} steps + {cards:,} prospects to Radicale vs a bare "
        "caldav PUT loop",
        [ms / 1000 for ms in app_ms],
        [ms / 1000 for ms in bare_ms],
        "s",
        TARGET,
    )
    unchanged = figure(
        f"dav: sync with nothing changed ({events + cards:,} items, {max(requests)} requests) "
        "vs 2 bare sync-collection REPORTs",
        again_ms,
        reports_ms,
        "ms",
        None,
    )
    # Seen when the script runs alone (the runner keeps the figures' own fields).
    unchanged["requests"] = requests
    unchanged["cpu_ms"] = [round(ms, 1) for ms in cpu_ms]
    return [first, unchanged]


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
