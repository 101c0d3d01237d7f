"""The log rolls over as it fills, as the standard library's rotating handler does: the
line that would reach the limit starts a new file, three older ones are kept, none is lost
but the oldest."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from touchdesk import log_file
from touchdesk.log_file import KEPT, KeptSmallFileHandler, numbered


def _write(handler: logging.Handler, lines: list[str]) -> None:
    logger = logging.Logger("kept-small-test")  # not registered: nothing else sees it
    logger.addHandler(handler)
    for line in lines:
        logger.warning(line)
    handler.close()


def _files(path: Path) -> list[str]:
    found = [path, *(numbered(path, n) for n in range(1, KEPT + 2))]
    return [p.read_text(encoding="utf-8") if p.exists() else "" for p in found]


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(log_file, "MAX_BYTES", 40)


def test_the_line_that_would_reach_the_limit_starts_a_new_file(tmp_path, small):
    path = tmp_path / "touchdesk.log"
    # 19 characters a line with its newline: two fill 38 bytes, a third would reach 57.
    _write(KeptSmallFileHandler(path), ["a" * 18, "b" * 18, "c" * 18])
    assert _files(path)[:2] == ["c" * 18 + "\n", "a" * 18 + "\n" + "b" * 18 + "\n"]


def test_a_line_that_ends_one_byte_short_of_the_limit_stays(tmp_path, small):
    path = tmp_path / "touchdesk.log"
    _write(KeptSmallFileHandler(path), ["a" * 19, "b" * 18])  # 20 + 19 = 39 bytes
    assert _files(path)[:2] == ["a" * 19 + "\n" + "b" * 18 + "\n", ""]


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(st.text(alphabet="xyz", min_size=0, max_size=45), max_size=30))
def test_the_files_hold_what_the_standard_rotating_handler_keeps(tmp_path_factory, lines):
    """Any run of lines (longer than the limit, too) leaves the same files as
    RotatingFileHandler, except that an empty log is never rolled over."""
    folder = tmp_path_factory.mktemp("logs")
    ours, theirs = folder / "ours" / "touchdesk.log", folder / "theirs" / "touchdesk.log"
    ours.parent.mkdir()
    theirs.parent.mkdir()
    limit = 40
    log_file.MAX_BYTES, kept = limit, log_file.MAX_BYTES
    try:
        _write(KeptSmallFileHandler(ours), lines)
    finally:
        log_file.MAX_BYTES = kept
    standard = RotatingFileHandler(theirs, maxBytes=limit, backupCount=KEPT, encoding="utf-8")
    standard.shouldRollover = _never_an_empty_file(standard)
    _write(standard, lines)
    assert _files(ours) == _files(theirs)


def _never_an_empty_file(handler: RotatingFileHandler):
    should = handler.shouldRollover

    def rollover(record: logging.LogRecord) -> bool:
        if handler.stream is not None and handler.stream.seek(0, 2) == 0:
            return False
        return bool(should(record))

    return rollover


def test_a_log_that_cannot_be_rolled_over_still_takes_the_line(tmp_path, small, capsys):
    path = tmp_path / "touchdesk.log"
    path.write_text("x" * 39 + "\n", encoding="utf-8")
    for number in range(1, KEPT + 1):  # folders in the way: none can replace the next
        numbered(path, number).mkdir()
        numbered(path, number).joinpath("inside").write_text("", encoding="utf-8")
    _write(KeptSmallFileHandler(path), ["next"])
    assert "Logging error" in capsys.readouterr().err  # said, as logging says its errors
    assert path.read_text(encoding="utf-8") == "x" * 39 + "\nnext\n"
