"""Settings from the environment and an optional .env file, checked once at start."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/chibo.db"
# Retention limits, in days (why these: services/retention.py): a sent message's content is
# read back for up to 7 days (a file link lives 168 h at most, a pending question is shown
# again within a conversation's 7 days); a platform redelivers an update within a day or so;
# an outbox message's dedupe key must outlive its period (a reminder's, a quarter at most).
MIN_TEXTS_DAYS = 7
MIN_UPDATES_DAYS = 7
MIN_MESSAGES_DAYS = 120
MAX_KEEP_DAYS = 36500


class SettingsError(Exception):
    """A setting is wrong; the message names it in one line."""


class Settings(BaseSettings):
    """chibo's settings; every one can come from the environment or `.env`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(DEFAULT_DATABASE_URL, alias="CHIBO_DATABASE_URL")
    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_bot_username: str | None = Field(None, alias="CHIBO_TELEGRAM_BOT_USERNAME")
    telegram_api_url: str = Field("https://api.telegram.org", alias="CHIBO_TELEGRAM_API_URL")
    telegram_pace: str = Field("standard", alias="CHIBO_TELEGRAM_PACE")
    zalo_bot_token: SecretStr | None = Field(None, alias="ZALO_BOT_TOKEN")
    zalo_api_url: str = Field("https://bot-api.zaloplatforms.com", alias="CHIBO_ZALO_API_URL")
    zalo_pace: str = Field("standard", alias="CHIBO_ZALO_PACE")
    zalo_monthly_quota: int | None = Field(None, alias="CHIBO_ZALO_MONTHLY_QUOTA", ge=1)
    file_link_hours: int = Field(24, alias="CHIBO_FILE_LINK_HOURS", ge=1, le=168)
    secret_key: SecretStr | None = Field(None, alias="CHIBO_SECRET_KEY")
    public_url: str | None = Field(None, alias="CHIBO_PUBLIC_URL")
    # How updates arrive: "auto" = webhooks when CHIBO_PUBLIC_URL is set, else polling;
    # "polling" keeps polling even with a public address (which file links still use).
    receive: str = Field("auto", alias="CHIBO_RECEIVE")
    webhook_secret: SecretStr | None = Field(None, alias="CHIBO_WEBHOOK_SECRET")
    # The web server (webhooks, file links, /healthz, /metrics): behind a reverse proxy by
    # default, so on the loopback; 0.0.0.0 to take requests from elsewhere directly.
    listen_host: str = Field("127.0.0.1", alias="CHIBO_LISTEN_HOST")
    listen_port: int = Field(8080, alias="CHIBO_LISTEN_PORT", ge=1, le=65535)
    # host:port of a separate server for /metrics (and /healthz), e.g. 127.0.0.1:9464 when
    # the web server is reachable from outside; unset: /metrics is on the web server.
    metrics_addr: str | None = Field(None, alias="CHIBO_METRICS_ADDR")
    log_format: str = Field("text", alias="CHIBO_LOG_FORMAT")
    log_level: str | None = Field(None, alias="CHIBO_LOG_LEVEL")
    locale: str = Field("vi", alias="CHIBO_LOCALE")
    timezone: str = Field("Asia/Ho_Chi_Minh", alias="CHIBO_TIMEZONE")
    invite_days: int = Field(14, alias="CHIBO_INVITE_DAYS", ge=1, le=365)
    # Retention (services/retention.py), in days: what people typed and were sent is kept this
    # long after an update was handled or a message closed; the rows themselves a while more.
    keep_texts_days: int = Field(30, alias="CHIBO_KEEP_TEXTS_DAYS")
    keep_updates_days: int = Field(90, alias="CHIBO_KEEP_UPDATES_DAYS")
    keep_messages_days: int = Field(400, alias="CHIBO_KEEP_MESSAGES_DAYS")

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value not in ("vi", "en"):
            raise ValueError("must be vi or en")
        return value

    @field_validator("keep_texts_days")
    @classmethod
    def _keep_texts(cls, value: int) -> int:
        if not MIN_TEXTS_DAYS <= value <= MAX_KEEP_DAYS:
            raise ValueError(
                f"must be {MIN_TEXTS_DAYS} to {MAX_KEEP_DAYS} days (0 does not mean forever; a "
                "file link or a question shown again reads a sent message for up to 7 days)"
            )
        return value

    @field_validator("keep_updates_days", "keep_messages_days")
    @classmethod
    def _keep_rows(cls, value: int, info: ValidationInfo) -> int:
        least, why = (
            (MIN_UPDATES_DAYS, "a platform may deliver an update again")
            if info.field_name == "keep_updates_days"
            else (MIN_MESSAGES_DAYS, "a message's dedupe key must outlive its period")
        )
        texts = info.data.get("keep_texts_days")
        if isinstance(texts, int) and value < texts:
            raise ValueError(f"must be at least CHIBO_KEEP_TEXTS_DAYS ({texts})")
        if not least <= value <= MAX_KEEP_DAYS:
            raise ValueError(f"must be {least} to {MAX_KEEP_DAYS} days ({why})")
        return value

    @field_validator("zalo_monthly_quota", mode="before")
    @classmethod
    def _quota(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("secret_key")
    @classmethod
    def _secret_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < 16:
            raise ValueError("must be at least 16 characters")
        return value

    @field_validator("receive")
    @classmethod
    def _receive(cls, value: str) -> str:
        if value not in ("auto", "polling"):
            raise ValueError("must be auto or polling")
        return value

    @field_validator("log_format")
    @classmethod
    def _log_format(cls, value: str) -> str:
        if value not in ("text", "json"):
            raise ValueError("must be text or json")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        level = str(value).upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level

    @field_validator("metrics_addr")
    @classmethod
    def _metrics_addr(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        host, _, port = str(value).rpartition(":")
        if not host or not port.isdecimal() or not 0 < int(port) < 65536:
            raise ValueError("must be host:port, e.g. 127.0.0.1:9464")
        return value

    @property
    def metrics_host_port(self) -> tuple[str, int] | None:
        if self.metrics_addr is None:
            return None
        host, _, port = self.metrics_addr.rpartition(":")
        return host.strip("[]"), int(port)

    @property
    def secrets(self) -> list[str]:
        """Every secret value set, for the logs to mask."""
        values = (
            self.telegram_bot_token,
            self.zalo_bot_token,
            self.webhook_secret,
            self.secret_key,
        )
        return [v.get_secret_value() for v in values if v is not None]

    @field_validator("telegram_pace", "zalo_pace")
    @classmethod
    def _pace(cls, value: str) -> str:
        if value not in ("standard", "off"):
            raise ValueError("must be standard or off")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql", "postgres")):
            raise ValueError("must start with sqlite:// or postgresql://")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not value.startswith("https://") and not value.startswith("http://127.0.0.1"):
            raise ValueError("must be an https:// address")
        return value.rstrip("/")

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        secret = value.get_secret_value()
        if not 8 <= len(secret) <= 256 or not all(c.isalnum() or c in "_-" for c in secret):
            raise ValueError("must be 8 to 256 letters, digits, _ or -")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def has_platform(self) -> bool:
        return bool(self.telegram_bot_token or self.zalo_bot_token)


def load_settings(env_file: Path | None = Path(".env")) -> Settings:
    """Read and check the settings, or raise SettingsError naming the first bad one."""
    try:
        return Settings(_env_file=env_file)
    except (PermissionError, IsADirectoryError, UnicodeDecodeError) as error:
        # an .env the process cannot read: one line, not a traceback
        reason = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8"
        raise SettingsError(f"{env_file}: {reason}") from None
    except ValidationError as error:
        first = error.errors()[0]
        field_name = str(first["loc"][0]) if first["loc"] else "?"
        alias = (
            Settings.model_fields[field_name].alias if field_name in Settings.model_fields else None
        )
        raise SettingsError(f"{alias or field_name}: {first['msg']}") from None
