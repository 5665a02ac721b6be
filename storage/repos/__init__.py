"""Repositories over one session: the caller owns the transaction."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from storage.repos.accounts import AccountRepository, InviteRepository, RoleRepository
from storage.repos.audit import AuditRepository
from storage.repos.callbacks import CallbackRepository
from storage.repos.closures import ClosureRepository
from storage.repos.conversations import ConversationRepository
from storage.repos.inbox import InboxRepository
from storage.repos.leases import LeaseRepository
from storage.repos.links import LinkRepository
from storage.repos.meetings import MeetingRepository
from storage.repos.orgs import OrgRepository
from storage.repos.outbox import OutboxRepository
from storage.repos.plans import PlanRepository
from storage.repos.queues import QueueRepository
from storage.repos.reminders import ReminderRepository
from storage.repos.reports import ReportRepository
from storage.repos.retention import RetentionRepository
from storage.repos.summary import SummaryRepository
from storage.repos.usage import UsageRepository


class Repositories:
    """Every repository bound to one session (one transaction)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.orgs = OrgRepository(session)
        self.plans = PlanRepository(session)
        self.accounts = AccountRepository(session)
        self.roles = RoleRepository(session)
        self.invites = InviteRepository(session)
        self.conversations = ConversationRepository(session)
        self.inbox = InboxRepository(session)
        self.outbox = OutboxRepository(session)
        self.audit = AuditRepository(session)
        self.callbacks = CallbackRepository(session)
        self.meetings = MeetingRepository(session)
        self.reminders = ReminderRepository(session)
        self.leases = LeaseRepository(session)
        self.reports = ReportRepository(session)
        self.summary = SummaryRepository(session)
        self.closures = ClosureRepository(session)
        self.links = LinkRepository(session)
        self.usage = UsageRepository(session)
        self.queues = QueueRepository(session)
        self.retention = RetentionRepository(session)


__all__ = ["Repositories"]
