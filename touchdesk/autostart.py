"""Start at login (off until asked): XDG autostart entry, Startup-folder .cmd, or LaunchAgent."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from touchdesk import APP_ID, APP_NAME, files

LAUNCH_AGENT_LABEL = f"{APP_ID}.login"
# Characters that make the Desktop Entry spec require a quoted Exec argument.
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def launch_command() -> list[str]:
    """How this installation starts: the frozen executable, or this Python with -m."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    python = Path(sys.executable)
    # pythonw starts without a console window on Windows; elsewhere it does not exist.
    windowless = python.with_name("pythonw.exe")
    if sys.platform == "win32" and windowless.exists():
        python = windowless
    return [str(python), "-m", APP_ID]


def entry_path(
    platform: str = sys.platform, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Path:
    """Where the login entry lives on this platform (nothing is created)."""
    env = os.environ if env is None else env
    home = Path.home() if home is None else home
    if platform == "win32":
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        startup = appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup"
        return startup / f"{APP_NAME}.cmd"
    if platform == "darwin":
        return home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
    config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    return config / "autostart" / f"{APP_ID}.desktop"


def _exec_argument(argument: str) -> str:
    """One Exec argument quoted as the Desktop Entry spec says, then escaped as a string
    value (so a backslash inside quotes ends up as four)."""
    text = argument.replace("%", "%%")
    if any(ch in _EXEC_RESERVED for ch in text):
        for ch in ("\\", '"', "`", "$"):
            text = text.replace(ch, "\\" + ch)
        text = f'"{text}"'
    return text.replace("\\", "\\\\")


def _cmd_argument(argument: str) -> str:
    return '"' + argument.replace("%", "%%").replace('"', '""') + '"'


def entry_text(command: Sequence[str], platform: str = sys.platform) -> bytes:
    """The content of the login entry that runs `command`."""
    if platform == "win32":
        line = 'start "" ' + " ".join(_cmd_argument(a) for a in command)
        return f"@echo off\r\n{line}\r\n".encode()
    if platform == "darwin":
        import plistlib  # with its XML parser: only a Mac's entry needs it, not each launch

        return plistlib.dumps(
            {
                "Label": LAUNCH_AGENT_LABEL,
                "ProgramArguments": list(command),
                "RunAtLoad": True,
                "ProcessType": "Interactive",
            }
        )
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        f"Name={APP_NAME}",
        "Comment=Reminders for the next steps of your prospects",
        "Exec=" + " ".join(_exec_argument(a) for a in command),
        f"Icon={APP_ID}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
    ]
    return ("\n".join(lines) + "\n").encode()


def is_enabled(
    platform: str = sys.platform, env: Mapping[str, str] | None = None, home: Path | None = None
) -> bool:
    return entry_path(platform, env, home).is_file()


def enable(
    command: Sequence[str] | None = None,
    platform: str = sys.platform,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> Path:
    """Write the login entry (replacing an older one); returns where it was written."""
    path = entry_path(platform, env, home)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside then renamed, so a login never finds a half-written entry.
    files.write_bytes(path, entry_text(command or launch_command(), platform))
    return path


def disable(
    platform: str = sys.platform, env: Mapping[str, str] | None = None, home: Path | None = None
) -> bool:
    """Remove the login entry; False when there was none."""
    path = entry_path(platform, env, home)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
