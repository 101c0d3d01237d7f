"""The import wizard, driven as a seller would: file, mapping, review, import, cancel, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton, QWizard

from tests.ui.helpers import type_text, when_modal
from touchdesk.formats.csv_import import Field
from touchdesk.store.models import Prospect
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.imports.remembered import remembered_mapping
from touchdesk.ui.imports.wizard import ImportWizard

GOOGLE = (
    "First Name,Last Name,Organization Name,Organization Title,E-mail 1 - Value,Phone 1 - Value\n"
    "Ann,Lee,Acme,Buyer,ann@acme.example,(212) 555-0147\n"
    "Bob,Stone,Beta,,bob@beta.example,\n"
    ",,,,,\n"
    ",,,Only a title,,\n"
)

SPREADSHEET = "Vorname;Nachname;Firma;Wohnort\nLena;Fischer;Fischer KG;Berlin\n"


def open_wizard(qtbot, tmp_path: Path, text: str, name: str = "contacts.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    bus = ChangeBus()
    changes: list[object] = []
    bus.changed.connect(changes.append)
    wizard = ImportWizard(bus)
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.file_page.path, str(path))
    return wizard, changes


def next_page(wizard: QWizard) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()


def test_known_layout_goes_straight_to_review_and_imports(qtbot, store, tmp_path) -> None:
    wizard, changes = open_wizard(qtbot, tmp_path, GOOGLE)
    next_page(wizard)
    assert wizard.currentId() == ImportWizard.REVIEW
    assert "Google Contacts" in wizard.review_page.subTitle()
    assert "2 to import, 1 to skip" in wizard.review_page.counts.text()
    assert wizard.review_page.model.rowCount() == 3
    next_page(wizard)  # Import
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.SUMMARY)
    assert "2 prospects imported" in wizard.summary_page.report.text()
    assert {p.first_name for p in Prospect.select()} == {"Ann", "Bob"}
    assert changes

    out = tmp_path / "skipped.csv"
    wizard.summary_page._save_skipped(str(out))
    assert "Only a title" not in out.read_text(encoding="utf-8-sig")  # a title is not a name
    assert "No name, company or email." in out.read_text(encoding="utf-8-sig")

    when_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click(), QMessageBox)
    wizard.summary_page.undo.click()
    assert Prospect.select().count() == 0
    assert "Import undone: 2 prospects removed" in wizard.summary_page.report.text()


def test_unknown_layout_asks_for_a_mapping_and_remembers_it(qtbot, store, tmp_path) -> None:
    wizard, _ = open_wizard(qtbot, tmp_path, SPREADSHEET)
    next_page(wizard)
    assert wizard.currentId() == ImportWizard.MAPPING
    page = wizard.mapping_page
    assert page.mapping()["Wohnort"] is Field.IGNORE
    assert page.model.row_value(0).prospect.city == ""
    page.combos["Wohnort"].setCurrentText(Field.CITY.value)
    assert page.model.row_value(0).prospect.city == "Berlin"  # the live preview follows
    next_page(wizard)
    assert wizard.currentId() == ImportWizard.REVIEW
    next_page(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.SUMMARY)
    assert Prospect.get().city == "Berlin"
    assert remembered_mapping(("Vorname", "Nachname", "Firma", "Wohnort"))["Wohnort"] is Field.CITY


def test_cancel_leaves_nothing(qtbot, store, tmp_path) -> None:
    rows = "".join(f"P{i},L{i},Co{i},,p{i}@x.example,\n" for i in range(500))
    wizard, changes = open_wizard(qtbot, tmp_path, GOOGLE.splitlines()[0] + "\n" + rows)
    next_page(wizard)
    # The seller presses Cancel as soon as the progress dialog is up.
    wizard.import_started.connect(lambda dialog: dialog.findChild(QPushButton).click())
    when_modal(qtbot, lambda box: box.accept(), QMessageBox)
    next_page(wizard)
    assert wizard.currentId() == ImportWizard.REVIEW  # still there, nothing imported
    assert Prospect.select().count() == 0
    assert not changes


def test_unreadable_file_is_explained(qtbot, store, tmp_path) -> None:
    path = tmp_path / "picture.csv"
    path.write_bytes(bytes(range(256)) * 10)
    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.file_page.path, str(path))
    next_page(wizard)
    assert wizard.currentId() == ImportWizard.FILE
    assert "not a text file" in wizard.file_page.problem.text()


def choose(combo, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_the_review_shows_the_letters_as_read_and_another_encoding_can_be_chosen(
    qtbot, store, tmp_path
) -> None:
    path = tmp_path / "kunden.csv"
    path.write_bytes(
        "First Name,Last Name,Organization Name\nJosé,Müller,Café GmbH\n".encode("cp1252")
    )
    wizard = ImportWizard(ChangeBus())
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.file_page.path, str(path))
    next_page(wizard)
    page = wizard.review_page
    assert wizard.currentId() == ImportWizard.REVIEW
    assert page.encoding.isVisible()
    assert "José,Müller,Café GmbH" in page.encoding.sample.toPlainText()
    assert page.encoding.combo.currentText() == "Western European (Windows-1252) (best guess)"
    assert "0 with something to check" in page.counts.text()
    choose(page.encoding.combo, "cp1251")  # the seller tries another one
    assert "Josй,Mьller,Cafй GmbH" in page.encoding.sample.toPlainText()
    assert page.model.row_value(0).prospect.first_name == "Josй"
    assert "1 with something to check" in page.counts.text()
    assert "looks garbled" in page.model.data(page.model.index(0, 6))
    choose(page.encoding.combo, "cp1252")
    next_page(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.SUMMARY)
    assert Prospect.get().first_name == "José"


def test_choosing_an_encoding_on_the_mapping_page_rereads_the_headers(
    qtbot, store, tmp_path
) -> None:
    path = tmp_path / "klienci.csv"
    path.write_bytes("Imię;Nazwisko;Firma\nŁukasz;Wąsowski;Żabka\n".encode("cp1250"))
    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.file_page.path, str(path))
    next_page(wizard)
    page = wizard.mapping_page
    assert wizard.currentId() == ImportWizard.MAPPING
    assert list(page.combos) == ["Imię", "Nazwisko", "Firma"]
    assert page.mapping()["Firma"] is Field.COMPANY
    assert page.model.row_value(0).prospect.company == "Żabka"
    page.combos["Nazwisko"].setCurrentText(Field.LAST_NAME.value)
    choose(page.encoding.combo, "cp1252")
    assert list(page.combos) == ["Imiê", "Nazwisko", "Firma"]
    assert page.model.row_value(0).prospect.company == "¯abka"
    assert "Imiê;Nazwisko;Firma" in page.encoding.sample.toPlainText()
    page.combos["Imiê"].setCurrentText(Field.FIRST_NAME.value)
    choose(page.encoding.combo, "cp1250")
    assert page.mapping()["Imię"] is Field.FIRST_NAME  # the choices stay with the columns
    next_page(wizard)
    row = wizard.review_page.model.row_value(0).prospect
    assert (row.first_name, row.last_name, row.company) == ("Łukasz", "Wąsowski", "Żabka")
