"""Child process for the crash-safety test: logs touches forever, printing each committed id.

Usage: python touch_writer.py DATABASE BACKUPS_FOLDER
Prints "ready <prospect id>" once the database is open, then one touch id per line, each
flushed only after log_touch() (and so its transaction) has returned.
"""

from __future__ import annotations

import sys
from itertools import cycle
from pathlib import Path

from touchdesk.domain.prospects import ProspectInput
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Direction, Outcome
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.prospects import add_prospect
from touchdesk.services.timeline import log_touch
from touchdesk.store.db import utc_now
from touchdesk.store.models import Prospect
from touchdesk.store.opening import open_store

# A mix that moves every counter the touch transaction keeps: attempts up, reached, reset.
TOUCHES = (
    (Channel.CALL, Direction.OUT, Outcome.NO_ANSWER),
    (Channel.EMAIL, Direction.OUT, Outcome.SENT),
    (Channel.CALL, Direction.OUT, Outcome.LEFT_VOICEMAIL),
    (Channel.EMAIL, Direction.IN, Outcome.REPLIED),
)


def main(argv: list[str]) -> int:
    database, backups = Path(argv[1]), Path(argv[2])
    open_store(database, backups)
    ensure_defaults()
    # Every round writes to the same prospect, so its counters span all the kills.
    prospect_id = Prospect.select(Prospect.id).order_by(Prospect.id).scalar()
    if prospect_id is None:
        prospect_id = add_prospect(ProspectInput(first_name="Crash", last_name="Test"))
    print(f"ready {prospect_id}", flush=True)
    for channel, direction, outcome in cycle(TOUCHES):
        logged = log_touch(prospect_id, TouchInput(channel, utc_now(), direction, outcome))
        print(logged.id, flush=True)
    return 0  # never reached: the parent kills us


if __name__ == "__main__":
    sys.exit(main(sys.argv))
