"""Plans: follow-up plans, the reasons library and message templates, and applying a plan."""
