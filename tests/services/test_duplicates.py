"""Finding prospects recorded twice and merging them, on a real database, with exact undo."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import prospect
from touchdesk.domain.mail import MailDraft
from touchdesk.domain.merge import Side
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.prospects import DuplicateReason
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, EventKind, MailKind, NextStepStatus, Outcome
from touchdesk.services.duplicate_search import dismiss_pair, find_duplicates
from touchdesk.services.duplicates import (
    MergeError,
    RecordHistory,
    merge_preview,
    merge_prospects,
)
from touchdesk.services.mail_queue import queue_mail
from touchdesk.services.next_steps import open_step, set_next_step
from touchdesk.services.timeline import log_touch, timeline
from touchdesk.services.undo import record as recorded
from touchdesk.services.undo import redo, undo
from touchdesk.store.models import NextStep, PlanRun, Prospect, ProspectTag, Touch

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
TABLES = ("prospect", "contact_point", "prospect_tag", "touch", "prospect_event", "next_step",
          "plan_run", "mail_task")  # fmt: skip


def dump(db_path, moments: bool = True) -> dict[str, list[tuple]]:
    """Every row of the prospect tables; without `moments`, no ids and no *_at clocks."""
    connection = sqlite3.connect(db_path)
    try:
        tables = {}
        for table in TABLES:
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [column[0] for column in cursor.description]
            keep = [i for i, name in enumerate(names) if moments or not name.endswith("_at")]
            tables[table] = [tuple(row[i] for i in keep) for row in cursor.fetchall()]
        return tables
    finally:
        connection.close()


def backdate_clocks() -> None:
    """Clocks are kept to the second: a month back, one that undo rewrote cannot match by luck."""
    Prospect.update(updated_at=NOW - timedelta(days=30)).execute()


def pairs():
    return {(p.first_id, p.second_id): set(p.reasons) for p in find_duplicates()}


def test_finds_same_email_phone_and_similar_name_at_a_company(store):
    ann = prospect("Ann", "Lee", emails=("Ann@Example.com",))
    ann2 = prospect("Annie", "Leigh", emails=("ann@example.COM",))
    bob = prospect("Bob", "Ray", phones=("+1 202 555 0100",))
    bob2 = prospect("Robert", "Ray", phones=("(202) 555-0100",))
    jon = prospect("Jon", "Smith", "Acme Ltd")
    john = prospect("John", "Smith", "ACME  ltd")
    prospect("Jane", "Smith", "Other Co")  # a different person at a different company
    found = pairs()
    assert found == {
        (ann, ann2): {DuplicateReason.EMAIL},
        (bob, bob2): {DuplicateReason.PHONE},
        (jon, john): {DuplicateReason.NAME_AT_COMPANY},
    }


def test_a_dismissed_pair_is_not_suggested_again_until_undone(store):
    a = prospect("Ann", "Lee", emails=("ann@example.com",))
    b = prospect("Ann", "Lee", emails=("ann@example.com",))
    _, entry = recorded(lambda: dismiss_pair(b, a))
    assert pairs() == {}
    undo(entry)
    assert (a, b) in pairs()


def test_merge_combines_timelines_fields_contacts_and_tags_and_undo_restores_every_row(
    store, db_path
):
    keep = prospect(
        "Ann", "Lee", "Lee & Co", emails=("ann@lee.co",), tags=("vip",), notes="Met at fair"
    )
    other = prospect(
        "Ann", "Lee", "", emails=("ANN@lee.co", "ann@home.example"), phones=("+12025550100",),
        tags=("vip", "referral"), city="Springfield", street="1 Elm St", country_code="US",
        notes="Prefers mornings",
    )  # fmt: skip
    referred = prospect("Cy", "Friend", referrer_id=other)
    log_touch(keep, TouchInput(Channel.CALL, NOW - timedelta(days=3), outcome=Outcome.TALKED))
    log_touch(other, TouchInput(Channel.EMAIL, NOW - timedelta(days=1), outcome=Outcome.SENT))
    set_next_step(keep, NextStepInput(NOW + timedelta(days=1), Channel.CALL, "Kept call"))
    set_next_step(other, NextStepInput(NOW + timedelta(days=2), Channel.EMAIL, "Other email"))
    queue_mail(other, MailDraft(MailKind.NOTE, "Thanks"))
    backdate_clocks()
    before = dump(db_path)

    preview = merge_preview(keep, other)
    assert preview.both_have_next_step
    assert preview.moving["touches"] == 1 and preview.moving["referrals"] == 1
    # ANN@lee.co and the vip tag are already on the kept record: they do not come over.
    assert (preview.moving["emails and phones"], preview.moving["tags"]) == (2, 1)
    address = next(f for f in preview.fields if f.field == "address")
    assert (address.keep_value, address.default) == ("", Side.OTHER)

    _, entry = recorded(lambda: merge_prospects(keep, other))
    survivor = Prospect.get_by_id(keep)
    assert (survivor.city, survivor.company) == ("Springfield", "Lee & Co")
    assert survivor.notes == "Met at fair\n\nPrefers mornings"
    assert survivor.touch_count == 2
    assert Prospect.get_by_id(other).deleted_at is not None
    assert Prospect.get_by_id(referred).referrer_id == keep
    emails = sorted(p.value for p in survivor.contact_points if p.kind == "email")
    assert emails == ["ann@home.example", "ann@lee.co"]  # ANN@lee.co was the same inbox
    assert sorted(t.tag for t in ProspectTag.select().where(ProspectTag.prospect == keep)) == [
        "referral",
        "vip",
    ]
    assert open_step(keep).purpose == "Kept call"  # one next step, the kept one
    cancelled = NextStep.get(NextStep.purpose == "Other email")
    assert (cancelled.prospect_id, cancelled.status) == (keep, NextStepStatus.CANCELLED.value)
    called_off = [e for e in timeline(keep) if e.event_kind is EventKind.NEXT_STEP_CANCELLED]
    assert [e.detail for e in called_off] == ["Email: Other email (merge)"]
    channels = {e.channel for e in timeline(keep) if e.touch_id}
    assert channels == {Channel.CALL, Channel.EMAIL}

    undo(entry)
    assert dump(db_path) == before


def test_the_other_next_step_can_be_the_one_that_stays(store, db_path):
    keep = prospect("Ann", "Lee")
    other = prospect("Ann", "Lee")
    set_next_step(keep, NextStepInput(NOW + timedelta(days=1), Channel.CALL, "Mine"))
    set_next_step(other, NextStepInput(NOW + timedelta(days=2), Channel.EMAIL, "Theirs"))
    before = dump(db_path)
    _, entry = recorded(lambda: merge_prospects(keep, other, step_from=Side.OTHER))
    assert open_step(keep).purpose == "Theirs"
    undo(entry)
    assert dump(db_path) == before


def test_chosen_fields_win_and_refusals(store):
    keep = prospect("Jon", "Smith", "Acme")
    other = prospect("John", "Smith", "Acme Ltd")
    choices = {"first_name": Side.OTHER, "company": Side.OTHER}
    merge_prospects(keep, other, choices)
    survivor = Prospect.get_by_id(keep)
    assert (survivor.first_name, survivor.company) == ("John", "Acme Ltd")
    with pytest.raises(MergeError, match="itself"):
        merge_prospects(keep, keep)
    with pytest.raises(MergeError, match="trash"):
        merge_prospects(keep, other)


def test_a_switchboard_shared_by_many_is_not_a_duplicate(store):
    two = [prospect(f"P{n}", "Lee", phones=("+12025550111",)) for n in range(2)]
    [prospect(f"Q{n}", "Ray", f"Co {n}", phones=("+12025550199",)) for n in range(5)]
    assert pairs() == {tuple(two): {DuplicateReason.PHONE}}


def test_names_are_compared_within_a_large_company_by_their_words(store):
    staff = [prospect(f"Person{n}", f"Surname{n}", "Big Corp") for n in range(40)]
    typo = prospect("Person7", "Surnam7", "Big Corp")  # last word's start still matches
    found = pairs()
    assert found[(staff[7], typo)] == {DuplicateReason.NAME_AT_COMPANY}


def test_the_record_with_more_history_is_offered_as_the_one_to_keep(store):
    older = prospect("Ann", "Lee", emails=("ann@lee.example",))
    busier = prospect("Ann", "Lee", emails=("ann@lee.example",))
    log_touch(busier, TouchInput(Channel.CALL, NOW - timedelta(days=1), outcome=Outcome.TALKED))
    [pair] = find_duplicates()
    assert (pair.first_id, pair.second_id) == (busier, older)
    assert (pair.first_touches, pair.second_touches) == (1, 0)
    dismiss_pair(pair.first_id, pair.second_id)
    assert find_duplicates() == []


def test_two_plans_two_referrers_and_a_merge_undone_then_redone(store, db_path):
    from zoneinfo import ZoneInfo

    from touchdesk.services.plans import apply_plan, list_plans

    plan = next(p.id for p in list_plans() if p.spec.name == "No answer")
    keep = prospect("Ann", "Lee", "Lee & Co", emails=("ann@lee.co",))
    other = prospect("Ann", "Lee", "Lee & Co", emails=("ann@lee.co",), referrer_id=keep)
    prospect("Bo", "Ray", referrer_id=other)
    Prospect.update(referrer=other).where(Prospect.id == keep).execute()  # each names the other
    apply_plan([keep, other], plan, NOW, ZoneInfo("Europe/London"))
    backdate_clocks()
    before = dump(db_path)

    _, entry = recorded(lambda: merge_prospects(keep, other, step_from=Side.OTHER))
    survivor = Prospect.get_by_id(keep)
    assert survivor.referrer_id is None  # it cannot have referred itself
    runs = PlanRun.select().where(
        PlanRun.prospect == keep, PlanRun.status.in_(["active", "paused"])
    )
    assert runs.count() == 1  # one plan at a time: the kept record's
    assert (
        NextStep.select().where(NextStep.prospect == keep, NextStep.status == "open").count() == 1
    )
    after = dump(db_path, moments=False)

    undo(entry)
    assert dump(db_path) == before
    # Redo replays the merge's record: the very same rows, clocks and ids.
    redo(entry)
    assert dump(db_path, moments=False) == after


def test_an_opt_out_on_the_other_record_survives_the_merge_and_calls_off_the_step(store, db_path):
    from touchdesk.domain.vocabulary import ProspectStatus
    from touchdesk.services.statuses import set_status

    keep = prospect("Ann", "Lee", emails=("ann@lee.example",))
    other = prospect("Ann", "Lee", emails=("ann@lee.example",))
    set_next_step(keep, NextStepInput(NOW + timedelta(days=1), Channel.CALL, "Pitch"))
    set_status(other, ProspectStatus.DO_NOT_CONTACT)
    backdate_clocks()
    before = dump(db_path)

    stage = next(f for f in merge_preview(keep, other).fields if f.field == "stage")
    assert (stage.label, stage.keep_value, stage.other_value, stage.default) == (
        "Stage and status",
        "New",
        "New · Do not contact",
        Side.OTHER,
    )
    _, entry = recorded(lambda: merge_prospects(keep, other))
    assert Prospect.get_by_id(keep).status == ProspectStatus.DO_NOT_CONTACT.value
    assert open_step(keep) is None  # nothing is expected of an opt-out
    called_off = [e.detail for e in timeline(keep) if e.event_kind is EventKind.NEXT_STEP_CANCELLED]
    assert called_off == ["Call: Pitch (merge)"]

    undo(entry)
    assert dump(db_path) == before


def test_emails_sql_cannot_fold_are_still_paired_and_the_trash_is_left_out(store):
    # Shared values are narrowed in SQL, whose lower() folds ASCII only: an accented capital
    # or a stray space must still reach the casefolded comparison.
    from touchdesk.services.prospects import move_to_trash
    from touchdesk.store.models import ContactPoint

    elise = prospect("Élise", "Roy", emails=("x1@example.com",))
    elise2 = prospect("Lisa", "Roy", emails=("x2@example.com",))
    sam = prospect("Sam", "Ng", emails=("x3@example.com",))
    sam2 = prospect("Samuel", "Ng", emails=("x4@example.com",))
    gone = prospect("Old", "Record", emails=("x5@example.com",))
    odd = {elise: "ÉLISE@exemple.fr", elise2: "élise@exemple.fr", sam: " sam@ng.io\t",
           sam2: "SAM@NG.IO", gone: "sam@ng.io"}  # fmt: skip
    for pid, value in odd.items():
        ContactPoint.update(value=value).where(ContactPoint.prospect == pid).execute()
    move_to_trash(gone)
    assert pairs() == {
        (elise, elise2): {DuplicateReason.EMAIL},
        (sam, sam2): {DuplicateReason.EMAIL},
    }


def test_the_preview_tells_the_two_records_apart_by_their_history(store):
    keep = prospect("Jon", "Smith", "Acme Ltd", emails=("jon@acme.example",))
    other = prospect("John", "Smith", "Acme Ltd", emails=("jon@acme.example",))
    for pid, age in ((keep, 300), (other, 2)):
        Prospect.update(created_at=NOW - timedelta(days=age)).where(Prospect.id == pid).execute()
    log_touch(keep, TouchInput(Channel.CALL, NOW - timedelta(days=40), outcome=Outcome.TALKED))
    log_touch(keep, TouchInput(Channel.EMAIL, NOW - timedelta(days=5)))
    log_touch(keep, TouchInput(Channel.CALL, NOW - timedelta(days=1)))
    # A touch in the trash is not history.
    Touch.update(deleted_at=NOW).where(Touch.occurred_at == NOW - timedelta(days=1)).execute()
    preview = merge_preview(keep, other)
    assert preview.keep_history == RecordHistory(
        NOW - timedelta(days=300), 2, NOW - timedelta(days=5)
    )
    assert preview.other_history == RecordHistory(NOW - timedelta(days=2), 0, None)


def test_switchboards_are_grouped_away_in_sql_counting_only_live_prospects(store):
    # A large desk's company switchboards were most of the contact rows handed to Python,
    # only to be thrown away there: SQL now keeps just the values that can pair someone.
    from touchdesk.services.duplicate_search import _shared_points
    from touchdesk.services.prospects import move_to_trash

    two = [prospect(f"P{n}", "Lee", phones=("+12025550111",)) for n in range(2)]
    [prospect(f"Q{n}", "Ray", f"Co {n}", phones=("+12025550199",)) for n in range(6)]
    [prospect(f"R{n}", "Kay", f"Co {n}", emails=("desk@team.example",)) for n in range(3)]
    [prospect(f"S{n}", "Kay", f"Co {n}", emails=("Desk@Team.Example",)) for n in range(3)]
    # Five on one line, but one in the trash: four live prospects may be two people twice.
    line = [prospect(f"T{n}", "Moe", f"Co {n}", phones=("+12025550123",)) for n in range(5)]
    move_to_trash(line[0])
    assert len(_shared_points()) == 2 + 5
    found = pairs()
    assert found[tuple(two)] == {DuplicateReason.PHONE}
    assert {key for key, why in found.items() if DuplicateReason.PHONE in why} == {
        tuple(two),
        *((a, b) for a in line[1:] for b in line[1:] if a < b),
    }
    assert not any(DuplicateReason.EMAIL in why for why in found.values())


_EMAILS = ("ann@x.io", "ANN@X.IO", " ann@x.io", "straße@x.io", "STRASSE@x.io", "strasse@x.io",
           "\u212aim@x.io", "kim@x.io", "KIM@x.io", "")  # fmt: skip
_PHONES = ("+12025550100", "+12025550101", "+12025550102")


@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(_EMAILS), max_size=2),
            st.lists(st.sampled_from(_PHONES), max_size=2),
            st.booleans(),
        ),
        min_size=2,
        max_size=14,
    )
)
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
def test_pairs_by_email_and_phone_are_those_of_every_live_point_compared_in_python(store, desk):
    # The reference: every contact of every live prospect keyed in Python, no SQL narrowing.
    from touchdesk.domain.merge import REASONS_OF, Person, pair_reasons
    from touchdesk.services.prospects import move_to_trash
    from touchdesk.store.models import ContactPoint

    Prospect.delete().execute()
    people = []
    for n, (emails, phones, trashed) in enumerate(desk):
        pid = prospect(f"Name{n}", f"Other{n}", f"Co {n}")
        ContactPoint.insert_many(
            [(pid, "email", "", value, i) for i, value in enumerate(emails)]
            + [(pid, "phone", "", value, i) for i, value in enumerate(phones)],
            fields=[ContactPoint.prospect, ContactPoint.kind, ContactPoint.label,
                    ContactPoint.value, ContactPoint.position],
        ).execute()  # fmt: skip
        if trashed:
            move_to_trash(pid)
        else:
            keys = tuple(email.strip().casefold() for email in emails)
            people.append(Person(pid, f"name{n} other{n}", f"co {n}", keys, tuple(phones)))
    expected = {key: set(REASONS_OF[mask]) for key, mask in pair_reasons(people).items()}
    assert pairs() == expected
