"""The column mapping the seller chose for a file's headers, remembered for the next file."""

from __future__ import annotations

import hashlib
import json

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from touchdesk import APP_NAME, ORGANIZATION
from touchdesk.formats.csv_import import Field
from touchdesk.services import imports
from touchdesk.services.imports import ImportPreview
from touchdesk.ui.imports.reading import previewed

_MAPPINGS_GROUP = "import_mappings"


def header_signature(headers: tuple[str, ...]) -> str:
    """The same columns in the same order get the same key, whatever the file is called."""
    return hashlib.sha1("\x1f".join(headers).encode("utf-8")).hexdigest()


def remembered_mapping(headers: tuple[str, ...]) -> dict[str, Field] | None:
    text = QSettings(ORGANIZATION, APP_NAME).value(f"{_MAPPINGS_GROUP}/{header_signature(headers)}")
    if not text:
        return None
    try:
        saved = json.loads(str(text))
        return {header: Field(saved[header]) for header in headers if header in saved}
    except (ValueError, KeyError, TypeError):
        return None  # an old or damaged entry: the guess will do


def remember_mapping(headers: tuple[str, ...], mapping: dict[str, Field]) -> None:
    text = json.dumps({header: field.value for header, field in mapping.items()})
    QSettings(ORGANIZATION, APP_NAME).setValue(
        f"{_MAPPINGS_GROUP}/{header_signature(headers)}", text
    )


def with_remembered_mapping(preview: ImportPreview, parent: QWidget | None = None) -> ImportPreview:
    """An unknown layout read with the mapping the seller chose last time for these columns."""
    if preview.format == "csv" and not imports.is_known_layout(preview):
        saved = remembered_mapping(preview.headers)
        if saved:
            return previewed(parent, preview.path, "csv", saved, preview.encoding)
    return preview
