"""A painted card reads its lines from the model in one call: the same card, urgency,
next-step and staleness lines the model's roles give, for every card on the board."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QUndoStack

from tests.factories import days, prospect
from touchdesk.domain.board import Urgency
from touchdesk.ui.board.model import CardRole, NextStepRole, StalenessRole, UrgencyRole
from touchdesk.ui.board.page import BoardPage
from touchdesk.ui.events import ChangeBus

NOW = datetime.now(UTC).replace(microsecond=0)


def test_a_painted_card_shows_what_the_roles_say(qtbot, store):
    prospect("Hannah", "Whitfield", "Whitfield & Sons", due=NOW + days(2))
    prospect("太郎", "山田", "山田商事", due=NOW - days(1))
    prospect("Bob", company="Markup Ltd")
    page = BoardPage(ChangeBus(), QUndoStack())
    qtbot.addWidget(page)
    page.resize(1400, 700)
    page.show()
    qtbot.waitExposed(page)
    model = page.model
    seen = 0
    for column in range(model.columnCount()):
        for row in range(model.rowCount()):
            index = model.index(row, column)
            if model.data(index, CardRole) is None:
                assert model.painted(index) is None
                continue
            assert model.painted(index) == (
                model.data(index, CardRole),
                Urgency(model.data(index, UrgencyRole)),
                model.data(index, NextStepRole),
                model.data(index, StalenessRole),
            )
            seen += 1
    assert seen == 3
    assert not page.view.grab().isNull()  # the delegate paints them through that call
