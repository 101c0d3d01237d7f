"""A label sheet that is not in the list, measured by the seller: its grid in millimetres."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QGridLayout, QWidget

from touchdesk.domain.mail_layout import LabelSheet, custom_sheet
from touchdesk.ui.state_colours import State, tint
from touchdesk.ui.widgets import plain_label

CUSTOM = "custom"

# A custom grid as the seller measures it, in millimetres; starts as an Avery L7160.
_GRID_FIELDS = (
    ("columns", "Columns", 1, 10, 0, 3),
    ("rows", "Rows", 1, 30, 0, 7),
    ("label_width_mm", "Label width", 5, 300, 1, 63.5),
    ("label_height_mm", "Label height", 5, 300, 1, 38.1),
    ("top_mm", "Top margin", 0, 100, 2, 15.15),
    ("left_mm", "Left margin", 0, 100, 2, 7.25),
    ("pitch_across_mm", "Pitch across", 5, 300, 1, 66.0),
    ("pitch_down_mm", "Pitch down", 5, 300, 1, 38.1),
)


class CustomGrid(QWidget):
    """The measurements of a label sheet that is not in the list."""

    changed = Signal()

    def __init__(self, remembered: dict) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.page = QComboBox()
        self.page.addItem("A4", "a4")
        self.page.addItem("US Letter", "letter")
        self.page.setCurrentIndex(max(self.page.findData(remembered.get("page", "a4")), 0))
        self.page.currentIndexChanged.connect(lambda _: self.changed.emit())
        grid.addWidget(plain_label("Paper"), 0, 0)
        grid.addWidget(self.page, 0, 1)
        self.spins: dict[str, QDoubleSpinBox] = {}
        for number, (key, label, low, high, decimals, default) in enumerate(_GRID_FIELDS, 1):
            spin = QDoubleSpinBox()
            spin.setObjectName(key)
            spin.setRange(low, high)
            spin.setDecimals(decimals)
            if decimals:
                spin.setSuffix(" mm")
            spin.setValue(float(remembered.get(key, default)))
            spin.valueChanged.connect(lambda _: self.changed.emit())
            self.spins[key] = spin
            row, column = divmod(number, 2)
            grid.addWidget(plain_label(label), row, column * 2)
            grid.addWidget(spin, row, column * 2 + 1)
        self.problems = plain_label()
        tint(self.problems, State.PROBLEM)
        self.problems.setWordWrap(True)
        grid.addWidget(self.problems, 5, 0, 1, 4)

    def values(self) -> dict:
        return {"page": self.page.currentData()} | {k: s.value() for k, s in self.spins.items()}

    def sheet(self) -> LabelSheet:
        values = self.values()
        return custom_sheet(
            page=values.pop("page"),
            columns=int(values.pop("columns")),
            rows=int(values.pop("rows")),
            **values,
        )

    def show_problems(self, problems: list[str]) -> None:
        self.problems.setText(" ".join(problems))
        self.problems.setVisible(bool(problems))
