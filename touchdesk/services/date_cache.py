"""The seller's locale's date tables kept between launches, so a launch need not load Babel.

One file per (tables version, Babel version, locale) in the cache folder: a Babel upgrade or a
change of what is kept reads the tables again. A file that cannot be read is read again from
Babel and written anew; one that cannot be written costs the next launch Babel, nothing more.
"""

from __future__ import annotations

import json
import logging
import os
import re
from contextlib import suppress
from importlib.util import find_spec
from pathlib import Path

from touchdesk.domain.date_tables import TABLES_VERSION, DateTables
from touchdesk.domain.date_text import DateText

log = logging.getLogger(__name__)

_VERSION = re.compile(r"""^__version__\s*(?::\s*str\s*)?=\s*['"]([^'"]+)['"]""", re.MULTILINE)


def babel_version() -> str | None:
    """Babel's version, read from its package without importing it (which is the cost this
    cache saves); None when its source is not a readable file, as in some frozen builds."""
    spec = find_spec("babel")
    if spec is None or not spec.origin:
        return None
    try:
        found = _VERSION.search(Path(spec.origin).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return found.group(1) if found else None


def tables_file(folder: Path, locale: str, version: str) -> Path | None:
    """Where one locale's tables are kept; None for a name unfit for a file name."""
    if not re.fullmatch(r"[A-Za-z0-9_@.-]{1,64}", locale + version) or ".." in locale + version:
        return None
    return folder / f"date-tables-{TABLES_VERSION}-babel-{version}-{locale}.json"


def date_tables(folder: Path, locale: str) -> DateTables | None:
    """The locale's tables: kept ones when there are, else read from Babel and kept. None
    when Babel's version cannot be known: the dates are then asked of Babel."""
    version = babel_version()
    path = tables_file(folder, locale, version) if version else None
    if path is None:
        return None
    try:
        tables = DateTables.from_json(json.loads(path.read_text(encoding="utf-8")))
        if tables.locale == locale:
            return tables
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as error:
        log.warning(
            "The kept date formats in %s could not be read (%s): reading them again", path, error
        )
    tables = DateText(locale).tables()
    _keep(path, tables)
    return tables


def _keep(path: Path, tables: DateTables) -> None:
    """Written beside and renamed: a launch at the same moment reads a whole file or none."""
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part.write_text(json.dumps(tables.to_json(), ensure_ascii=False), encoding="utf-8")
        os.replace(part, path)
    except OSError as error:
        log.warning("The date formats could not be kept in %s (%s)", path.parent, error)
        with suppress(OSError):
            part.unlink(missing_ok=True)
