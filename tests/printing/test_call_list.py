"""The calling list printed to a real PDF, read back with a PDF library."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication

from touchdesk.domain.today import CallRow
from touchdesk.domain.vocabulary import Channel
from touchdesk.printing.call_list import call_list_table
from touchdesk.printing.output import table_to_pdf

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def page_text(reader: PdfReader, page: int) -> str:
    """The page's words, whitespace folded (pypdf separates words with tabs) and ligatures
    such as 'ﬁ' unfolded (NFKC), as a person would read them."""
    text = unicodedata.normalize("NFKC", reader.pages[page].extract_text())
    return " ".join(text.split())


def call(i: int, **overrides) -> CallRow:
    values = dict(
        prospect_id=i,
        first_name=f"Person{i}",
        last_name="Example",
        company=f"Company {i}",
        time_zone="",
        phone=f"+1202555{i:04d}",
        email="",
        attempts=i % 5,
        last_touch_at=NOW - timedelta(days=3),
        step_id=i,
        due_at=NOW - timedelta(hours=1),
        channel=Channel.CALL,
        purpose=f"Follow up on proposal {i}",
    )
    values.update(overrides)
    return CallRow(**values)


def test_calling_list_pdf_has_the_context_a_seller_needs(qapp: QGuiApplication, tmp_path: Path):
    calls = [
        call(1),
        call(
            2,
            first_name="Hannah",
            last_name="Whitfield",
            company="Whitfield & Sons",
            time_zone="Europe/London",
            purpose="Ask for Sally, after 3 pm",
        ),
    ]
    pdf = tmp_path / "calls.pdf"
    pages = table_to_pdf(call_list_table(calls, NOW, NEW_YORK), pdf)
    reader = PdfReader(pdf)
    assert pages == len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)  # Letter landscape
    text = page_text(reader, 0)
    for expected in (
        "Calling list",
        "Hannah Whitfield",
        "Whitfield & Sons",
        "+12025550002",
        "#3",
        "Ask for Sally",
        "Europe/London",
        "overdue",
        "Page 1 of 1",
    ):
        assert expected in text


def test_a_long_list_runs_over_pages_with_numbers(qapp, tmp_path: Path):
    calls = [call(i) for i in range(1, 120)]
    pdf = tmp_path / "calls.pdf"
    pages = table_to_pdf(call_list_table(calls, NOW, NEW_YORK), pdf)
    reader = PdfReader(pdf)
    assert pages == len(reader.pages) > 3
    last = page_text(reader, pages - 1)
    assert f"Page {pages} of {pages}" in last
    assert "Person119" in last
