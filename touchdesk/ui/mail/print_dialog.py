"""Print the mail desk: the note list, envelopes or labels, previewed, printed or saved as PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QPagedPaintDevice
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from touchdesk.domain.mail_layout import ENVELOPES, SHEETS, LabelSheet, paper_for
from touchdesk.domain.wording import count_of
from touchdesk.printing.mail_run import MailRun, paint_mail
from touchdesk.printing.output import to_pdf
from touchdesk.services import settings
from touchdesk.services.mail_print import (
    MailBatch,
    Output,
    envelope_mismatch,
    mail_batch,
    printer_nudge,
    save_printer_nudge,
)
from touchdesk.ui.background import Cancelled, run_with_progress
from touchdesk.ui.mail.custom_grid import CUSTOM, CustomGrid
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.widgets import plain_label

_TITLES = {Output.NOTES: "Note list", Output.ENVELOPES: "Envelopes", Output.LABELS: "Labels"}


class MailPrintDialog(QDialog):
    """`task_ids` None means every open task. The choices are remembered for next time.

    `printer` is where printing starts: the system's default printer unless given (a test gives
    a PDF printer, so that the printers of the machine it runs on cannot change what it sees).
    """

    def __init__(
        self,
        task_ids: list[int] | None = None,
        parent: QWidget | None = None,
        printer: QPrinter | None = None,
        tell: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.tell = tell  # the window's status bar: where a saved PDF went
        self.setWindowTitle("Print mail")
        self.task_ids = task_ids
        remembered = settings.get("mail_print_choices")

        self.outputs = QButtonGroup(self)
        kinds = QHBoxLayout()
        for number, output in enumerate(Output):
            button = QRadioButton(_TITLES[output])
            button.setObjectName(output.value)
            self.outputs.addButton(button, number)
            kinds.addWidget(button)
        chosen = list(Output).index(Output(remembered.get("output", Output.NOTES.value)))
        self.outputs.button(chosen).setChecked(True)

        self.envelope = QComboBox()
        self.envelope.setObjectName("envelopeSize")
        self.envelope.addItem("Each piece's own envelope", AS_QUEUED)
        for key, envelope in ENVELOPES.items():
            self.envelope.addItem(envelope.label, key)
        self.sheet = QComboBox()
        self.sheet.setObjectName("sheet")
        for key, sheet in SHEETS.items():
            self.sheet.addItem(sheet.label, key)
        self.sheet.addItem("Custom grid (measure your sheet)", CUSTOM)
        self.custom = CustomGrid(remembered.get("custom", {}))
        self.custom.changed.connect(self._sheet_changed)
        self.sheet.setCurrentIndex(max(self.sheet.findData(remembered.get("sheet", "")), 0))
        self.start = QSpinBox()
        self.start.setObjectName("start")
        self.start.setPrefix("label ")
        self.outlines = QCheckBox("Draw label outlines (a test print on plain paper)")
        self.nudge_x, self.nudge_y = QDoubleSpinBox(), QDoubleSpinBox()
        for spin, name in ((self.nudge_x, "nudgeX"), (self.nudge_y, "nudgeY")):
            spin.setObjectName(name)
            spin.setRange(-20, 20)
            spin.setSingleStep(0.5)
            spin.setSuffix(" mm")
        self.printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setFullPage(True)  # envelopes and labels are placed from the paper's edge
        self.nudge_for = plain_label()
        self.nudge_for.setObjectName("nudgeFor")
        self.show_nudge_of(self.printer.printerName())
        nudge = QHBoxLayout()
        nudge.addWidget(plain_label("right"))
        nudge.addWidget(self.nudge_x)
        nudge.addWidget(plain_label("down"))
        nudge.addWidget(self.nudge_y)
        nudge.addWidget(self.nudge_for)

        form = QFormLayout()
        form.addRow("Print", kinds)
        form.addRow("Envelope", self.envelope)
        form.addRow("Label sheet", self.sheet)
        form.addRow("", self.custom)
        form.addRow("Start at", self.start)
        form.addRow("", self.outlines)
        form.addRow("Printer nudge", nudge)

        self.summary = plain_label()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.left_out = QListWidget()
        self.left_out.setObjectName("leftOut")
        self.left_out.setMaximumHeight(110)
        self.envelope_note = plain_label()
        self.envelope_note.setObjectName("envelopeNote")
        self.envelope_note.setWordWrap(True)
        tint(self.envelope_note, State.PROBLEM)
        self.saved = plain_label()
        self.saved.setObjectName("saved")
        self.saved.setWordWrap(True)
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.preview_button = QPushButton("Pre&view…")
        self.print_button = QPushButton("&Print…")
        self.pdf_button = QPushButton("Save as P&DF…")
        for button, slot in (
            (self.preview_button, self.preview),
            (self.print_button, self.print_now),
            (self.pdf_button, self.save_pdf),
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(slot)
        self.preview_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.envelope_note)
        layout.addWidget(self.left_out)
        layout.addWidget(self.saved)
        layout.addWidget(buttons)

        self.outputs.idToggled.connect(lambda *_: self.reload())
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self._sheet_changed()
        self.start.setValue(1)
        self.reload()
        # Envelopes default to the size the pieces were queued for; several sizes, each its own.
        sizes = {piece.envelope for piece in self.batch.pieces}
        if len(sizes) == 1:
            default = sizes.pop()
        else:
            default = AS_QUEUED if sizes else remembered.get("envelope", AS_QUEUED)
        self.envelope.setCurrentIndex(max(self.envelope.findData(default), 0))
        self.envelope.currentIndexChanged.connect(lambda _: self._show_envelope_note())
        self._show_envelope_note()

    # -- choices ------------------------------------------------------------------------

    def output(self) -> Output:
        return list(Output)[self.outputs.checkedId()]

    def label_sheet(self) -> LabelSheet:
        key = self.sheet.currentData()
        return self.custom.sheet() if key == CUSTOM else SHEETS[key]

    def _sheet_changed(self) -> None:
        custom = self.sheet.currentData() == CUSTOM
        self.custom.setVisible(custom and self.output() is Output.LABELS)
        sheet = self.label_sheet()
        self.start.setRange(1, max(sheet.per_sheet, 1))
        self._update_buttons()

    def _update_buttons(self) -> None:
        problems = self.label_sheet().problems() if self.output() is Output.LABELS else []
        self.custom.show_problems(problems)
        ready = bool(getattr(self, "batch", None) and self.batch.pieces) and not problems
        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setEnabled(ready)

    def reload(self) -> None:
        output = self.output()
        self.batch: MailBatch = mail_batch(output, self.task_ids)
        for widget in (self.envelope,):
            widget.setEnabled(output is Output.ENVELOPES)
        for widget in (self.sheet, self.start, self.outlines):
            widget.setEnabled(output is Output.LABELS)
        for widget in (self.nudge_x, self.nudge_y):
            widget.setEnabled(output is not Output.NOTES)
        count = len(self.batch.pieces)
        text = f"{count_of(count, 'piece')} to print."
        if self.batch.left_out:
            text += f" {len(self.batch.left_out)} left out:"
        self.summary.setText(text)
        self.left_out.clear()
        for left in self.batch.left_out:
            self.left_out.addItem(str(left))
        self.left_out.setVisible(bool(self.batch.left_out))
        self.custom.setVisible(output is Output.LABELS and self.sheet.currentData() == CUSTOM)
        if hasattr(self, "envelope_note"):
            self._show_envelope_note()
        self._update_buttons()

    def envelope_key(self) -> str | None:
        """The one size every piece prints on, or None: each on the one it was queued for."""
        key = self.envelope.currentData()
        return None if key == AS_QUEUED else key

    def _show_envelope_note(self) -> None:
        chosen = self.envelope_key()
        note = ""
        if self.output() is Output.ENVELOPES and chosen is not None:
            note = envelope_mismatch(self.batch.pieces, chosen)
            if note:
                note += " Choose “Each piece's own envelope” to print each size on its own."
        self.envelope_note.setText(note)
        self.envelope_note.setVisible(bool(note))

    def show_nudge_of(self, printer: str) -> None:
        """Each printer feeds paper its own way: show (and use) the nudge kept for this one."""
        dx, dy = printer_nudge(printer)
        self.nudge_x.setValue(dx)
        self.nudge_y.setValue(dy)
        self.nudge_for.setText(f"for {printer or 'PDF files'}")

    def _remember(self) -> None:
        settings.put(
            "mail_print_choices",
            {
                "output": self.output().value,
                "envelope": self.envelope.currentData(),
                "sheet": self.sheet.currentData(),
                "custom": self.custom.values(),
            },
        )
        save_printer_nudge(self.printer.printerName(), self.nudge_x.value(), self.nudge_y.value())

    # -- painting -----------------------------------------------------------------------

    def run(self) -> MailRun:
        """The pages to paint as plain data, read here on the GUI thread."""
        return MailRun(
            output=self.output(),
            batch=self.batch,
            envelope=self.envelope_key(),
            sheet=self.label_sheet(),
            start=self.start.value(),
            outlines=self.outlines.isChecked(),
            nudge_mm=(self.nudge_x.value(), self.nudge_y.value()),
            paper=paper_for(settings.get("home_country")),
            today=datetime.now(ZoneInfo(settings.get("time_zone"))).date(),
        )

    def paint(self, device: QPagedPaintDevice) -> int:
        """Preview and printer pages, painted here with a progress dialog that keeps the
        window answering between chunks (the preview and the printer belong to this thread)."""
        run = self.run()
        progress = _Progress(
            self, f"Preparing {_TITLES[run.output].lower()}…", len(run.batch.pieces)
        )
        self.last_progress = progress
        try:
            return paint_mail(device, run, progress)
        finally:
            progress.close()

    def preview(self) -> None:
        self._remember()
        dialog = QPrintPreviewDialog(self.printer, self)
        dialog.setWindowTitle(f"Preview — {_TITLES[self.output()]}")
        dialog.paintRequested.connect(self.paint)
        self.preview_dialog = dialog  # kept for tests and for the dialog's lifetime
        dialog.exec()

    def print_now(self) -> None:
        self._remember()
        before = self.printer.printerName()
        chooser = QPrintDialog(self.printer, self)
        if chooser.exec() == QDialog.DialogCode.Accepted:
            if self.printer.printerName() != before:  # another printer: its own calibration
                self.show_nudge_of(self.printer.printerName())
            to_file = self.printer.outputFileName()
            if self.printer.outputFormat() is QPrinter.OutputFormat.PdfFormat and to_file:
                self.save_pdf(to_file)  # "Print to file": the worker, and no half-written file
                return
            # A system printer's job stays on this thread: Qt documents painting a QPrinter
            # from a worker, but the print systems behind it are not tested that way here.
            self.paint(self.printer)

    def save_pdf(self, path: str | None = None) -> Path | None:
        """The PDF is painted by a worker behind a progress dialog with Cancel; a cancelled or
        failed run leaves no file (and the file already there as it was)."""
        self._remember()
        if not path:
            name = f"touchdesk-{self.output().value}.pdf"
            path, _ = QFileDialog.getSaveFileName(
                self, "Save as PDF", str(Path.home() / name), "PDF files (*.pdf)"
            )
        if not path:
            return None
        target = Path(path)
        run = self.run()
        title = _TITLES[run.output]

        def write(report: Callable[[int, int], None]) -> int:
            return to_pdf(target, f"TouchDesk {title}", lambda pdf: paint_mail(pdf, run, report))

        try:
            pages = run_with_progress(
                self, f"Saving {title.lower()} as PDF…", write, cancellable=True
            )
        except Cancelled:
            return None
        except OSError as error:  # files.WriteFailed says which file, why, and what was kept
            QMessageBox.warning(self, "Not saved", str(error))
            return None
        count = f"{pages} page{'s' if pages != 1 else ''}"
        told = f"{title} saved as PDF ({count}): {target}"
        self.saved.setText(told)
        if self.tell is not None:
            self.tell(told)
        return target


AS_QUEUED = "queued"  # the envelope choice that prints each piece on its own size


class _Progress:
    """A progress dialog that appears only for long runs and keeps the window responsive."""

    def __init__(self, parent: QWidget, label: str, total: int) -> None:
        self.dialog = QProgressDialog(label, "Cancel", 0, max(total, 1), parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.reports = 0

    def __call__(self, done: int, total: int) -> bool:
        self.reports += 1
        self.dialog.setValue(done)
        QApplication.processEvents()
        return not self.dialog.wasCanceled()

    def close(self) -> None:
        self.dialog.reset()
        self.dialog.deleteLater()
