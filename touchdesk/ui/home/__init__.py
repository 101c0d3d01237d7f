"""The welcome panel shown while the database is empty."""
