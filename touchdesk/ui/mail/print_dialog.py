"""Print the mail desk: the note list, envelopes or labels, previewed, printed or saved as PDF."""

from __future__ import annotations

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

from touchdesk.domain.mail_layout import ENVELOPES, SHEETS, paper_for
from touchdesk.services import settings
from touchdesk.services.mail_print import (
    MailBatch,
    Output,
    mail_batch,
    printer_nudge,
    save_printer_nudge,
)
from touchdesk.ui.widgets import plain_label

_TITLES = {Output.NOTES: "Note list", Output.ENVELOPES: "Envelopes", Output.LABELS: "Labels"}


class MailPrintDialog(QDialog):
    """`task_ids` None means every open task. The choices are remembered for next time."""

    def __init__(self, task_ids: list[int] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        for key, envelope in ENVELOPES.items():
            self.envelope.addItem(envelope.label, key)
        self.sheet = QComboBox()
        self.sheet.setObjectName("sheet")
        for key, sheet in SHEETS.items():
            self.sheet.addItem(sheet.label, key)
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
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setFullPage(True)  # envelopes and labels are placed from the paper's edge
        dx, dy = printer_nudge(self.printer.printerName())
        self.nudge_x.setValue(dx)
        self.nudge_y.setValue(dy)
        nudge = QHBoxLayout()
        nudge.addWidget(plain_label("right"))
        nudge.addWidget(self.nudge_x)
        nudge.addWidget(plain_label("down"))
        nudge.addWidget(self.nudge_y)

        form = QFormLayout()
        form.addRow("Print", kinds)
        form.addRow("Envelope", self.envelope)
        form.addRow("Label sheet", self.sheet)
        form.addRow("Start at", self.start)
        form.addRow("", self.outlines)
        form.addRow("Printer nudge", nudge)

        self.summary = plain_label()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.left_out = QListWidget()
        self.left_out.setObjectName("leftOut")
        self.left_out.setMaximumHeight(110)

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
        layout.addWidget(self.left_out)
        layout.addWidget(buttons)

        self.outputs.idToggled.connect(lambda *_: self.reload())
        self.sheet.currentIndexChanged.connect(self._sheet_changed)
        self._sheet_changed()
        self.start.setValue(1)
        self.reload()
        # Envelopes default to the size most of the pieces were queued for.
        sizes = [piece.envelope for piece in self.batch.pieces]
        default = max(set(sizes), key=sizes.count) if sizes else remembered.get("envelope", "us10")
        self.envelope.setCurrentIndex(max(self.envelope.findData(default), 0))

    # -- choices ------------------------------------------------------------------------

    def output(self) -> Output:
        return list(Output)[self.outputs.checkedId()]

    def _sheet_changed(self) -> None:
        self.start.setRange(1, SHEETS[self.sheet.currentData()].per_sheet)

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
        text = f"{count} piece{'s' if count != 1 else ''} to print."
        if self.batch.left_out:
            text += f" {len(self.batch.left_out)} left out:"
        self.summary.setText(text)
        self.left_out.clear()
        for left in self.batch.left_out:
            self.left_out.addItem(str(left))
        self.left_out.setVisible(bool(self.batch.left_out))
        for button in (self.preview_button, self.print_button, self.pdf_button):
            button.setEnabled(count > 0)

    def _remember(self) -> None:
        settings.put(
            "mail_print_choices",
            {
                "output": self.output().value,
                "envelope": self.envelope.currentData(),
                "sheet": self.sheet.currentData(),
            },
        )
        save_printer_nudge(self.printer.printerName(), self.nudge_x.value(), self.nudge_y.value())

    # -- painting -----------------------------------------------------------------------

    def paint(self, device: QPagedPaintDevice) -> int:
        """The one painter behind preview, printer and PDF, with progress for long runs."""
        from touchdesk.printing import mail_pages
        from touchdesk.printing.output import paper

        output = self.output()
        total = len(self.batch.pieces)
        progress = _Progress(self, f"Preparing {_TITLES[output].lower()}…", total)
        self.last_progress = progress
        nudge = (self.nudge_x.value(), self.nudge_y.value())
        try:
            if output is Output.ENVELOPES:
                return mail_pages.paint_envelopes(
                    device, self.batch, self.envelope.currentData(), nudge, progress
                )
            if output is Output.LABELS:
                return mail_pages.paint_labels(
                    device,
                    self.batch.pieces,
                    SHEETS[self.sheet.currentData()],
                    start=self.start.value(),
                    outlines=self.outlines.isChecked(),
                    nudge_mm=nudge,
                    progress=progress,
                )
            device.setPageSize(paper(paper_for(settings.get("home_country"))))
            today = datetime.now(ZoneInfo(settings.get("time_zone"))).date()
            return mail_pages.paint_note_list(device, self.batch, today, progress)
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
        chooser = QPrintDialog(self.printer, self)
        if chooser.exec() == QDialog.DialogCode.Accepted:
            self.paint(self.printer)

    def save_pdf(self, path: str | None = None) -> Path | None:
        from touchdesk.printing.output import to_pdf

        self._remember()
        if not path:
            name = f"touchdesk-{self.output().value}.pdf"
            path, _ = QFileDialog.getSaveFileName(
                self, "Save as PDF", str(Path.home() / name), "PDF files (*.pdf)"
            )
        if not path:
            return None
        target = Path(path)
        try:
            to_pdf(target, f"TouchDesk {_TITLES[self.output()]}", self.paint)
        except OSError as error:
            QMessageBox.warning(self, "Not saved", f"Could not write {target}: {error.strerror}")
            return None
        return target


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
