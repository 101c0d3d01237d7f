"""The prospect page: header, timeline, and the log-a-touch and next-step dialogs."""
