"""Pure planning of cell meetings and their reminders (no database, no sending)."""
