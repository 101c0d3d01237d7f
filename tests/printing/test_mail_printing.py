"""Notes, envelopes and labels painted into real PDFs, read back and looked at as pictures."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage

from tests.factories import prospect
from touchdesk.domain.mail import MailDraft
from touchdesk.domain.mail_layout import ENVELOPES, SHEETS
from touchdesk.domain.postal import PostalAddress
from touchdesk.domain.vocabulary import MailKind, MailStatus
from touchdesk.printing.envelopes import paint_envelopes
from touchdesk.printing.labels import paint_labels, sample_pieces
from touchdesk.printing.note_list import paint_note_list
from touchdesk.printing.output import paper, to_pdf
from touchdesk.services import settings
from touchdesk.services.mail_print import MailPiece, Output, mail_batch
from touchdesk.services.mail_queue import mark, queue_mail

SPRINGFIELD = dict(
    street="1 Elm St", city="Springfield", region="IL", postal_code="62701", country_code="US"
)


def text(reader: PdfReader, page: int = 0) -> str:
    return " ".join(unicodedata.normalize("NFKC", reader.pages[page].extract_text()).split())


def size_in_points(reader: PdfReader, page: int = 0) -> tuple[int, int]:
    box = reader.pages[page].mediabox
    return round(float(box.width)), round(float(box.height))


def seller(**extra) -> None:
    settings.put("seller_name", "Sam Seller")
    settings.put("return_street", "9 Market St")
    settings.put("return_city", "Portland")
    settings.put("return_region", "OR")
    settings.put("return_postal_code", "97201")


@pytest.mark.parametrize("key", sorted(ENVELOPES))
def test_each_envelope_size_is_one_landscape_page_per_piece(qapp, store, tmp_path, key):
    seller()
    for first in ("Ann", "Bob"):
        pid = prospect(first, "Lee", "Lee & Co", **SPRINGFIELD)
        queue_mail(pid, MailDraft(MailKind.NOTE, "Thanks", "Hi"))
    batch = mail_batch(Output.ENVELOPES)
    out = tmp_path / f"{key}.pdf"
    pages = to_pdf(out, "Envelopes", lambda w: paint_envelopes(w, batch, key))
    reader = PdfReader(out)
    assert pages == len(reader.pages) == 2
    envelope = ENVELOPES[key]
    assert size_in_points(reader) == (round(envelope.width), round(envelope.height))
    first = text(reader, 0)
    assert "Ann Lee" in first and "SPRINGFIELD, IL 62701" in first
    assert "Sam Seller" in first and "PORTLAND, OR 97201" in first
    assert "UNITED STATES" not in first  # domestic: no country line


def test_mail_abroad_carries_the_sellers_country_in_the_return_address(qapp, store, tmp_path):
    seller()
    queue_mail(prospect("Ann", "Lee", **SPRINGFIELD), MailDraft(MailKind.NOTE))
    berlin = dict(street="Hauptstr. 5", city="Berlin", postal_code="10115", country_code="DE")
    queue_mail(prospect("Hans", "Müller", **berlin), MailDraft(MailKind.NOTE))
    batch = mail_batch(Output.ENVELOPES)
    out = tmp_path / "abroad.pdf"
    to_pdf(out, "Envelopes", lambda w: paint_envelopes(w, batch, "dl"))
    reader = PdfReader(out)
    home, abroad = text(reader, 0), text(reader, 1)
    assert "Ann Lee" in home and "UNITED STATES" not in home
    assert "Hans Müller" in abroad and "10115 BERLIN GERMANY" in abroad
    assert "PORTLAND, OR 97201 UNITED STATES" in abroad  # where it goes back to


def test_envelopes_leave_out_tasks_with_incomplete_addresses_and_say_why(qapp, store):
    good = prospect("Ann", "Lee", **SPRINGFIELD)
    bad = prospect("Bob", "Ray", street="2 Oak Ave", country_code="US")
    done = prospect("Cy", "Done", **SPRINGFIELD)
    queue_mail(good, MailDraft(MailKind.NOTE))
    bad_task, _ = queue_mail(bad, MailDraft(MailKind.NOTE))
    done_task, _ = queue_mail(done, MailDraft(MailKind.NOTE))
    mark([done_task], MailStatus.MAILED)
    batch = mail_batch(Output.ENVELOPES)
    assert [p.name for p in batch.pieces] == ["Ann Lee"]
    [left] = batch.left_out
    assert (left.task_id, left.name) == (bad_task, "Bob Ray")
    assert "No city (required for United States)" in left.reason
    # The note list needs no address: Bob's note is still to be written.
    assert [p.name for p in mail_batch(Output.NOTES).pieces] == ["Ann Lee", "Bob Ray"]
    chosen = mail_batch(Output.NOTES, [done_task])
    assert chosen.pieces == () and chosen.left_out[0].reason == "already mailed"


def test_a_message_that_already_greets_them_gets_no_second_greeting(qapp, store):
    tokyo = PostalAddress("渡辺 拓也 様", "", "名駅4-9-24", "", "名古屋市中村区", "愛知県",
                          "450-0002", "JP")  # fmt: skip
    watanabe = prospect("拓也", "渡辺")
    queue_mail(
        watanabe,
        MailDraft(MailKind.CARD, message="渡辺様、ご注文ありがとうございました。", address=tokyo),
    )
    queue_mail(prospect("Max", "Koch"), MailDraft(MailKind.NOTE, message="Guten Tag Herr Koch,"))
    queue_mail(prospect("Ann", "Lee"), MailDraft(MailKind.NOTE, message="Thanks for the tour."))
    salutations = {p.name: p.salutation for p in mail_batch(Output.NOTES).pieces}
    assert salutations == {"渡辺 拓也 様": "", "Max Koch": "", "Ann Lee": "Dear Ann,"}


def test_labels_start_at_label_n_and_spill_onto_a_new_sheet(qapp, store, tmp_path):
    for n in range(5):
        queue_mail(prospect(f"P{n}", "Lee", **SPRINGFIELD), MailDraft(MailKind.CARD))
    batch = mail_batch(Output.LABELS)
    sheet = SHEETS["avery-5163"]  # 10 per sheet
    out = tmp_path / "labels.pdf"
    pages = to_pdf(out, "Labels", lambda w: paint_labels(w, batch.pieces, sheet, start=8))
    reader = PdfReader(out)
    assert pages == len(reader.pages) == 2
    assert size_in_points(reader) == (612, 792)  # US Letter
    assert text(reader, 0).count("SPRINGFIELD") == 3  # labels 8, 9, 10
    assert text(reader, 1).count("SPRINGFIELD") == 2


def test_a4_sheets_are_a4(qapp, tmp_path):
    pieces = sample_pieces(21)
    out = tmp_path / "l7160.pdf"
    to_pdf(
        out,
        "Test",
        lambda w: paint_labels(w, pieces, SHEETS["avery-l7160"], outlines=True),
    )
    reader = PdfReader(out)
    assert len(reader.pages) == 1 and size_in_points(reader) == (595, 842)
    assert "Test Label 21" in text(reader)


def test_note_list_has_what_to_write_to_whom_and_page_numbers(qapp, store, tmp_path):
    settings.put("seller_name", "Sam Seller")
    for n in range(30):
        pid = prospect(f"Person{n}", "Lee", f"Firm {n}", **SPRINGFIELD)
        queue_mail(pid, MailDraft(MailKind.NOTE, f"Occasion {n}", f"Message number {n}.\n" * 3))
    batch = mail_batch(Output.NOTES)
    out = tmp_path / "notes.pdf"

    def paint(writer):
        writer.setPageSize(paper("letter"))
        return paint_note_list(writer, batch, date(2026, 11, 23))

    pages = to_pdf(out, "Notes", paint)
    reader = PdfReader(out)
    assert pages == len(reader.pages) > 1
    first, last = text(reader, 0), text(reader, pages - 1)
    assert "Notes to write" in first and "30 to write" in first
    assert "Person0 Lee" in first and "Dear Person0," in first and "Message number 0." in first
    assert "Occasion 0" in first and f"Page 1 of {pages}" in first
    assert "Person29 Lee" in last and f"Page {pages} of {pages}" in last
    everyone = " ".join(text(reader, p) for p in range(pages))
    assert all(f"Person{n} Lee" in everyone for n in range(30))


def _rendered(qapp, tmp_path: Path, name: str) -> QImage:
    """The first label of a sheet holding `name`, as a picture of what is printed."""
    piece = MailPiece(1, name, "", "", "", "", "", "", (name, "1 Main St"))
    out = tmp_path / f"{abs(hash(name))}.pdf"
    to_pdf(out, "Glyphs", lambda w: paint_labels(w, [piece], SHEETS["avery-5163"]))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-singlefile", str(out), str(out.with_suffix(""))],
        check=True,
    )
    image = QImage(str(out.with_suffix(".png")))
    # Label 1 of a 5163 sheet: the first line of text sits near its top-left corner.
    return image.copy(20, 50, 300, 26)  # the first line only: the second starts near 77 px


def _ink(image: QImage) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).lightness() < 128
    )


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
@pytest.mark.parametrize(
    "name, look_alike",
    [("山田太郎", "鈴木一郎"), ("Hans Müller", "Hans Muller"), ("Seán Ó Briain", "Sean O Briain")],
)
def test_non_latin_names_are_drawn_not_boxes(qapp, tmp_path, name, look_alike):
    """Missing glyphs print as identical boxes or nothing; real ones differ from a look-alike."""
    drawn, other = _rendered(qapp, tmp_path, name), _rendered(qapp, tmp_path, look_alike)
    assert _ink(drawn) > 100
    assert drawn != other
    # What a missing glyph looks like here: private-use characters no font draws.
    tofu = _rendered(qapp, tmp_path, "\ue000" * len(name))
    if "山" in name:  # every glyph of the name would be a box
        assert drawn != tofu and _ink(drawn) != _ink(tofu)
    if "ü" in name or "Ó" in name:
        assert _ink(drawn) > _ink(other)  # the accents add ink
    reader = PdfReader(next(tmp_path.glob(f"{abs(hash(name))}.pdf")))
    assert name in text(reader)


def _ink_bands(image: QImage) -> list[tuple[int, int]]:
    """The runs of pixel rows holding ink: one per printed line."""
    bands, top = [], None
    for y in range(image.height()):
        inked = any(image.pixelColor(x, y).lightness() < 160 for x in range(image.width()))
        if inked and top is None:
            top = y
        elif not inked and top is not None:
            bands.append((top, y))
            top = None
    if top is not None:
        bands.append((top, image.height()))
    return bands


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_a_seven_line_japanese_address_keeps_its_name_and_country_on_a_one_inch_label(
    qapp, tmp_path
):
    lines = ("〒450-0002", "愛知県", "名古屋市中村区名駅2-9-28", "さくらビル 4階",
             "青葉建設株式会社", "吉田 美咲 様", "JAPAN")  # fmt: skip
    piece = MailPiece(1, "吉田 美咲", "", "", "", "", "", "", lines)
    out = tmp_path / "tall.pdf"
    to_pdf(out, "Labels", lambda w: paint_labels(w, [piece], SHEETS["avery-5160"]))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-singlefile", str(out), str(tmp_path / "tall")],
        check=True,
    )
    page = QImage(str(tmp_path / "tall.png"))
    # Label 1 of a 5160 sheet: 0.1875 in from the left, 0.5 in from the top, 2.625 × 1 in.
    label = page.copy(round(0.1875 * 200), 100, round(2.625 * 200), 200)
    bands = _ink_bands(label)
    assert len(bands) == 7, bands  # every line drawn, none cut at the label's edge
    assert bands[-1][1] < 200 - 2  # the country line ends inside the label


def test_envelopes_of_several_sizes_print_each_on_its_own_paper_grouped(qapp, store, tmp_path):
    seller()
    for first, envelope in (("Ann", "dl"), ("Bob", "c5"), ("Cy", "dl"), ("Di", "us10")):
        pid = prospect(first, "Lee", "Lee & Co", **SPRINGFIELD)
        queue_mail(pid, MailDraft(MailKind.CARD, "Thanks", "Hi", envelope=envelope))
    batch = mail_batch(Output.ENVELOPES)
    out = tmp_path / "mixed.pdf"
    pages = to_pdf(out, "Envelopes", lambda w: paint_envelopes(w, batch, None))
    reader = PdfReader(out)
    assert pages == len(reader.pages) == 4
    # The first size met comes first, all of its pieces together; then the next size.
    expected = [("dl", "Ann"), ("dl", "Cy"), ("c5", "Bob"), ("us10", "Di")]
    for page, (key, name) in enumerate(expected):
        envelope = ENVELOPES[key]
        assert size_in_points(reader, page) == (round(envelope.width), round(envelope.height))
        assert f"{name} Lee" in text(reader, page)


def test_one_size_chosen_for_mixed_pieces_says_which_are_queued_for_others(qapp, store):
    from touchdesk.services.mail_print import envelope_mismatch

    for first, envelope in (("Ann", "dl"), ("Bob", "c5"), ("Cy", "dl")):
        pid = prospect(first, "Lee", **SPRINGFIELD)
        queue_mail(pid, MailDraft(MailKind.CARD, "Thanks", "Hi", envelope=envelope))
    pieces = mail_batch(Output.ENVELOPES).pieces
    assert envelope_mismatch(pieces, "dl") == (
        "Queued for other envelopes: 1 for C5 (162 × 229 mm); they print on DL (110 × 220 mm)."
    )
    assert envelope_mismatch([p for p in pieces if p.envelope == "dl"], "dl") == ""
