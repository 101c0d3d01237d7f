"""Dialogs shared by several pages: settings, about, quick add."""
