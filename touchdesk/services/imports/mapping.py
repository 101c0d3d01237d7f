"""Which field each column of a contact file fills: the guess, and the seller's choices
remembered per kind of file (the set of its header names)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from touchdesk.formats.csv_import import Field, Layout, suggest_mapping
from touchdesk.services import settings
from touchdesk.services.changes import Change

SETTING = "import_mappings"
# Kinds of file remembered at most; the oldest choice is forgotten first.
KEPT = 50


def shape_of(headers: Iterable[str]) -> str:
    """The key of a kind of file: the same header names in any order, letter case and spacing
    aside, are the same kind (a re-export may move a column)."""
    names = sorted({" ".join(header.split()).casefold() for header in headers})
    return hashlib.sha1("\x1f".join(names).encode("utf-8")).hexdigest()


def remembered_mapping(headers: Iterable[str]) -> dict[str, Field] | None:
    """The seller's last choice for files with these headers; None when there is none."""
    headers = list(headers)
    saved = settings.get(SETTING).get(shape_of(headers))
    if not isinstance(saved, dict):
        return None
    chosen: dict[str, Field] = {}
    for header in headers:
        name = saved.get(" ".join(header.split()).casefold())
        if name in Field.__members__:
            chosen[header] = Field[name]
    return chosen or None  # an old or damaged entry: the guess will do


def starting_mapping(headers: Iterable[str], layout: Layout | None = None) -> dict[str, Field]:
    """What the mapping step starts with: the seller's remembered choice for this kind of file,
    the guess for any column it does not name."""
    headers = list(headers)
    mapping = suggest_mapping(headers, layout)
    mapping.update(remembered_mapping(headers) or {})
    return mapping


def remember_mapping(headers: Iterable[str], mapping: Mapping[str, Field]) -> Change:
    """Keep the seller's choice for the next file with the same header names."""
    headers = list(headers)
    choice = {
        " ".join(header.split()).casefold(): mapping.get(header, Field.IGNORE).name
        for header in headers
    }
    saved = dict(settings.get(SETTING))
    key = shape_of(headers)
    saved.pop(key, None)
    saved[key] = choice  # last, so the newest choices are kept when the list is trimmed
    while len(saved) > KEPT:
        saved.pop(next(iter(saved)))
    return settings.put(SETTING, saved)
