"""The import wizard, driven as a seller would: file, mapping, review, import, cancel, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton, QWizard

from tests.ui.helpers import type_text, when_modal
from touchdesk.domain.prospects import ProspectInput
from touchdesk.formats.csv_import import Field
from touchdesk.services.imports import DuplicatePolicy, remembered_mapping
from touchdesk.services.prospects import add_prospect
from touchdesk.store.models import ContactPoint, Prospect
from touchdesk.ui.events import ChangeBus
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


def test_known_layout_shows_its_guessed_columns_then_imports(qtbot, store, tmp_path) -> None:
    wizard, changes = open_wizard(qtbot, tmp_path, GOOGLE)
    next_page(wizard)
    assert wizard.currentId() == ImportWizard.MAPPING
    assert wizard.mapping_page.mapping()["Phone 1 - Value"] is Field.PHONE
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
    assert remembered_mapping(["Vorname", "Nachname", "Firma", "Wohnort"])["Wohnort"] is Field.CITY


def test_cancel_leaves_nothing(qtbot, store, tmp_path) -> None:
    rows = "".join(f"P{i},L{i},Co{i},,p{i}@x.example,\n" for i in range(500))
    wizard, changes = open_wizard(qtbot, tmp_path, GOOGLE.splitlines()[0] + "\n" + rows)
    next_page(wizard)
    next_page(wizard)  # the columns as guessed
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
    next_page(wizard)  # the columns as guessed
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


PHONETIC = (
    "First Name,Last Name,Phonetic First Name,Phonetic Last Name,Organization Name,"
    "Organization Title,E-mail 1 - Value,Phone 1 - Value\n"
    "太郎,山田,タロウ,ヤマダ,山田商事,部長,taro@yamada.example,+81 90-1234-5678\n"
)


def test_the_seller_maps_columns_and_the_next_file_of_that_kind_starts_with_it(
    qtbot, store, tmp_path
) -> None:
    wizard, _ = open_wizard(qtbot, tmp_path, PHONETIC)
    next_page(wizard)
    page = wizard.mapping_page
    assert wizard.currentId() == ImportWizard.MAPPING
    assert page.combos["Phonetic First Name"].currentText() == "Phonetic first name"
    assert page.combos["Organization Title"].currentText() == "Role"
    assert page.model.row_value(0).prospect.phones == ("+81 90-1234-5678",)
    page.combos["Organization Title"].setCurrentText("(ignored)")  # the seller's choice
    assert page.model.row_value(0).prospect.role == ""
    next_page(wizard)
    next_page(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.SUMMARY)
    person = Prospect.get()
    assert (person.first_name, person.role) == ("太郎", "")
    assert person.notes == "Phonetic name: タロウ ヤマダ"

    # Another file of the same kind (its columns in another order) starts with that choice.
    columns = PHONETIC.splitlines()[0].split(",")
    again = ",".join(reversed(columns)) + "\n" + "+1 212 555 0100,h@x.example,Boss,Co,,,X,H\n"
    second, _ = open_wizard(qtbot, tmp_path, again, "again.csv")
    next_page(second)
    assert second.currentId() == ImportWizard.MAPPING
    assert second.mapping_page.combos["Organization Title"].currentText() == "(ignored)"
    assert second.mapping_page.combos["Organization Name"].currentText() == "Company"
    # A file with other columns still starts from the guess.
    other, _ = open_wizard(qtbot, tmp_path, GOOGLE, "other.csv")
    next_page(other)
    assert other.mapping_page.combos["Organization Title"].currentText() == "Role"


@pytest.mark.parametrize(
    ("choice", "said", "names", "phones"),
    [
        (
            DuplicatePolicy.SKIP,
            "1 possible duplicates skipped, as you chose",
            ["Ann", "Bob"],
            [],
        ),
        (
            DuplicatePolicy.MERGE,
            "1 possible duplicates merged, as you chose",
            ["Ann", "Bob"],
            ["+12125550147"],
        ),
        (
            DuplicatePolicy.IMPORT,
            "1 possible duplicates imported anyway, as you chose",
            ["Ann", "Ann", "Bob"],
            ["+12125550147"],
        ),
    ],
)
def test_the_summary_follows_the_duplicate_choice(
    qtbot, store, tmp_path, choice, said, names, phones
) -> None:
    add_prospect(ProspectInput(first_name="Ann", last_name="Lee", emails=("ann@acme.example",)))
    wizard, _ = open_wizard(qtbot, tmp_path, GOOGLE)
    next_page(wizard)
    next_page(wizard)
    assert "1 possible duplicates" in wizard.review_page.counts.text()
    choose(wizard.review_page.duplicates, choice.value)
    next_page(wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.SUMMARY)
    report = wizard.summary_page.report.text()
    assert said in report
    imported = 2 if choice is DuplicatePolicy.IMPORT else 1
    assert f"{imported} prospects imported" in report
    assert "1 rows skipped (no name, company or email)" in report
    assert sorted(p.first_name for p in Prospect.select()) == names
    ann_phones = [
        point.value
        for point in ContactPoint.select()
        .join(Prospect)
        .where(Prospect.first_name == "Ann", ContactPoint.kind == "phone")
    ]
    assert ann_phones == phones
