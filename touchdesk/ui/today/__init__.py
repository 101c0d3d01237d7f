"""Today: the calling list and the prospects with no next step."""
