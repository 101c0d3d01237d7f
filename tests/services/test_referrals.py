"""Thanking referrers: suggested once per referral and milestone, queued as a handwritten note."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.factories import prospect
from touchdesk.domain.vocabulary import MailKind, ProspectStatus
from touchdesk.services import settings
from touchdesk.services.mail_queue import list_tasks
from touchdesk.services.referrals import Milestone, answer, queue_thank_you, thank_you_due
from touchdesk.services.statuses import set_status

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_a_referred_prospect_reaching_a_milestone_suggests_thanking_the_referrer(store):
    settings.put("seller_name", "Sam Seller")
    settings.put("time_zone", "Asia/Tokyo")  # 15:00 UTC is already tomorrow there
    alex = prospect("Alex", "Chen", "Chen & Co")
    dana = prospect("Dana", "Ray", referrer_id=alex)
    thanks = thank_you_due(dana, Milestone.WON)
    assert (thanks.referrer_id, thanks.referrer_name, thanks.referred_name) == (
        alex,
        "Alex Chen",
        "Dana Ray",
    )
    assert thanks.question().startswith("Alex Chen introduced you to Dana Ray, who just became")
    task_id, _ = queue_thank_you(thanks, NOW)
    [task] = list_tasks()
    assert (task.id, task.prospect_id, task.kind) == (task_id, alex, MailKind.NOTE)
    assert task.occasion == "Thank you for introducing Dana Ray"
    assert task.due_on == date(2026, 11, 24)  # today, in the seller's own day
    assert task.message.startswith("Dear Alex,") and "introducing me to Dana" in task.message
    assert thank_you_due(dana, Milestone.WON) is None  # asked once
    assert thank_you_due(dana, Milestone.MEETING) is not None  # another milestone is news


def test_not_now_is_remembered_and_nobody_to_thank_means_no_suggestion(store):
    alex = prospect("Alex", "Chen")
    dana = prospect("Dana", "Ray", referrer_id=alex)
    answer(thank_you_due(dana, Milestone.MEETING))
    assert thank_you_due(dana, Milestone.MEETING) is None
    assert thank_you_due(alex, Milestone.WON) is None  # nobody referred Alex
    set_status(alex, ProspectStatus.DO_NOT_CONTACT)
    assert thank_you_due(dana, Milestone.WON) is None  # Alex asked not to be contacted
