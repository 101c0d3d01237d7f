"""The prospect form as a person fills it in: checks beside fields, duplicates, edit, trash."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.factories import prospect
from tests.ui.helpers import type_text, when_modal
from touchdesk.services import settings
from touchdesk.store.models import ContactPoint, Prospect, ProspectTag
from touchdesk.ui.prospect_form.dialog import ProspectDialog
from touchdesk.ui.prospect_form.trash_dialog import TrashDialog


def test_fields_are_checked_as_you_type_and_saved_as_e164(qtbot, store):
    settings.put("home_country", "GB")
    dialog = ProspectDialog()
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert dialog.name_problem.text() == "Give a name or a company."
    qtbot.keyClicks(dialog.first_name, "Niamh")
    type_text(qtbot, dialog.last_name, "Ó Briain")
    qtbot.keyClicks(dialog.emails, "niamh@example")
    assert (
        "does not look like an email" in dialog.email_problems.text()
        or dialog.email_problems.text() != ""
    )
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.emails, ".ie")
    qtbot.keyClicks(dialog.phones, "12")
    assert dialog.phone_problems.text() != ""
    dialog.phones.clear()
    qtbot.keyClicks(dialog.phones, "020 7946 0958")
    assert dialog.phone_problems.text() == ""
    assert dialog.time_zone.currentText() == "Europe/London"
    qtbot.keyClicks(dialog.tags, "Trade show, VIP")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    row = Prospect.get_by_id(dialog.prospect_id)
    assert (row.first_name, row.last_name, row.time_zone) == ("Niamh", "Ó Briain", "Europe/London")
    phones = [c.value for c in ContactPoint.select().where(ContactPoint.kind == "phone")]
    assert phones == ["+442079460958"]
    assert sorted(t.tag for t in ProspectTag.select()) == ["trade show", "vip"]


def test_a_possible_duplicate_is_pointed_out_before_a_second_record(qtbot, store):
    prospect("Hannah", "Whitfield", emails=("hannah@whitfield.example",))
    dialog = ProspectDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.first_name, "H.")
    qtbot.keyClicks(dialog.emails, "HANNAH@whitfield.example")
    seen = {}

    def decline(box):
        seen["text"] = box.text()
        box.button(QMessageBox.StandardButton.Cancel).click()

    when_modal(qtbot, decline, QMessageBox)
    dialog.accept()
    assert "Possible duplicate of Hannah Whitfield" in seen["text"]
    assert Prospect.select().count() == 1
    when_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Save).click(), QMessageBox)
    dialog.accept()
    assert Prospect.select().count() == 2


def test_edit_from_the_window_is_undoable(qtbot, window):
    pid = prospect("Ada", company="Old Co")

    def edit(dialog):
        dialog.company.selectAll()
        qtbot.keyClicks(dialog.company, "New Co")
        dialog.accept()

    when_modal(qtbot, edit, ProspectDialog)
    window.edit_prospect(pid)
    assert Prospect.get_by_id(pid).company == "New Co"
    window.undo_stack.undo()
    assert Prospect.get_by_id(pid).company == "Old Co"
    window.undo_stack.redo()
    assert Prospect.get_by_id(pid).company == "New Co"


def test_move_to_trash_undo_and_restore_from_the_trash(qtbot, window):
    pid = prospect("Bob")
    when_modal(
        qtbot,
        lambda d: qtbot.mouseClick(d.delete_button, Qt.MouseButton.LeftButton),
        ProspectDialog,
    )
    window.edit_prospect(pid)
    assert Prospect.get_by_id(pid).deleted_at is not None
    window.undo_stack.undo()
    assert Prospect.get_by_id(pid).deleted_at is None
    window.undo_stack.redo()

    def restore(dialog):
        assert dialog.model.rowCount() == 1
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.model.rowCount() == 0
        dialog.reject()

    when_modal(qtbot, restore, TrashDialog)
    window.open_trash()
    assert Prospect.get_by_id(pid).deleted_at is None


def test_markup_in_a_name_is_shown_as_typed_on_the_prospect_page(qtbot, window):
    pid = prospect("<b>Bob</b>")
    window.open_prospect(pid)
    assert window.prospect.name.text() == "<b>Bob</b>"
    assert window.prospect.name.textFormat() == Qt.TextFormat.PlainText


def test_a_name_one_letter_longer_than_a_colleagues_saves(qtbot, store):
    # Comparing 'Lee' with 'Li' at the same company crashed Save, so the prospect was lost.
    prospect("Anna Maria", "Li", "Acme")
    dialog = ProspectDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.first_name, "Anna Maria")
    qtbot.keyClicks(dialog.last_name, "Lee")
    qtbot.keyClicks(dialog.company, "Acme")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    names = sorted(p.last_name for p in Prospect.select())
    assert names == ["Lee", "Li"]
