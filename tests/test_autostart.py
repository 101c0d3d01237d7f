"""Start at login: the entry is written where each desktop looks for it, and removed again."""

from __future__ import annotations

import configparser
import plistlib
import shlex
from pathlib import Path

from touchdesk import autostart


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_off_until_asked(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    assert not autostart.is_enabled("linux", env, tmp_path)
    assert not (tmp_path / "config").exists()


def test_linux_writes_and_removes_the_xdg_autostart_entry(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    command = ["/opt/touch desk/bin/python", "-m", "touchdesk"]
    path = autostart.enable(command, "linux", env, tmp_path)
    assert path == tmp_path / "config" / "autostart" / "touchdesk.desktop"
    assert autostart.is_enabled("linux", env, tmp_path)
    entry = _desktop_entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "TouchDesk"
    assert entry["Terminal"] == "false"
    # A path with a space is quoted, so the desktop splits it back into the same words.
    assert entry["Exec"] == '"/opt/touch desk/bin/python" -m touchdesk'
    assert shlex.split(entry["Exec"]) == command
    assert list(path.parent.iterdir()) == [path]  # no partial file left behind

    assert autostart.disable("linux", env, tmp_path)
    assert not path.exists()
    assert not autostart.is_enabled("linux", env, tmp_path)
    assert not autostart.disable("linux", env, tmp_path)


def test_linux_without_xdg_config_home_uses_dot_config(tmp_path: Path) -> None:
    path = autostart.entry_path("linux", {}, tmp_path)
    assert path == tmp_path / ".config" / "autostart" / "touchdesk.desktop"


def test_exec_escapes_percent_and_backslash_as_the_spec_says() -> None:
    text = autostart.entry_text(["/a b/py", "50%", "c\\d"], "linux").decode()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    # '%' doubled; the backslash quoted (\\) then string-escaped again (\\\\).
    assert exec_line == 'Exec="/a b/py" 50%% "c\\\\\\\\d"'


def test_enabling_twice_replaces_the_entry(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    autostart.enable(["/old/python"], "linux", env, tmp_path)
    path = autostart.enable(["/new/python"], "linux", env, tmp_path)
    assert _desktop_entry(path)["Exec"] == "/new/python"


def test_windows_writes_a_cmd_in_the_startup_folder(tmp_path: Path) -> None:
    env = {"APPDATA": str(tmp_path / "Roaming")}
    path = autostart.enable(["C:\\Py\\pythonw.exe", "-m", "touchdesk"], "win32", env, tmp_path)
    assert path == (
        tmp_path
        / "Roaming"
        / "Microsoft"
        / "Windows"
        / "Start Menu"
        / "Programs"
        / "Startup"
        / "TouchDesk.cmd"
    )
    assert path.read_bytes() == (
        b'@echo off\r\nstart "" "C:\\Py\\pythonw.exe" "-m" "touchdesk"\r\n'
    )
    assert autostart.disable("win32", env, tmp_path)


def test_macos_writes_a_launch_agent(tmp_path: Path) -> None:
    path = autostart.enable(["/Applications/TouchDesk.app/x"], "darwin", {}, tmp_path)
    assert path == tmp_path / "Library" / "LaunchAgents" / "touchdesk.login.plist"
    agent = plistlib.loads(path.read_bytes())
    assert agent["ProgramArguments"] == ["/Applications/TouchDesk.app/x"]
    assert agent["RunAtLoad"] is True
    assert agent["Label"] == "touchdesk.login"


def test_the_launch_command_runs_this_package() -> None:
    command = autostart.launch_command()
    assert command[-2:] == ["-m", "touchdesk"]
