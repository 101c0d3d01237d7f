"""Prospects in the seller's address book, against a real Radicale and a real Xandikos."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import vobject

from tests.factories import prospect
from tests.services.dav.helpers import members, phone_put
from touchdesk.domain.vocabulary import ProspectStatus
from touchdesk.services import settings
from touchdesk.services.dav import questions, state
from touchdesk.services.dav.connection import connect
from touchdesk.services.dav.sync import sync
from touchdesk.services.prospects import get_prospect, move_to_trash
from touchdesk.services.statuses import set_status

WHEN = datetime(2031, 3, 11, 1, 0, tzinfo=UTC)


@pytest.fixture
def people(store):
    settings.put("home_country", "JP")
    settings.put("time_zone", "Asia/Tokyo")
    return {
        "taro": prospect(
            "太郎",
            "山田",
            "株式会社ヤマダ, 東京支店",
            due=WHEN,
            purpose="見積もりのフォロー",
            phones=("+81 3-1234-5678",),
            emails=("taro@yamada.example",),
            city="渋谷区",
            country_code="JP",
        ),
        "zoe": prospect(
            "Zoë",
            "Lefèvre-Dupont",
            "Café Crème, Ltd; Paris",
            emails=("zoe@creme.example",),
            street="12, rue de l'Église",
            city="Paris",
            country_code="FR",
        ),
        "dnc": prospect("Do", "Not", emails=("no@x.example",)),
    }


@pytest.fixture
def connected(dav_server, file_keyring, people):
    connect(dav_server.url, dav_server.user, password=dav_server.password)
    return dav_server


def _cards(server) -> dict[str, vobject.base.Component]:
    return {
        card.uid.value: card
        for _, body in members(server, state.ADDRESSBOOK).values()
        for card in [vobject.readOne(body)]
    }


def test_prospects_are_cards_read_back_intact_with_the_next_step(connected, people):
    assert sync().ok
    cards = {card.fn.value: card for card in _cards(connected).values()}
    assert set(cards) == {"太郎 山田", "Zoë Lefèvre-Dupont", "Do Not"}
    taro = cards["太郎 山田"]
    assert taro.version.value == "3.0"
    assert (taro.n.value.family, taro.n.value.given) == ("山田", "太郎")
    assert taro.org.value == ["株式会社ヤマダ, 東京支店"]
    assert taro.tel.value == "+81312345678"
    assert taro.email.value == "taro@yamada.example"
    assert "見積もりのフォロー" in taro.note.value and "Next step" in taro.note.value
    zoe = cards["Zoë Lefèvre-Dupont"]
    assert zoe.org.value == ["Café Crème, Ltd; Paris"]
    assert zoe.adr.value.street == "12, rue de l'Église"


def test_do_not_contact_and_trashed_prospects_are_removed(connected, people):
    sync()
    set_status(people["dnc"], ProspectStatus.DO_NOT_CONTACT)
    move_to_trash(people["zoe"])
    report = sync()
    assert report.ok and report.pushed.removed == 2
    assert [c.fn.value for c in _cards(connected).values()] == ["太郎 山田"]


def test_a_card_edited_on_the_phone_is_offered_never_applied_silently(connected, people):
    sync()
    (href, (etag, body)) = next(
        (h, v) for h, v in members(connected, state.ADDRESSBOOK).items() if "Zo" in v[1]
    )
    card = vobject.readOne(body)
    card.add("tel").value = "+33 1 42 00 00 00"  # a number added on the phone
    edited = card.serialize()
    assert phone_put(connected, href, edited, etag, "text/vcard") in (200, 201, 204)

    report = sync()
    assert report.ok and report.questions == 1
    assert get_prospect(people["zoe"]).phones == ()  # not applied
    assert "+33 1 42 00 00 00" in members(connected, state.ADDRESSBOOK)[href][1]  # not overwritten
    (question,) = questions.questions()
    assert "Phones" in question.text

    questions.answer(question.id, questions.ACCEPT)
    assert get_prospect(people["zoe"]).phones == ("+33142000000",)
    assert sync().ok
    assert "TEL" in members(connected, state.ADDRESSBOOK)[href][1]


def test_ignoring_a_phone_edit_puts_touchdesks_card_back(connected, people):
    sync()
    (href, (etag, body)) = next(
        (h, v) for h, v in members(connected, state.ADDRESSBOOK).items() if "Zo" in v[1]
    )
    card = vobject.readOne(body)
    card.org.value = ["Cafe Creme"]
    phone_put(connected, href, card.serialize(), etag, "text/vcard")
    sync()
    (question,) = questions.questions()
    questions.answer(question.id, questions.IGNORE)
    assert sync().ok
    assert "Café Crème" in members(connected, state.ADDRESSBOOK)[href][1]
    assert get_prospect(people["zoe"]).company == "Café Crème, Ltd; Paris"
