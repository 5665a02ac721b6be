"""Resolving scopes by name or id, and issuing invites from the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from core.i18n import N_, Text
from core.textfold import fold
from handlers.invites import IssuedInvite, issue
from services.access import RoleName
from storage.models import Cell, Organization
from storage.repos import Repositories

Kind = Literal["org", "cell"]
MAX_LISTED = 10


class ScopeError(Exception):
    """The scope given on the command line names nothing, or more than one thing; `text` says
    so in the operator's language (an English msgid and its values)."""

    def __init__(self, msgid: str, **params: Any) -> None:
        self.text = Text(msgid, params)
        super().__init__(msgid.format(**params) if params else msgid)


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

    @property
    def kind(self) -> Kind | None:
        if self.cell is not None:
            return "cell"
        return "org" if self.org is not None else None


def _words(text: str) -> re.Pattern[str]:
    """Matches the folded `text` as whole words inside a folded name ("thon 2" in "chi bo thon 2",
    not in "chi bo thon 20")."""
    return re.compile(r"(?:^|\W)" + re.escape(fold(text)) + r"(?:$|\W)")


async def resolve_scope(repos: Repositories, text: str | None, *, want: Kind | None = None) -> Scope:
    """`org:ID`, `cell:ID`, or a name (any case, diacritics optional) of an organisation or cell.

    The whole name wins; otherwise a part of it made of whole words ("Thôn 2" for "Chi bộ Thôn
    2") is enough when it names one thing (of the kind `want`, if several kinds match). Nothing,
    or several things, raise ScopeError (the several listed).
    """
    if not text or not text.strip():
        return Scope()
    kind, _, rest = text.partition(":")
    if kind in ("org", "cell") and rest.strip().isdecimal():
        if kind == "org":
            org = await repos.orgs.get_org(int(rest))
            if org is None:
                raise ScopeError(N_("no organisation with id {id}"), id=rest.strip())
            return Scope(org=org)
        cell = await repos.orgs.get_cell(int(rest))
        if cell is None:
            raise ScopeError(N_("no cell with id {id}"), id=rest.strip())
        return Scope(cell=cell)
    everything = [Scope(org=o) for o in await repos.orgs.orgs()] + [
        Scope(cell=c) for c in await repos.orgs.all_cells(active_only=False)
    ]
    wanted = fold(text)
    found = [s for s in everything if fold(s.label) == wanted]
    if not found:
        pattern = _words(text)
        found = [s for s in everything if pattern.search(fold(s.label))]
    if len(found) > 1 and want is not None and any(s.kind == want for s in found):
        found = [s for s in found if s.kind == want]
    if not found:
        raise ScopeError(N_("no organisation or cell named «{name}»"), name=text.strip())
    if len(found) > 1:
        lines = [
            f"  {_reference(s)}  {s.label}{await _where(repos, s)}" for s in found[:MAX_LISTED]
        ]
        listed = "\n".join(lines)
        more = "\n  …" if len(found) > MAX_LISTED else ""
        raise ScopeError(
            N_("«{name}» names several things; give the whole name, or org:ID or cell:ID:\n{listed}"),
            name=text.strip(),
            listed=listed + more,
        )
    return found[0]


async def _where(repos: Repositories, scope: Scope) -> str:
    """ " (Đảng bộ xã Hòa Bình)": the organisation a cell belongs to, telling apart cells of the
    same name in two communes; nothing for an organisation."""
    if scope.cell is None:
        return ""
    org = await repos.orgs.get_org(scope.cell.org_id)
    return f" ({org.name})" if org is not None else ""


def _reference(scope: Scope) -> str:
    if scope.cell is not None:
        return f"cell:{scope.cell.id}"
    assert scope.org is not None
    return f"org:{scope.org.id}"


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
    want: Kind | None = "cell" if role_name in (RoleName.SECRETARY, RoleName.DEPUTY) else "org"
    scope = await resolve_scope(repos, scope_text, want=want)
    if role_name in (RoleName.SECRETARY, RoleName.DEPUTY) and scope.cell is None:
        raise ScopeError(N_("a secretary or deputy invite needs a cell as its scope"))
    if role_name == RoleName.OFFICER and scope.org is None:
        raise ScopeError(N_("an officer invite needs an organisation as its scope"))
    if role_name == RoleName.ADMIN and scope.cell is not None:
        raise ScopeError(N_("an admin invite takes an organisation (or nothing) as its scope"))
    if uses < 1:
        raise ScopeError(N_("--uses must be at least 1"))
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
