"""Where things go on envelopes and label sheets, in points (1/72 in), landscape for envelopes.

Sizes and positions follow USPS Publication 28 and the Avery sheet specifications (see the
interop notes); every printer feeds a little differently, so a per-printer X/Y nudge is applied
last.
"""

from __future__ import annotations

from dataclasses import dataclass

POINTS_PER_INCH = 72.0
POINTS_PER_MM = 72.0 / 25.4


def inch(value: float) -> float:
    return value * POINTS_PER_INCH


def mm(value: float) -> float:
    return value * POINTS_PER_MM


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.width, self.height)


@dataclass(frozen=True)
class Envelope:
    key: str
    label: str
    width: float  # the long side: envelopes print landscape
    height: float

    @property
    def return_box(self) -> Box:
        """Return address top left, a quarter inch in, never into the delivery band."""
        return Box(inch(0.25), inch(0.25), self.width * 0.45, self.height * 0.35)

    @property
    def delivery_box(self) -> Box:
        """The delivery block: on a #10 about 4 in from the left and 2 in from the top.

        Smaller envelopes scale that position, but the bottom 5/8 in stays clear for the barcode
        and the block keeps half an inch from the right edge.
        """
        left = self.width * (4.0 / 9.5)
        top = self.height * (2.0 / 4.125)
        bottom = self.height - inch(5 / 8)
        return Box(left, top, self.width - left - inch(0.5), bottom - top)


ENVELOPES: dict[str, Envelope] = {
    e.key: e
    for e in (
        Envelope("us10", "US #10 (4⅛ × 9½ in)", inch(9.5), inch(4.125)),
        Envelope("us9", "US #9 (3⅞ × 8⅞ in)", inch(8.875), inch(3.875)),
        Envelope("a2", "A2 note card (4⅜ × 5¾ in)", inch(5.75), inch(4.375)),
        Envelope("a7", "A7 invitation (5¼ × 7¼ in)", inch(7.25), inch(5.25)),
        Envelope("dl", "DL (110 × 220 mm)", mm(220), mm(110)),
        Envelope("c5", "C5 (162 × 229 mm)", mm(229), mm(162)),
        Envelope("c6", "C6 (114 × 162 mm)", mm(162), mm(114)),
    )
}


@dataclass(frozen=True)
class LabelSheet:
    key: str
    label: str
    page_width: float
    page_height: float
    columns: int
    rows: int
    label_width: float
    label_height: float
    top: float
    left: float
    pitch_across: float
    pitch_down: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def slot(self, index: int) -> Box:
        """The label at position index on its sheet (0 is top left, filled row by row)."""
        row, column = divmod(index % self.per_sheet, self.columns)
        return Box(
            self.left + column * self.pitch_across,
            self.top + row * self.pitch_down,
            self.label_width,
            self.label_height,
        )

    def problems(self) -> list[str]:
        """Why a custom grid cannot be printed, in plain words."""
        found = []
        if self.columns < 1 or self.rows < 1:
            found.append("A sheet needs at least one row and one column of labels.")
        if self.label_width <= 0 or self.label_height <= 0:
            found.append("Labels need a width and a height.")
        if self.pitch_across < self.label_width or self.pitch_down < self.label_height:
            found.append("The pitch must be at least the label size, or labels overlap.")
        right = self.left + (self.columns - 1) * self.pitch_across + self.label_width
        bottom = self.top + (self.rows - 1) * self.pitch_down + self.label_height
        if right > self.page_width + 0.5 or bottom > self.page_height + 0.5:
            found.append("The labels run off the page: check the margins and the pitch.")
        return found


LETTER = (inch(8.5), inch(11))
A4 = (mm(210), mm(297))

SHEETS: dict[str, LabelSheet] = {
    s.key: s
    for s in (
        LabelSheet("avery-5160", "Avery 5160 (30 per Letter sheet)", *LETTER, 3, 10,
                   inch(2.625), inch(1), inch(0.5), inch(0.1875), inch(2.75), inch(1)),
        LabelSheet("avery-5163", "Avery 5163 (10 per Letter sheet)", *LETTER, 2, 5,
                   inch(4), inch(2), inch(0.5), inch(0.17), inch(4.16), inch(2)),
        LabelSheet("avery-l7160", "Avery L7160 (21 per A4 sheet)", *A4, 3, 7,
                   mm(63.5), mm(38.1), mm(15.15), mm(7.25), mm(66.0), mm(38.1)),
        LabelSheet("avery-l7163", "Avery L7163 (14 per A4 sheet)", *A4, 2, 7,
                   mm(99.1), mm(38.1), mm(15.15), mm(4.65), mm(101.6), mm(38.1)),
    )
}  # fmt: skip


def custom_sheet(
    *,
    page: str,
    columns: int,
    rows: int,
    label_width_mm: float,
    label_height_mm: float,
    top_mm: float,
    left_mm: float,
    pitch_across_mm: float,
    pitch_down_mm: float,
) -> LabelSheet:
    """A grid the seller measured; page is "letter" or "a4"."""
    width, height = LETTER if page == "letter" else A4
    return LabelSheet(
        "custom",
        f"Custom ({columns} × {rows})",
        width,
        height,
        columns,
        rows,
        mm(label_width_mm),
        mm(label_height_mm),
        mm(top_mm),
        mm(left_mm),
        mm(pitch_across_mm),
        mm(pitch_down_mm),
    )


@dataclass(frozen=True)
class PlacedLabel:
    page: int
    box: Box
    item: int  # index into the items being printed


def place_labels(
    sheet: LabelSheet, count: int, *, start: int = 1, nudge: tuple[float, float] = (0, 0)
) -> list[PlacedLabel]:
    """Put count labels on sheets, the first at label number start (1-based) of the first sheet."""
    if not 1 <= start <= sheet.per_sheet:
        raise ValueError(f"Start label must be between 1 and {sheet.per_sheet} on this sheet.")
    dx, dy = nudge
    placed = []
    for item in range(count):
        position = start - 1 + item
        page, slot = divmod(position, sheet.per_sheet)
        placed.append(PlacedLabel(page, sheet.slot(slot).moved(dx, dy), item))
    return placed


# Countries that print on US Letter; everyone else uses A4.
_LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR", "DO"})


def paper_for(country_code: str) -> str:
    """ "letter" or "a4": the paper a seller in this country has in the printer."""
    return "letter" if country_code.strip().upper() in _LETTER_COUNTRIES else "a4"
