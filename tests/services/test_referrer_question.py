"""Besides the thank-you: asking the referrer something useful about the person referred."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.factories import prospect
from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.services import settings
from touchdesk.services.referrals import (
    answer_referrer_question,
    referrer_question_due,
    referrer_question_message,
)
from touchdesk.services.statuses import set_status

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_a_referred_prospect_offers_the_question_once(store):
    settings.put("seller_name", "Sam Seller")
    alex = prospect("Alex", "Chen")
    dana = prospect("Dana", "Ray", referrer_id=alex)
    ask = referrer_question_due(dana)
    assert ask is not None and (ask.referrer_id, ask.referred_id) == (alex, dana)
    assert "Alex Chen introduced you to Dana Ray" in ask.question()
    subject, body = referrer_question_message(ask, NOW)
    assert subject == "A quick question about Dana"
    assert body.startswith("Hi Alex,") and "Dana" in body and body.endswith("Sam Seller")
    answer_referrer_question(ask)
    assert referrer_question_due(dana) is None


def test_no_question_without_a_referrer_who_may_be_contacted(store):
    assert referrer_question_due(prospect("Dana")) is None
    alex = prospect("Alex")
    dana = prospect("Dana", referrer_id=alex)
    set_status(alex, ProspectStatus.DO_NOT_CONTACT)
    assert referrer_question_due(dana) is None
