"""Use cases run against the database and the channels: planning and sending reminders, the plan library."""
