"""Each prospect an import writes carries the import's tag and a 'created' event, once: undo
finds an import by its tag, and the timeline starts with the event."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.factories import prospect
from touchdesk.services.imports import DuplicatePolicy, preview_file, run_import
from touchdesk.services.imports import run as running
from touchdesk.store.models import Prospect, ProspectEvent, ProspectTag

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _file(folder: Path, lines: list[str]) -> Path:
    source = folder / "contacts.csv"
    header = "First Name,Last Name,Company,E-mail Address,Categories"
    source.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return source


@pytest.mark.parametrize("policy", list(DuplicatePolicy))
def test_every_new_prospect_gets_the_import_tag_and_created_event_once(
    store, tmp_path, monkeypatch, policy
):
    monkeypatch.setattr(running, "BATCH", 3)  # batches, and merges flushing a batch half full
    existing = prospect("Old", "Timer", "Acme")
    now = NOW
    tag = "import:2026-03-02 04:30 contacts.csv"  # the seller's zone: New York
    lines = [f"New{n},Face{n},Startup {n},new{n}@example.com,vip" for n in range(8)]
    lines[2] = f"Row,Two,Beta,two@example.com,{tag};lead"  # names the import's own tag
    lines.insert(4, "New1,Face1,Startup 1,new1@example.com,later")  # an earlier row again
    lines.append("Old,Timer,Acme,,")  # already here
    preview = preview_file(_file(tmp_path, lines))

    summary = run_import(preview, None, policy, now)

    assert summary.tag == tag
    new = [pid for (pid,) in Prospect.select(Prospect.id).where(Prospect.id != existing).tuples()]
    assert len(new) == summary.imported == {"skip": 8, "merge": 8, "import": 10}[policy]
    tagged = ProspectTag.select(ProspectTag.prospect).where(ProspectTag.tag == tag).tuples()
    assert sorted(pid for (pid,) in tagged) == sorted(new)
    events = ProspectEvent.select(
        ProspectEvent.prospect, ProspectEvent.kind, ProspectEvent.occurred_at,
        ProspectEvent.detail,
    ).where(ProspectEvent.prospect != existing).order_by(ProspectEvent.id).tuples()  # fmt: skip
    assert list(events) == [(pid, "created", now, "Imported from contacts.csv") for pid in new]
    two = Prospect.get(Prospect.first_name == "Row").id
    assert sorted(
        t
        for (t,) in ProspectTag.select(ProspectTag.tag).where(ProspectTag.prospect == two).tuples()
    ) == sorted([tag, "lead"])


def test_rows_with_the_same_tags_get_them_each_once_normalised(store, tmp_path):
    tag = "import:2026-03-02 04:30 contacts.csv"
    lines = [
        "Ann,Lee,Acme,ann@example.com,VIP;Trade  Show;vip",
        "Bob,Stone,Beta,bob@example.com,VIP;Trade  Show;vip",  # the same cell again
        "Cy,Young,Gamma,cy@example.com,lead",
        "Di,Nguyen,Delta,di@example.com,",
    ]
    summary = run_import(preview_file(_file(tmp_path, lines)), now=NOW)

    assert summary.imported == 4
    rows = ProspectTag.select(Prospect.first_name, ProspectTag.tag).join(Prospect).tuples()
    tags: dict[str, set[str]] = {}
    for first, name in rows:
        tags.setdefault(first, set()).add(name)
    assert tags == {
        "Ann": {"vip", "trade show", tag},
        "Bob": {"vip", "trade show", tag},
        "Cy": {"lead", tag},
        "Di": {tag},
    }
    assert ProspectTag.select().count() == 3 + 3 + 2 + 1
