"""One window per database: a second launch is refused the lock and raises the first window,
once the first listens (it starts listening after its first paint)."""

from __future__ import annotations

from pathlib import Path

from touchdesk.ui.single_instance import SingleInstance, knock_file


def _first_listening(database: Path) -> tuple[SingleInstance, list[bool]]:
    """The first launch, holding the lock and listening; each raise it hears is listed."""
    first = SingleInstance(database)
    assert first.acquire()
    first.listen()
    raised: list[bool] = []
    first.raise_requested.connect(lambda: raised.append(True))
    return first, raised


def test_a_second_launch_is_refused_and_raises_the_first(qtbot, tmp_path: Path):
    database = tmp_path / "desk.sqlite"
    first, raised = _first_listening(database)
    second = SingleInstance(database)
    try:
        assert not second.acquire()
        qtbot.waitUntil(lambda: raised == [True], timeout=5000)
    finally:
        first.release()
    third = SingleInstance(database)
    assert third.acquire()  # released: the next launch opens it
    third.release()


def test_knocks_before_the_first_listened_are_not_heard_and_release_cleans_up(qtbot, tmp_path):
    database = tmp_path / "desk.sqlite"
    first = SingleInstance(database)
    assert first.acquire()
    assert not SingleInstance(database).acquire()  # knocks while the first is still starting
    first.listen()
    raised: list[bool] = []
    first.raise_requested.connect(lambda: raised.append(True))
    qtbot.wait(200)
    assert raised == []
    assert not SingleInstance(database).acquire()
    qtbot.waitUntil(lambda: raised == [True], timeout=5000)
    first.release()
    assert not knock_file(database).exists()


def test_a_removed_knock_file_is_watched_again(qtbot, tmp_path):
    database = tmp_path / "desk.sqlite"
    first, raised = _first_listening(database)
    try:
        knock_file(database).unlink()
        qtbot.waitUntil(knock_file(database).exists, timeout=5000)
        assert raised == []
        assert not SingleInstance(database).acquire()
        qtbot.waitUntil(lambda: raised == [True], timeout=5000)
    finally:
        first.release()
