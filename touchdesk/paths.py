"""Where TouchDesk keeps its files: user data, backups, logs, and bundled resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

import platformdirs

from touchdesk import APP_ID, ORGANIZATION

DATABASE_NAME = "touchdesk.sqlite"
DEMO_DATABASE_NAME = "demo.sqlite"


class AppPaths(NamedTuple):
    """The folders one running TouchDesk uses; nothing is created until asked."""

    database: Path
    backups: Path
    logs: Path

    def ensure(self) -> AppPaths:
        for folder in (self.database.parent, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(database: str | os.PathLike[str] | None = None) -> AppPaths:
    """The user's folders; an explicit database keeps its backups beside it."""
    data = Path(platformdirs.user_data_dir(APP_ID, ORGANIZATION))
    logs = Path(platformdirs.user_log_dir(APP_ID, ORGANIZATION))
    if database is None:
        return AppPaths(data / DATABASE_NAME, data / "backups", logs)
    db = Path(database).expanduser().resolve()
    return AppPaths(db, db.parent / f"{db.stem}-backups", logs)


def cache_folder() -> Path:
    """What TouchDesk keeps only to start faster, rebuilt when missing (not created here)."""
    return Path(platformdirs.user_cache_dir(APP_ID, ORGANIZATION))


def demo_paths() -> AppPaths:
    """The sample database lives beside the seller's own, never inside it."""
    return app_paths(app_paths().database.with_name(DEMO_DATABASE_NAME))


def resources_dir() -> Path:
    """Bundled resources: inside the package when installed or frozen, else the source tree."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = [Path(__file__).resolve().parent / "resources"]
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "touchdesk" / "resources")
    candidates.append(Path(__file__).resolve().parent.parent / "resources")
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    raise FileNotFoundError("TouchDesk's resources folder is missing from this installation")


def resource(*parts: str) -> Path:
    """One bundled file, e.g. resource("icons", "app.svg")."""
    return resources_dir().joinpath(*parts)
