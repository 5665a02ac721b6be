"""What a handler gets: the repositories of this transaction, the person, their language, a clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from core.clock import Clock
from core.i18n import Catalogs, Translator
from core.messages import Incoming, Reply
from scheduler.reminder_policy import ReminderPolicy
from services import quiet_hours
from services.access import Principal
from services.outgoing import Kind, ReportsWanted
from services.reminder_planning import TaskDeadlines, no_task_deadlines
from storage.models import Account
from storage.repos import Repositories

InviteLinks = Callable[[str], Mapping[str, str]]


def no_invite_links(code: str) -> Mapping[str, str]:
    return {}


@dataclass(frozen=True)
class CoreConfig:
    """Settings the conversations need (built once from the app settings)."""

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Ho_Chi_Minh"))
    default_locale: str = "vi"
    invite_ttl: timedelta = timedelta(days=14)
    # The platforms this bot runs on, and Zalo's monthly message quota (None: unlimited).
    channels: frozenset[str] = frozenset()
    zalo_quota: int | None = None


@dataclass(frozen=True)
class Services:
    """What the conversations may call beyond the repositories, built once at start.

    `invite_links(code)` gives, per channel name, how a newcomer reaches the bot with the code:
    Telegram's deep link, or Zalo's bot name (Zalo has no deep links; "" when unknown).
    """

    task_deadlines: TaskDeadlines = no_task_deadlines
    invite_links: InviteLinks = no_invite_links


@dataclass
class Notice:
    """A message for someone other than the person who wrote (a replaced secretary, an officer's
    nudge to a late cell): `kind` says which, for the outbox's priorities and counts."""

    account_id: int
    reply: Reply
    kind: Kind = Kind.NOTICE
    # what its choices ask for: not offered again once done (see ReportsWanted)
    wanted: ReportsWanted | None = None
    # it waits in the outbox until then (the end of the quiet hours; None: it goes now)
    not_before: datetime | None = None


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
    services: Services = field(default_factory=Services)
    notices: list[Notice] = field(default_factory=list)

    def today(self) -> date:
        """Today's date where the organisation is (its time zone, not the server's)."""
        return self.clock.now().astimezone(self.config.timezone).date()

    def local(self, moment: datetime) -> datetime:
        """A stored UTC moment as wall time in the organisation's time zone."""
        return moment.astimezone(self.config.timezone)

    def _(self, message: str) -> str:
        return self.t.gettext(message)

    def notify(
        self,
        account_id: int,
        reply: Reply,
        *,
        kind: Kind = Kind.NOTICE,
        wanted: ReportsWanted | None = None,
        not_before: datetime | None = None,
    ) -> datetime:
        """Send `reply` to someone other than the person who wrote. The bot starting it, it
        keeps the quiet hours: it goes at `not_before` (the recipient's own, see
        services/quiet_hours.py), else after the default ones (21:00 to 06:30) where the
        organisation is. Returns when it goes (now, or the end of the quiet hours)."""
        if not_before is None:
            not_before = quiet_hours.send_at(
                self.clock.now(), self.config.timezone, ReminderPolicy()
            )
        self.notices.append(Notice(account_id, reply, kind, wanted, not_before))
        return not_before

    def translator_for(self, account: Account) -> Translator:
        return self.catalogs.translator(account.locale)
