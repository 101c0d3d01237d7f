"""Adding and editing a prospect in full, and the trash."""
