"""touchdesk-cli print notes|envelopes|labels, run as the seller runs it, on a real database."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.factories import prospect
from touchdesk.domain.mail import MailDraft
from touchdesk.domain.postal import PostalAddress
from touchdesk.domain.vocabulary import MailKind
from touchdesk.services.bootstrap import ensure_defaults
from touchdesk.services.mail_queue import queue_mail
from touchdesk.store import db
from touchdesk.store.opening import open_store

REPO = Path(__file__).resolve().parents[2]
SPRINGFIELD = dict(
    street="1 Elm St", city="Springfield", region="IL", postal_code="62701", country_code="US"
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "touchdesk.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def page_text(reader: PdfReader, page: int) -> str:
    return " ".join(unicodedata.normalize("NFKC", reader.pages[page].extract_text()).split())


@pytest.fixture
def queued(tmp_path: Path) -> Path:
    path = tmp_path / "mail.sqlite"
    open_store(path, tmp_path / "backups")
    ensure_defaults()
    for n in range(3):
        pid = prospect(f"Ann{n}", "Lee", **SPRINGFIELD)
        queue_mail(pid, MailDraft(MailKind.NOTE, "Thanks", f"Message {n}"))
    tokyo = PostalAddress("山田太郎", "", "丸の内1-1", "", "千代田区", "東京都", "100-0005", "JP")
    queue_mail(prospect("Taro", "Yamada"), MailDraft(MailKind.CARD, address=tokyo))
    queue_mail(prospect("No", "Address"), MailDraft(MailKind.CARD))
    db.close()
    return path


def test_envelopes_with_a_size_and_the_left_out_named(queued, tmp_path):
    out = tmp_path / "env.pdf"
    result = cli("--db", str(queued), "print", "envelopes", "--envelope", "dl", "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    assert "Envelopes: 4 pieces on 4 pages" in result.stdout
    assert "left out: No Address" in result.stderr and "No country" in result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 4
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (624, 312)  # DL landscape
    japan = page_text(reader, 3).replace(" ", "")  # CJK text extracts with stray spaces
    assert "〒100-0005東京都千代田区丸の内1-1山田太郎JAPAN" in japan


def test_labels_on_an_a4_sheet_from_label_n(queued, tmp_path):
    out = tmp_path / "labels.pdf"
    result = cli(
        "--db", str(queued), "print", "labels", "--sheet", "avery-l7163", "--start", "13",
        "--pdf", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 2  # labels 13 and 14, then two on a new sheet
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_notes_list_every_open_task_even_without_an_address(queued, tmp_path):
    out = tmp_path / "notes.pdf"
    result = cli("--db", str(queued), "print", "notes", "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    assert "Notes: 5 pieces" in result.stdout
    text = page_text(PdfReader(out), 0)
    assert "Message 2" in text and "No Address" in text


def test_a_start_beyond_the_sheet_is_refused_and_nothing_written(queued, tmp_path):
    out = tmp_path / "labels.pdf"
    result = cli("--db", str(queued), "print", "labels", "--start", "31", "--pdf", str(out))
    assert result.returncode == 1
    assert "--start must be between 1 and 30" in result.stderr
    assert not out.exists()


def test_nothing_queued_says_so(tmp_path):
    path = tmp_path / "empty.sqlite"
    out = tmp_path / "x.pdf"
    result = cli("--db", str(path), "--create", "print", "envelopes", "--pdf", str(out))
    assert result.returncode == 1 and "nothing to print" in result.stderr
    assert not out.exists()
