"""What a handler gets: the repositories of this transaction, the person, their language, a clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.i18n import Catalogs, Translator
from core.messages import Incoming, Reply
from handlers.access import Principal
from storage.models import Account
from storage.repos import Repositories


@dataclass(frozen=True)
class CoreConfig:
    """Settings the conversations need (built once from the app settings)."""

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    default_locale: str = "vi"
    invite_ttl: timedelta = timedelta(days=14)
    telegram_bot_username: str | None = None


@dataclass
class Notice:
    """A message for someone other than the person who wrote (e.g. a replaced secretary)."""

    account_id: int
    reply: Reply


@dataclass
class Context:
    """Everything one handled update may use; replies go back as return values, never sent here."""

    repos: Repositories
    account: Account
    principal: Principal
    incoming: Incoming
    t: Translator
    catalogs: Catalogs
    clock: Clock
    config: CoreConfig
    services: dict[str, Any] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)

    def today(self) -> date:
        """Today's date where the organisation is (its time zone, not the server's)."""
        return self.clock.now().astimezone(self.config.timezone).date()

    def local(self, moment: datetime) -> datetime:
        """A stored UTC moment as wall time in the organisation's time zone."""
        return moment.astimezone(self.config.timezone)

    def _(self, message: str) -> str:
        return self.t.gettext(message)

    def notify(self, account_id: int, reply: Reply) -> None:
        self.notices.append(Notice(account_id, reply))

    def translator_for(self, account: Account) -> Translator:
        return self.catalogs.translator(account.locale)
