"""The templates tab: message templates with live checks and a real-prospect preview."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.templates import (
    KNOWN_PLACEHOLDERS,
    TemplateError,
    TemplateInfo,
    render,
    template_problems,
    unfilled,
)
from touchdesk.services.library import (
    LibraryError,
    list_templates,
    save_template,
)
from touchdesk.services.messages import template_values
from touchdesk.services.prospects import ProspectError, referrer_choices
from touchdesk.services.undo import record
from touchdesk.ui.commands import RecordedCommand
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.plans.common import (
    ItemId,
    action_button,
    keep_editing,
    problem_label,
)
from touchdesk.ui.widgets import plain_label


class TemplatesTab(QWidget):
    """Message templates: problems reported as you type, and a preview with a real prospect."""

    def __init__(self, bus: ChangeBus, undo_stack: QUndoStack) -> None:
        super().__init__()
        self.bus = bus
        self.undo_stack = undo_stack
        self._templates: list[TemplateInfo] = []
        self._editing: TemplateInfo | None = None
        self._focus_key: str | None = None
        self._values: dict[str, str] | None = None  # the previewed prospect's, cached
        self._values_problem = ""
        self._choices_stale = True  # the prospect picker loads when first seen

        self.template_list = QListWidget()
        self.template_list.setObjectName("templates")
        self.template_list.currentRowChanged.connect(self._switch)

        self.name = QLineEdit()
        self.name.setObjectName("templateName")
        self.kind = plain_label()
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        self._target: QLineEdit | QPlainTextEdit = self.body  # where a placeholder goes
        for edit in (self.subject, self.body):
            edit.installEventFilter(self)
        self.problems = problem_label("templateProblems")
        self.save_action = QAction("Save template", self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)
        self.save_button = action_button(self.save_action, "Save")
        for edit in (self.name, self.subject):
            edit.textChanged.connect(self.check)
        self.body.textChanged.connect(self.check)

        self.placeholders = QListWidget()
        self.placeholders.setObjectName("placeholders")
        self.placeholders.setToolTip("Double-click to insert at the cursor")
        for name, meaning in KNOWN_PLACEHOLDERS.items():
            item = QListWidgetItem(f"{{{name}}}  {meaning}")
            item.setData(ItemId, name)
            self.placeholders.addItem(item)
        self.placeholders.itemActivated.connect(self.insert_placeholder)

        self.picker = QComboBox()
        self.picker.setObjectName("previewProspect")
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.lineEdit().setPlaceholderText("Type a prospect's name")
        completer = self.picker.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.picker.currentIndexChanged.connect(lambda _: self._prospect_chosen())
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("preview")
        self.preview.setReadOnly(True)
        self.preview_gaps = plain_label()  # placeholders with nothing to fill them with
        self.preview_gaps.setObjectName("previewGaps")
        self.preview_gaps.setWordWrap(True)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("&Subject", self.subject)
        form.addRow("&Body", self.body)
        save_row = QHBoxLayout()
        save_row.addWidget(self.problems, 1)
        save_row.addWidget(self.save_button)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addLayout(form, 1)
        editor_layout.addLayout(save_row)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(plain_label("Placeholders (double-click to insert)"))
        side_layout.addWidget(self.placeholders, 1)
        side_layout.addWidget(plain_label("Preview with"))
        side_layout.addWidget(self.picker)
        side_layout.addWidget(self.preview, 2)
        side_layout.addWidget(self.preview_gaps)
        splitter = QSplitter()
        splitter.addWidget(self.template_list)
        splitter.addWidget(editor)
        splitter.addWidget(side)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.show_template(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        # Remember the last text field used, so a placeholder lands where the seller writes.
        if event.type() == QEvent.Type.FocusIn and watched in (self.subject, self.body):
            self._target = self.subject if watched is self.subject else self.body
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._choices_stale:
            self.load_choices()

    # -- the list and the editor ---------------------------------------------------------

    def _typed(self) -> TemplateInfo | None:
        if self._editing is None:
            return None
        return self._editing._replace(
            name=self.name.text().strip() or self._editing.name,
            subject=self.subject.text(),
            body=self.body.toPlainText(),
        )

    def is_modified(self) -> bool:
        return self._editing is not None and self._typed() != self._editing

    def problems_now(self) -> list[str]:
        found = template_problems(self.subject.text()) + template_problems(self.body.toPlainText())
        return list(dict.fromkeys(found))  # the same typo in subject and body, said once

    def reload(self) -> None:
        focus, self._focus_key = self._focus_key, None
        self._templates = list_templates()
        keys = [t.key for t in self._templates]
        kept = focus or (self._editing.key if self._editing else None)
        row = keys.index(kept) if kept in keys else 0
        self.template_list.blockSignals(True)
        self.template_list.clear()
        for template in self._templates:
            item = QListWidgetItem(template.name)
            item.setData(ItemId, template.key)
            self.template_list.addItem(item)
        self.template_list.setCurrentRow(row if self._templates else -1)
        self.template_list.blockSignals(False)
        # Someone else's change must not wipe what the seller is typing.
        if focus is not None or not self.is_modified():
            self.show_template(self._templates[row] if self._templates else None)

    def show_template(self, template: TemplateInfo | None) -> None:
        self._editing = template
        for edit in (self.name, self.subject, self.body):
            edit.setEnabled(template is not None)
        self.name.setText(template.name if template else "")
        self.kind.setText(template.kind.capitalize() if template else "")
        self.subject.setText(template.subject if template else "")
        self.body.setPlainText(template.body if template else "")
        self.check()

    def _switch(self, row: int) -> None:
        wanted = self._templates[row] if 0 <= row < len(self._templates) else None
        if self.is_modified() and self._editing is not None:
            if keep_editing(self, f"“{self._editing.name}”", self.save):
                keys = [t.key for t in self._templates]
                self.template_list.blockSignals(True)
                self.template_list.setCurrentRow(keys.index(self._editing.key))
                self.template_list.blockSignals(False)
                return
        keys = [t.key for t in self._templates]
        if wanted is not None and wanted.key in keys:
            # Saving may have reloaded the list: show the one clicked, as stored now.
            self.template_list.blockSignals(True)
            self.template_list.setCurrentRow(keys.index(wanted.key))
            self.template_list.blockSignals(False)
            wanted = self._templates[keys.index(wanted.key)]
        self.show_template(wanted)

    def check(self) -> None:
        """Problems are shown as the seller types, and a template with one cannot be saved."""
        problems = self.problems_now()
        self.problems.setText(" ".join(problems))
        self.save_action.setEnabled(not problems and self.is_modified())
        self.save_button.setEnabled(self.save_action.isEnabled())
        self.render_preview()

    def insert_placeholder(self, item: QListWidgetItem) -> None:
        text = "{" + item.data(ItemId) + "}"
        if self._target is self.subject:
            self.subject.insert(text)
        else:
            self.body.insertPlainText(text)
        self._target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- storing -------------------------------------------------------------------------

    def save(self) -> bool:
        before, after = self._editing, self._typed()
        if before is None or after is None:
            return False
        if after == before:
            return True
        try:
            change, entry = record(lambda: save_template(after))
        except LibraryError as error:
            self.problems.setText(str(error))
            return False
        self._focus_key = after.key
        self.undo_stack.push(
            RecordedCommand.done(self.bus, f"Edit template {after.name}", entry, change)
        )
        return True

    # -- the preview ---------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Prospects, their next steps or the seller's details changed."""
        if self.isVisible():
            self.load_choices()
        else:
            self._choices_stale = True  # reading thousands of names can wait until shown

    def load_choices(self) -> None:
        self._choices_stale = False
        keep = self.picker.currentData()
        choices = referrer_choices()
        self.picker.blockSignals(True)
        self.picker.clear()
        for prospect_id, label in choices:
            self.picker.addItem(label, prospect_id)
        ids = [prospect_id for prospect_id, _ in choices]
        self.picker.setCurrentIndex(ids.index(keep) if keep in ids else 0 if ids else -1)
        self.picker.blockSignals(False)
        self._prospect_chosen()

    def _prospect_chosen(self) -> None:
        prospect_id = self.picker.currentData()
        self._values, self._values_problem = None, ""
        if prospect_id is not None:
            try:
                self._values = template_values(int(prospect_id), datetime.now(UTC))
            except ProspectError as error:
                self._values_problem = str(error)
        self.render_preview()

    def render_preview(self) -> None:
        self.preview_gaps.clear()
        if self._editing is None:
            self.preview.clear()
            return
        if self.problems_now():
            self.preview.setPlainText("The preview appears once the problems are fixed.")
            return
        if self._values is None:
            self.preview.setPlainText(
                self._values_problem or "Add a prospect to preview this with real details."
            )
            return
        try:
            subject = render(self.subject.text(), self._values)
            body = render(self.body.toPlainText(), self._values)
        except TemplateError as error:  # checked above; kept so a preview never crashes
            self.preview.setPlainText(str(error))
            return
        self.preview.setPlainText(f"Subject: {subject}\n\n{body}" if subject.strip() else body)
        self.preview_gaps.setText(self._gaps_text())

    def _gaps_text(self) -> str:
        """Which placeholders come out empty for this prospect, and where to fill them in."""
        gaps = unfilled(f"{self.subject.text()}\n{self.body.toPlainText()}", self._values or {})
        if not gaps:
            return ""
        named = ", ".join(f"{{{name}}} ({KNOWN_PLACEHOLDERS[name]})" for name in gaps)
        text = f"Empty in this preview: {named}."
        if any(name.startswith("my_") for name in gaps):
            text += " Your own details are in Edit → Settings."
        return text
