"""Find duplicates and merge, driven with the mouse; Ctrl+Z separates them again."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.timeline import TouchInput
from touchdesk.domain.vocabulary import Channel, Outcome
from touchdesk.services.changes import Change
from touchdesk.services.duplicate_search import find_duplicates
from touchdesk.services.timeline import log_touch, timeline
from touchdesk.store.models import Prospect
from touchdesk.ui.duplicates.dialogs import DuplicatesDialog, MergeDialog


def test_merge_a_pair_choosing_a_field_then_undo(qtbot, window):
    keep = prospect("Jon", "Smith", "Acme Ltd", emails=("jon@acme.example",), notes="Short")
    long_notes = "Met at the fair; " * 10 + "\nSecond paragraph"
    other = prospect(
        "John", "Smith", "Acme Ltd", emails=("JON@acme.example",), city="Leeds", notes=long_notes
    )
    prospect("Someone", "Else", "Other Co")
    window.bus.publish(Change.PROSPECTS)
    seen = {}

    def merge(dialog: MergeDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["city"] = dialog.findChild(object, "address-other").isChecked()
        notes = dialog.findChild(object, "notes-other")
        seen["notes"] = (notes.text(), notes.toolTip())
        seen["notes radio"] = dialog.findChild(object, "notes-other-radio")
        john = dialog.findChild(object, "first_name-other")
        # On the round indicator, where a person clicks a radio button.
        qtbot.mouseClick(john, Qt.MouseButton.LeftButton, pos=QPoint(8, john.height() // 2))
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    def find(dialog: DuplicatesDialog) -> None:
        seen["rows"] = dialog.model.rowCount()
        seen["why"] = dialog.model.index(0, 2).data()
        when_modal(qtbot, merge, MergeDialog)
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        seen["after"] = dialog.model.rowCount()
        dialog.reject()

    when_modal(qtbot, find, DuplicatesDialog)
    window.duplicates_action.trigger()
    assert seen["rows"] == 1 and seen["why"] == "same email, similar name at the same company"
    assert seen["title"] == "Merge John Smith — Acme Ltd into Jon Smith — Acme Ltd"
    assert seen["city"]  # the kept record has no address: the other's is proposed
    # Notes are kept from both, so there is nothing to choose; a long one is cut to a line.
    assert seen["notes"][0] == long_notes[:59].rstrip() + "…"
    assert seen["notes"][1] == long_notes.strip()
    assert seen["notes radio"] is None
    assert seen["after"] == 0
    survivor = Prospect.get_by_id(keep)
    assert (survivor.first_name, survivor.city) == ("John", "Leeds")
    assert survivor.notes == f"Short\n\n{long_notes.strip()}"
    assert Prospect.get_by_id(other).deleted_at is not None
    assert any("Merged with" in e.detail for e in timeline(keep))

    window.undo_action.trigger()
    assert Prospect.get_by_id(keep).first_name == "Jon"
    assert Prospect.get_by_id(other).deleted_at is None
    assert [(p.first_id, p.second_id) for p in find_duplicates()] == [(keep, other)]


def test_not_the_same_person_is_remembered(qtbot, window):
    a = prospect("Ann", "Lee", emails=("team@shared.example",))
    b = prospect("Bo", "Lee", emails=("team@shared.example",))

    def dismiss(dialog: DuplicatesDialog) -> None:
        qtbot.mouseClick(dialog.dismiss_button, Qt.MouseButton.LeftButton)
        seen["status"] = dialog.status.text()
        dialog.reject()

    seen = {}
    when_modal(qtbot, dismiss, DuplicatesDialog)
    window.find_duplicates()
    assert seen["status"].startswith("Kept apart: Ann Lee and Bo Lee. No possible duplicates")
    assert find_duplicates() == []
    window.undo_action.trigger()
    assert [(p.first_id, p.second_id) for p in find_duplicates()] == [(a, b)]


def _button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text().replace("&", "") == text)


def test_from_the_prospect_page_merge_it_into_the_other_then_undo_in_the_dialog(qtbot, window):
    here = prospect("Ann", "Lee", emails=("ann@lee.example",))
    busier = prospect("Ann", "Lee", emails=("ANN@lee.example",))
    log_touch(busier, TouchInput(Channel.CALL, datetime.now(UTC), outcome=Outcome.TALKED))
    prospect("Jon", "Smith", "Acme", phones=("+12025550100",))
    prospect("John", "Smith", "Acme", phones=("+12025550100",))  # another pair, not shown
    window.open_prospect(here)
    seen = {}

    def merge(dialog: MergeDialog) -> None:
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    def find(dialog: DuplicatesDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["rows"] = [dialog.model.index(0, c).data() for c in range(2)]
        seen["count"] = dialog.model.rowCount()
        when_modal(qtbot, merge, MergeDialog)
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        seen["merged"] = dialog.status.text()
        seen["trashed"] = Prospect.get_by_id(here).deleted_at is not None
        dialog.activateWindow()
        qtbot.waitUntil(dialog.table.hasFocus)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        seen["undone"] = dialog.status.text()
        seen["back"] = Prospect.get_by_id(here).deleted_at is None
        when_modal(qtbot, merge, MergeDialog)
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)  # and again
        qtbot.mouseClick(_button(dialog, "Close"), Qt.MouseButton.LeftButton)

    when_modal(qtbot, find, DuplicatesDialog)
    qtbot.mouseClick(_button(window.prospect, "Duplicates…"), Qt.MouseButton.LeftButton)
    assert seen["title"] == "Duplicates of Ann Lee"
    assert seen["count"] == 1
    # The record with the history is the one offered to keep.
    assert seen["rows"] == ["Ann Lee · 1 touch", "Ann Lee"]
    assert seen["merged"].startswith("Merged Ann Lee into Ann Lee. No other record looks like")
    assert seen["trashed"] and seen["back"]
    assert seen["undone"].startswith("Undone: Merge Ann Lee into Ann Lee.")
    # Merged away for good this time: the page moves on to the record it lives on as.
    assert window.prospect.prospect_id == busier
    assert window.prospect.stack.currentWidget() is window.prospect.body


def test_the_merge_dialog_shows_when_each_record_was_added_and_its_touches(qtbot, store):
    from datetime import timedelta

    from touchdesk.services import settings
    from touchdesk.services.duplicates import merge_preview
    from touchdesk.store.models import Touch

    settings.put("time_zone", "America/New_York")
    now = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    keep = prospect("Jon", "Smith", "Smith & Sons", emails=("jon@acme.example",))
    other = prospect("John", "Smith", "Smith & Sons", emails=("jon@acme.example",))
    Prospect.update(created_at=datetime(2026, 3, 4, 14, 0, tzinfo=UTC)).where(
        Prospect.id == keep
    ).execute()
    # Added late on 21 November in New York: already the 22nd in UTC.
    Prospect.update(created_at=datetime(2026, 11, 22, 2, 0, tzinfo=UTC)).where(
        Prospect.id == other
    ).execute()
    log_touch(keep, TouchInput(Channel.CALL, now - timedelta(days=40), outcome=Outcome.TALKED))
    log_touch(keep, TouchInput(Channel.EMAIL, now - timedelta(days=11)))
    assert Touch.select().count() == 2
    dialog = MergeDialog(merge_preview(keep, other))
    qtbot.addWidget(dialog)
    dialog.show()
    keep_text = dialog.findChild(object, "history-keep").text()
    other_text = dialog.findChild(object, "history-other").text()
    assert keep_text == "Added 4 Mar 2026 · 2 touches, the last 12 Nov 2026"
    assert other_text == "Added 21 Nov 2026 · no touches yet"
    # An ampersand is shown as typed, not taken as a keyboard mnemonic.
    company = dialog.findChild(object, "company-keep")
    assert company.text() == "Smith && Sons"  # how a button shows one '&'
