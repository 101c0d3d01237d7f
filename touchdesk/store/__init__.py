"""Persistence with peewee on one SQLite file: models, opening, migrations, backups. No Qt."""
