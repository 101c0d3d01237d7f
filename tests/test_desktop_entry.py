"""The Linux launcher: installed where desktops look, valid, starts TouchDesk, removed cleanly."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from touchdesk import APP_NAME, __version__
from touchdesk.desktop_entry import (
    ICON_SIZES,
    default_exec_command,
    exec_line,
    install_desktop_entry,
)
from touchdesk.paths import resource

linux_only = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="desktop entries are a Linux desktop's launcher"
)


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])  # the IHDR chunk comes first


def _everything_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_installs_the_entry_and_every_icon_size(tmp_path: Path) -> None:
    written = install_desktop_entry("/opt/TouchDesk/TouchDesk", data_home=tmp_path)

    entry_file = tmp_path / "applications" / "touchdesk.desktop"
    assert entry_file in written
    entry = _desktop_entry(entry_file)
    assert entry["Type"] == "Application"
    assert entry["Name"] == APP_NAME
    assert entry["Exec"] == "/opt/TouchDesk/TouchDesk"
    assert entry["Icon"] == "touchdesk"
    assert entry["Terminal"] == "false"
    # X11 docks match windows by WM_CLASS, whose class part Qt takes from the application
    # name (the instance part is the program file: TouchDesk, touchdesk or main.py).
    assert entry["StartupWMClass"] == APP_NAME
    assert entry["Categories"].split(";") == ["Office", "ContactManagement", ""]

    hicolor = tmp_path / "icons" / "hicolor"
    for size in ICON_SIZES:
        icon = hicolor / f"{size}x{size}" / "apps" / "touchdesk.png"
        assert icon in written
        assert _png_size(icon) == (size, size)
    scalable = hicolor / "scalable" / "apps" / "touchdesk.svg"
    assert scalable.read_bytes() == resource("icons", "app.svg").read_bytes()
    # Exactly the files reported, and no half-written ones beside them.
    files = [path for path in _everything_under(tmp_path) if path.is_file()]
    assert files == sorted(written)


def test_removal_deletes_what_it_installed_and_nothing_else(tmp_path: Path) -> None:
    theirs = [
        tmp_path / "applications" / "other.desktop",
        tmp_path / "icons" / "hicolor" / "48x48" / "apps" / "other.png",
    ]
    for path in theirs:
        path.parent.mkdir(parents=True)
        path.write_text("another program's file")
    before = _everything_under(tmp_path)

    written = install_desktop_entry(data_home=tmp_path)
    removed = install_desktop_entry(remove=True, data_home=tmp_path)

    assert sorted(removed) == sorted(written)
    assert _everything_under(tmp_path) == before
    assert all(path.read_text() == "another program's file" for path in theirs)
    # Removing again finds nothing to remove and is not an error.
    assert install_desktop_entry(remove=True, data_home=tmp_path) == []


def test_removal_leaves_an_empty_data_home_empty(tmp_path: Path) -> None:
    install_desktop_entry(data_home=tmp_path)
    install_desktop_entry(remove=True, data_home=tmp_path)
    assert tmp_path.is_dir()
    assert _everything_under(tmp_path) == []


def test_the_default_exec_line_starts_this_touchdesk(tmp_path: Path) -> None:
    install_desktop_entry(data_home=tmp_path)
    command = shlex.split(_desktop_entry(tmp_path / "applications" / "touchdesk.desktop")["Exec"])
    assert command == default_exec_command()
    program = Path(command[0])
    assert program.is_absolute() and program.is_file()
    # --version answers before any window opens, so this runs the launcher's real command.
    done = subprocess.run(
        [*command, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{APP_NAME} {__version__}"


def test_a_program_path_with_spaces_is_quoted_for_the_desktop(tmp_path: Path) -> None:
    command = ["/opt/touch desk/bin/python", "-m", "touchdesk"]
    install_desktop_entry(exec_line(command), data_home=tmp_path)
    entry = _desktop_entry(tmp_path / "applications" / "touchdesk.desktop")
    assert entry["Exec"] == '"/opt/touch desk/bin/python" -m touchdesk'
    assert shlex.split(entry["Exec"]) == command


def test_a_command_of_several_lines_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        install_desktop_entry("touchdesk\nTerminal=true", data_home=tmp_path)
    assert _everything_under(tmp_path) == []


@linux_only
def test_without_a_folder_it_installs_into_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    written = install_desktop_entry("touchdesk")
    assert tmp_path / "share" / "applications" / "touchdesk.desktop" in written
    assert all(tmp_path / "share" in path.parents for path in written)
    install_desktop_entry(remove=True)
    assert _everything_under(tmp_path / "share") == []


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate not installed (Debian package desktop-file-utils)",
)
def test_the_entry_passes_desktop_file_validate(tmp_path: Path) -> None:
    install_desktop_entry(exec_line(["/opt/touch desk/TouchDesk"]), data_home=tmp_path)
    done = subprocess.run(
        ["desktop-file-validate", str(tmp_path / "applications" / "touchdesk.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    # It exits 0 on hints too; any error or warning line is a failure here.
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


@linux_only
def test_the_cli_installs_and_removes_the_entry(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "touchdesk.cli", "install-desktop-entry"]
    installed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert installed.returncode == 0, installed.stderr
    entry = tmp_path / "applications" / "touchdesk.desktop"
    assert str(entry) in installed.stdout
    assert _desktop_entry(entry)["Exec"]
    removed = subprocess.run(
        [*command, "--remove"], env=env, capture_output=True, text=True, timeout=60
    )
    assert removed.returncode == 0, removed.stderr
    assert "Removed" in removed.stdout and not entry.exists()
