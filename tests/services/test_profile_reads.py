"""The seller's profile read again shows every change since the last read, whoever wrote it:
this window, another program, or a value put back as it was."""

from __future__ import annotations

import sqlite3

from touchdesk.services import settings


def test_each_read_of_the_profile_shows_what_is_stored_now(store, db_path):
    first = settings.load_profile()
    assert settings.load_profile() == first
    settings.put("seller_name", "Ana")
    assert settings.load_profile() == first._replace(seller_name="Ana")
    settings.put("time_zone", "Europe/Lisbon")
    assert settings.load_profile().time_zone == "Europe/Lisbon"
    settings.save_profile(settings.load_profile()._replace(target_active=7))
    assert settings.load_profile().target_active == 7
    # Another program's write, straight into the file.
    other = sqlite3.connect(db_path)
    with other:
        other.execute("UPDATE setting SET value = '\"Bea\"' WHERE key = 'seller_name'")
    other.close()
    assert settings.load_profile().seller_name == "Bea"
    settings.put("seller_name", "Ana")  # back as it was
    assert settings.load_profile() == first._replace(
        seller_name="Ana", time_zone="Europe/Lisbon", target_active=7
    )
