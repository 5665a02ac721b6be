"""Resolving scopes by name or id, and issuing invites from the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.textfold import fold
from handlers.invites import IssuedInvite, issue
from services.access import RoleName
from storage.models import Cell, Organization
from storage.repos import Repositories


class ScopeError(Exception):
    """The scope given on the command line names nothing, or more than one thing."""


@dataclass(frozen=True)
class Scope:
    org: Organization | None = None
    cell: Cell | None = None

    @property
    def label(self) -> str:
        if self.cell is not None:
            return self.cell.name
        if self.org is not None:
            return self.org.name
        return "*"


async def resolve_scope(repos: Repositories, text: str | None) -> Scope:
    """`org:ID`, `cell:ID`, or a name (any case, diacritics optional) of an organisation or cell."""
    if not text:
        return Scope()
    kind, _, rest = text.partition(":")
    if kind in ("org", "cell") and rest.strip().isdigit():
        if kind == "org":
            org = await repos.orgs.get_org(int(rest))
            if org is None:
                raise ScopeError(f"no organisation with id {rest}")
            return Scope(org=org)
        cell = await repos.orgs.get_cell(int(rest))
        if cell is None:
            raise ScopeError(f"no cell with id {rest}")
        return Scope(cell=cell)
    wanted = fold(text)
    orgs = [o for o in await repos.orgs.orgs() if fold(o.name) == wanted]
    cells = [c for c in await repos.orgs.all_cells(active_only=False) if fold(c.name) == wanted]
    found = [Scope(org=o) for o in orgs] + [Scope(cell=c) for c in cells]
    if not found:
        raise ScopeError(f"no organisation or cell named {text!r}")
    if len(found) > 1:
        raise ScopeError(f"{text!r} names several things; use org:ID or cell:ID")
    return found[0]


async def invite_from_cli(
    repos: Repositories,
    *,
    role: str,
    scope_text: str | None,
    now: datetime,
    ttl: timedelta,
    uses: int = 1,
) -> tuple[IssuedInvite, Scope]:
    role_name = RoleName(role)
    scope = await resolve_scope(repos, scope_text)
    if role_name in (RoleName.SECRETARY, RoleName.DEPUTY) and scope.cell is None:
        raise ScopeError("a secretary or deputy invite needs a cell as its scope")
    if role_name == RoleName.OFFICER and scope.org is None:
        raise ScopeError("an officer invite needs an organisation as its scope")
    if role_name == RoleName.ADMIN and scope.cell is not None:
        raise ScopeError("an admin invite takes an organisation (or nothing) as its scope")
    issued = await issue(
        repos,
        role=role_name.value,
        org_id=scope.org.id if scope.org else None,
        cell_id=scope.cell.id if scope.cell else None,
        created_by=None,
        now=now,
        ttl=ttl,
        uses=uses,
    )
    return issued, scope
