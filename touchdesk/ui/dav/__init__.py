"""The seller's calendar and address book server: connect, sync in the background, answer."""
