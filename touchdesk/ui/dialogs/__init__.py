"""Dialogs and commands of the whole desk: settings, backups and restore, about, quick add."""
