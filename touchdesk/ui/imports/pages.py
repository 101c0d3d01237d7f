"""The import wizard's pages: the file, its columns, the review, and the summary with undo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from touchdesk.formats.contact_rows import ImportRow
from touchdesk.formats.csv_import import Field
from touchdesk.formats.encodings import label as encoding_label
from touchdesk.services import imports
from touchdesk.services.imports import DuplicatePolicy, ImportPreview, ImportProblem
from touchdesk.ui.imports.encoding_box import EncodingBox
from touchdesk.ui.imports.reading import previewed
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.table_model import RowTableModel, TableColumn
from touchdesk.ui.widgets import plain_label

if TYPE_CHECKING:  # each page is given its wizard; the wizard module imports the pages
    from touchdesk.ui.imports.wizard import ImportWizard

FILE_FILTER = "Contact files (*.csv *.txt *.vcf *.vcard);;All files (*)"


def _name(row: ImportRow) -> str:
    p = row.prospect
    return " ".join(part for part in (p.first_name, p.last_name) if part)


ROW_COLUMNS: list[TableColumn[ImportRow]] = [
    TableColumn("Line", lambda row: str(row.line_number), align_right=True),
    TableColumn("Name", _name),
    TableColumn("Company", lambda row: row.prospect.company),
    TableColumn("Email", lambda row: ", ".join(row.prospect.emails)),
    TableColumn("Phone", lambda row: ", ".join(row.prospect.phones)),
    TableColumn("City", lambda row: row.prospect.city),
]


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Choose a contact file")
        self.setSubTitle(
            "A CSV from Google Contacts, Outlook, LinkedIn or a spreadsheet, or a vCard (.vcf)."
        )
        self.path = QLineEdit()
        self.path.setPlaceholderText("Contacts file")
        browse = QPushButton("&Choose…")
        browse.clicked.connect(self._browse)
        self.detected = plain_label()
        self.problem = plain_label()
        tint(self.problem, State.PROBLEM)
        self.problem.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.detected)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        self.path.textChanged.connect(self.completeChanged)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import contacts", "", FILE_FILTER)
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        self.problem.clear()
        try:
            # Read with the columns as chosen last time for files like it, or as guessed.
            self._wizard.preview = previewed(self, Path(self.path.text().strip()))
        except ImportProblem as problem:
            self.problem.setText(str(problem))
            return False
        self.detected.setText(describe(self._wizard.preview))
        return True


def describe(preview: ImportPreview) -> str:
    if preview.format == "vcard":
        return "vCard file"
    delimiter = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}.get(
        preview.delimiter, preview.delimiter
    )
    return f"{preview.layout} · {encoding_label(preview.encoding)} · separated by {delimiter}"


class MappingPage(QWizardPage):
    """Which field each column fills, with the first rows shown as they would be imported."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Match the columns")
        self.setSubTitle(
            "What each column holds, as guessed or as you chose last time for a file like this "
            "one. Set a column to “(ignored)” to leave it out. The table shows the result."
        )
        self.detected = plain_label()
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        self.model: RowTableModel[ImportRow] = RowTableModel(ROW_COLUMNS)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)
        self.table.setModel(self.model)
        self.combos: dict[str, QComboBox] = {}
        self.encoding = EncodingBox()
        self.encoding.chosen.connect(self._reread)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detected)
        layout.addWidget(self.encoding)
        # A Google or Outlook file has dozens of columns: they get the most room.
        layout.addWidget(scroll, 3)
        layout.addWidget(self.table, 2)

    def _reread(self, encoding: str) -> None:
        if self._wizard.reread(encoding, self.mapping()):
            self.initializePage()
        else:
            self.encoding.show_preview(self._wizard.preview)

    def initializePage(self) -> None:  # noqa: N802
        preview = self._wizard.preview
        assert preview is not None
        self.detected.setText(describe(preview))
        self.encoding.show_preview(preview)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        for header in preview.headers:
            combo = QComboBox()
            for field in Field:
                combo.addItem(field.value, field.name)
            combo.setCurrentText(preview.mapping.get(header, Field.IGNORE).value)
            combo.currentIndexChanged.connect(self._refresh)
            self.form.addRow(header or "(no name)", combo)
            self.combos[header] = combo
        self._refresh()

    def mapping(self) -> dict[str, Field]:
        return {header: Field[combo.currentData()] for header, combo in self.combos.items()}

    def _refresh(self) -> None:
        preview = self._wizard.preview
        assert preview is not None
        try:
            self.model.set_rows(
                imports.mapped_sample(preview.path, self.mapping(), encoding=preview.encoding)
            )
        except ImportProblem:
            self.model.set_rows([])

    def validatePage(self) -> bool:  # noqa: N802
        preview = self._wizard.preview
        assert preview is not None
        mapping = self.mapping()
        # Not published: no page shows the remembered choices, and a settings change would
        # make every page read the seller's profile again.
        imports.remember_mapping(preview.headers, mapping)
        try:
            # A guessed encoding is guessed again (the same), so the review still says so.
            encoding = None if preview.guessed else preview.encoding
            self._wizard.preview = previewed(self, preview.path, "csv", mapping, encoding)
        except ImportProblem as problem:
            QMessageBox.warning(self, "Import contacts", str(problem))
            return False
        return True


class ReviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Review")
        self.counts = plain_label()
        self.counts.setWordWrap(True)
        columns = [
            *ROW_COLUMNS,
            TableColumn("Notes", self._remarks),
        ]
        self.model: RowTableModel[ImportRow] = RowTableModel(columns)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)
        self.table.setModel(self.model)
        self.duplicates = QComboBox()
        for label, policy in (
            ("Skip them", DuplicatePolicy.SKIP),
            ("Merge into the prospect already here", DuplicatePolicy.MERGE),
            ("Import them anyway", DuplicatePolicy.IMPORT),
        ):
            self.duplicates.addItem(label, policy.value)
        form = QFormLayout()
        form.addRow("Possible &duplicates", self.duplicates)
        self.encoding = EncodingBox()
        self.encoding.chosen.connect(self._reread)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.encoding)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Import")

    def _remarks(self, row: ImportRow) -> str:
        preview = self._wizard.preview
        parts = [f"Skipped: {row.skipped_reason}"] if row.skipped else []
        if preview is not None and row.line_number in preview.duplicates:
            parts.append(preview.duplicates[row.line_number].message())
        return " · ".join(parts + row.problems)

    def _reread(self, encoding: str) -> None:
        if self._wizard.reread(encoding):
            self.initializePage()
        else:
            self.encoding.show_preview(self._wizard.preview)

    def initializePage(self) -> None:  # noqa: N802
        preview = self._wizard.preview
        assert preview is not None
        self.setSubTitle(describe(preview))
        self.encoding.show_preview(preview)
        self.counts.setText(
            f"{preview.importable:,} to import, {preview.skipped:,} to skip, "
            f"{preview.duplicate_count:,} possible duplicates, "
            f"{preview.with_problems:,} with something to check."
        )
        self.model.set_rows(preview.shown)  # the first rows and those with a remark
        self.table.resizeColumnsToContents()

    def policy(self) -> DuplicatePolicy:
        return DuplicatePolicy(self.duplicates.currentData())

    def validatePage(self) -> bool:  # noqa: N802
        summary = self._wizard.run_import(self.policy())
        return summary is not None and not summary.cancelled


class SummaryPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Imported")
        self.report = plain_label()
        self.report.setWordWrap(True)
        self.save_skipped = QPushButton("&Save skipped rows…")
        self.save_skipped.clicked.connect(self._save_skipped)
        self.undo = QPushButton("&Undo this import")
        self.undo.clicked.connect(self._undo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_skipped)
        buttons.addWidget(self.undo)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.report)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        summary = self._wizard.summary
        assert summary is not None
        self.report.setText("\n".join(summary.lines()))
        self.save_skipped.setEnabled(bool(summary.skipped))
        self.undo.setEnabled(bool(summary.imported))

    def _save_skipped(self, path: str | None = None) -> None:
        summary = self._wizard.summary
        assert summary is not None
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save skipped rows", "skipped rows.csv", "CSV (*.csv)"
            )
        if path:
            imports.save_skipped_csv(summary, Path(path))

    def _undo(self) -> None:
        summary = self._wizard.summary
        assert summary is not None
        plan = imports.plan_undo_import(summary.tag)
        question = f"Remove the {len(plan.remove):,} prospects this import added?"
        if plan.kept:
            kept = "\n".join(f"• {name}: {why}" for _, name, why in plan.kept[:10])
            question += (
                f"\n\n{len(plan.kept):,} stay because you have worked with them since:\n{kept}"
            )
        answer = QMessageBox.question(self, "Undo import", question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._wizard.publish(imports.undo_import(summary.tag))
        self.report.setText(
            f"Import undone: {len(plan.remove):,} prospects removed, {len(plan.kept):,} kept."
        )
        self.undo.setEnabled(False)
