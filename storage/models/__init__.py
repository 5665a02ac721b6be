"""Every table, imported together so the metadata (and Alembic) sees them all."""

from storage.models.accounts import Account, Invite, InviteFailure, LinkCode, Role
from storage.models.audit import AuditLog
from storage.models.closures import PeriodClosure
from storage.models.conversation import Conversation
from storage.models.inbox import InboxUpdate, OutboxMessage
from storage.models.meetings import Meeting, MeetingMove
from storage.models.orgs import Cell, Organization
from storage.models.plans import PlanDocument
from storage.models.reminders import Lease, Reminder
from storage.models.reports import (
    FigureRecord,
    FigureRecordVersion,
    FigureSet,
    MeetingReport,
    MeetingReportVersion,
)
from storage.models.summary import SummaryCache, SummaryStamp
from storage.models.telegram import TelegramCallback
from storage.models.usage import AccountAction, ChannelUsage

__all__ = [
    "Account",
    "AccountAction",
    "AuditLog",
    "Cell",
    "ChannelUsage",
    "Conversation",
    "FigureRecord",
    "FigureRecordVersion",
    "FigureSet",
    "InboxUpdate",
    "Invite",
    "InviteFailure",
    "Lease",
    "LinkCode",
    "Meeting",
    "MeetingMove",
    "MeetingReport",
    "MeetingReportVersion",
    "Organization",
    "OutboxMessage",
    "PeriodClosure",
    "PlanDocument",
    "Reminder",
    "Role",
    "SummaryCache",
    "SummaryStamp",
    "TelegramCallback",
]
