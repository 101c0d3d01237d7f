"""The holiday dates suggested slots skip, kept between launches: a launch whose first call
names its next call slot need not load the holidays package and compute a country's year.

One file per (cache version, holidays version) in the cache folder: an upgrade of the package
reads its dates again. A file that cannot be read is ignored (the package answers, and the
file is written anew); one that cannot be written costs the next launch the package.
"""

from __future__ import annotations

import json
import logging
import os
import re
from contextlib import suppress
from datetime import date
from importlib.util import find_spec
from pathlib import Path

from touchdesk.domain.timing import add_known_holidays, holidays_kept, learned_holidays

log = logging.getLogger(__name__)

CACHE_VERSION = 1


def holidays_version() -> str | None:
    """The installed holidays package's version, from its metadata folder's name (its module
    reads it through importlib.metadata, which costs more than the lookup saved)."""
    spec = find_spec("holidays")
    if spec is None or not spec.origin:
        return None
    folder = Path(spec.origin).parent.parent
    found = sorted(folder.glob("holidays-*.dist-info"))
    if len(found) != 1:
        return None
    version = found[0].name.removeprefix("holidays-").removesuffix(".dist-info")
    return version if re.fullmatch(r"[A-Za-z0-9_.+-]{1,40}", version) else None


def holidays_file(folder: Path) -> Path | None:
    version = holidays_version()
    if version is None:
        return None
    return folder / f"holidays-{CACHE_VERSION}-{version}.json"


def load_kept_holidays(folder: Path) -> None:
    """Hand the kept dates to the slot rules; nothing when there are none or they are unreadable."""
    path = holidays_file(folder)
    if path is None:
        return
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        table = {}
        for key, days in raw.items():
            country, year = key.split(":")
            table[(country, int(year))] = frozenset(date.fromisoformat(day) for day in days)
    except FileNotFoundError:
        return
    except (OSError, ValueError, AttributeError, TypeError) as error:
        log.warning(
            "The kept holidays in %s could not be read (%s): asking the package", path, error
        )
        return
    add_known_holidays(table)


def keep_holidays(folder: Path) -> None:
    """Write the dates known now when a lookup learned some the file lacks (beside, then
    renamed: a launch at the same moment reads a whole file or none)."""
    table = learned_holidays()
    path = holidays_file(folder)
    if not table or path is None:
        return
    text = json.dumps(
        {
            f"{country}:{year}": sorted(d.isoformat() for d in days)
            for (country, year), days in table.items()
        }
    )
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part.write_text(text, encoding="utf-8")
        os.replace(part, path)
    except OSError as error:
        log.warning("The holidays could not be kept in %s (%s)", path.parent, error)
        with suppress(OSError):
            part.unlink(missing_ok=True)
        return
    holidays_kept()
