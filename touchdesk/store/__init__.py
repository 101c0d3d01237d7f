"""Persistence with peewee on one SQLite file: models, opening, migrations, backups. No Qt."""

from touchdesk.store.peewee_loading import load_peewee

load_peewee()  # before any module of ours imports it
