"""Peewee's occasional standard modules are imported when it first reads from them, and
each is then the very module every other importer gets."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from touchdesk.store.peewee_loading import ON_FIRST_USE


def run_fresh(code: str) -> str:
    """`code` in a fresh interpreter (this one imported them all long ago); its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_importing_the_store_loads_none_of_them():
    out = run_fresh(
        f"""
        import sys
        names = {ON_FIRST_USE!r}
        before = [n for n in names if n in sys.modules]
        import touchdesk.store, peewee
        print(sorted(set(n for n in names if n in sys.modules) - set(before)), before)
        """
    )
    assert out.startswith("[] "), out  # a fresh interpreter may have one (none of these) already


def test_peewee_reads_the_real_modules_on_first_use():
    out = run_fresh(
        """
        import sys
        import touchdesk.store, peewee
        checks = [
            peewee.hashlib.md5(b"idx").hexdigest() == __import__("hashlib").md5(b"idx").hexdigest(),
            peewee.socket.inet_aton("10.0.0.1") == b"\\n\\x00\\x00\\x01",
            peewee.calendar.timegm((2026, 12, 5, 0, 0, 0)) == 1796428800,
            isinstance(peewee.uuid.uuid4(), sys.modules["uuid"].UUID),
            peewee.uuid.UUID is __import__("uuid").UUID,  # one module, not a second copy
        ]
        print(checks)
        """
    )
    assert out == str([True] * 5)


def test_a_savepoint_and_a_long_index_name_work_with_them_deferred():
    out = run_fresh(
        """
        import touchdesk.store, peewee
        db = peewee.SqliteDatabase(":memory:")

        class Row(peewee.Model):
            a_rather_long_column_name_for_an_index = peewee.TextField()
            another_rather_long_column_name_here = peewee.TextField()

            class Meta:
                database = db
                indexes = (
                    (("a_rather_long_column_name_for_an_index",
                      "another_rather_long_column_name_here"), False),
                )

        db.create_tables([Row])  # the index's name is cut and hashed: hashlib
        with db.atomic():
            Row.create(a_rather_long_column_name_for_an_index="a",
                       another_rather_long_column_name_here="b")
            with db.atomic():  # a savepoint, named with uuid
                Row.create(a_rather_long_column_name_for_an_index="c",
                           another_rather_long_column_name_here="d")
        names = [n for (n,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type='index'")]
        print(Row.select().count(), len(names[0]) <= 64)
        """
    )
    assert out == "2 True"


def test_threads_reading_one_at_the_same_moment_all_get_it():
    out = run_fresh(
        """
        import threading
        import touchdesk.store, peewee
        start, got = threading.Barrier(8), []

        def read():
            start.wait()
            got.append(peewee.uuid.uuid4().hex)

        threads = [threading.Thread(target=read) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(len(set(got)))
        """
    )
    assert out == "8"
