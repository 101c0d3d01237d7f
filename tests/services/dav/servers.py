"""Real CalDAV/CardDAV servers for the tests: Radicale and Xandikos on 127.0.0.1, free ports."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "seller", "s3cret pässword"


@dataclass(frozen=True)
class DavServer:
    name: str
    url: str  # where the seller points TouchDesk: the server's root
    user: str
    password: str
    folder: Path
    log: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _radicale(folder: Path, port: int) -> list[str]:
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
    config = folder / "radicale.conf"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\ntype = htpasswd\n"
        f"htpasswd_filename = {users}\n"
        "htpasswd_encryption = plain\n"
        "[storage]\n"
        f"filesystem_folder = {folder / 'collections'}\n"
        "[logging]\nlevel = info\n",
        encoding="utf-8",
    )
    return [sys.executable, "-m", "radicale", "--config", str(config)]


def _xandikos(folder: Path, port: int) -> list[str]:
    # Xandikos has no accounts of its own: one principal, /user/, and no password check.
    xandikos = Path(sys.executable).with_name("xandikos")
    program = [str(xandikos)] if xandikos.exists() else [sys.executable, "-m", "xandikos"]
    return [
        *program,
        "serve",
        "-d",
        str(folder / "collections"),
        "--defaults",
        "-l",
        "127.0.0.1",
        "-p",
        str(port),
        "--current-user-principal",
        "/user/",
    ]


COMMANDS = {"radicale": _radicale, "xandikos": _xandikos}


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers (401 or 404 at the root is an answer)
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within 30 s: {log.read_text()[-2000:]}")


def start(name: str, folder: Path) -> tuple[DavServer, subprocess.Popen]:
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            COMMANDS[name](folder, port), stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, process, log)
    except BaseException:
        stop(process)
        raise
    return DavServer(name, url, USER, PASSWORD, folder, log), process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
