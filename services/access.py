"""Who may see and change what: decided here, in one place, whatever a client shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.roles import CELL_ROLES, ORG_ROLES, RoleName
from storage.models import Cell, Organization, Role

__all__ = [
    "CELL_ROLES",
    "ORG_ROLES",
    "AccessDenied",
    "Grant",
    "Principal",
    "RoleName",
    "build_principal",
]


class AccessDenied(Exception):
    """The person's roles do not cover what they asked for."""


@dataclass(frozen=True)
class Grant:
    """One active role, with the path of its organisation (for subtree checks)."""

    role: RoleName
    role_id: int
    cell_id: int | None = None
    org_id: int | None = None
    org_path: str | None = None


@dataclass(frozen=True)
class Principal:
    """A person's active grants; the single place access decisions are made."""

    account_id: int
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @property
    def roles(self) -> frozenset[RoleName]:
        return frozenset(g.role for g in self.grants)

    @property
    def is_admin(self) -> bool:
        return RoleName.ADMIN in self.roles

    @property
    def is_member(self) -> bool:
        return bool(self.grants)

    def has_any(self, roles: frozenset[RoleName]) -> bool:
        return bool(self.roles & roles)

    def cell_ids(self) -> frozenset[int]:
        return frozenset(
            g.cell_id for g in self.grants if g.cell_id is not None and g.role in CELL_ROLES
        )

    def org_paths(self) -> tuple[str, ...]:
        return tuple(g.org_path for g in self.grants if g.org_path and g.role in ORG_ROLES)

    def covers_org(self, org: Organization) -> bool:
        """An admin covers everything; an officer covers their organisation's subtree."""
        if self.is_admin:
            return True
        return any(org.path.startswith(path) for path in self.org_paths())

    def can_read_cell(self, cell: Cell, cell_org: Organization) -> bool:
        return cell.id in self.cell_ids() or self.covers_org(cell_org)

    def can_change_cell(self, cell: Cell, cell_org: Organization) -> bool:
        # Secretaries and deputies change their own cell's data; officers their subtree's.
        return self.can_read_cell(cell, cell_org)

    def require_cell(self, cell: Cell, cell_org: Organization, *, change: bool) -> None:
        allowed = (
            self.can_change_cell(cell, cell_org) if change else self.can_read_cell(cell, cell_org)
        )
        if not allowed:
            raise AccessDenied(f"account {self.account_id} may not access cell {cell.id}")

def build_principal(account_id: int, roles: list[Role], org_paths: dict[int, str]) -> Principal:
    """Turn active Role rows into a Principal; `org_paths` maps org ids to their tree paths."""
    grants = []
    for role in roles:
        if role.id is None:
            continue
        grants.append(
            Grant(
                role=RoleName(role.role),
                role_id=role.id,
                cell_id=role.cell_id,
                org_id=role.org_id,
                org_path=org_paths.get(role.org_id)
                if role.org_id is not None
                else ("/" if role.role == RoleName.ADMIN else None),
            )
        )
    return Principal(account_id=account_id, grants=tuple(grants))
