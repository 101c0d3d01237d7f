"""Contact files in and out: the import wizard (choose, map, review, import, undo) and exports."""
