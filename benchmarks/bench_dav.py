"""First calendar and address book sync to a local Radicale against a bare loop of the caldav
package's PUTs of the same items in the same run (target 1.5). Not part of run.py: Radicale
takes a few items a second on a loaded machine, so the issue's size (1,000 open steps and
5,000 prospects, `--full`) takes most of an hour; the default is 100 steps and 500 prospects.

    .venv/bin/python benchmarks/bench_dav.py [--full] [--steps N --prospects N]
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

from measure import figure  # noqa: E402

TARGET = 1.5


def _arg(name: str, default: int) -> int:
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


def main() -> dict:
    full = "--full" in sys.argv
    steps = _arg("--steps", 1000 if full else 100)
    prospects = _arg("--prospects", 5000 if full else 500)
    work = Path(tempfile.mkdtemp(prefix="touchdesk-bench-dav-"))
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["XDG_DATA_HOME"] = str(work / "data")

    from tests.services.dav.servers import start, stop
    from touchdesk.services.bootstrap import ensure_defaults
    from touchdesk.services.dav import discovery, state
    from touchdesk.services.dav.connection import connect
    from touchdesk.services.dav.render import CARD, EVENT, wanted_cards, wanted_events
    from touchdesk.services.dav.sync import sync
    from touchdesk.services.dav.transport import Dav
    from touchdesk.services.demo import fill_demo
    from touchdesk.store import db
    from touchdesk.store.models import NextStep
    from touchdesk.store.opening import open_store

    open_store(work / "desk.sqlite", work / "backups")
    ensure_defaults()
    fill_demo(prospects=prospects + prospects // 20)
    keep = [r.id for r in NextStep.select(NextStep.id).where(NextStep.status == "open")]
    NextStep.update(status="cancelled").where(NextStep.id.in_(keep[steps:])).execute()

    server, process = start("radicale", work / "radicale")
    try:
        # The bare loop first writes to collections of its own on the same server.
        bare = Dav(server.url, server.user, server.password)
        found = discovery.discover(bare)
        calendar = discovery.ensure_calendar(bare, found, "Bare")
        book = discovery.ensure_addressbook(bare, found, "BareBook")

        connect(server.url, server.user, password=server.password, calendar="Synced")
        items = {
            EVENT: wanted_events(),
            CARD: wanted_cards(state.collection(state.ADDRESSBOOK).url),
        }
        count = len(items[EVENT]) + len(items[CARD])

        started = time.perf_counter()
        client = bare.client
        for kind, url, kind_type in (
            (EVENT, calendar.url, "text/calendar; charset=utf-8"),
            (CARD, book.url, "text/vcard; charset=utf-8"),
        ):
            for item in items[kind].values():
                client.put(url + item.name, item.body.decode(), {"Content-Type": kind_type})
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        report = sync()
        value = time.perf_counter() - started
        assert report.ok and report.pushed.written == count, report
        started = time.perf_counter()
        again = sync()
        unchanged = time.perf_counter() - started
    finally:
        stop(process)
        db.close()
    result = figure(
        f"dav: first sync of {len(items[EVENT]):,} steps + {len(items[CARD]):,} prospects to "
        "Radicale vs a bare caldav PUT loop",
        [value],
        [baseline],
        "s",
        TARGET,
    )
    result["unchanged_sync_seconds"] = round(unchanged, 3)
    result["unchanged_sync_requests"] = again.requests
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
