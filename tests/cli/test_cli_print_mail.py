"""touchdesk-cli print notes|envelopes|labels, run as the seller runs it, on a real database."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cups_pdf import CupsPdfQueue, cups_pdf_queue
from tests.factories import prospect
from touchdesk.domain.mail import MailDraft
from touchdesk.domain.mail_layout import ENVELOPES
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


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "touchdesk.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
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
    # The notes were queued for A2 and the card for A7: one size for all is said, not silent.
    assert "note: Queued for other envelopes: 3 for A2 note card" in result.stderr


def test_envelopes_by_default_each_on_the_size_it_was_queued_for(queued, tmp_path):
    out = tmp_path / "env.pdf"
    result = cli("--db", str(queued), "print", "envelopes", "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    assert "note:" not in result.stderr
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        for p in PdfReader(out).pages
    ]
    a2, a7 = ENVELOPES["a2"], ENVELOPES["a7"]
    assert sizes == [(round(a2.width), round(a2.height))] * 3 + [
        (round(a7.width), round(a7.height))
    ]


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


# -- straight to a printer: a real CUPS queue whose cups-pdf driver turns each job into a PDF --


@pytest.fixture
def printer() -> Iterator[CupsPdfQueue]:
    with cups_pdf_queue() as queue:
        yield queue


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    return [
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in PdfReader(pdf).pages
    ]


def ink_box(pdf: Path, work: Path) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of what is printed on page 1, in points (rendered by poppler)."""
    dpi = 36
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-f", "1", "-l", "1", pdf, work],
        check=True,
        timeout=60,
    )
    data = work.with_suffix(".pgm").read_bytes()
    magic, width, height, _, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    width, height = int(width), int(height)
    inked = [i for i, value in enumerate(pixels[: width * height]) if value < 128]
    xs, ys = [i % width for i in inked], [i // width for i in inked]
    points = 72 / dpi
    return (min(xs) * points, min(ys) * points, (max(xs) + 1) * points, (max(ys) + 1) * points)


def turned(box: tuple[float, float, float, float], width: float, height: float) -> list[tuple]:
    """The box of a width x height landscape page once turned onto portrait paper, either way."""
    left, top, right, bottom = box
    clockwise = (height - bottom, left, height - top, right)
    counter = (top, width - right, bottom, width - left)
    return [clockwise, counter]


def test_envelopes_printed_come_out_on_10_envelopes_in_landscape_unscaled(
    queued, printer, tmp_path
):
    result = cli(
        "--db", str(queued), "print", "envelopes", "--envelope", "us10",
        "--printer", printer.name, env=printer.env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"Envelopes: 4 pieces on 4 pages sent to {printer.name}" in result.stdout
    (printed,) = printer.wait_for_pdfs(1)
    # A #10 envelope (9.5 x 4.125 in, 684 x 297 pt), fed as the printer takes it: CUPS turns
    # the landscape pages onto the envelope's portrait media. A plain `lp` gives A4 (595 x 842).
    assert page_sizes(printed) == [(297, 684)] * 4
    # The same marks as the PDF file, turned a quarter and neither scaled nor moved.
    assert cli(
        "--db", str(queued), "print", "envelopes", "--envelope", "us10",
        "--pdf", str(tmp_path / "env.pdf"),
    )  # fmt: skip
    assert page_sizes(tmp_path / "env.pdf")[0] == (684, 297)
    expected = ink_box(tmp_path / "env.pdf", tmp_path / "file")
    got = ink_box(printed, tmp_path / "printed")
    assert any(
        all(abs(a - b) <= 5 for a, b in zip(got, option, strict=True))
        for option in turned(expected, 684, 297)
    ), (got, expected)


def test_labels_printed_on_an_avery_5160_sheet_come_out_on_us_letter(queued, printer):
    result = cli(
        "--db", str(queued), "print", "labels", "--sheet", "avery-5160", "--outlines",
        "--printer", printer.name, env=printer.env(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"Labels: 4 pieces on 1 page sent to {printer.name}" in result.stdout
    (printed,) = printer.wait_for_pdfs(1)
    assert page_sizes(printed) == [(612, 792)]


def test_notes_and_the_calling_list_printed_come_out_on_the_home_paper(queued, printer):
    for what in ("notes", "calls"):
        result = cli(
            "--db", str(queued), "print", what, "--printer", printer.name, env=printer.env()
        )
        assert result.returncode == 0, result.stderr
        assert f"sent to {printer.name}" in result.stdout
    notes, calls = printer.wait_for_pdfs(2)
    assert page_sizes(notes) == [(612, 792)]  # US seller: Letter
    assert page_sizes(calls) == [(612, 792)]  # landscape Letter, turned onto the sheet


def test_an_unknown_printer_is_refused_naming_the_printers_here(queued, printer):
    result = cli(
        "--db", str(queued), "print", "labels", "--printer", "Office Laserr", env=printer.env()
    )
    assert result.returncode == 1
    assert "no printer named 'Office Laserr'" in result.stderr
    assert printer.name in result.stderr
    assert printer.lp("lpstat", "-W", "all", "-o").stdout.strip() == ""  # no job was sent


def test_pdf_and_printer_are_one_choice(queued, tmp_path):
    result = cli(
        "--db", str(queued), "print", "labels", "--pdf", str(tmp_path / "x.pdf"),
        "--printer", "Office",
    )  # fmt: skip
    assert result.returncode == 1 and "not allowed with argument" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
