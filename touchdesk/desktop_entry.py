"""The Linux launcher: a .desktop file and hicolor icons in the user's XDG data folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from platformdirs.unix import Unix

from touchdesk import APP_ID, files
from touchdesk.autostart import _exec_argument
from touchdesk.paths import resource

TEMPLATE = "touchdesk.desktop.in"
EXEC_PLACEHOLDER = "@EXEC@"
# The sizes packaging/make_icons.py renders into resources/icons/png/.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def xdg_data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset, empty or relative (XDG spec)."""
    return Path(Unix().user_data_dir)


def default_exec_command() -> list[str]:
    """The program the launcher starts: the GUI executable beside this one, the installed
    `touchdesk` script, or this Python running the package."""
    here = Path(sys.executable).parent  # not resolved: a venv's bin/ is where its scripts are
    # A frozen build names its windowed executable TouchDesk; pip names the script touchdesk.
    names = ("TouchDesk", APP_ID) if getattr(sys, "frozen", False) else (APP_ID,)
    for name in names:
        sibling = here / name
        if sibling.is_file() and os.access(sibling, os.X_OK):
            return [str(sibling.absolute())]
    on_path = shutil.which(APP_ID)
    if on_path:
        return [str(Path(on_path).absolute())]
    return [sys.executable, "-m", APP_ID]


def exec_line(command: list[str]) -> str:
    """An Exec value that the desktop splits back into exactly `command`."""
    return " ".join(_exec_argument(argument) for argument in command)


def entry_text(exec_value: str) -> str:
    """The .desktop file: the template with its Exec value filled in."""
    if "\n" in exec_value or "\r" in exec_value or not exec_value.strip():
        raise ValueError("the launcher command must be one non-empty line")
    template = resource(TEMPLATE).read_text(encoding="utf-8")
    if EXEC_PLACEHOLDER not in template:
        raise ValueError(f"{TEMPLATE} has no {EXEC_PLACEHOLDER} to fill in")
    return template.replace(EXEC_PLACEHOLDER, exec_value)


def _planned_files(data_home: Path) -> dict[Path, Path | None]:
    """Every file the installer owns, each with its source (None: the generated entry)."""
    icons = data_home / "icons" / "hicolor"
    files: dict[Path, Path | None] = {data_home / "applications" / f"{APP_ID}.desktop": None}
    for size in ICON_SIZES:
        files[icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = resource(
            "icons", "png", f"app-{size}.png"
        )
    files[icons / "scalable" / "apps" / f"{APP_ID}.svg"] = resource("icons", "app.svg")
    return files


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_bytes(path, data)  # a menu never reads a half-written entry


def _remove(files: list[Path], data_home: Path) -> list[Path]:
    removed = []
    for path in files:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
        # Folders left empty by this removal go too; data_home itself and anything holding
        # another program's files stay.
        folder = path.parent
        while folder != data_home and data_home in folder.parents:
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent
    return removed


def install_desktop_entry(
    exec_command: str | None = None, remove: bool = False, data_home: Path | None = None
) -> list[Path]:
    """Install (or with `remove`, delete) the launcher and its icons; returns the files
    written or removed. `exec_command` is an Exec value, already quoted as the Desktop
    Entry spec says; by default it starts this installation of TouchDesk."""
    if data_home is None:
        if sys.platform in ("win32", "darwin"):
            raise ValueError("desktop entries are for Linux desktops; this is " + sys.platform)
        data_home = xdg_data_home()
    data_home = Path(data_home).absolute()
    files = _planned_files(data_home)
    if remove:
        return _remove(list(files), data_home)

    text = entry_text(
        exec_command if exec_command is not None else exec_line(default_exec_command())
    )
    missing = [source for source in files.values() if source is not None and not source.is_file()]
    if missing:
        raise FileNotFoundError(
            f"this installation lacks the icon {missing[0].name}: rebuild it with "
            "packaging/make_icons.py"
        )
    for target, source in files.items():
        _write(target, text.encode("utf-8") if source is None else source.read_bytes())
    # GTK trusts an icon cache only while it is newer than the theme folder.
    os.utime(data_home / "icons" / "hicolor")
    return list(files)
