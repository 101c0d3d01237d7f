"""The words panel refilled with the same words shows them as fresh: from their start, with
nothing selected; new words replace the old."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor

from touchdesk.services.messages import Words
from touchdesk.ui.words_panel import WordsPanel

LONG = "\n".join(f"Line {i}: a voicemail long enough to scroll." for i in range(80))


def _showing_long_words(qtbot) -> tuple[WordsPanel, Words]:
    """A panel on screen, showing words long enough to scroll."""
    panel = WordsPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 200)
    panel.show()
    words = Words(kind="voicemail", subject="", body=LONG, name="Voicemail")
    panel.show_words(words)
    return panel, words


def test_the_same_words_again_are_shown_from_their_start_with_nothing_selected(qtbot):
    panel, _words = _showing_long_words(qtbot)
    cursor = panel.text.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    panel.text.setTextCursor(cursor)  # the seller selected to the end, which scrolled down
    panel.text.ensureCursorVisible()
    assert panel.text.verticalScrollBar().value() > 0
    panel.show_words(Words(kind="voicemail", subject="", body=LONG, name="Voicemail"))
    assert panel.text.toPlainText() == LONG
    assert not panel.text.textCursor().hasSelection()
    assert panel.text.textCursor().position() == 0
    assert panel.text.verticalScrollBar().value() == 0
    panel.show_words(Words(kind="text", subject="", body="Call me back?", name="Text"))
    assert panel.text.toPlainText() == "Call me back?"
    panel.show_words(None)
    assert panel.text.toPlainText() == "" and not panel.text.isVisible()


def test_words_shown_after_other_words_or_none_are_the_new_ones(qtbot):
    panel = WordsPanel()
    qtbot.addWidget(panel)
    first = Words(kind="text", subject="", body="Call me back?", name="Text")
    other = Words(kind="voicemail", subject="", body="Sorry I missed you.", name="Voicemail")
    for words in (first, None, first, other, first, first, None, None, other):
        panel.show_words(words)
        assert panel.text.toPlainText() == (words.text() if words is not None else "")


def test_the_same_words_again_return_to_their_start_from_wherever_they_were_left(qtbot):
    panel, words = _showing_long_words(qtbot)
    bar = panel.text.verticalScrollBar()
    for leave in ("cursor moved", "selected back to the start", "view scrolled", "nothing"):
        cursor = panel.text.textCursor()
        if leave == "cursor moved":  # into the text, nothing selected, still in view
            cursor.setPosition(12)
            panel.text.setTextCursor(cursor)
        elif leave == "selected back to the start":  # the cursor at 0, the anchor further
            cursor.setPosition(40)
            cursor.setPosition(0, QTextCursor.MoveMode.KeepAnchor)
            panel.text.setTextCursor(cursor)
        elif leave == "view scrolled":  # by the wheel: the cursor stays at the start
            bar.setValue(bar.maximum())
        panel.show_words(words)
        assert panel.text.textCursor().position() == 0, leave
        assert not panel.text.textCursor().hasSelection(), leave
        assert bar.value() == 0, leave
