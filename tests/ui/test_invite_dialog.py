"""The invite dialog and the calendar export, driven as a person would, files read back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from tests.factories import prospect
from tests.ui.helpers import when_modal
from touchdesk.domain.next_steps import NextStepInput
from touchdesk.domain.vocabulary import Channel, NextStepStatus, ProspectStatus
from touchdesk.formats.ics import Method
from touchdesk.services import settings
from touchdesk.services.invites.rules import NO_EMAIL
from touchdesk.services.next_steps import close_step, get_step, open_step, set_next_step
from touchdesk.services.statuses import set_status
from touchdesk.ui.dialogs.export_calendar_dialog import ExportCalendarDialog
from touchdesk.ui.prospect.invite_dialog import EMAIL_NOTE, InviteDialog

NEW_YORK = ZoneInfo("America/New_York")
DUE = datetime(2027, 3, 15, 8, 30, tzinfo=NEW_YORK)


@pytest.fixture
def seller(store):
    settings.put("seller_name", "Sam Seller")
    settings.put("seller_email", "sam@example.com")
    settings.put("time_zone", "America/New_York")
    return store


def step_for(**fields) -> int:
    values = {
        "emails": ("hannah@example.com",),
        "time_zone": "America/New_York",
        "purpose": "Progress",
    } | fields
    pid = prospect("Hannah", "Whitfield", "Whitfield & Sons", due=DUE, **values)
    return open_step(pid).id


def open_dialog(
    qtbot, step_id: int, opened: list[QUrl] | None = None, note: str = ""
) -> InviteDialog:
    dialog = InviteDialog(
        step_id, open_url=(opened if opened is not None else []).append, note=note
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click_choice(qtbot, button) -> None:
    """On the round indicator: the button stretches far past its words."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def answer_file_dialog(qtbot, path: Path, seen: list[str]) -> None:
    """Type the file name into Qt's own save dialog and press Save."""

    def act(dialog: QFileDialog) -> None:
        seen.append(dialog.selectedFiles()[0])
        dialog.setDirectory(str(path.parent))
        name = dialog.findChild(QLineEdit)
        name.clear()
        qtbot.keyClicks(name, path.name)
        qtbot.keyClick(name, Qt.Key.Key_Return)

    when_modal(qtbot, act, QFileDialog)


def test_save_an_invitation_through_the_file_dialog(qtbot, seller, tmp_path):
    dialog = open_dialog(qtbot, step_for())
    assert dialog.method() is Method.REQUEST  # inviting is the first choice when possible
    assert dialog.request_choice.isEnabled() and dialog.publish_choice.isEnabled()
    assert not dialog.folder_button.isEnabled()

    target = tmp_path / "out" / "hannah.ics"
    target.parent.mkdir()
    suggested: list[str] = []
    answer_file_dialog(qtbot, target, suggested)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert Path(suggested[0]).name == "invite-call-hannah-whitfield-2027-03-15.ics"
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == DUE
    assert str(event["ATTENDEE"]) == "mailto:hannah@example.com"
    assert dialog.status.text() == f"Invitation saved to {target}"
    assert dialog.folder_button.isEnabled()
    # The next Save as starts in the folder used last.
    assert dialog.suggested_path().parent == target.parent


def test_add_to_my_calendar_is_a_publish_file(qtbot, seller, tmp_path):
    dialog = open_dialog(qtbot, step_for())
    click_choice(qtbot, dialog.publish_choice)
    assert dialog.method() is Method.PUBLISH
    assert not dialog.email_button.isEnabled()  # the email goes with the invitation
    target = tmp_path / "mine.ics"
    dialog.save_to(target)
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert calendar["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in calendar.walk("VEVENT")[0]


def test_no_email_is_explained_and_the_invitation_disabled(qtbot, seller, tmp_path):
    dialog = open_dialog(qtbot, step_for(emails=()))
    assert not dialog.request_choice.isEnabled()
    assert dialog.method() is Method.PUBLISH
    assert NO_EMAIL in dialog.explanation.text()
    assert dialog.explanation.textFormat() is Qt.TextFormat.PlainText
    assert dialog.email.text() == "No email address on file."
    assert not dialog.email_button.isEnabled()
    assert dialog.copy_button.isEnabled()  # the sentence still suits a text message
    target = tmp_path / "mine.ics"
    answer_file_dialog(qtbot, target, [])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert icalendar.Calendar.from_ical(target.read_bytes())["METHOD"] == "PUBLISH"


def test_do_not_contact_disables_everything_and_says_why(qtbot, seller):
    step = step_for()
    set_status(open_step_prospect(step), ProspectStatus.DO_NOT_CONTACT)
    dialog = open_dialog(qtbot, step)
    assert dialog.method() is None
    assert not any(button.isEnabled() for button in dialog._methods)
    for button in (dialog.save_button, dialog.email_button, dialog.copy_button):
        assert not button.isEnabled()
    assert "asked not to be contacted" in dialog.explanation.text()


def open_step_prospect(step_id: int) -> int:
    return get_step(step_id).prospect_id


def test_a_seller_without_email_is_sent_to_settings(qtbot, seller):
    settings.put("seller_email", "")
    dialog = open_dialog(qtbot, step_for())
    assert not dialog.request_choice.isEnabled()
    assert "set it in Settings" in dialog.explanation.text()


def test_copy_invite_sentence(qtbot, seller):
    dialog = open_dialog(qtbot, step_for())
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text == dialog.overview.sentence
    assert text.startswith("I'll put a call on both our calendars on ")


def test_email_it_opens_mailto_and_says_to_attach_by_hand(qtbot, seller):
    opened: list[QUrl] = []
    dialog = open_dialog(qtbot, step_for(), opened)
    qtbot.mouseClick(dialog.email_button, Qt.MouseButton.LeftButton)
    (url,) = opened
    assert url.scheme() == "mailto"
    assert url.path() == "hannah@example.com"
    assert "subject=Invitation" in url.query(QUrl.ComponentFormattingOption.FullyEncoded)
    assert dialog.status.text() == EMAIL_NOTE
    assert "attach the saved .ics file by hand" in dialog.status.text()


def test_show_in_folder_opens_the_folder_of_the_saved_file(qtbot, seller, tmp_path):
    opened: list[QUrl] = []
    dialog = open_dialog(qtbot, step_for(), opened)
    dialog.save_to(tmp_path / "hannah.ics")
    qtbot.mouseClick(dialog.folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(tmp_path)]


def test_a_cancelled_step_offers_the_cancellation(qtbot, seller, tmp_path):
    step = step_for()
    close_step(step, NextStepStatus.CANCELLED)
    why = "The call is off: send the cancellation so it leaves their calendar."
    dialog = open_dialog(qtbot, step, note=why)
    assert dialog.note.isVisible() and dialog.note.text() == why
    assert not dialog.request_choice.isVisible()
    assert dialog.cancel_choice.isVisible() and dialog.method() is Method.CANCEL
    dialog.save_to(tmp_path / "cancel.ics")
    calendar = icalendar.Calendar.from_ical((tmp_path / "cancel.ics").read_bytes())
    assert calendar["METHOD"] == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_export_calendar_writes_the_range(qtbot, seller, tmp_path):
    step_for()
    prospect("Ada", due=DUE + timedelta(days=5))
    prospect("Later", due=DUE + timedelta(days=60))
    dialog = ExportCalendarDialog(today=date(2027, 3, 1), open_url=[].append)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.last_day() == date(2027, 3, 31)
    target = tmp_path / "march.ics"
    suggested: list[str] = []
    answer_file_dialog(qtbot, target, suggested)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert Path(suggested[0]).name == "touchdesk-next-steps-2027-03-01-to-2027-03-31.ics"
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert calendar["METHOD"] == "PUBLISH"
    assert len(calendar.walk("VEVENT")) == 2
    assert dialog.status.text() == f"2 next steps written to {target}"


def test_export_calendar_explains_an_empty_or_backward_range(qtbot, seller, tmp_path):
    dialog = ExportCalendarDialog(today=date(2027, 3, 1), open_url=[].append)
    qtbot.addWidget(dialog)
    dialog.save_to(tmp_path / "empty.ics")
    assert (
        dialog.status.text() == "Nothing written: No next steps in that range: nothing to export."
    )
    assert not (tmp_path / "empty.ics").exists()
    dialog.end.setDate(dialog.start.date().addDays(-1))
    assert not dialog.export_button.isEnabled()
    assert dialog.status.text() == "The range ends before it starts."


TWO_LINE_PLACE = "https://meet.example.com/j/123\nPasscode: 4711"


def two_line_step(qtbot) -> int:
    """A video call whose 'Place or link' got a pasted link and its passcode line: the
    field keeps the line break, as QLineEdit does on paste."""
    pid = prospect(
        "Hannah",
        "Whitfield",
        "Whitfield & Sons",
        emails=("hannah@example.com",),
        time_zone="America/New_York",
    )
    place = QLineEdit()
    qtbot.addWidget(place)
    QGuiApplication.clipboard().setText(TWO_LINE_PLACE)
    qtbot.keyClick(place, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert place.text() == TWO_LINE_PLACE
    step = NextStepInput(
        due_at=DUE, channel=Channel.VIDEO_CALL, purpose="Demo", location=place.text().strip()
    )
    set_next_step(pid, step)
    return open_step(pid).id


def test_a_two_line_place_is_saved_as_an_invitation(qtbot, seller, tmp_path):
    dialog = open_dialog(qtbot, two_line_step(qtbot))
    assert dialog.method() is Method.REQUEST
    target = tmp_path / "demo.ics"
    answer_file_dialog(qtbot, target, [])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.status.text() == f"Invitation saved to {target}"
    raw = target.read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "LOCATION:https://meet.example.com/j/123\\nPasscode: 4711\r\n" in raw
    (event,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["LOCATION"]) == TWO_LINE_PLACE
    assert str(event["URL"]) == "https://meet.example.com/j/123"
    assert "Join: https://meet.example.com/j/123\nPasscode: 4711" in str(event["DESCRIPTION"])


def close_message_box(qtbot, seen: list[str]) -> None:
    def act(box: QMessageBox) -> None:
        seen.append(box.text())
        box.accept()

    when_modal(qtbot, act, QMessageBox)


def test_a_failed_write_in_the_invite_dialog_says_so_and_leaves_no_file(qtbot, seller, tmp_path):
    dialog = open_dialog(qtbot, step_for())
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "taken.ics"
    target.mkdir()  # a folder by that name: the finished file cannot be renamed over it
    seen: list[str] = []
    close_message_box(qtbot, seen)
    assert dialog.save_to(target) is None

    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith(f"The calendar file was not saved to {target}: ")
    assert dialog.status.text() == seen[0]
    assert not dialog.folder_button.isEnabled()
    assert [path.name for path in target.parent.iterdir()] == ["taken.ics"]  # no half-written file
    assert target.is_dir() and not any(target.iterdir())


def test_a_failed_write_in_the_calendar_export_says_so_and_leaves_no_file(qtbot, seller, tmp_path):
    step_for()
    dialog = ExportCalendarDialog(today=date(2027, 3, 1), open_url=[].append)
    qtbot.addWidget(dialog)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "steps.ics"
    target.mkdir()
    seen: list[str] = []
    close_message_box(qtbot, seen)
    assert dialog.save_to(target) is None

    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0].startswith(f"The calendar file was not saved to {target}: ")
    assert [path.name for path in target.parent.iterdir()] == ["steps.ics"]


def test_the_title_field_edits_the_summary_written(qtbot, seller, tmp_path):
    dialog = open_dialog(qtbot, step_for(purpose="Revive: a reason-led — call"))
    assert dialog.title.text() == "Call"
    assert dialog.summary.text() == "Call: Hannah Whitfield / Whitfield & Sons"
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Progress call")
    # Leaving the field keeps the title (Return would also press the default Save as…).
    dialog.title.editingFinished.emit()
    assert dialog.summary.text() == "Progress call: Hannah Whitfield / Whitfield & Sons"
    dialog.choose(Method.REQUEST)
    result = dialog.save_to(tmp_path / "invite.ics")
    assert result is not None
    (event,) = icalendar.Calendar.from_ical(result.path.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Progress call: Hannah Whitfield / Whitfield & Sons"
    # The title stays with the step: the dialog opened again shows it.
    again = open_dialog(qtbot, dialog.step_id)
    assert again.title.text() == "Progress call"
