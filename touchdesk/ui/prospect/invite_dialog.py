"""Send a next step as a calendar invite, or add it to your own calendar, as an .ics file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from touchdesk import APP_NAME, ORGANIZATION
from touchdesk.formats.ics import Method
from touchdesk.services.invites.build import (
    InviteOverview,
    describe_invites,
    mailto_url,
    set_title,
)
from touchdesk.services.invites.export import ExportResult, export_steps
from touchdesk.services.invites.steps import InviteError
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.widgets import plain_label

CALENDAR_FILES = "Calendar files (*.ics)"
EMAIL_NOTE = (
    "Your email program opens with the message written. TouchDesk cannot attach files to it: "
    "attach the saved .ics file by hand before sending."
)


def ask_save_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """The file dialog, Qt's own rather than the system's, so it behaves the same everywhere."""
    dialog = QFileDialog(parent, title, str(suggested), CALENDAR_FILES)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix("ics")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.selectFile(suggested.name)
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def report_write_failure(parent: QWidget, path: Path, error: BaseException) -> str:
    """Tell the seller in a message box that nothing was written, and why; returns the words.

    Any error counts, not only the expected ones: the file is written beside and renamed,
    so a failure leaves the old file (or none) in place, and the dialog stays usable.
    """
    reason = str(error) or type(error).__name__
    text = f"The calendar file was not saved to {path}: {reason}"
    QMessageBox.warning(parent, "Calendar file not saved", text)
    return text


def show_in_folder(path: Path, open_url: Callable[[QUrl], object]) -> None:
    open_url(QUrl.fromLocalFile(str(path.parent)))


_FOLDER_KEY = "calendar/last_folder"


def calendar_folder() -> Path:
    """Where calendar files were saved last, else the Documents folder."""
    remembered = QSettings(ORGANIZATION, APP_NAME).value(_FOLDER_KEY, "")
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def remember_folder(folder: Path) -> None:
    QSettings(ORGANIZATION, APP_NAME).setValue(_FOLDER_KEY, str(folder))


class InviteDialog(QDialog):
    """Choose the kind of file, save it, and hand it on: by email or to your calendar.

    `note` says why it is offered now ("The time changed: send the updated invite.");
    `open_url` opens folders and mailto: links (QDesktopServices by default).
    """

    def __init__(
        self,
        step_id: int,
        parent: QWidget | None = None,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.step_id = step_id
        self.open_url = open_url
        self.saved: ExportResult | None = None
        self.overview: InviteOverview = describe_invites(step_id)
        overview = self.overview
        self.setWindowTitle(f"Calendar invite — {overview.prospect_name}")

        self.request_choice = QRadioButton("&Invite the prospect")
        self.request_choice.setToolTip(
            "An invitation they can accept: attach it to your email and it lands in their calendar."
        )
        self.publish_choice = QRadioButton("&Add to my calendar")
        self.publish_choice.setToolTip("A calendar entry for you only; nobody is invited.")
        self.cancel_choice = QRadioButton("Send the &cancellation")
        self.cancel_choice.setToolTip("Takes the event out of the prospect's calendar.")
        self.choices = QButtonGroup(self)
        self._methods = {
            self.request_choice: Method.REQUEST,
            self.cancel_choice: Method.CANCEL,
            self.publish_choice: Method.PUBLISH,
        }
        for button in self._methods:
            self.choices.addButton(button)
        # A cancellation is only offered for a step that is off; an invitation for one that is on.
        self.cancel_choice.setVisible(overview.withdrawn)
        self.request_choice.setVisible(not overview.withdrawn)

        self.note = plain_label(note)
        self.note.setWordWrap(True)
        tint(self.note, State.NOTE)
        self.note.setVisible(bool(note))
        self.summary = plain_label(overview.summary)
        self.summary.setObjectName("inviteSummary")
        self.summary.setStyleSheet("font-size: 12pt; font-weight: 600;")
        # The prospect reads this title in their calendar: a few words, never the purpose note.
        self.title = QLineEdit(overview.title)
        self.title.setObjectName("inviteTitle")
        self.title.setPlaceholderText("Call")
        self.title.setToolTip(
            "What the prospect sees in their calendar, before their name: 'Progress call'."
        )
        self.title.editingFinished.connect(self.apply_title)
        self.when = plain_label(overview.when)
        self.email = plain_label(
            f"Email: {overview.email}" if overview.email else "No email address on file."
        )
        self.explanation = plain_label()
        self.explanation.setObjectName("inviteExplanation")
        self.explanation.setWordWrap(True)
        self.status = plain_label()
        self.status.setObjectName("inviteStatus")
        self.status.setWordWrap(True)

        self.save_button = QPushButton("&Save as…")
        self.save_button.setDefault(True)
        self.folder_button = QPushButton("Show in &folder")
        self.folder_button.setEnabled(False)
        self.copy_button = QPushButton("C&opy invite sentence")
        self.copy_button.setToolTip(overview.sentence)
        self.email_button = QPushButton("&Email it…")
        self.close_button = QPushButton("Close")
        for button in (self.folder_button, self.copy_button, self.email_button, self.close_button):
            button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_as)
        self.folder_button.clicked.connect(self.show_folder)
        self.copy_button.clicked.connect(self.copy_sentence)
        self.email_button.clicked.connect(self.email_it)
        self.close_button.clicked.connect(self.accept)

        choices = QVBoxLayout()
        for button in self._methods:
            choices.addWidget(button)
        actions = QHBoxLayout()
        for button in (self.save_button, self.folder_button):
            actions.addWidget(button)
        actions.addStretch()
        for button in (self.copy_button, self.email_button, self.close_button):
            actions.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.summary)
        title_row = QFormLayout()
        title_row.addRow("&Title", self.title)
        layout.addLayout(title_row)
        layout.addWidget(self.when)
        layout.addWidget(self.email)
        layout.addLayout(choices)
        layout.addWidget(self.explanation)
        layout.addWidget(self.status)
        layout.addLayout(actions)

        for button, method in self._methods.items():
            button.setEnabled(overview.allowed(method))
        # A bound method, not a lambda: the connection then ends with the dialog itself.
        self.choices.buttonToggled.connect(self._on_toggled)
        self._choose_first_allowed()
        self._show_choice()

    # -- state ---------------------------------------------------------------------------

    def method(self) -> Method | None:
        checked = self.choices.checkedButton()
        return self._methods.get(checked) if checked is not None else None

    def choose(self, method: Method) -> None:
        for button, value in self._methods.items():
            if value is method:
                button.setChecked(True)

    def _choose_first_allowed(self) -> None:
        for button, method in self._methods.items():
            if button.isVisibleTo(self) and self.overview.allowed(method):
                button.setChecked(True)
                return

    def _on_toggled(self, _button: QAbstractButton, _checked: bool) -> None:
        self._show_choice()

    def _show_choice(self) -> None:
        overview = self.overview
        method = self.method()
        lines: list[str] = []
        # Why a choice is unavailable stays on screen: a greyed button alone explains nothing.
        for button, value in self._methods.items():
            if button.isVisibleTo(self):
                lines += [f"{value.label}: {problem}" for problem in overview.problems[value]]
        if method is not None:
            lines += list(overview.notes[method])
        self.explanation.setText("\n".join(dict.fromkeys(lines)))
        self.save_button.setEnabled(method is not None)
        # The email carries the invite sentence, so it goes with the invitation.
        self.email_button.setEnabled(overview.can_email and method is Method.REQUEST)
        # The sentence also suits a text or a social message: only do-not-contact stops it.
        self.copy_button.setEnabled(overview.allowed(Method.PUBLISH) and not overview.withdrawn)

    # -- actions -------------------------------------------------------------------------

    def apply_title(self) -> None:
        """Keep the typed title with the step, so every file and email made from it agrees."""
        try:
            set_title(self.step_id, self.title.text())
        except InviteError as error:
            self.status.setText(str(error))
            return
        self.overview = describe_invites(self.step_id)
        self.summary.setText(self.overview.summary)
        self.copy_button.setToolTip(self.overview.sentence)

    def suggested_path(self) -> Path:
        method = self.method() or Method.PUBLISH
        return calendar_folder() / self.overview.filenames[method]

    def ask_path(self, suggested: Path) -> Path | None:
        """Where to save; a test or another caller may answer it differently."""
        return ask_save_path(self, "Save calendar file", suggested)

    def save_as(self) -> None:
        if self.method() is None:
            return
        path = self.ask_path(self.suggested_path())
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> ExportResult | None:
        method = self.method()
        if method is None:
            return None
        self.apply_title()
        try:
            result = export_steps(path, step_id=self.step_id, method=method)
        except InviteError as error:
            self.status.setText(f"Not saved: {error}")
            return None
        except Exception as error:  # noqa: BLE001 - any writer error is shown, never a crash
            self.status.setText(report_write_failure(self, path, error))
            return None
        self.saved = result
        remember_folder(path.parent)
        self.folder_button.setEnabled(True)
        what = "Invitation" if method is Method.REQUEST else method.label
        self.status.setText(f"{what} saved to {path}")
        return result

    def show_folder(self) -> None:
        if self.saved is not None:
            show_in_folder(self.saved.path, self.open_url)

    def copy_sentence(self) -> None:
        self.apply_title()
        QGuiApplication.clipboard().setText(self.overview.sentence)
        self.status.setText("Invite sentence copied.")

    def email_it(self) -> None:
        self.apply_title()
        try:
            url = mailto_url(self.step_id)
        except InviteError as error:
            self.status.setText(str(error))
            return
        self.open_url(QUrl(url, QUrl.ParsingMode.StrictMode))
        self.status.setText(EMAIL_NOTE)
