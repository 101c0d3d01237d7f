"""The short setup offered the first time the app opens a new database."""
