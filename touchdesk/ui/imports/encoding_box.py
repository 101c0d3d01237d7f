"""EncodingBox: the file's first lines as read, and the encoding to read them with."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QComboBox, QFormLayout, QPlainTextEdit, QVBoxLayout, QWidget

from touchdesk.formats.encodings import label
from touchdesk.services.imports import ImportPreview


class EncodingBox(QWidget):
    """Shown for CSV files: when names come out as 'Josķ M³ller', the seller picks another
    encoding and sees the letters change before anything is imported."""

    chosen = Signal(str)  # an encoding name, when the seller picks one

    def __init__(self) -> None:
        super().__init__()
        self.combo = QComboBox()
        self.combo.setToolTip("Which code page the file was saved in; the lines below follow it.")
        self.combo.currentIndexChanged.connect(self._picked)
        self.sample = QPlainTextEdit()
        self.sample.setReadOnly(True)
        self.sample.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.sample.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.sample.setMaximumHeight(self.sample.fontMetrics().lineSpacing() * 6 + 12)
        form = QFormLayout()
        form.addRow("&Characters read as", self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.sample)

    def show_preview(self, preview: ImportPreview) -> None:
        self.setVisible(preview.format == "csv")
        self.combo.blockSignals(True)
        self.combo.clear()
        names = preview.encodings or (preview.encoding,)
        for index, name in enumerate(names):
            guess = " (best guess)" if index == 0 and preview.guessed else ""
            self.combo.addItem(f"{label(name)}{guess}", name)
        self.combo.setCurrentIndex(max(self.combo.findData(preview.encoding), 0))
        self.combo.blockSignals(False)
        self.sample.setPlainText("\n".join(preview.sample))

    def encoding(self) -> str:
        return str(self.combo.currentData() or "")

    def _picked(self) -> None:
        if self.encoding():
            self.chosen.emit(self.encoding())
