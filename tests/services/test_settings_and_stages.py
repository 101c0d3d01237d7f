"""Settings keep their declared defaults; stage edits are all or nothing."""

from __future__ import annotations

import pytest

from touchdesk.domain.stages import StageEdit
from touchdesk.domain.vocabulary import StageOutcome
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.stages import StageError, ensure_default_stages, list_stages, save_stages


def test_a_new_database_has_the_declared_defaults(store):
    profile = settings.load_profile()
    assert profile.target_active == 50
    assert profile.reminder_minutes == 15
    assert settings.get("target_active") == 50
    # Every declared setting is a field of the profile, and the defaults agree.
    assert {d.key: d.default for d in settings.DECLARED} == profile._asdict()


def test_profile_round_trips_through_the_database(store):
    edited = settings.load_profile()._replace(seller_name="Ó Briain", target_active=35)
    assert settings.save_profile(edited) == Change.SETTINGS
    assert settings.load_profile() == edited


def test_unknown_setting_is_refused(store):
    with pytest.raises(KeyError):
        settings.put("colour_of_sky", "blue")


def test_default_pipeline_ends_with_won_and_lost(store):
    stages = list_stages()
    assert [s.name for s in stages] == [
        "New",
        "Contacted",
        "Meeting",
        "Proposal",
        "Negotiation",
        "Won",
        "Lost",
    ]
    assert [s.outcome for s in stages][-2:] == [StageOutcome.WON, StageOutcome.LOST]
    assert ensure_default_stages() == Change.NOTHING  # idempotent
    assert len(list_stages()) == 7


def test_rename_reorder_and_add_in_one_save(store):
    stages = list_stages()
    edits = [
        StageEdit("Qualified", stages[1].id),
        StageEdit("Lead", stages[0].id),
        StageEdit("Demo"),
    ] + [StageEdit(s.name, s.id) for s in stages[2:]]
    save_stages(edits)
    after = list_stages()
    assert [s.name for s in after][:3] == ["Qualified", "Lead", "Demo"]
    assert after[0].id == stages[1].id
    assert after[2].outcome is StageOutcome.OPEN


def test_a_bad_stage_list_changes_nothing(store):
    before = list_stages()
    edits = [StageEdit("Renamed", before[0].id), StageEdit("", before[1].id)]
    with pytest.raises(StageError):
        save_stages(edits)
    assert list_stages() == before


def test_preferences_save_rolls_back_the_profile_when_stages_fail(store):
    before = settings.load_profile()
    stages = list_stages()
    vanished = [StageEdit(s.name, s.id) for s in stages] + [StageEdit("Ghost", 9999)]
    with pytest.raises(StageError):
        settings.save_preferences(before._replace(target_active=99), vanished)
    assert settings.load_profile() == before
    assert list_stages() == stages


def test_first_run_reads_the_country_of_the_system_zone_and_saves_only_what_it_asks(
    store, monkeypatch
) -> None:
    import tzlocal

    from touchdesk.services import first_run

    # The machine's own zone varies: the test says which one the system reports.
    monkeypatch.setattr(tzlocal, "get_localzone_name", lambda: "Asia/Tokyo")
    start = first_run.starting_profile()
    assert (start.home_country, start.time_zone) == ("JP", "Asia/Tokyo")
    assert first_run.needs_first_run()
    first_run.finish_first_run(start._replace(seller_name="Rae", reminder_minutes=99))
    stored = settings.load_profile()
    assert (stored.seller_name, stored.time_zone) == ("Rae", "Asia/Tokyo")
    assert stored.reminder_minutes == 15  # not asked by the setup: left as it was
    assert not first_run.needs_first_run()
