"""The Telegram channel adapter: the Bot API client, rendering, updates, receiving and sending."""
