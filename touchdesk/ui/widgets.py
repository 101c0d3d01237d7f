"""Small widgets and helpers shared by forms and pages: plain labels, action buttons, scrolled
forms."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QWidget,
)

# Capitals with marks above them and letters that reach below the line: a label as tall as
# the font's ascent and descent cut the dots off 'Ö' in the common sans fonts.
_INK_SAMPLE = "ÖÄÅÉÇÑgjpqy"


def ink_margins(metrics: QFontMetrics) -> tuple[int, int]:
    """Pixels the sample's ink reaches above the ascent and below the descent."""
    ink = metrics.tightBoundingRect(_INK_SAMPLE)
    return max(0, -ink.top() - metrics.ascent()), max(0, ink.bottom() + 1 - metrics.descent())


# Measured once per font and screen density: shaping the sample for each label of the same
# font cost the launch about a millisecond a label.
_INK_MARGINS: dict[tuple[str, int], tuple[int, int]] = {}


def widget_ink_margins(widget: QWidget) -> tuple[int, int]:
    key = (widget.font().key(), widget.devicePixelRatio() * widget.logicalDpiY())
    if key not in _INK_MARGINS:
        _INK_MARGINS[key] = ink_margins(widget.fontMetrics())
    return _INK_MARGINS[key]


class InkLabel(QLabel):
    """A label whose height holds accents and descenders in whatever font it is given
    (a style sheet's font arrives after construction, hence the font-change event)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._fit_ink()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_ink()

    def _fit_ink(self) -> None:
        top, bottom = widget_ink_margins(self)
        margins = self.contentsMargins()
        if (margins.top(), margins.bottom()) != (top, bottom):
            self.setContentsMargins(margins.left(), top, margins.right(), bottom)


class ElidedLabel(QLabel):
    """A one-line label that gives up width before the window does: when its row is
    narrower than its text, the text ends in "…" and the whole of it is the tooltip.

    Its minimum width never depends on its text, so a count read after the first paint
    ("Calling list · 1,584 due") cannot make the window wider than it opened."""

    # Room for a few letters and the ellipsis: the label still says what it is.
    MIN_LETTERS = 4

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        margins = self.contentsMargins()
        letters = self.fontMetrics().horizontalAdvance("M" * self.MIN_LETTERS + "…")
        return QSize(letters + margins.left() + margins.right(), super().minimumSizeHint().height())

    def shown_text(self) -> str:
        """The text as painted: whole, or cut to the label's width with an ellipsis."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        shown = self.shown_text()
        self.setToolTip("" if shown == self.text() else self.text())
        # A painter on a widget starts with its font and its text colour. (Not the style's
        # drawItemText: handing Python the style builds QStyle's hundreds of enums.)
        QPainter(self).drawText(self.contentsRect(), self.alignment(), shown)


def plain_label(text: str = "", wrap: bool = False) -> QLabel:
    """A label that never interprets markup: names and notes are shown as typed; `wrap`
    for text that may be longer than the window is wide."""
    label = InkLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def action_button(action: QAction, keep_focus: bool = False) -> QPushButton:
    """A button that runs `action`: its label is the action's words, its shortcut is said in
    the tooltip (a label with keys in it reads as clutter and is cut first on a small screen).

    With keep_focus the keyboard stays in the list beside it: the shortcut is its way there.
    """
    text = action.text()
    button = QPushButton(text.replace("&", "") if keep_focus else text)
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    button.setToolTip(f"{plain} ({keys})" if keys else plain)
    if keep_focus:
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(action.trigger)
    return button


def scrolled(body: QLayout, name: str) -> QScrollArea:
    """A form that scrolls up and down when the screen is shorter than it (a laptop at 600
    pixels high); its width follows the dialog, so nothing scrolls sideways."""
    inner = QWidget()
    inner.setLayout(body)
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # Wide enough for the form, never wider: the area asks no height of its own.
    area.setMinimumWidth(
        inner.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()
    )
    return area


def open_height(widget: QWidget, wanted: int) -> int:
    """`wanted`, or the screen's free height less room for a title bar if that is shorter."""
    screen = widget.screen()
    if screen is None:
        return wanted
    return max(min(wanted, screen.availableGeometry().height() - 48), 200)
