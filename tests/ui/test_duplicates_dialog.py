"""Find duplicates and merge, driven with the mouse; Ctrl+Z separates them again."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.services.changes import Change
from touchdesk.services.duplicates import find_duplicates
from touchdesk.services.timeline import timeline
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
        dialog.reject()

    when_modal(qtbot, dismiss, DuplicatesDialog)
    window.find_duplicates()
    assert find_duplicates() == []
    window.undo_action.trigger()
    assert [(p.first_id, p.second_id) for p in find_duplicates()] == [(a, b)]
