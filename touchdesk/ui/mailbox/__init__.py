"""The seller's mailbox in the window: its settings, the background sync and offered contacts."""
