"""The timeline's What column is as wide as its widest text, whether the texts were measured
before, are new, or fill the kept widths so that they are forgotten."""

from __future__ import annotations

from touchdesk.ui.prospect import timeline_view
from touchdesk.ui.prospect.timeline_view import FLOOR_TEXT, ICON_AND_MARGINS, TimelineView


def test_the_what_width_follows_the_widest_text_across_forgotten_widths(qtbot, monkeypatch):
    monkeypatch.setattr(timeline_view, "KEPT_WIDTHS", 6)
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(4000, 300)  # room for any of these: the column is not narrowed
    metrics = view.fontMetrics()
    floor = metrics.horizontalAdvance(FLOOR_TEXT)
    batches = [
        ["#1 Call", "#2 Call", "x" * 90],  # new texts
        ["#1 Call", "x" * 90, "#1 Call"],  # measured before, one twice
        ["#2 Call", "Met", "Talked"],  # one measured before, two new: past the kept count
        [f"#{n} Email · outbound · Sent and a long line after it" for n in range(9)],  # > kept
        ["#1 Email · outbound · Sent and a long line after it", "Met"],  # kept, and one new
        ["W" * 120, "#3 Call"],
        [],
    ]
    for texts in batches:
        view.fit_columns("Thu, 4 Mar 2027, 08:00", texts)
        widest = max([metrics.horizontalAdvance(t) for t in texts] + [floor])
        assert view._what_width == widest + ICON_AND_MARGINS, texts
        assert len(view._widths) <= 6 + 2  # the kept widths stay bounded
