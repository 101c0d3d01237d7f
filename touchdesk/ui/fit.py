"""Where a window's layout does not fit its size: widgets past its edges, labels cut short.

Read by `make screenshots` and the layout tests; a window never calls it on itself.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QWidget


def _scrolled(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's viewport: it may lie past the edge, the area scrolls to it."""
    child, parent = widget, widget.parentWidget()
    while parent is not None and child is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        child, parent = parent, grand
    return False


def _name(widget: QWidget) -> str:
    name = widget.objectName()
    text = widget.text() if isinstance(widget, QLabel) else ""
    shown = f" {text[:40]!r}" if text else ""
    return f"{type(widget).__name__}{f' #{name}' if name else ''}{shown}"


def text_width(label: QLabel) -> int:
    """How wide the label's text is drawn, on one line per line it has."""
    text = label.text()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if rich:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        return int(document.idealWidth() + 0.5)
    if label.buddy() is not None:  # "&Name" is drawn "Name" with the N underlined
        text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    metrics = label.fontMetrics()
    return max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)


def misfits(window: QWidget, width: int, height: int) -> list[str]:
    """What does not fit `window` at width x height, in words; [] when everything does.

    A window that cannot shrink that far is said once; its widgets are then measured
    against the window as it is."""
    found = []
    if window.width() > width or window.height() > height:
        found.append(
            f"the window cannot shrink to {width}x{height}: it stays "
            f"{window.width()}x{window.height()}"
        )
    frame = window.rect()
    outside: set[QWidget] = set()
    for widget in window.findChildren(QWidget):  # parents before their children
        if widget.isWindow() or not widget.isVisibleTo(window) or _scrolled(widget, window):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not rect.isEmpty() and not frame.contains(rect):
            outside.add(widget)
            if widget.parentWidget() not in outside:  # the outermost one says it
                found.append(
                    f"{_name(widget)} at {rect.getRect()} is outside the window's "
                    f"{frame.width()}x{frame.height()}"
                )
        if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
            room = widget.contentsRect().width() - 2 * widget.margin() - max(widget.indent(), 0)
            needed = text_width(widget)
            if needed > room + 1:
                found.append(f"{_name(widget)} needs {needed} px and has {room}: its text is cut")
    return found
