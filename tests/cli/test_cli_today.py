"""touchdesk-cli today and print calls, on a real database file."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader

from tests.factories import prospect
from touchdesk.cli import main
from touchdesk.domain.vocabulary import Channel
from touchdesk.services import settings
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.store import db
from touchdesk.store.opening import open_store

NOW = datetime.now(UTC).replace(microsecond=0)


def filled(tmp_path: Path) -> tuple[Path, dict[str, int]]:
    path = tmp_path / "cli.sqlite"
    open_store(path, tmp_path / "backups")
    ensure_defaults()
    settings.put("time_zone", "America/New_York")
    ids = {
        "late": prospect(
            "Olive",
            "Late",
            "Late Ltd",
            due=NOW - timedelta(days=1),
            phones=("+12025550100",),
            purpose="Ask for Sally",
        ),
        "soon": prospect(
            "Sam",
            "Soon",
            due=NOW - timedelta(minutes=5),
            channel=Channel.EMAIL,
            emails=("sam@example.com",),
        ),
        "later": prospect("Lara", "Later", due=NOW + timedelta(days=4)),
        "idle": prospect("Ida", "Idle"),
    }
    db.close()
    return path, ids


def test_today_json_gives_scripts_what_they_need(tmp_path: Path, capsys):
    path, ids = filled(tmp_path)
    assert main(["--db", str(path), "today", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    calls = data["calls"]
    assert [c["prospect_id"] for c in calls] == [ids["late"], ids["soon"]]
    first = calls[0]
    assert first["name"] == "Olive Late"
    assert first["channel"] == "call" and first["purpose"] == "Ask for Sally"
    assert first["attempt"] == 1 and isinstance(first["next_step_id"], int)
    due = datetime.fromisoformat(first["due"])
    assert due.utcoffset() is not None  # ISO 8601 with its offset
    assert due == NOW - timedelta(days=1)
    assert [m["prospect_id"] for m in data["without_next_step"]] == [ids["idle"]]


def test_today_text_lists_the_calls_then_the_missing(tmp_path: Path, capsys):
    path, _ = filled(tmp_path)
    assert main(["--db", str(path), "today"]) == 0
    out = capsys.readouterr().out
    assert "2 due" in out and "overdue" in out and "+12025550100" in out
    assert out.index("Olive Late") < out.index("Sam Soon") < out.index("Ida Idle")


def test_print_calls_writes_a_pdf(tmp_path: Path):
    path, _ = filled(tmp_path)
    pdf = tmp_path / "calls.pdf"
    # In its own process: printing creates a QGuiApplication, which must not become the
    # application object of the GUI tests that share this one.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "touchdesk.cli",
            "--db",
            str(path),
            "print",
            "calls",
            "--pdf",
            str(pdf),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2 calls on 1 page in" in done.stdout
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "Olive Late" in text and "Ask for Sally" in text
