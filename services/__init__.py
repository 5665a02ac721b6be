"""Use cases run against the database and the channels: reminders, the plan library, committee
summaries and closed periods, retention of old inbox and outbox rows."""
