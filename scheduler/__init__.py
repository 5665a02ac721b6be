"""Pure planning of cell meetings and their reminders, and the periods officers review (no
database, no sending)."""
