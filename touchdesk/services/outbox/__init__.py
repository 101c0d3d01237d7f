"""Emails to prospects sent from the app: composed from a due step, queued for their minute,
sent over SMTP, copied to the Sent folder and logged as touches."""
