"""Writing and sending emails to prospects: the compose dialog, the outbox, the sender."""
