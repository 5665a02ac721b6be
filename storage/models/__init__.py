"""Every table, imported together so the metadata (and Alembic) sees them all."""

from storage.models.accounts import Account, Invite, InviteFailure, Role
from storage.models.audit import AuditLog
from storage.models.conversation import Conversation
from storage.models.inbox import InboxUpdate, OutboxMessage
from storage.models.orgs import Cell, Organization

__all__ = [
    "Account",
    "AuditLog",
    "Cell",
    "Conversation",
    "InboxUpdate",
    "Invite",
    "InviteFailure",
    "Organization",
    "OutboxMessage",
    "Role",
]
