"""The administrators a notice can reach: each once, none who blocked the bot."""

from __future__ import annotations

from core.roles import RoleName
from storage.models import Account
from storage.repos import Repositories


async def reachable_administrators(repos: Repositories) -> list[Account]:
    """Every account holding the administrator role, once, unless it blocked the bot."""
    found: list[Account] = []
    seen: set[int] = set()
    for role in await repos.roles.holders(RoleName.ADMIN.value):
        if role.account_id in seen:
            continue
        seen.add(role.account_id)
        admin = await repos.accounts.get(role.account_id)
        if admin is not None and admin.blocked_at is None:
            found.append(admin)
    return found
