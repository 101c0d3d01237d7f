"""The mail queue on a real database: queue, correct, write, mail (a touch), cancel, undo."""

from datetime import UTC, date, datetime

import pytest

from tests.factories import prospect
from touchdesk.domain.mail import MailDraft
from touchdesk.domain.postal import PostalAddress
from touchdesk.domain.vocabulary import Channel, MailKind, MailStatus, Outcome, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.mail_queue import (
    MailError,
    draft_for,
    get_draft,
    list_tasks,
    mark,
    queue_mail,
    queue_many,
    update_task,
)
from touchdesk.services.statuses import set_status
from touchdesk.services.timeline import timeline
from touchdesk.services.undo import record as recorded
from touchdesk.services.undo import redo, undo
from touchdesk.store.models import MailTask, Prospect

BERLIN = dict(street="Hauptstr. 5", city="Berlin", postal_code="10115", country_code="DE")
SPRINGFIELD = dict(
    street="1 Elm St", city="Springfield", region="IL", postal_code="62701", country_code="US"
)
MAILED_AT = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)


def touches(prospect_id):
    return [e for e in timeline(prospect_id) if e.touch_id is not None]


def test_queueing_copies_the_address_at_that_moment(store):
    pid = prospect("Hans", "Müller", "Müller GmbH", **BERLIN)
    task_id, _ = queue_mail(pid, MailDraft(MailKind.NOTE, "First meeting", "Dear Hans"))
    Prospect.update(city="Hamburg").where(Prospect.id == pid).execute()
    [row] = list_tasks()
    assert row.id == task_id
    assert row.address.city == "Berlin"  # the snapshot, not the prospect's new address
    assert row.address.name == "Hans Müller" and row.address.company == "Müller GmbH"
    assert (row.kind, row.status, row.envelope) == (MailKind.NOTE, MailStatus.QUEUED, "a2")
    assert row.problems == ()


def test_do_not_contact_prospects_cannot_be_queued(store):
    pid = prospect("Dana", "Stop", **SPRINGFIELD)
    set_status(pid, ProspectStatus.DO_NOT_CONTACT)
    with pytest.raises(MailError, match="asked not to be contacted"):
        queue_mail(pid, MailDraft(MailKind.CARD))
    assert MailTask.select().count() == 0


def test_an_incomplete_address_is_flagged_with_its_problem(store):
    pid = prospect("Ann", "Lee", street="1 Elm St", country_code="US")
    queue_mail(pid, MailDraft(MailKind.NOTE))
    [row] = list_tasks()
    assert "No city (required for United States)" in row.problems


def test_the_seasonal_run_queues_many_and_names_those_left_out(store):
    settings.put("seller_name", "Sam Seller")
    ann = prospect("Ann", "Lee", "Lee & Co", **SPRINGFIELD)
    bob = prospect("Bob", "Ray", "Ray Inc", **SPRINGFIELD)
    stop = prospect("Cy", "No", **SPRINGFIELD)
    set_status(stop, ProspectStatus.DO_NOT_CONTACT)
    result = queue_many(
        [ann, stop, bob], MailKind.CARD, "Season's greetings", due_on=date(2026, 12, 10)
    )
    assert len(result.queued) == 2
    assert [(r.prospect_id, r.name) for r in result.refused] == [(stop, "Cy No")]
    messages = {row.prospect_id: row.message for row in list_tasks()}
    assert "Dear Ann" in messages[ann] and "Lee & Co" in messages[ann]
    assert "Dear Bob" in messages[bob] and messages[bob].rstrip().endswith("Sam Seller")
    assert {row.due_on for row in list_tasks()} == {date(2026, 12, 10)}


def test_a_new_task_starts_from_the_kinds_template(store):
    pid = prospect("Ann", "Lee", "Lee & Co", **SPRINGFIELD)
    draft = draft_for(pid, MailKind.NOTE, "After the demo")
    assert draft.message.startswith("Dear Ann,") and "Lee & Co" in draft.message
    assert draft.address.city == "Springfield"


def test_mailing_writes_a_touch_and_undo_removes_it(store):
    pid = prospect("Ann", "Lee", **SPRINGFIELD)
    task_id, _ = queue_mail(pid, MailDraft(MailKind.NOTE, "Thank you", "Thanks for your time"))
    _, written = recorded(lambda: mark([task_id], MailStatus.WRITTEN))
    (_, change), mailed = recorded(lambda: mark([task_id], MailStatus.MAILED, MAILED_AT))
    [touch] = touches(pid)
    assert (touch.channel, touch.outcome, touch.occurred_at) == (
        Channel.NOTE,
        Outcome.SENT,
        MAILED_AT,
    )
    assert (
        touch.detail.startswith("Handwritten note: Thank you")
        and "Thanks for your time" in touch.detail
    )
    assert Prospect.get_by_id(pid).touch_count == 1
    [row] = list_tasks()
    assert row.status is MailStatus.MAILED and row.mailed_at == MAILED_AT

    undo(mailed)
    assert touches(pid) == []
    assert Prospect.get_by_id(pid).touch_count == 0
    [row] = list_tasks()
    assert row.status is MailStatus.WRITTEN and row.mailed_at is None
    undo(written)
    assert list_tasks()[0].status is MailStatus.QUEUED


def test_a_batch_that_cannot_all_move_changes_nothing(store):
    pid = prospect("Ann", "Lee", **SPRINGFIELD)
    first, _ = queue_mail(pid, MailDraft(MailKind.NOTE))
    second, _ = queue_mail(pid, MailDraft(MailKind.CARD))
    mark([second], MailStatus.CANCELLED)
    with pytest.raises(MailError, match="1 of the selected pieces cannot be marked mailed"):
        mark([first, second], MailStatus.MAILED)
    assert touches(pid) == []
    assert {r.id: r.status for r in list_tasks()} == {
        first: MailStatus.QUEUED,
        second: MailStatus.CANCELLED,
    }


def test_correcting_a_task_and_undoing_it(store):
    pid = prospect("Ann", "Lee", **SPRINGFIELD)
    task_id, _ = queue_mail(pid, MailDraft(MailKind.NOTE, "Hi", "Old words"))
    fixed = PostalAddress("Ann Lee", "", "2 Oak Ave", "", "Springfield", "IL", "62704", "US")
    before, _ = update_task(task_id, MailDraft(MailKind.CARD, "Hi", "New words", "a7", None, fixed))
    assert get_draft(task_id).address.street == "2 Oak Ave"
    assert get_draft(task_id).message == "New words"
    update_task(task_id, before)
    assert get_draft(task_id) == before


def test_a_mailed_task_cannot_be_rewritten(store):
    pid = prospect("Ann", "Lee", **SPRINGFIELD)
    task_id, _ = queue_mail(pid, MailDraft(MailKind.NOTE))
    mark([task_id], MailStatus.MAILED)
    with pytest.raises(MailError, match="already mailed"):
        update_task(task_id, MailDraft(MailKind.NOTE, message="changed"))


def test_unknown_envelope_is_refused(store):
    pid = prospect("Ann", "Lee", **SPRINGFIELD)
    with pytest.raises(MailError, match="Unknown envelope size"):
        queue_mail(pid, MailDraft(MailKind.NOTE, envelope="b4"))


def test_undo_of_queueing_and_redo_keep_the_same_task(store):
    pid = prospect("Ann", "Lee", **SPRINGFIELD)
    (task_id, _), entry = recorded(lambda: queue_mail(pid, MailDraft(MailKind.NOTE, "Hi", "Words")))
    undo(entry)
    assert list_tasks() == []
    redo(entry)
    [row] = list_tasks()
    assert (row.id, row.message) == (task_id, "Words")


def test_list_by_status_orders_by_due_date(store):
    pid = prospect("Ann", "Lee", **SPRINGFIELD)
    late, _ = queue_mail(pid, MailDraft(MailKind.NOTE, due_on=date(2026, 12, 20)))
    undated, _ = queue_mail(pid, MailDraft(MailKind.NOTE))
    soon, _ = queue_mail(pid, MailDraft(MailKind.NOTE, due_on=date(2026, 11, 25)))
    done, _ = queue_mail(pid, MailDraft(MailKind.NOTE, due_on=date(2026, 11, 1)))
    mark([done], MailStatus.MAILED)
    assert [r.id for r in list_tasks()] == [soon, late, undated, done]
    assert [r.id for r in list_tasks([MailStatus.MAILED])] == [done]
    assert list_tasks()[0].overdue(date(2026, 11, 26))
    mark([late], MailStatus.MAILED, datetime(2100, 1, 4, 9, 0, tzinfo=UTC))
    mark([soon], MailStatus.MAILED, datetime(2000, 1, 4, 9, 0, tzinfo=UTC))
    # the history reads latest mailed first, whatever the due dates were
    assert [r.id for r in list_tasks([MailStatus.MAILED])] == [late, done, soon]
