"""The import wizard: choose a contact file, map its columns, review, import, undo."""
