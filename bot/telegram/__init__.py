"""The Telegram channel adapter (aiogram): rendering, errors, updates and sending."""
