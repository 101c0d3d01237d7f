"""The import wizard, driven as a seller would: file, mapping, review, import, cancel, undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QPushButton, QWizard

from tests.ui.helpers import type_text, when_modal
from touchdesk.formats.csv_import import Field
from touchdesk.store.models import Prospect
from touchdesk.ui.events import ChangeBus
from touchdesk.ui.imports.wizard import ImportWizard, remembered_mapping

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
