"""The conversations: platform-neutral, no SQL inside; each returns the replies to send."""
