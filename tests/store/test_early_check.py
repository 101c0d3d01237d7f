"""The opening's damage check started early, while the program loads, still judges the file
that is opened: damage written after it started is found."""

from __future__ import annotations

from pathlib import Path

from tests.damage import damage_touch_page
from tests.factories import prospect
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel
from touchdesk.paths import app_paths
from touchdesk.services.timeline import log_touch
from touchdesk.services.workspace import close_workspace, open_workspace
from touchdesk.store import health
from touchdesk.store.db import utc_now


def _desk_with_touches(db_path: Path) -> None:
    open_workspace(app_paths(db_path), daily_backup=False)
    pid = prospect("Ada")
    for n in range(400):
        log_touch(pid, TouchInput(Channel.CALL, utc_now(), note=f"call {n}, a long note " * 4))
    close_workspace()


def test_an_early_check_of_a_whole_file_is_taken_at_the_opening(db_path: Path):
    _desk_with_touches(db_path)
    health.check_while_loading(db_path)
    assert health.check_database_file(db_path) == "ok"


def test_damage_written_after_the_early_check_started_is_still_found(db_path: Path):
    _desk_with_touches(db_path)
    health.check_while_loading(db_path)
    health._early.thread.join()
    assert health._early.result == "ok"  # the file was whole when the check read it
    damage_touch_page(db_path)
    assert health.check_database_file(db_path) != "ok"


def test_an_early_check_of_another_file_is_not_used(db_path: Path, tmp_path: Path):
    _desk_with_touches(db_path)
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"not a database at all, " * 200)
    health.check_while_loading(other)
    assert health.check_database_file(db_path) == "ok"
