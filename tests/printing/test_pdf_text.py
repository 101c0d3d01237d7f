"""Text copied out of a printed PDF is the text printed: no 'ﬁ' ligatures, no radicals for 田."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QGuiApplication

from tests.factories import prospect
from touchdesk.domain.mail import MailDraft
from touchdesk.domain.today import CallRow
from touchdesk.domain.vocabulary import Channel, MailKind
from touchdesk.printing.call_list import call_list_table
from touchdesk.printing.output import table_to_pdf
from touchdesk.printing.pdf_text import fix_cmap
from touchdesk.services.mail_queue import queue_mail
from touchdesk.store import db

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
EMAIL = "anna.fischer@fiscal.example"


def pdftotext(pdf: Path) -> str:
    """What a reader gets when copying the page (poppler, as most Linux viewers use)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip


def test_a_call_list_copies_back_email_and_japanese_name_exactly(qapp: QGuiApplication, tmp_path):
    row = CallRow(
        prospect_id=1, first_name="太郎", last_name="山田", company="田中商事", time_zone="",
        phone="", email=EMAIL, attempts=1, last_touch_at=NOW - timedelta(days=3), step_id=1,
        due_at=NOW - timedelta(hours=1), channel=Channel.EMAIL, purpose="Send the office file",
    )  # fmt: skip
    out = tmp_path / "calls.pdf"
    table_to_pdf(call_list_table([row], NOW, ZoneInfo("Asia/Tokyo")), out)
    text = pdftotext(out)
    assert EMAIL in text
    assert "office file" in text
    assert "山田" in text and "田中商事" in text
    assert not any(0x2E80 <= ord(c) <= 0x2FDF or 0xFB00 <= ord(c) <= 0xFB06 for c in text)


def test_a_printed_note_list_copies_back_exactly(store, tmp_path):
    queue_mail(
        prospect("太郎", "山田"),
        MailDraft(MailKind.NOTE, "Thanks", f"山田太郎様、ありがとう。Write to {EMAIL}, office."),
    )
    db.close()
    out = tmp_path / "notes.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "touchdesk.cli", "--db", str(store.path), "print", "notes",
         "--pdf", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = " ".join(pdftotext(out).split())
    assert EMAIL in text
    assert "山田太郎様" in text.replace(" ", "")
    assert "ﬁ" not in text and "⽥" not in text and "⼭" not in text


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        (b"<0001> <0002> [<2F2D> <FB01> ]", b"<0001> <0002> [<5C71> <00660069> ]"),
        (b"<0005> <0007> <2F00>", b"<0005> <0007> [<4E00> <4E28> <4E36>]"),  # a run spelled out
        (b"<0005> <0007> <0041>", b"<0005> <0007> <0041>"),
    ],
)
def test_cmap_ranges_map_radicals_and_ligatures_to_what_they_stand_for(line, fixed):
    cmap = b"1 beginbfrange\n%s\nendbfrange\n" % line
    assert fix_cmap(cmap) == b"1 beginbfrange\n%s\nendbfrange\n" % fixed


def _shared(code: int) -> bool:
    return 0x2E80 <= code <= 0x2FDF or 0xFB00 <= code <= 0xFB06


BMP = st.integers(0x20, 0xFFFF).filter(lambda c: not 0xD800 <= c <= 0xDFFF)


@given(st.lists(BMP, min_size=1, max_size=30))
def test_every_cmap_entry_becomes_the_text_a_person_typed(codes):
    items = b" ".join(b"<%04X>" % code for code in codes)
    cmap = b"1 beginbfrange\n<0001> <%04X> [%s]\nendbfrange\n" % (len(codes), items)
    (line,) = [x for x in fix_cmap(cmap).split(b"\n") if x.startswith(b"<0001>")]
    got = [
        bytes.fromhex(h.decode()).decode("utf-16-be") for h in re.findall(rb"<([0-9A-F]+)>", line)
    ]
    expected = [unicodedata.normalize("NFKC", chr(c)) if _shared(c) else chr(c) for c in codes]
    assert got[2:] == expected
